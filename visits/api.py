"""REST API of visits: serializers and viewsets that call visits.services.

Viewsets register themselves on config.api.router. Bad input is a 400 with field-level
messages in the request's language and stores nothing; calling a customer out of order
without a reason is not bad input but a recorded V5 breach.

Every viewset reads through `visible_to(request.user)` (charter.api.ScopedViewSetMixin):
another department's record is a 404 and `?department=<other>` returns nothing. The services
check who acts (`by=request.user`); a doer named in input (`handled_by`, a field visit's
`assigned_to`) that is not the caller is a 400 unless a manager of the department names a
colleague. Customers' names and numbers are masked in lists and shown in full only in the
response for one record to staff of its department (recorded: charter.access)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from charter.api import MaskedPersonalDataMixin, ScopedViewSetMixin, ViewDjangoModelPermissions
from charter.models import Department, StaffMember
from charter.privacy import mask_name, mask_phone
from config.api import StrictModelSerializer, StrictSerializer, errors_named_for, router

from . import services
from .models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket

# -- Tickets (V5) --------------------------------------------------------------------------


class TicketSerializer(StrictModelSerializer):
    department_name = serializers.StringRelatedField(source="department")
    called_by_name = serializers.CharField(
        source="called_by.name", read_only=True, allow_null=True, default=None
    )
    served_by_name = serializers.CharField(
        source="served_by.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Ticket
        fields = [
            "id",
            "department",
            "department_name",
            "business_date",
            "number",
            "purpose",
            "status",
            "arrived_at",
            "called_at",
            "called_by",
            "called_by_name",
            "called_out_of_order",
            "priority_reason",
            "served_at",
            "served_by",
            "served_by_name",
            "estimate_minutes",
            "estimated_done_at",
            "done_at",
            "left_at",
            "greeted",
            "greeted_first",
            "asked_further",
        ]
        read_only_fields = fields


class TicketTakeSerializer(StrictSerializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(active=True))
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TicketCallNextSerializer(StrictSerializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(active=True))


class TicketCallSerializer(StrictSerializer):
    priority_reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TicketServeSerializer(StrictSerializer):
    estimate_minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=services.MAX_ESTIMATE_MINUTES,
        help_text="Minutes announced to the customer; null or absent = no estimate (V5 breach).",
    )


class TicketCompleteSerializer(StrictSerializer):
    greeted = serializers.BooleanField(help_text="V2: greeted, introduced self, took ownership")
    greeted_first = serializers.BooleanField(help_text="V3: greeted first even while busy")
    asked_further = serializers.BooleanField(help_text="V7: asked about further business")


class TicketFilterMixin:
    accepted_query_params = ("department", "business_date")

    def get_queryset(self):
        queryset = Ticket.objects.with_related().order_by("-id")
        department = self.request.query_params.get("department")
        day = self.request.query_params.get("business_date")
        if department and department.isdigit():
            queryset = queryset.filter(department_id=department)
        if day:
            queryset = queryset.filter(business_date=day)
        return queryset


class TicketViewSet(
    ScopedViewSetMixin,
    TicketFilterMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Reception queue tickets: take a number, call (in order or with a priority reason),
    serve with an estimate, complete with the conduct ticks."""

    serializer_class = TicketSerializer
    permission_classes = [ViewDjangoModelPermissions]
    queryset = Ticket.objects.none()

    def _done(self, ticket, code=status.HTTP_200_OK):
        return Response(
            TicketSerializer(ticket, context={"request": self.request}).data, status=code
        )

    @extend_schema(request=TicketTakeSerializer, responses={201: TicketSerializer})
    def create(self, request):
        """A walk-in customer takes the next number of the department."""
        data = self._valid(TicketTakeSerializer)
        ticket = services.ticket_take(
            department=data["department"], by=request.user, purpose=data.get("purpose", "")
        )
        return self._done(ticket, status.HTTP_201_CREATED)

    @extend_schema(request=TicketCallNextSerializer, responses={200: TicketSerializer})
    @action(detail=False, methods=["post"], url_path="call-next")
    def call_next(self, request):
        """Call the earliest waiting customer of the department today."""
        data = self._valid(TicketCallNextSerializer)
        ticket = services.ticket_call_next(department=data["department"], by=request.user)
        return self._done(ticket)

    @extend_schema(request=TicketCallSerializer, responses={200: TicketSerializer})
    @action(detail=True, methods=["post"])
    def call(self, request, pk=None):
        """Call this customer; before earlier ones, give a priority reason (else: V5 breach)."""
        data = self._valid(TicketCallSerializer)
        ticket = services.ticket_call(
            ticket=self.get_object(),
            by=request.user,
            priority_reason=data.get("priority_reason", ""),
        )
        return self._done(ticket)

    @extend_schema(request=TicketServeSerializer, responses={200: TicketSerializer})
    @action(detail=True, methods=["post"])
    def serve(self, request, pk=None):
        """Start serving and record the estimated processing time told to the customer."""
        data = self._valid(TicketServeSerializer)
        ticket = services.ticket_serve(
            ticket=self.get_object(),
            by=request.user,
            estimate_minutes=data.get("estimate_minutes"),
        )
        return self._done(ticket)

    @extend_schema(request=TicketCompleteSerializer, responses={200: TicketSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """The business is done: V5 estimate met (or late), V2, V3, V7 ticks logged."""
        data = self._valid(TicketCompleteSerializer)
        ticket = services.ticket_complete(ticket=self.get_object(), by=request.user, **data)
        return self._done(ticket)

    @extend_schema(request=None, responses={200: TicketSerializer})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """The customer left without service."""
        return self._done(services.ticket_leave(ticket=self.get_object(), by=request.user))

    def _valid(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# -- Absent staff memos (V4) ---------------------------------------------------------------


class AbsenceMemoSerializer(MaskedPersonalDataMixin, StrictModelSerializer):
    personal_fields = {"customer_name": mask_name, "customer_phone": mask_phone}
    absent_staff = serializers.PrimaryKeyRelatedField(queryset=StaffMember.objects.active())
    handled_by = serializers.PrimaryKeyRelatedField(
        queryset=StaffMember.objects.active(), required=False, allow_null=True
    )
    contact_at = serializers.DateTimeField(required=False, allow_null=True)
    customer_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)

    class Meta:
        model = AbsenceMemo
        fields = [
            "id",
            "department",
            "absent_staff",
            "reason",
            "reason_detail",
            "customer_name",
            "customer_phone",
            "matter",
            "handled_by",
            "contact_at",
            "contacted_at",
            "recorded_at",
        ]
        read_only_fields = ["id", "department", "contacted_at", "recorded_at"]


class ContactSerializer(StrictSerializer):
    contacted_at = serializers.DateTimeField(required=False)


class AbsenceMemoViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """V4: the person in charge is away; a colleague handles it or the customer is contacted
    at the time they asked for."""

    serializer_class = AbsenceMemoSerializer
    permission_classes = [ViewDjangoModelPermissions]
    queryset = AbsenceMemo.objects.with_related().order_by("-id")
    filterset_fields = ["department"]

    def perform_create(self, serializer):
        serializer.instance = services.absence_memo_create(
            by=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=ContactSerializer, responses={200: AbsenceMemoSerializer})
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        """The customer was contacted (meets V4; after the requested time = breach)."""
        data = ContactSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        memo = services.absence_memo_contact(
            memo=self.get_object(),
            by=request.user,
            at=data.validated_data.get("contacted_at"),
        )
        return Response(AbsenceMemoSerializer(memo, context={"request": request}).data)


# -- Assisted visits (V6) ------------------------------------------------------------------


class AssistedVisitSerializer(MaskedPersonalDataMixin, StrictModelSerializer):
    personal_fields = {"customer_name": mask_name, "customer_phone": mask_phone}
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(active=True))
    assigned_to = serializers.PrimaryKeyRelatedField(source="assigned_staff", read_only=True)

    class Meta:
        model = AssistedVisit
        fields = [
            "id",
            "customer_name",
            "customer_phone",
            "department",
            "booked_at",
            "needs",
            "assigned_to",
            "assigned_at",
            "recorded_at",
        ]
        read_only_fields = ["id", "assigned_at", "recorded_at"]


class AssignSerializer(StrictSerializer):
    assigned_to = serializers.PrimaryKeyRelatedField(
        source="staff", queryset=StaffMember.objects.active()
    )


class AssistedVisitViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """V6: bookings of disabled or elderly customers; a dedicated staff member is assigned
    before the booked time."""

    serializer_class = AssistedVisitSerializer
    permission_classes = [ViewDjangoModelPermissions]
    queryset = AssistedVisit.objects.with_related().order_by("-id")
    filterset_fields = ["department"]

    def perform_create(self, serializer):
        serializer.instance = services.assisted_visit_create(
            by=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=AssignSerializer, responses={200: AssistedVisitSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign the dedicated staff member (meets V6; after the booked time = breach)."""
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with errors_named_for(data):
            visit = services.assisted_visit_assign(
                visit=self.get_object(), staff=data.validated_data["staff"], by=request.user
            )
        return Response(AssistedVisitSerializer(visit, context={"request": request}).data)


# -- Field visits (S1–S4) ------------------------------------------------------------------


class FieldVisitSerializer(MaskedPersonalDataMixin, StrictModelSerializer):
    personal_fields = {"contact_name": mask_name, "contact_phone": mask_phone}
    assigned_to = serializers.PrimaryKeyRelatedField(
        source="staff",
        queryset=StaffMember.objects.active(),
        required=False,
        help_text="The visiting staff member: absent = the caller's own; a colleague only for "
        "a manager of their department.",
    )
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)

    class Meta:
        model = FieldVisit
        fields = [
            "id",
            "company",
            "contact_name",
            "contact_phone",
            "purpose",
            "scheduled_at",
            "assigned_to",
            "department",
            "notice_method",
            "notified_at",
            "consented_at",
            "arrived_at",
            "minutes_late",
            "id_shown",
            "results_explained",
            "card_left",
            "closing_done",
        ]
        read_only_fields = [
            "id",
            "department",
            "notice_method",
            "notified_at",
            "consented_at",
            "arrived_at",
            "minutes_late",
            "id_shown",
            "results_explained",
            "card_left",
            "closing_done",
        ]


class NoticeSerializer(StrictSerializer):
    method = serializers.ChoiceField(choices=FieldVisit.NoticeMethod.choices)
    notified_at = serializers.DateTimeField()


class ConsentSerializer(StrictSerializer):
    consented_at = serializers.DateTimeField()


class VisitRecordSerializer(StrictSerializer):
    arrived_at = serializers.DateTimeField()
    id_shown = serializers.BooleanField()
    results_explained = serializers.BooleanField()
    card_left = serializers.BooleanField()
    closing_done = serializers.BooleanField()


class FieldVisitViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """S1–S4: staff visits to customers."""

    serializer_class = FieldVisitSerializer
    permission_classes = [ViewDjangoModelPermissions]
    queryset = FieldVisit.objects.with_related().order_by("-id")
    filterset_fields = ["department"]

    def perform_create(self, serializer):
        with errors_named_for(serializer):
            serializer.instance = services.field_visit_create(
                by=self.request.user, **serializer.validated_data
            )

    def _run(self, request, serializer_class, service):
        visit = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        with errors_named_for(data):
            visit = service(visit=visit, by=request.user, **data.validated_data)
        return Response(FieldVisitSerializer(visit, context={"request": request}).data)

    @extend_schema(request=NoticeSerializer, responses={200: FieldVisitSerializer})
    @action(detail=True, methods=["post"])
    def notice(self, request, pk=None):
        """The purpose and time were announced by document or phone (S1)."""
        return self._run(request, NoticeSerializer, services.field_visit_record_notice)

    @extend_schema(request=ConsentSerializer, responses={200: FieldVisitSerializer})
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        """The customer agreed to the visit (S1)."""
        return self._run(request, ConsentSerializer, services.field_visit_record_consent)

    @extend_schema(request=VisitRecordSerializer, responses={200: FieldVisitSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """On the visit: arrival (S2 limit), ID shown (S2), results and card (S3), close (S4)."""
        return self._run(request, VisitRecordSerializer, services.field_visit_record)


router.register("visit-tickets", TicketViewSet, basename="visit-ticket")
router.register("absence-memos", AbsenceMemoViewSet, basename="absence-memo")
router.register("assisted-visits", AssistedVisitViewSet, basename="assisted-visit")
router.register("field-visits", FieldVisitViewSet, basename="field-visit")
