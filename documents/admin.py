"""The Django admin of documents: every change list and form reads through the user's scope
(charter.admin.ScopedAdminMixin); a customer is shown in full only to those who may see that
department's customers, and each such opening is recorded (PersonalDataAdminMixin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from charter.admin import (
    LabelledInlineMixin,
    PersonalDataAdminMixin,
    ScopedAdminMixin,
    ThroughServicesAdminMixin,
)

from . import services
from .models import InboxCheck, InboxDay, Notice, ReceivedDocument


@admin.register(InboxDay)
class InboxDayAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "department", "channel"]
    list_filter = ["channel", "department"]
    date_hierarchy = "date"
    readonly_fields = ["department", "channel", "date", "created_at"]

    def has_add_permission(self, request):
        return False  # opened by documents.services.inbox_day_open


@admin.register(InboxCheck)
class InboxCheckAdmin(ThroughServicesAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """A check added here counts toward the day's D1 like one logged on the page."""

    list_display = ["checked_at", "department", "channel", "staff"]
    list_filter = ["channel", "department"]
    date_hierarchy = "checked_at"
    list_select_related = ["department", "staff", "staff__rank"]
    raw_id_fields = ["staff", "inbox_day"]
    add_fields = ("department", "channel", "checked_at", "staff")

    def add_through(self, request, data):
        return services.inbox_check_record(
            by=request.user,
            department=data["department"],
            channel=data["channel"],
            checked_at=data["checked_at"],
            staff=data.get("staff"),
        )


class NoticeInline(LabelledInlineMixin, admin.TabularInline):
    model = Notice
    extra = 0
    # Without the recipient: the notice's own page shows it, masked or recorded.
    fields = ["kind", "channel", "sent_at", "sent_by", "sent_from_app"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # notices are sent or recorded from the document's page


@admin.register(ReceivedDocument)
class ReceivedDocumentAdmin(
    ThroughServicesAdminMixin, PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin
):
    """Documents are registered, confirmed and noticed on their pages (D2-D4 follow); here
    they are read, and confirmed by an action that calls the same service."""

    list_display = [
        "received_at",
        "department",
        "channel",
        "description",
        "confirmed_at",
        "blocked",
    ]
    list_filter = ["channel", "department", "blocked"]
    date_hierarchy = "received_at"
    search_fields = ["description"]
    list_select_related = ["department"]
    raw_id_fields = ["received_by", "confirmed_by"]
    inlines = [NoticeInline]
    actions = ["confirm"]

    @admin.action(description=_("Confirm the selected documents (the receipt notice is due)"))
    def confirm(self, request, queryset):
        self.run_service(
            request,
            queryset,
            lambda document: services.document_confirm(document=document, by=request.user),
        )


@admin.register(Notice)
class NoticeAdmin(
    ThroughServicesAdminMixin, PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin
):
    """Read-only: a notice is sent or recorded from its document's page
    (documents.services.notice_send), which settles D2 or D4."""

    list_display = ["sent_at", "kind", "channel", "document", "sent_by", "sent_from_app"]
    list_filter = ["kind", "channel", "sent_from_app"]
    date_hierarchy = "sent_at"
    list_select_related = ["document", "sent_by", "sent_by__rank"]
    raw_id_fields = ["document", "sent_by"]

    def personal_department(self, obj):
        return obj.document.department_id
