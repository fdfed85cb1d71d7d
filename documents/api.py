"""REST API of documents: inbox checks and received documents from a mail gateway, their
confirmation, incompleteness and notices. Serializers validate shape; the services decide."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from charter.api import MaskedPersonalDataMixin, ViewDjangoModelPermissions
from charter.models import Department
from config.api import router

from . import services
from .models import Channel, InboxCheck, Notice, NoticeChannel, ReceivedDocument


def _staff(request):
    return getattr(request.user, "staff_member", None)


class InboxCheckSerializer(serializers.ModelSerializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(active=True), required=False
    )
    channel = serializers.ChoiceField(choices=Channel.choices)
    checked_at = serializers.DateTimeField(required=False)
    staff = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = InboxCheck
        fields = ["id", "channel", "department", "checked_at", "staff"]


class InboxCheckViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Inbox checks (D1): the Nth check of a channel on a business day keeps the promise."""

    queryset = InboxCheck.objects.with_related()
    serializer_class = InboxCheckSerializer
    permission_classes = [ViewDjangoModelPermissions]
    filterset_fields = ["channel", "department"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.inbox_check_record(
            channel=data["channel"],
            staff=_staff(self.request),
            department=data.get("department"),
            checked_at=data.get("checked_at"),
        )


class DocumentNoticeSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Notice.Kind.choices)
    channel = serializers.ChoiceField(
        choices=NoticeChannel.choices,
        help_text="sms and email are sent by the app now; phone, post and fax are recorded.",
    )
    to = serializers.CharField(required=False, allow_blank=True, max_length=254)
    body = serializers.CharField(required=False, allow_blank=True)
    sent_at = serializers.DateTimeField(
        required=False, help_text="For a recorded notice: when it was made (default now)."
    )
    sent_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "kind", "channel", "to", "body", "sent_at", "sent_by", "sent_from_app"]
        read_only_fields = ["sent_from_app"]


class ReceivedDocumentSerializer(MaskedPersonalDataMixin, serializers.ModelSerializer):
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
        if not self.shows_personal_data():
            for notice in data["notices"]:
                notice["to"] = instance.masked(notice["to"])
                notice["body"] = instance.masked(notice["body"])
        return data


class DocumentConfirmSerializer(serializers.Serializer):
    confirmed_at = serializers.DateTimeField(required=False)


class DocumentIncompleteSerializer(serializers.Serializer):
    processed_what_can = serializers.BooleanField(
        help_text="D3: what can be processed is processed after telling the customer."
    )
    blocked = serializers.BooleanField(
        help_text="D4: processing is impossible; a deficiency notice is due."
    )
    missing_items = serializers.CharField(required=False, allow_blank=True)
    how_to_prepare = serializers.CharField(required=False, allow_blank=True)
    incomplete_at = serializers.DateTimeField(required=False)


class ReceivedDocumentViewSet(
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
            department=data.get("department"),
            staff=_staff(self.request),
            channel=data["channel"],
            customer_name=data["customer_name"],
            customer_phone=data.get("customer_phone", ""),
            customer_email=data.get("customer_email", ""),
            description=data["description"],
            received_at=data.get("received_at"),
        )

    def _document(self, pk):
        return get_object_or_404(ReceivedDocument, pk=pk)

    def _answer(self, document, code=status.HTTP_200_OK):
        document = self.get_queryset().get(pk=document.pk)
        return Response(self.get_serializer(document).data, status=code)

    @extend_schema(request=DocumentConfirmSerializer, responses=ReceivedDocumentSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        document = self._document(pk)
        body = DocumentConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.document_confirm(
            document=document, staff=_staff(request), at=body.validated_data.get("confirmed_at")
        )
        return self._answer(document)

    @extend_schema(request=DocumentIncompleteSerializer, responses=ReceivedDocumentSerializer)
    @action(detail=True, methods=["post"])
    def incomplete(self, request, pk=None):
        document = self._document(pk)
        body = DocumentIncompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.document_mark_incomplete(
            document=document,
            staff=_staff(request),
            processed_what_can=data["processed_what_can"],
            blocked=data["blocked"],
            missing_items=data.get("missing_items", ""),
            how_to_prepare=data.get("how_to_prepare", ""),
            at=data.get("incomplete_at"),
        )
        return self._answer(document)

    @extend_schema(request=DocumentNoticeSerializer, responses={201: DocumentNoticeSerializer})
    @action(detail=True, methods=["post"])
    def notices(self, request, pk=None):
        document = self._document(pk)
        body = DocumentNoticeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        notice = services.notice_send(
            document=document,
            staff=_staff(request),
            kind=data["kind"],
            channel=data["channel"],
            to=data.get("to", ""),
            body=data.get("body", ""),
            sent_at=data.get("sent_at"),
        )
        return Response(DocumentNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


router.register("inbox-checks", InboxCheckViewSet, basename="inbox-check")
router.register("documents", ReceivedDocumentViewSet, basename="received-document")
