from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Calendar,
    Closure,
    Department,
    HolidayOverride,
    Obligation,
    Rank,
    Section,
    StaffMember,
    Standard,
    WorkingPeriod,
)

admin.site.site_header = _("Charter tracker administration")
admin.site.site_title = _("Charter tracker")


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_ko", "name_en", "order"]


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "short_text_ko",
        "short_text_en",
        "kind",
        "duration_value",
        "duration_unit",
        "clock",
        "min_count",
        "limit",
        "pausable",
        "active",
    ]
    list_filter = ["section", "kind", "clock", "active"]
    search_fields = ["code", "text_ko", "text_en"]
    readonly_fields = ["code", "section"]
    fieldsets = [
        (None, {"fields": ["code", "section", "order", "active"]}),
        (_("Text"), {"fields": ["text_ko", "text_en", "rule_ko", "rule_en"]}),
        (
            _("How it is measured"),
            {
                "fields": [
                    "kind",
                    "due_given",
                    ("duration_value", "duration_unit", "clock"),
                    ("followup_value", "followup_unit"),
                    ("min_count", "count_period"),
                    ("limit", "limit_unit"),
                    "pausable",
                ]
            },
        ),
    ]

    @admin.display(description=_("text (Korean)"))
    def short_text_ko(self, obj):
        return obj.text_ko[:60] + ("…" if len(obj.text_ko) > 60 else "")

    @admin.display(description=_("text (English)"))
    def short_text_en(self, obj):
        return obj.text_en[:60] + ("…" if len(obj.text_en) > 60 else "")

    def has_add_permission(self, request):
        return False  # the 27 standards are the charter; their numbers are edited, not added

    def has_delete_permission(self, request, obj=None):
        return False


class WorkingPeriodInline(admin.TabularInline):
    model = WorkingPeriod
    extra = 1


@admin.register(Calendar)
class CalendarAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_default", "country", "updated_at"]
    inlines = [WorkingPeriodInline]


@admin.register(Closure)
class ClosureAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "recurring", "calendar"]
    list_filter = ["recurring", "calendar"]
    date_hierarchy = "date"


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["date", "reason", "recurring", "calendar"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "order", "calendar", "phone", "active"]
    list_editable = ["order"]


@admin.register(Rank)
class RankAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "order"]
    list_editable = ["order"]


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "department", "rank", "extension", "seat_row", "seat_column", "active"]
    list_filter = ["department", "rank", "active"]
    search_fields = ["name", "extension", "user__username"]
    autocomplete_fields = ["user"]


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ["id", "standard", "department", "responsible", "status", "starts_at", "due_at"]
    list_filter = ["status", "standard", "department"]
    date_hierarchy = "due_at"
    list_select_related = ["standard", "department", "responsible__rank"]
    readonly_fields = [f.name for f in Obligation._meta.fields]

    def has_add_permission(self, request):
        return False  # obligations are opened by the services, never by hand

    def has_delete_permission(self, request, obj=None):
        return False
