"""Validation of the documents pages' input; the services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from charter import bounds
from charter.models import Department
from charter.privacy import validate_phone
from charter.scope import actionable_departments, scope_of
from charter.sms import counter_attrs, validate_sms_text
from charter.templatetags.charter_replies import reply_attrs

from .models import Channel, Notice, NoticeChannel, ReceivedDocument

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def datetime_field(label, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=DATETIME_FORMATS,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class InboxCheckForm(forms.Form):
    channel = forms.ChoiceField(label=_("Inbox"), choices=Channel.choices)
    # The page's department (hidden); empty: the user's own. The service checks the user may
    # log for it.
    department = forms.ModelChoiceField(
        queryset=Department.objects.active(), required=False, widget=forms.HiddenInput
    )
    checked_at = datetime_field(_("Checked at"), _("Empty: now."))


class ReceivedDocumentForm(forms.ModelForm):
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("The department the documents were sent to."),
    )
    received_at = datetime_field(_("Arrived at"), _("Empty: now."))
    field_order = ["department"]

    class Meta:
        model = ReceivedDocument
        fields = [
            "channel",
            "customer_name",
            "customer_phone",
            "customer_email",
            "description",
            "received_at",
        ]
        widgets = {"customer_phone": forms.TextInput(attrs={"type": "tel"})}
        help_texts = {"customer_phone": _("The phone number, the e-mail address or both.")}
        labels = {"customer_phone": pgettext_lazy("documents", "Customer phone number")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Departments to log for: those the user acts in; one of them needs no choosing.
        departments = actionable_departments(user).active().order_by("order", "pk")
        field = self.fields["department"]
        field.queryset = departments
        own = scope_of(user).staff
        if own is not None:
            field.initial = own.department_id
        if len(departments) <= 1:
            field.widget = forms.HiddenInput()

    def clean_customer_phone(self):
        phone = self.cleaned_data.get("customer_phone", "")
        if phone:
            validate_phone(phone)
        return phone


class ConfirmForm(forms.Form):
    confirmed_at = datetime_field(_("Confirmed at"), _("Empty: now."))


class IncompleteForm(forms.Form):
    processed_what_can = forms.BooleanField(
        label=_("What can be processed is processed, after telling the customer (D3)"),
        required=False,
    )
    blocked = forms.BooleanField(
        label=_("Processing is impossible without the missing documents (D4)"), required=False
    )
    missing_items = forms.CharField(
        label=_("Missing items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item a line; required when processing is impossible."),
    )
    how_to_prepare = forms.CharField(
        label=_("How to prepare them"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **reply_attrs("D")}),
    )


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("documents", "Notice"), choices=Notice.Kind.choices
    )
    channel = forms.ChoiceField(
        label=_("How"),
        choices=NoticeChannel.choices,
        help_text=_("SMS and e-mail are sent from here; a phone call, post or fax is recorded."),
    )
    to = forms.CharField(
        label=_("To"),
        required=False,
        max_length=254,
        help_text=_("Empty: the customer's phone number or e-mail address."),
    )
    sent_at = datetime_field(
        _("Made at"),
        _(
            "Empty: now (SMS and e-mail are sent). Given: a notice already made, recorded at "
            "that time; nothing is sent."
        ),
    )
    body = forms.CharField(
        label=_("Text to the customer"),
        required=False,
        max_length=bounds.NOTE,
        widget=forms.Textarea(attrs={"rows": 4, **counter_attrs("channel"), **reply_attrs("D")}),
        help_text=_("Empty: the standard receipt or deficiency notice (shown before sending)."),
    )

    def clean(self):
        data = super().clean()
        if data.get("channel") == NoticeChannel.SMS and data.get("body"):
            try:
                validate_sms_text(data["body"])
            except forms.ValidationError as error:
                self.add_error("body", error)
        return data
