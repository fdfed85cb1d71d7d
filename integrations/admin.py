"""Integration clients in the Django admin. Adding one calls integration_client_create and shows
the key once, in a warning; revoking is an action that calls integration_client_revoke. The
key's hash is never shown; the prefix (not secret) tells keys apart."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import APIKey

from . import services
from .endpoints import endpoint_choices
from .models import IntegrationClient, PhoneExtension

# The library registers its own key table, tied to no user and read by nothing here: keys are
# made as integration clients only.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


# Columns the change form may write (departments are saved with the form's relations).
EDITABLE_FIELDS = ("name", "endpoints", "expiry_date")


class IntegrationClientForm(forms.ModelForm):
    endpoints = forms.MultipleChoiceField(
        label=_("endpoints"),
        choices=endpoint_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The API endpoints it may call. The phone system: call-create, callback-create."
        ),
    )

    class Meta:
        model = IntegrationClient
        fields = ["name", "departments", "endpoints", "expiry_date"]
        widgets = {"departments": forms.CheckboxSelectMultiple}

    def clean_expiry_date(self):
        expiry_date = self.cleaned_data.get("expiry_date")
        changed = "expiry_date" in self.changed_data
        if expiry_date is not None and changed and expiry_date <= timezone.now():
            raise ValidationError(gettext("The expiry date must be in the future."))
        return expiry_date


@admin.register(IntegrationClient)
class IntegrationClientAdmin(admin.ModelAdmin):
    form = IntegrationClientForm
    list_display = [
        "name",
        "prefix",
        "department_names",
        "endpoint_names",
        "created",
        "last_used_at",
        "revoked",
        "expiry_date",
    ]
    list_filter = ["revoked", "created", "departments"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("departments")

    def get_fields(self, request, obj=None):
        fields = ["name", "departments", "endpoints", "expiry_date"]
        if obj is None:
            return fields
        return ["prefix", *fields, "user", "created", "last_used_at", "revoked"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = ["prefix", "user", "created", "last_used_at", "revoked"]
        if obj.revoked:
            readonly += ["name", "departments", "endpoints", "expiry_date"]
        return readonly

    def has_add_permission(self, request):
        return super().has_add_permission(request) and services.may_manage(request.user)

    def has_revoke_permission(self, request):
        return self.has_change_permission(request) and services.may_manage(request.user)

    def has_delete_permission(self, request, obj=None):
        # What a client logged keeps its user; a key that must stop is revoked.
        return False

    @admin.display(description=_("departments"))
    def department_names(self, client):
        return ", ".join(str(department) for department in client.departments.all())

    @admin.display(description=_("endpoints"))
    def endpoint_names(self, client):
        return ", ".join(client.endpoints)

    def save_model(self, request, obj, form, change):
        if change:
            # Only what the form changed: a revocation or a last use written meanwhile stays.
            fields = [name for name in form.changed_data if name in EDITABLE_FIELDS]
            if fields:
                obj.save(update_fields=fields)
            return
        data = form.cleaned_data
        client, key = services.integration_client_create(
            name=data["name"],
            departments=data["departments"],
            endpoints=data["endpoints"],
            expiry_date=data.get("expiry_date"),
            by=request.user,
        )
        # The admin goes on with `obj` (history entry, redirect): make it the saved client.
        for field in client._meta.concrete_fields:
            setattr(obj, field.attname, getattr(client, field.attname))
        obj._state.adding = False
        obj._state.db = client._state.db
        messages.warning(
            request,
            format_html(
                gettext(
                    "The key of “{name}” is <code>{key}</code>. Copy it now: it is not shown again."
                ),
                name=client.name,
                key=key,
            ),
        )

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)
        # A new client's departments were set by the service.

    @admin.action(description=_("Revoke the selected keys"), permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for client in queryset.filter(revoked=False):
            services.integration_client_revoke(client=client, by=request.user)
            self.log_change(request, client, gettext("Revoked the key."))
            count += 1
        message = ngettext("Revoked %(count)d key.", "Revoked %(count)d keys.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(PhoneExtension)
class PhoneExtensionAdmin(admin.ModelAdmin):
    """Extensions that are not a staff member's own (shared lines, queues): whose calls."""

    list_display = ["extension", "staff", "note"]
    search_fields = ["extension", "staff__name"]
    autocomplete_fields = ["staff"]
