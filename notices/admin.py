from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from charter.admin import PersonalDataAdminMixin, ScopedAdminMixin
from charter.scope import may

from . import services
from .models import Message


@admin.register(Message)
class MessageAdmin(PersonalDataAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Every message the application sent or will send: read-only, with its status, attempts and
    last error; failed and uncertain ones can be queued again."""

    list_display = [
        "created_at",
        "kind",
        "channel",
        "to_masked",
        "department",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind", "channel", "department"]
    date_hierarchy = "created_at"
    list_select_related = ["department"]
    actions = ["retry"]
    fields = [
        "kind",
        "channel",
        "to",
        "subject",
        "body",
        "department",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "gateway_id",
        "last_error",
        "key",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False  # messages come from actions (each through its service), never by hand

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields, *super().get_readonly_fields(request, obj)]

    @admin.action(description=_("Send the selected failed or uncertain messages again"))
    def retry(self, request, queryset):
        if not may(request.user, "administer"):
            self.message_user(request, _("Your role may not do this."), messages.ERROR)
            return
        retried = sum(
            services.message_retry(message=message, by=request.user) for message in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", retried)
            % {"count": retried},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may(request.user, "administer"):
            actions.pop("retry", None)
        return actions
