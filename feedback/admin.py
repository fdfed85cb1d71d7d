"""Admin: read and correct texts. Items and contests are created on the app's pages (or the
API), which open their obligations; deadlines are read-only here.

Change lists and forms read through `visible_to(user)` (ScopedAdminMixin). A customer's name
and contact are shown, and can be corrected, only to a user who may see that department's
customers in full, and each opening of the change form is recorded (charter.access); anyone
else reads them masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from charter.access import access_record, shows_personal_data, source_of
from charter.admin import ScopedAdminMixin
from charter.privacy import mask_email, mask_name, mask_phone

from .models import Contest, Feedback, Reply

CUSTOMER_FIELDS = ("customer_name", "customer_phone", "customer_email")
MASKED = {
    "customer_name": "masked_customer_name",
    "customer_phone": "masked_customer_phone",
    "customer_email": "masked_customer_email",
}


class ReplyInline(admin.TabularInline):
    model = Reply
    extra = 0
    can_delete = False
    fields = ["kind", "channel", "sent_at", "sent_by", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdminMixin, admin.ModelAdmin):
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

    def _full(self, request, obj) -> bool:
        return obj is not None and shows_personal_data(request.user, obj.department_id)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._full(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": [MASKED.get(f, f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if self._full(request, obj) else [*fields, *MASKED.values()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}) and response.context_data.get("original")
        if response.status_code == 200 and self._full(request, obj):
            shown = [f for f in CUSTOMER_FIELDS if getattr(obj, f)]
            if shown:
                access_record(
                    user=request.user, subjects=[obj], fields=shown, source=source_of(request)
                )
        return response

    @admin.display(description=_("name"))
    def masked_customer_name(self, obj):
        return mask_name(obj.customer_name) or "-"

    @admin.display(description=_("phone"))
    def masked_customer_phone(self, obj):
        return mask_phone(obj.customer_phone) or "-"

    @admin.display(description=_("e-mail"))
    def masked_customer_email(self, obj):
        return mask_email(obj.customer_email) or "-"


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
