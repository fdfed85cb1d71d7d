"""Calls and callback memos in the Django admin: read mostly, with history. They are written
by calls.services (pages, API); obligations follow from them, so the admin does not add or
delete them.

Change lists and forms read through `visible_to(user)` (ScopedAdminMixin: another department's
record is a 404). The customer's name and number show in full on a record's change form only
to users who may see that department's customers (charter.access.shows_personal_data), and
each such opening is recorded; everyone else sees masks."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from charter.access import access_record, shows_personal_data, source_of
from charter.admin import ScopedAdminMixin
from charter.privacy import mask_name, mask_phone

from .models import Call, Callback


class ReadMostlyAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    editable_fields: tuple = ()
    # {field: mask} of the customer's personal data on the change form.
    personal_fields: dict = {}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _reveals(self, request, obj) -> bool:
        return obj is not None and shows_personal_data(request.user, obj.department_id)

    def get_fields(self, request, obj=None):
        reveals = self._reveals(request, obj)
        masked = {f"{f}_masked" for f in self.personal_fields}
        fields = []
        for name in super().get_fields(request, obj):
            if name in masked:
                continue
            hide = name in self.personal_fields and not reveals
            fields.append(f"{name}_masked" if hide else name)
        return fields

    def get_readonly_fields(self, request, obj=None):
        names = [f.name for f in self.model._meta.fields if f.name not in self.editable_fields]
        return [*names, *(f"{f}_masked" for f in self.personal_fields)]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            if self._reveals(request, obj):
                shown = [f for f in self.personal_fields if getattr(obj, f)]
                if shown:
                    access_record(
                        user=request.user, subjects=[obj], fields=shown, source=source_of(request)
                    )
        return response


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
    personal_fields = {"caller_name": mask_name, "caller_number": mask_phone}

    @admin.display(description=Call._meta.get_field("caller_name").verbose_name)
    def caller_name_masked(self, obj):
        return mask_name(obj.caller_name) or "-"

    @admin.display(description=Call._meta.get_field("caller_number").verbose_name)
    def caller_number_masked(self, obj):
        return mask_phone(obj.caller_number) or "-"


@admin.register(Callback)
class CallbackAdmin(ReadMostlyAdmin):
    list_display = ["created_at", "assigned_to", "department", "answered_at", "answered_by"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter), "created_at", "answered_at"]
    list_select_related = ["assigned_to__rank", "answered_by__rank", "department"]
    date_hierarchy = "created_at"
    search_fields = ["assigned_to__name", "taken_by__name"]
    editable_fields = ("question",)
    personal_fields = {"customer_name": mask_name, "customer_phone": mask_phone}

    @admin.display(description=Callback._meta.get_field("customer_name").verbose_name)
    def customer_name_masked(self, obj):
        return mask_name(obj.customer_name) or "-"

    @admin.display(description=Callback._meta.get_field("customer_phone").verbose_name)
    def customer_phone_masked(self, obj):
        return mask_phone(obj.customer_phone) or "-"
