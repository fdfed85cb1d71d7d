from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import InboxCheck, InboxDay, Notice, ReceivedDocument


@admin.register(InboxDay)
class InboxDayAdmin(admin.ModelAdmin):
    list_display = ["date", "department", "channel"]
    list_filter = ["channel", "department"]
    date_hierarchy = "date"
    readonly_fields = ["department", "channel", "date", "created_at"]

    def has_add_permission(self, request):
        return False  # opened by documents.services.inbox_day_open


@admin.register(InboxCheck)
class InboxCheckAdmin(SimpleHistoryAdmin):
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
class ReceivedDocumentAdmin(SimpleHistoryAdmin):
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


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["sent_at", "kind", "channel", "document", "sent_by", "sent_from_app"]
    list_filter = ["kind", "channel", "sent_from_app"]
    date_hierarchy = "sent_at"
    list_select_related = ["document", "sent_by", "sent_by__rank"]
    raw_id_fields = ["document", "sent_by"]
