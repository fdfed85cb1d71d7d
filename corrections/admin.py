"""Admin of corrections, with the history of every change (simple_history).

Reports, corrections and notices are recorded through the pages and the API, which open and
meet the C1/C2 obligations (corrections.services); here admins read them and fix typing
mistakes in the descriptive text. Who corrected and when is read-only. Change lists and forms
read through `visible_to(user)` (ScopedAdminMixin); customers are masked unless the user may
see them, and each unmasked opening is recorded (PersonalDataAdminMixin)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from charter.admin import PersonalDataAdminMixin, ScopedAdminMixin

from .models import HandlingDefect, ServiceCorrection


@admin.register(ServiceCorrection)
class ServiceCorrectionAdmin(PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "received_at",
        "channel",
        "staff_involved",
        "department",
        "corrected_by",
        "corrected_at",
    ]
    list_filter = ["channel", "department", "notice_channel"]
    search_fields = ["what_happened", "staff_involved__name", "corrected_by__name"]
    date_hierarchy = "received_at"
    list_select_related = ["staff_involved__rank", "department", "corrected_by__rank"]
    readonly_fields = [
        "received_at",
        "staff_involved",
        "department",
        "reported_by",
        "assigned_to",
        "corrected_by",
        "corrected_at",
        "notice_channel",
        "notified_at",
        "created_at",
    ]
    fields = [
        ("received_at", "channel"),
        ("staff_involved", "department", "reported_by"),
        "what_happened",
        ("customer_name", "customer_phone", "customer_email"),
        "assigned_to",
        ("corrected_by", "corrected_at"),
        "action",
        ("notice_channel", "notified_at"),
        "notice_text",
        "apology",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False  # reported on the corrections pages or the API, which open C1


@admin.register(HandlingDefect)
class HandlingDefectAdmin(PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "discovered_at",
        "responsible",
        "department",
        "corrected_at",
        "notified_at",
    ]
    list_filter = ["department", "notice_channel"]
    search_fields = ["case_reference", "what", "responsible__name"]
    date_hierarchy = "discovered_at"
    list_select_related = ["responsible__rank", "department"]
    readonly_fields = [
        "discovered_at",
        "discovered_by",
        "responsible",
        "department",
        "corrected_at",
        "corrected_by",
        "notified_at",
        "notice_channel",
        "created_at",
    ]
    fields = [
        ("case_reference", "discovered_at"),
        "what",
        ("discovered_by", "responsible", "department"),
        ("customer_name", "customer_phone", "customer_email"),
        ("corrected_by", "corrected_at"),
        "correction",
        ("notice_channel", "notified_at"),
        "notice_text",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False  # recorded on the corrections pages or the API, which open C2
