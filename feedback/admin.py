"""Admin: read and correct texts. Items and contests are created on the app's pages (or the
API), which open their obligations; deadlines are read-only here.

Change lists and forms read through `visible_to(user)` (ScopedAdminMixin). A customer's name
and contact are shown, and can be corrected, only to a user who may see that department's
customers in full, and each opening of the change form is recorded; anyone else reads them
masked (charter.admin.PersonalDataAdminMixin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from charter.admin import LabelledInlineMixin, PersonalDataAdminMixin, ScopedAdminMixin

from .models import Contest, Feedback, Reply


class ReplyInline(LabelledInlineMixin, admin.TabularInline):
    model = Reply
    extra = 0
    can_delete = False
    fields = ["kind", "channel", "sent_at", "sent_by", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(PersonalDataAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "tracking_number",
        "kind",
        "title",
        "department",
        "assignee",
        "status",
        "received_at",
        "cause",
    ]
    list_filter = ["kind", "status", "channel", "cause", "department"]
    search_fields = ["tracking_number", "title"]
    date_hierarchy = "received_at"
    list_select_related = ["department", "assignee", "assignee__rank"]
    inlines = [ReplyInline]
    readonly_fields = [
        "kind",
        "tracking_number",
        "channel",
        "status",
        "department",
        "assignee",
        "received_at",
        "consent_at",
        "cause",
        "cause_recorded_at",
        "corrected_at",
        "closed_at",
        "purged_at",
        "created_by",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "tracking_number", "channel", "status", "title", "text"]}),
        (_("Handling"), {"fields": ["department", "assignee", "received_at", "closed_at"]}),
        (
            _("Customer"),
            {
                "fields": [
                    "customer_name",
                    "customer_phone",
                    "customer_email",
                    "consent_at",
                    "purged_at",
                ]
            },
        ),
        (
            _("Cause and correction"),
            {
                "fields": [
                    "cause",
                    "cause_recorded_at",
                    "corrective_action",
                    "corrected_at",
                    "correction_reference",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_by", "created_at"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contest)
class ContestAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "department",
        "entries_open_at",
        "rules_published_at",
        "awards_due_at",
        "awards_announced_at",
    ]
    list_filter = ["department"]
    search_fields = ["title"]
    readonly_fields = [
        "entries_open_at",
        "awards_due_at",
        "rules_published_at",
        "awards_announced_at",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
