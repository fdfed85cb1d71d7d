"""Django admin of visits: read and correct records, with history of every change. New
records and their obligations are made by the pages and the API (visits.services). Change
lists, forms and history pages read through the user's scope (ScopedAdminMixin)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from charter.admin import PersonalDataAdminMixin, ScopedAdminMixin

from .models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket


@admin.register(Ticket)
class TicketAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["business_date", "department", "number", "status", "arrived_at", "called_by"]
    list_filter = ["status", "department", "called_out_of_order"]
    date_hierarchy = "business_date"
    list_select_related = ["department", "called_by"]
    readonly_fields = ["estimate_obligation", "business_date", "number", "department"]
    raw_id_fields = ["called_by", "served_by"]

    def has_add_permission(self, request):
        return False  # customers take numbers at the front desk (visits.services.ticket_take)


@admin.register(AbsenceMemo)
class AbsenceMemoAdmin(PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "recorded_at",
        "department",
        "absent_staff",
        "reason",
        "handled_by",
        "contact_at",
        "contacted_at",
    ]
    list_filter = ["department", "reason"]
    date_hierarchy = "recorded_at"
    list_select_related = ["department", "absent_staff", "handled_by"]
    readonly_fields = ["obligation"]
    raw_id_fields = ["absent_staff", "handled_by", "contacted_by", "recorded_by"]

    def has_add_permission(self, request):
        return False


@admin.register(AssistedVisit)
class AssistedVisitAdmin(PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["booked_at", "department", "assigned_staff", "assigned_at"]
    list_filter = ["department"]
    date_hierarchy = "booked_at"
    list_select_related = ["department", "assigned_staff"]
    readonly_fields = ["obligation"]
    raw_id_fields = ["assigned_staff", "recorded_by"]

    def has_add_permission(self, request):
        return False


@admin.register(FieldVisit)
class FieldVisitAdmin(PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "scheduled_at",
        "company",
        "staff",
        "notified_at",
        "consented_at",
        "arrived_at",
        "minutes_late",
    ]
    list_filter = ["department", "notice_method"]
    date_hierarchy = "scheduled_at"
    search_fields = ["company"]
    list_select_related = ["staff"]
    readonly_fields = ["notice_obligation"]
    raw_id_fields = ["staff"]

    def has_add_permission(self, request):
        return False
