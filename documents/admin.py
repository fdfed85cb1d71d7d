"""The Django admin of documents: every change list and form reads through the user's scope
(charter.admin.ScopedAdminMixin); opening a document's form, which shows its customer in full,
is recorded (charter.access)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from charter.access import access_record, shows_personal_data, source_of
from charter.admin import ScopedAdminMixin

from .models import InboxCheck, InboxDay, Notice, ReceivedDocument

CUSTOMER_FIELDS = ("customer_name", "customer_phone", "customer_email")


@admin.register(InboxDay)
class InboxDayAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "department", "channel"]
    list_filter = ["channel", "department"]
    date_hierarchy = "date"
    readonly_fields = ["department", "channel", "date", "created_at"]

    def has_add_permission(self, request):
        return False  # opened by documents.services.inbox_day_open


@admin.register(InboxCheck)
class InboxCheckAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["checked_at", "department", "channel", "staff"]
    list_filter = ["channel", "department"]
    date_hierarchy = "checked_at"
    list_select_related = ["department", "staff", "staff__rank"]
    raw_id_fields = ["staff", "inbox_day"]


class NoticeInline(admin.TabularInline):
    model = Notice
    extra = 0
    fields = ["kind", "channel", "to", "sent_at", "sent_by", "sent_from_app"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # notices are sent or recorded from the document's page


@admin.register(ReceivedDocument)
class ReceivedDocumentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        document = _opened(self, request, object_id, response)
        if document is not None and shows_personal_data(request.user, document.department_id):
            _record_opened(request, [document], CUSTOMER_FIELDS)
            _record_opened(request, document.notices.all(), ("to",))  # the inline
        return response


@admin.register(Notice)
class NoticeAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["sent_at", "kind", "channel", "document", "sent_by", "sent_from_app"]
    list_filter = ["kind", "channel", "sent_from_app"]
    date_hierarchy = "sent_at"
    list_select_related = ["document", "sent_by", "sent_by__rank"]
    raw_id_fields = ["document", "sent_by"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        notice = _opened(self, request, object_id, response)
        if notice is not None and shows_personal_data(request.user, notice.document.department_id):
            _record_opened(request, [notice], ("to", "body"))
        return response


def _opened(model_admin, request, object_id, response):
    """The record a change form showed (GET, 200), else None."""
    if request.method != "GET" or response.status_code != 200:
        return None
    return model_admin.get_object(request, object_id)


def _record_opened(request, subjects, fields) -> None:
    """Record the personal data an admin form showed in full (charter.access)."""
    for subject in subjects:
        present = [f for f in fields if getattr(subject, f, "")]
        if present:
            access_record(
                user=request.user, subjects=[subject], fields=present, source=source_of(request)
            )
