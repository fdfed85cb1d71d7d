from django import forms
from django.utils.translation import gettext_lazy as _

from .services import NOTICE_CHANNELS


class PauseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the pause"),
        max_length=300,
        help_text=_("e.g. waiting for the customer's supplementary documents (보완 요청)"),
    )


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for waiving"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. the customer could not be reached at the number they gave"),
    )


class ExtendForm(forms.Form):
    due_at = forms.DateTimeField(
        label=_("New expected date"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(label=_("Reason for the extension"), max_length=300)
    notice_channel = forms.ChoiceField(
        label=_("Tell the customer by"),
        choices=list(
            zip(NOTICE_CHANNELS, [_("SMS"), _("e-mail"), _("phone"), _("post")], strict=True)
        ),
    )
    notice_to = forms.CharField(
        label=_("Phone number or e-mail address"),
        max_length=200,
        required=False,
        help_text=_("Needed to send by SMS or e-mail."),
    )


def add_service_errors(form: forms.Form, error) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one,
    else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
