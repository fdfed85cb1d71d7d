"""Django admin of visits: read records and correct their descriptive text, with history of
every change. New records, their times and statuses, and so their obligations, are made by the
pages and the API (visits.services); the admin's actions call the same services. Change lists,
forms and history pages read through the user's scope (ScopedAdminMixin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from charter.admin import PersonalDataAdminMixin, ScopedAdminMixin, ThroughServicesAdminMixin

from . import services
from .models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket


@admin.register(Ticket)
class TicketAdmin(ThroughServicesAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["business_date", "department", "number", "status", "arrived_at", "called_by"]
    list_filter = ["status", "department", "called_out_of_order"]
    date_hierarchy = "business_date"
    list_select_related = ["department", "called_by"]
    raw_id_fields = ["called_by", "served_by"]
    # Customers take numbers at the front desk (visits.services.ticket_take): no add here.
    correctable_fields = ("purpose", "priority_reason")
    actions = ["leave"]

    @admin.action(description=_("Record that the customers left before being served"))
    def leave(self, request, queryset):
        self.run_service(
            request, queryset, lambda ticket: services.ticket_leave(ticket=ticket, by=request.user)
        )


@admin.register(AbsenceMemo)
class AbsenceMemoAdmin(
    ThroughServicesAdminMixin, PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin
):
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
    raw_id_fields = ["absent_staff", "handled_by", "contacted_by", "recorded_by"]
    correctable_fields = ("reason_detail", "customer_name", "customer_phone", "matter")
    actions = ["contacted"]

    @admin.action(description=_("Record that the customers were contacted (meets V4)"))
    def contacted(self, request, queryset):
        self.run_service(
            request,
            queryset,
            lambda memo: services.absence_memo_contact(memo=memo, by=request.user),
        )


@admin.register(AssistedVisit)
class AssistedVisitAdmin(
    ThroughServicesAdminMixin, PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["booked_at", "department", "assigned_staff", "assigned_at"]
    list_filter = ["department"]
    date_hierarchy = "booked_at"
    list_select_related = ["department", "assigned_staff"]
    raw_id_fields = ["assigned_staff", "recorded_by"]
    correctable_fields = ("customer_name", "customer_phone", "needs")


@admin.register(FieldVisit)
class FieldVisitAdmin(
    ThroughServicesAdminMixin, PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin
):
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
    raw_id_fields = ["staff"]
    correctable_fields = ("company", "contact_name", "contact_phone", "purpose")
