"""REST API of calls: serializers and viewsets that call calls.services.

POST /api/v1/calls/ takes a call record from the phone system; /api/v1/callbacks/ takes and
answers callback memos. Viewsets register themselves on config.api.router.

Reads go through `visible_to(request.user)` (ScopedViewSetMixin: another department's record is
a 404, a filter naming one returns nothing); the services check every action and every doer
named in the input (`extension`, `assigned_to`, `taken_by`, `answered_by`). Customers' names and
numbers are masked in lists and shown in full only in one record's response to staff of its
department (MaskedPersonalDataMixin, which records the opening)."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from charter.api import MaskedPersonalDataMixin, ScopedViewSetMixin, ViewDjangoModelPermissions
from charter.models import Department, Obligation, StaffMember
from charter.privacy import mask_name, mask_phone
from config.api import StrictModelSerializer, StrictSerializer, errors_named_for, router
from integrations.authentication import IsIntegrationClient

from . import services
from .models import Call, Callback

# -- Output ------------------------------------------------------------------------------


class OutcomeSerializer(StrictModelSerializer):
    standard = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Obligation
        fields = ["id", "standard", "status", "due_at", "met_at", "breached_at", "measured"]


class CallSerializer(MaskedPersonalDataMixin, StrictModelSerializer):
    personal_fields = {"caller_number": mask_phone, "caller_name": mask_name}
    assigned_to = serializers.PrimaryKeyRelatedField(source="staff", read_only=True)
    assigned_to_name = serializers.CharField(source="staff.name", read_only=True)
    extension = serializers.CharField(source="staff.extension", read_only=True)
    callback = serializers.SerializerMethodField()
    obligations = OutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "started_at",
            "answered_at",
            "rings",
            "assigned_to",
            "assigned_to_name",
            "extension",
            "department",
            "caller_number",
            "caller_name",
            "topic",
            "greeting",
            "repeated_back",
            "transferred",
            "closing",
            "callback",
            "obligations",
            "created_at",
        ]

    def get_callback(self, call) -> int | None:
        try:
            return call.callback.pk
        except Callback.DoesNotExist:
            return None


class CallbackSerializer(MaskedPersonalDataMixin, StrictModelSerializer):
    personal_fields = {"customer_phone": mask_phone, "customer_name": mask_name}
    due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    obligations = OutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Callback
        fields = [
            "id",
            "customer_name",
            "customer_phone",
            "question",
            "department",
            "taken_by",
            "assigned_to",
            "call",
            "created_at",
            "due_at",
            "answered_at",
            "answered_by",
            "summary",
            "greeting",
            "identified",
            "verified",
            "obligations",
        ]


# -- Input -------------------------------------------------------------------------------


class CallInputSerializer(StrictSerializer):
    started_at = serializers.DateTimeField(help_text="When the phone started ringing.")
    answered_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Null for a missed call."
    )
    rings = serializers.IntegerField(
        min_value=0, max_value=1000, help_text="Rings before the call was answered (or missed)."
    )
    extension = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The extension that rang."
    )
    assigned_to = serializers.IntegerField(
        source="staff",
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="Or the id of the staff member whose phone rang.",
    )
    caller_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20
    )
    caller_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    topic = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    greeting = serializers.BooleanField(default=False)
    repeated_back = serializers.BooleanField(default=False)
    transferred = serializers.BooleanField(default=False)
    closing = serializers.BooleanField(default=False)


@extend_schema_field(OpenApiTypes.INT)
class VisibleCallField(serializers.PrimaryKeyRelatedField):
    """A call id among the calls the requesting user sees (another's is "does not exist")."""

    def get_queryset(self):
        return Call.objects.visible_to(self.context["request"].user)


class CallbackInputSerializer(StrictSerializer):
    customer_name = serializers.CharField(max_length=50, allow_blank=True)
    customer_phone = serializers.CharField(max_length=30, allow_blank=True)
    question = serializers.CharField(allow_blank=True)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The department that is to call back. Default: the assignee's, else yours.",
    )
    assigned_to = serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Whose work the callback is: an active colleague of the department.",
    )
    taken_by = serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Who took the memo. Default: you (the phone system: the assignee). Naming "
        "someone else needs a manager of the department, an admin or the phone system.",
    )
    extension = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Or the extension of the staff member who took the memo (the phone system).",
    )
    call = VisibleCallField(
        required=False, allow_null=True, default=None, help_text="The missed call, if any."
    )
    created_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CallbackAnswerSerializer(StrictSerializer):
    answered_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    answered_by = serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: you. Only a manager of the department (or an admin) names a colleague.",
    )
    summary = serializers.CharField(allow_blank=True)
    greeting = serializers.BooleanField(default=False)
    identified = serializers.BooleanField(default=False)
    verified = serializers.BooleanField(default=False)


class CdrRecordSerializer(StrictSerializer):
    """One call detail record with Asterisk's field names (cdr_csv / cdr_adaptive_odbc).
    Times as ISO 8601 or `YYYY-MM-DD HH:MM:SS` (without an offset: Asia/Seoul); `answer`
    empty or null for a call not answered. Fields Asterisk sends that are not used here
    (accountcode, dcontext, clid, lastapp, lastdata, amaflags, userfield) are accepted."""

    uniqueid = serializers.CharField(max_length=150)
    start = serializers.DateTimeField(
        help_text="When it started ringing (Asterisk: start / calldate)."
    )
    answer = serializers.DateTimeField(required=False, allow_null=True, default=None)
    end = serializers.DateTimeField(required=False, allow_null=True, default=None)
    duration = serializers.IntegerField(
        required=False, allow_null=True, default=None, max_value=86400
    )
    billsec = serializers.IntegerField(
        required=False, allow_null=True, default=None, max_value=86400
    )
    disposition = serializers.CharField(
        max_length=20, help_text="ANSWERED, NO ANSWER, BUSY or FAILED."
    )
    src = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    dst = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        default="",
        help_text="The extension called.",
    )
    channel = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    dstchannel = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    accountcode = serializers.CharField(max_length=80, required=False, allow_blank=True)
    dcontext = serializers.CharField(max_length=80, required=False, allow_blank=True)
    clid = serializers.CharField(max_length=150, required=False, allow_blank=True)
    lastapp = serializers.CharField(max_length=80, required=False, allow_blank=True)
    lastdata = serializers.CharField(max_length=250, required=False, allow_blank=True)
    amaflags = serializers.CharField(max_length=20, required=False, allow_blank=True)
    userfield = serializers.CharField(max_length=250, required=False, allow_blank=True)

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            data = {
                key: (
                    None
                    if key in ("answer", "end", "duration", "billsec") and value == ""
                    else value
                )
                for key, value in data.items()
            }
        return super().to_internal_value(data)


class CdrResultSerializer(StrictSerializer):
    index = serializers.IntegerField(read_only=True, help_text="Position in the request (from 0).")
    uniqueid = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(
        choices=["created", "linked", "duplicate", "unassigned", "rejected"], read_only=True
    )
    call_id = serializers.IntegerField(read_only=True, allow_null=True)
    record_id = serializers.IntegerField(read_only=True, allow_null=True)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), read_only=True
    )


class CdrResponseSerializer(StrictSerializer):
    received = serializers.IntegerField(read_only=True)
    created = serializers.IntegerField(read_only=True)
    linked = serializers.IntegerField(read_only=True)
    duplicate = serializers.IntegerField(read_only=True)
    unassigned = serializers.IntegerField(read_only=True)
    rejected = serializers.IntegerField(read_only=True)
    results = CdrResultSerializer(many=True, read_only=True)


# -- Viewsets ----------------------------------------------------------------------------


class CallFilter(django_filters.FilterSet):
    department = django_filters.NumberFilter(field_name="department_id")
    assigned_to = django_filters.NumberFilter(field_name="staff_id")
    started_after = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_before = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="lt")
    missed = django_filters.BooleanFilter(field_name="answered_at", lookup_expr="isnull")

    class Meta:
        model = Call
        fields = ["department", "assigned_to", "started_after", "started_before", "missed"]


class CallViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Calls, as the phone system reports them. Logging one settles P1 (and P2, P3, P5 when
    answered) at once; a missed call from a known number opens a callback memo."""

    queryset = (
        Call.objects.select_related("staff", "callback")
        .prefetch_related("obligations__standard")
        .order_by("-id")
    )
    serializer_class = CallSerializer
    filterset_class = CallFilter
    permission_classes = [ViewDjangoModelPermissions]

    @extend_schema(request=CallInputSerializer, responses={201: CallSerializer})
    def create(self, request, *args, **kwargs):
        given = CallInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        staff_id = data.pop("staff")
        with errors_named_for(given):
            call = services.call_log(by=request.user, staff_id=staff_id, **data)
        call = self.get_queryset().get(pk=call.pk)
        return Response(self.get_serializer(call).data, status=status.HTTP_201_CREATED)

    idempotent_actions = ("cdr",)

    @extend_schema(
        request=CdrRecordSerializer,
        responses={201: CdrResponseSerializer, 200: CdrResponseSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="cdr",
        permission_classes=[IsIntegrationClient, ViewDjangoModelPermissions],
    )
    def cdr(self, request):
        """The phone system's call detail records: one record or a list of at most 500.
        Each is answered in `results` (created, linked to a typed call, duplicate by
        `uniqueid`, unassigned for an unknown extension, or rejected with its errors); 201
        when something new was stored, else 200."""
        from django.conf import settings

        records = request.data
        if isinstance(records, dict):
            records = [records]
        if not isinstance(records, list) or not records:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Send one record or a list of records.")]}
            )
        if len(records) > settings.CDR_BATCH_MAX:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        _("Send at most %(max)d records at once.") % {"max": settings.CDR_BATCH_MAX}
                    ]
                }
            )
        parsed, rejected = {}, {}
        for index, record in enumerate(records):
            given = CdrRecordSerializer(data=record)
            if given.is_valid():
                parsed[index] = given.validated_data
            else:
                rejected[index] = {
                    "index": index,
                    "uniqueid": str(record.get("uniqueid", "")) if isinstance(record, dict) else "",
                    "status": "rejected",
                    "call_id": None,
                    "record_id": None,
                    "errors": {k: [str(m) for m in v] for k, v in given.errors.items()},
                }
        done = services.call_ingest_cdr(by=request.user, records=list(parsed.values()))
        for position, result in zip(parsed, done, strict=True):
            result.index = position
            rejected[position] = {
                "index": position,
                "uniqueid": result.uniqueid,
                "status": result.status,
                "call_id": result.call_id,
                "record_id": result.record_id,
                "errors": {k: [str(m) for m in v] for k, v in result.errors.items()},
            }
        results = [rejected[i] for i in sorted(rejected)]
        counts = {
            name: sum(1 for r in results if r["status"] == name)
            for name in ("created", "linked", "duplicate", "unassigned", "rejected")
        }
        stored = counts["created"] + counts["linked"] + counts["unassigned"]
        body = {"received": len(results), **counts, "results": results}
        return Response(body, status=status.HTTP_201_CREATED if stored else status.HTTP_200_OK)


class CallbackFilter(django_filters.FilterSet):
    department = django_filters.NumberFilter(field_name="department_id")
    assigned_to = django_filters.NumberFilter(field_name="assigned_to_id")
    answered = django_filters.BooleanFilter(
        field_name="answered_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Callback
        fields = ["department", "assigned_to", "answered"]


class CallbackViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Callback memos (P4: answer within the charter's time; P6: how it was answered)."""

    queryset = (
        Callback.objects.with_deadline().prefetch_related("obligations__standard").order_by("-id")
    )
    serializer_class = CallbackSerializer
    filterset_class = CallbackFilter
    permission_classes = [ViewDjangoModelPermissions]

    @extend_schema(request=CallbackInputSerializer, responses={201: CallbackSerializer})
    def create(self, request, *args, **kwargs):
        given = CallbackInputSerializer(data=request.data, context={"request": request})
        given.is_valid(raise_exception=True)
        memo = services.callback_open(by=request.user, **given.validated_data)
        memo = self.get_queryset().get(pk=memo.pk)
        return Response(self.get_serializer(memo).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CallbackAnswerSerializer, responses={200: CallbackSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        memo = self.get_object()
        given = CallbackAnswerSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.callback_answer(callback=memo, by=request.user, **given.validated_data)
        memo = self.get_queryset().get(pk=memo.pk)
        return Response(self.get_serializer(memo).data)


router.register("calls", CallViewSet, basename="call")
router.register("callbacks", CallbackViewSet, basename="callback")
