"""Read-only reference data for integrators: departments, staff, standards and calendars, so
that writes and filters can name ids. Paginated like every list; departments and staff are the
ones `visible_to(user)` (an integration client: its departments); standards and calendars are
the same for everyone. No customer data here; staff names and extensions are in the public
directory already."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from config.api import StrictModelSerializer, router

from .models import (
    Calendar,
    Closure,
    Department,
    HolidayOverride,
    StaffMember,
    Standard,
    WorkingPeriod,
)
from .scope import visible_departments


class DepartmentReferenceSerializer(StrictModelSerializer):
    calendar_name = serializers.CharField(source="calendar.name", read_only=True, default=None)

    class Meta:
        model = Department
        fields = ["id", "name", "name_en", "phone", "calendar", "calendar_name", "active"]


class StaffReferenceSerializer(StrictModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    rank_name = serializers.CharField(source="rank.name", read_only=True)
    extra_departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "name",
            "department",
            "department_name",
            "rank",
            "rank_name",
            "extension",
            "extra_departments",
            "active",
        ]


class StandardReferenceSerializer(StrictModelSerializer):
    section = serializers.CharField(source="section.code", read_only=True)
    parameters = serializers.SerializerMethodField()

    class Meta:
        model = Standard
        fields = [
            "id",
            "code",
            "section",
            "name_ko",
            "name_en",
            "text_ko",
            "text_en",
            "kind",
            "clock",
            "parameters",
            "target_rate",
            "active",
        ]

    @extend_schema_field(serializers.DictField())
    def get_parameters(self, standard) -> dict:
        return {
            "duration_value": standard.duration_value,
            "duration_unit": standard.duration_unit or None,
            "followup_value": standard.followup_value,
            "followup_unit": standard.followup_unit or None,
            "limit": standard.limit,
            "limit_unit": standard.limit_unit or None,
            "min_count": standard.min_count,
            "count_period": standard.count_period or None,
            "due_given": standard.due_given,
            "pausable": standard.pausable,
            "warn_before": standard.warn_before,
        }


class FrameSerializer(StrictModelSerializer):
    class Meta:
        model = WorkingPeriod
        fields = ["weekday", "start", "end"]


class ClosureSerializer(StrictModelSerializer):
    class Meta:
        model = Closure
        fields = ["date", "recurring", "name", "calendar"]


class HolidayWorkedSerializer(StrictModelSerializer):
    class Meta:
        model = HolidayOverride
        fields = ["date", "recurring", "calendar"]


class CalendarReferenceSerializer(StrictModelSerializer):
    frames = FrameSerializer(source="periods", many=True, read_only=True)
    closures = serializers.SerializerMethodField()
    holidays_worked = serializers.SerializerMethodField()

    class Meta:
        model = Calendar
        fields = [
            "id",
            "name",
            "is_default",
            "country",
            "frames",
            "closures",
            "holidays_worked",
            "updated_at",
        ]

    @extend_schema_field(ClosureSerializer(many=True))
    def get_closures(self, calendar):
        rows = [*calendar.closures.all(), *self.context.get("global_closures", [])]
        return ClosureSerializer(sorted(rows, key=lambda c: c.date), many=True).data

    @extend_schema_field(HolidayWorkedSerializer(many=True))
    def get_holidays_worked(self, calendar):
        rows = [*calendar.overrides.all(), *self.context.get("global_overrides", [])]
        return HolidayWorkedSerializer(sorted(rows, key=lambda o: o.date), many=True).data


class ReferenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]


class DepartmentReferenceViewSet(ReferenceViewSet):
    """The departments you may see (an integration client: the ones it was given)."""

    serializer_class = DepartmentReferenceSerializer

    def get_queryset(self):
        return Department.objects.visible_to(self.request.user).select_related("calendar")


class StaffReferenceViewSet(ReferenceViewSet):
    """Staff of the departments you may see: id, name, department, rank, extension."""

    serializer_class = StaffReferenceSerializer

    def get_queryset(self):
        return (
            StaffMember.objects.working_in(visible_departments(self.request.user))
            .select_related("department", "rank")
            .prefetch_related("extra_departments")
        )


class StandardReferenceViewSet(ReferenceViewSet):
    """The 27 standards with the parameters they are measured by."""

    serializer_class = StandardReferenceSerializer
    queryset = Standard.objects.select_related("section")


class CalendarReferenceViewSet(ReferenceViewSet):
    """Calendars: weekly frames (a lunch break is the gap between two), closure days and
    public holidays worked (their own and those of every calendar: `calendar` null)."""

    serializer_class = CalendarReferenceSerializer

    def get_queryset(self):
        return Calendar.objects.prefetch_related(
            "periods",
            Prefetch("closures", queryset=Closure.objects.order_by("date")),
            Prefetch("overrides", queryset=HolidayOverride.objects.order_by("date")),
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["global_closures"] = list(Closure.objects.filter(calendar__isnull=True))
        context["global_overrides"] = list(HolidayOverride.objects.filter(calendar__isnull=True))
        return context


router.register("departments", DepartmentReferenceViewSet, basename="department")
router.register("staff", StaffReferenceViewSet, basename="staff")
router.register("standards", StandardReferenceViewSet, basename="standard")
router.register("calendars", CalendarReferenceViewSet, basename="calendar")
