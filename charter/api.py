"""REST API of the charter: obligations (read) and their review actions."""

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import DjangoModelPermissions, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import StrictModelSerializer, StrictSerializer, errors_named_for, router

from . import registry, services
from .access import access_record, shows_personal_data
from .models import Department, Obligation, ObligationEvent
from .privacy import mask_email, mask_name, mask_phone

CUSTOMER_FIELDS = {
    "customer_name": mask_name,
    "customer_phone": mask_phone,
    "customer_email": mask_email,
}


class MaskedPersonalDataMixin:
    """Serializer mixin: the `personal_fields` ({field: mask}) are masked, except in the
    response for one record (`retrieve`) to a user who may see that department's customers in
    full (charter.access.shows_personal_data); that opening is recorded (AccessRecord)."""

    personal_fields: dict = CUSTOMER_FIELDS

    def personal_department(self, instance):
        """The department whose customer this is."""
        return instance.department_id

    def reveals(self, instance) -> bool:
        request, view = self.context.get("request"), self.context.get("view")
        if request is None or getattr(view, "action", None) != "retrieve":
            return False
        return shows_personal_data(request.user, self.personal_department(instance))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.reveals(instance):
            shown = [field for field in self.personal_fields if data.get(field)]
            if shown:
                view = self.context["view"]
                access_record(
                    user=self.context["request"].user,
                    subjects=[instance],
                    fields=shown,
                    source=f"API {view.basename}-{view.action}",
                )
            return data
        for field, mask in self.personal_fields.items():
            if data.get(field):
                data[field] = mask(data[field])
        return data


class ScopedViewSetMixin:
    """Viewset mixin: every read goes through `visible_to(user)`, so a record of another
    department is a 404 and a filter naming one returns nothing."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ViewDjangoModelPermissions(DjangoModelPermissions):
    """Model permissions that also require `view_` for reads."""

    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class ObligationSerializer(StrictModelSerializer):
    standard = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    responsible_name = serializers.CharField(
        source="responsible.name", read_only=True, allow_null=True, default=None
    )
    subject_type = serializers.SerializerMethodField()
    subject_id = serializers.IntegerField(source="object_id", read_only=True)
    late = serializers.SerializerMethodField()
    met_as_promised = serializers.BooleanField(read_only=True)
    met_within_extension = serializers.BooleanField(read_only=True)
    # Stored language-neutral, given in the request's language (charter.texts).
    note = serializers.CharField(source="note_text", read_only=True)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "standard",
            "part",
            "status",
            "department",
            "department_name",
            "responsible",
            "responsible_name",
            "starts_at",
            "due_at",
            "met_at",
            "breached_at",
            "waived_at",
            "promised_due_at",
            "paused_at",
            "extended_at",
            "extension_reason",
            "met_as_promised",
            "met_within_extension",
            "measured",
            "late",
            "subject_type",
            "subject_id",
            "note",
            "created_at",
            "changed_at",
        ]

    def get_subject_type(self, obligation) -> str:
        return f"{obligation.content_type.app_label}.{obligation.content_type.model}"

    def get_late(self, obligation) -> bool:
        return obligation.met_late


class ObligationEventSerializer(StrictModelSerializer):
    """One step of an obligation's timeline (the customer's contact of a notice left out)."""

    occurred_at = serializers.DateTimeField(source="at", read_only=True)
    done_by = serializers.SerializerMethodField()
    done_by_name = serializers.SerializerMethodField()
    previous_due_at = serializers.DateTimeField(source="due_before", read_only=True)
    new_due_at = serializers.DateTimeField(source="due_after", read_only=True)
    reason = serializers.CharField(source="reason_text", read_only=True)

    class Meta:
        model = ObligationEvent
        fields = [
            "kind",
            "occurred_at",
            "done_by",
            "done_by_name",
            "reason",
            "previous_due_at",
            "new_due_at",
            "margin_minutes",
            "notice_channel",
        ]

    @staticmethod
    def _staff(event):
        return getattr(event.by, "staff_member", None) if event.by_id else None

    def get_done_by(self, event) -> int | None:
        """The staff member's id (as /api/v1/staff/ gives it); null for the system."""
        staff = self._staff(event)
        return staff.pk if staff else None

    def get_done_by_name(self, event) -> str | None:
        staff = self._staff(event)
        return staff.name if staff else (str(event.by) if event.by_id else None)


class ObligationDetailSerializer(ObligationSerializer):
    """One obligation with its whole timeline."""

    events = ObligationEventSerializer(many=True, read_only=True)

    class Meta(ObligationSerializer.Meta):
        fields = [*ObligationSerializer.Meta.fields, "events"]


def subject_types() -> list[tuple[str, str]]:
    """The records obligations are about, as `<app>.<model>` (`calls.callback`): those the
    section apps declare they measure (charter.registry)."""
    labels = sorted(
        {m.subject.lower() for section in registry.sections() for m in section.measures}
    )
    return [(label, label) for label in labels]


class ObligationFilter(django_filters.FilterSet):
    standard = django_filters.CharFilter(field_name="standard__code", lookup_expr="iexact")
    status = django_filters.ChoiceFilter(choices=Obligation.Status.choices)
    department = django_filters.NumberFilter(field_name="department_id")
    responsible = django_filters.NumberFilter(field_name="responsible_id")
    due_before = django_filters.IsoDateTimeFilter(field_name="due_at", lookup_expr="lt")
    due_after = django_filters.IsoDateTimeFilter(field_name="due_at", lookup_expr="gte")
    subject_type = django_filters.ChoiceFilter(
        choices=subject_types,
        method="filter_subject_type",
        help_text="The kind of record it is about, as `<app>.<model>` (e.g. `calls.callback`).",
    )
    subject_id = django_filters.NumberFilter(
        field_name="object_id", min_value=1, help_text="The record's id (with `subject_type`)."
    )
    changed_since = django_filters.IsoDateTimeFilter(
        method="filter_changed_since",
        help_text="Written at or after this instant (ISO 8601): for incremental sync.",
    )

    class Meta:
        model = Obligation
        fields = [
            "standard",
            "status",
            "department",
            "responsible",
            "due_before",
            "due_after",
            "subject_type",
            "subject_id",
            "changed_since",
        ]

    def filter_subject_type(self, queryset, name, value: str):
        app_label, _dot, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)

    def filter_changed_since(self, queryset, name, value):
        return queryset.changed_since(value)


class PauseSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=300)
    paused_at = serializers.DateTimeField(source="at", required=False)


class ResumeSerializer(StrictSerializer):
    resumed_at = serializers.DateTimeField(source="at", required=False)


class ExtendSerializer(StrictSerializer):
    due_at = serializers.DateTimeField()
    reason = serializers.CharField(max_length=300)
    notice_channel = serializers.ChoiceField(choices=services.NOTICE_CHANNELS)
    notice_to = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notice_text = serializers.CharField(required=False, allow_blank=True)


class CanPause(IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm(
            "charter.pause_obligation"
        )


class ObligationViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Obligations: one per application of a standard to something logged."""

    queryset = Obligation.objects.with_related()
    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    permission_classes = [ViewDjangoModelPermissions]

    def get_serializer_class(self):
        return ObligationDetailSerializer if self.action == "retrieve" else ObligationSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("events__by__staff_member")
        return queryset

    def _act(self, request, serializer_class, service):
        obligation = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        with errors_named_for(data):
            obligation = service(obligation=obligation, by=request.user, **data.validated_data)
        return Response(ObligationSerializer(obligation).data)

    @extend_schema(request=PauseSerializer, responses=ObligationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanPause])
    def pause(self, request, pk=None):
        """Pause while the customer (or a third party) must act."""
        return self._act(request, PauseSerializer, services.obligation_pause)

    @extend_schema(request=ResumeSerializer, responses=ObligationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanPause])
    def resume(self, request, pk=None):
        """Resume: the deadline moves by the paused time on its clock."""
        return self._act(request, ResumeSerializer, services.obligation_resume)

    @extend_schema(request=ExtendSerializer, responses=ObligationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanPause])
    def extend(self, request, pk=None):
        """Extend once, by at most the original period, with a notice to the customer."""
        return self._act(request, ExtendSerializer, services.obligation_extend)


router.register("obligations", ObligationViewSet, basename="obligation")


class ComplianceRowSerializer(StrictSerializer):
    standard = serializers.CharField()
    part = serializers.CharField(
        help_text='"fix" or "notice": one part of a standard with a follow-up (C2), reported '
        'apart; "" for every other standard.'
    )
    total = serializers.IntegerField()
    met_as_promised = serializers.IntegerField()
    met_within_extension = serializers.IntegerField()
    breached = serializers.IntegerField()
    waived = serializers.IntegerField()
    open = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class ComplianceQuerySerializer(StrictSerializer):
    since = serializers.DateTimeField()
    until = serializers.DateTimeField()
    department = serializers.IntegerField(required=False, min_value=1)


class ComplianceView(APIView):
    """Compliance per standard for obligations that started in [since, until)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("since", str, description="ISO 8601"),
            OpenApiParameter("until", str, description="ISO 8601"),
            OpenApiParameter("department", int, required=False),
        ],
        responses=ComplianceRowSerializer(many=True),
    )
    def get(self, request):
        if not request.user.has_perm("charter.view_obligation"):
            self.permission_denied(request)
        query = ComplianceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        department = data.pop("department", None)
        if department is not None:
            department = Department.objects.visible_to(request.user).filter(pk=department).first()
            if department is None:
                return Response([])  # another department's figures: nothing
        rows = services.compliance(user=request.user, department=department, **data)
        return Response(ComplianceRowSerializer(rows, many=True).data)
