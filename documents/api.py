"""REST API of documents: inbox checks and received documents from a mail gateway, their
confirmation, incompleteness and notices. Serializers validate shape; the services decide."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from charter.access import access_record
from charter.api import MaskedPersonalDataMixin, ScopedViewSetMixin, ViewDjangoModelPermissions
from charter.models import Department, StaffMember
from config.api import StrictModelSerializer, StrictSerializer, router

from . import services
from .models import Channel, InboxCheck, Notice, NoticeChannel, ReceivedDocument


def doer_field(help_text: str, **kwargs):
    """An optional staff member id naming who did it (default: the caller). Only a manager of
    the department (or an admin, or an integration client for its departments) may name a
    colleague; anyone else naming someone is a 400 (documents.services)."""
    return serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.active(),
        required=False,
        write_only=not kwargs.get("source"),
        help_text=help_text,
        **kwargs,
    )


class InboxCheckSerializer(StrictModelSerializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(active=True),
        required=False,
        help_text="Default: the caller's own department.",
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    checked_at = serializers.DateTimeField(required=False)
    checked_by = doer_field("The staff member who checked (default: you).", source="staff")
    checked_by_name = serializers.CharField(source="staff.name", read_only=True)

    class Meta:
        model = InboxCheck
        fields = ["id", "channel", "department", "checked_at", "checked_by", "checked_by_name"]


class InboxCheckViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Inbox checks (D1): the Nth check of a channel on a business day keeps the promise."""

    queryset = InboxCheck.objects.with_related()
    serializer_class = InboxCheckSerializer
    permission_classes = [ViewDjangoModelPermissions]
    filterset_fields = ["channel", "department"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.inbox_check_record(
            by=self.request.user,
            channel=data["channel"],
            staff=data.get("staff"),
            department=data.get("department"),
            checked_at=data.get("checked_at"),
        )


class DocumentNoticeSerializer(StrictModelSerializer):
    kind = serializers.ChoiceField(choices=Notice.Kind.choices)
    channel = serializers.ChoiceField(
        choices=NoticeChannel.choices,
        help_text="sms and email are sent by the app now, unless `sent_at` says they were "
        "already sent; phone, post and fax are recorded.",
    )
    to = serializers.CharField(required=False, allow_blank=True, max_length=254)
    body = serializers.CharField(required=False, allow_blank=True)
    sent_at = serializers.DateTimeField(
        required=False,
        help_text="When the notice was made, for one recorded after the fact (then nothing is "
        "sent, whatever the channel); absent: now.",
    )
    sent_by = serializers.PrimaryKeyRelatedField(read_only=True)
    sent_by_name = serializers.CharField(
        source="sent_by.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Notice
        fields = [
            "id",
            "kind",
            "channel",
            "to",
            "body",
            "sent_at",
            "sent_by",
            "sent_by_name",
            "sent_from_app",
        ]
        read_only_fields = ["sent_from_app"]


class ReceivedDocumentSerializer(MaskedPersonalDataMixin, StrictModelSerializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(active=True), required=False
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    customer_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    customer_email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    received_at = serializers.DateTimeField(required=False)
    notices = DocumentNoticeSerializer(many=True, read_only=True)

    class Meta:
        model = ReceivedDocument
        fields = [
            "id",
            "department",
            "channel",
            "customer_name",
            "customer_phone",
            "customer_email",
            "description",
            "received_at",
            "confirmed_at",
            "incomplete_at",
            "processed_what_can",
            "blocked",
            "missing_items",
            "how_to_prepare",
            "receipt_notified_at",
            "deficiency_notified_at",
            "notices",
        ]
        read_only_fields = [
            "confirmed_at",
            "incomplete_at",
            "processed_what_can",
            "blocked",
            "missing_items",
            "how_to_prepare",
            "receipt_notified_at",
            "deficiency_notified_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.reveals(instance):
            for notice in data["notices"]:
                notice["to"] = instance.masked(notice["to"])
                notice["body"] = instance.masked(notice["body"])
            return data
        # Shown in full with their document: the notices' recipients and texts are opened too.
        shown = [n for n in instance.notices.all() if n.to or n.body]
        if shown:
            view = self.context["view"]
            access_record(
                user=self.context["request"].user,
                subjects=shown,
                fields={f for n in shown for f in ("to", "body") if getattr(n, f)},
                source=f"API {view.basename}-{view.action}",
            )
        return data


class DocumentConfirmSerializer(StrictSerializer):
    confirmed_at = serializers.DateTimeField(required=False)
    confirmed_by = doer_field("The staff member who confirmed them (default: you).")


class DocumentIncompleteSerializer(StrictSerializer):
    processed_what_can = serializers.BooleanField(
        help_text="D3: what can be processed is processed after telling the customer."
    )
    blocked = serializers.BooleanField(
        help_text="D4: processing is impossible; a deficiency notice is due."
    )
    missing_items = serializers.CharField(required=False, allow_blank=True)
    how_to_prepare = serializers.CharField(required=False, allow_blank=True)
    incomplete_at = serializers.DateTimeField(required=False)


class NoticeInputSerializer(DocumentNoticeSerializer):
    sent_by = doer_field("Who made a recorded notice (default: you).")

    class Meta(DocumentNoticeSerializer.Meta):
        fields = ["kind", "channel", "to", "body", "sent_at", "sent_by"]


class ReceivedDocumentViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Documents received by fax, e-mail or post (D2–D4)."""

    queryset = ReceivedDocument.objects.with_related().prefetch_related("notices__sent_by")
    serializer_class = ReceivedDocumentSerializer
    permission_classes = [ViewDjangoModelPermissions]
    filterset_fields = ["channel", "department", "blocked"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.document_receive(
            by=self.request.user,
            department=data.get("department"),
            channel=data["channel"],
            customer_name=data["customer_name"],
            customer_phone=data.get("customer_phone", ""),
            customer_email=data.get("customer_email", ""),
            description=data["description"],
            received_at=data.get("received_at"),
        )

    def _document(self):
        """The document, when the caller sees its department; else a 404."""
        return self.get_object()

    def _answer(self, document, code=status.HTTP_200_OK):
        document = self.get_queryset().get(pk=document.pk)
        return Response(self.get_serializer(document).data, status=code)

    @extend_schema(request=DocumentConfirmSerializer, responses=ReceivedDocumentSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        document = self._document()
        body = DocumentConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.document_confirm(
            document=document,
            by=request.user,
            staff=body.validated_data.get("confirmed_by"),
            at=body.validated_data.get("confirmed_at"),
        )
        return self._answer(document)

    @extend_schema(request=DocumentIncompleteSerializer, responses=ReceivedDocumentSerializer)
    @action(detail=True, methods=["post"])
    def incomplete(self, request, pk=None):
        document = self._document()
        body = DocumentIncompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.document_mark_incomplete(
            document=document,
            by=request.user,
            processed_what_can=data["processed_what_can"],
            blocked=data["blocked"],
            missing_items=data.get("missing_items", ""),
            how_to_prepare=data.get("how_to_prepare", ""),
            at=data.get("incomplete_at"),
        )
        return self._answer(document)

    @extend_schema(request=NoticeInputSerializer, responses={201: DocumentNoticeSerializer})
    @action(detail=True, methods=["post"])
    def notices(self, request, pk=None):
        document = self._document()
        body = NoticeInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        notice = services.notice_send(
            document=document,
            by=request.user,
            staff=data.get("sent_by"),
            kind=data["kind"],
            channel=data["channel"],
            to=data.get("to", ""),
            body=data.get("body", ""),
            sent_at=data.get("sent_at"),
        )
        return Response(DocumentNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


router.register("inbox-checks", InboxCheckViewSet, basename="inbox-check")
router.register("documents", ReceivedDocumentViewSet, basename="received-document")
