"""Calls and callback memos in the Django admin: read mostly, with history. They are written
by calls.services (pages, API); obligations follow from them, so the admin does not add or
delete them.

Change lists and forms read through `visible_to(user)` (ScopedAdminMixin: another department's
record is a 404). The customer's name and number show in full on a record's change form only
to users who may see that department's customers, and each such opening is recorded;
everyone else sees masks (charter.admin.PersonalDataAdminMixin)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from charter.admin import PersonalDataAdminMixin, ScopedAdminMixin

from .models import Call, Callback, CallRecord


class ReadMostlyAdmin(PersonalDataAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    editable_fields: tuple = ()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        names = [f.name for f in self.model._meta.fields if f.name not in self.editable_fields]
        return [*names, *super().get_readonly_fields(request, obj)]


@admin.register(Call)
class CallAdmin(ReadMostlyAdmin):
    list_display = ["started_at", "staff", "department", "rings", "answered_at", "transferred"]
    list_filter = [
        ("department", admin.RelatedOnlyFieldListFilter),
        "transferred",
        "greeting",
        "started_at",
    ]
    list_select_related = ["staff__rank", "department"]
    date_hierarchy = "started_at"
    search_fields = ["staff__name", "topic"]
    editable_fields = ("topic",)


@admin.register(Callback)
class CallbackAdmin(ReadMostlyAdmin):
    list_display = ["created_at", "assigned_to", "department", "answered_at", "answered_by"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter), "created_at", "answered_at"]
    list_select_related = ["assigned_to__rank", "answered_by__rank", "department"]
    date_hierarchy = "created_at"
    search_fields = ["assigned_to__name", "taken_by__name"]
    editable_fields = ("question",)


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned to a call")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No (unknown extension)"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(call__isnull=False)
        if self.value() == "no":
            return queryset.unassigned()
        return queryset


@admin.register(CallRecord)
class CallRecordAdmin(PersonalDataAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The phone system's call detail records (POST /api/v1/calls/cdr/, import_cdr), as
    received: read-only (calls.services.call_ingest_cdr writes them). A record is in its
    call's department; an unassigned one (an extension nobody has: map it under *System
    integrations → Phone extensions*) only for whom sees every department. The caller's
    number is masked in the list, and on the form unless the user may see the customers."""

    list_display = [
        "start",
        "dst",
        "disposition",
        "answer",
        "src_masked",
        "call",
        "problem",
    ]
    list_filter = [AssignedFilter, "disposition", "start"]
    list_select_related = ["call"]
    date_hierarchy = "start"
    # Never the caller's number: a search by number would reveal it.
    search_fields = ["uniqueid", "dst"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        names = [f.name for f in self.model._meta.fields]
        return [*names, *super().get_readonly_fields(request, obj)]

    def personal_department(self, obj):
        return obj.call.department_id if obj.call_id else None
