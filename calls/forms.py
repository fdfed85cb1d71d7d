"""Forms of the call pages: validation of shapes only; the rules live in calls.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from charter.models import StaffMember
from charter.scope import actionable_departments

from .models import Call, Callback

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=LOCAL_MINUTE)


def _when(label, help_text=""):
    return forms.DateTimeField(label=label, widget=LocalDateTimeInput(), help_text=help_text)


class CallLogForm(forms.Form):
    """The quick call log. Field order follows a call: rings, who called, what about, the
    conduct ticks; when and whose extension default to now and me (rarely changed)."""

    rings = forms.IntegerField(
        label=_("Rings before you answered"),
        widget=forms.NumberInput(attrs={"autofocus": True, "inputmode": "numeric", "min": 0}),
    )
    caller_number = forms.CharField(
        label=Call._meta.get_field("caller_number").verbose_name,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    caller_name = forms.CharField(
        label=Call._meta.get_field("caller_name").verbose_name,
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    topic = forms.CharField(
        label=Call._meta.get_field("topic").verbose_name, required=False, max_length=200
    )
    greeting = forms.BooleanField(
        label=_("I greeted with department, rank and name (P1)"), required=False
    )
    repeated_back = forms.BooleanField(
        label=_("I repeated the key points back (P2)"), required=False
    )
    transferred = forms.BooleanField(
        label=_("I transferred the call to someone else (counts against P3)"), required=False
    )
    closing = forms.BooleanField(
        label=_(
            "I asked for further questions, thanked the caller and let them hang up first (P5)"
        ),
        required=False,
    )
    started_at = _when(_("Started ringing"))
    extension = forms.CharField(
        label=_("Extension"),
        max_length=10,
        required=False,
        help_text=_("Yours. Only a manager logs a colleague's call, with their extension."),
    )
    missed = forms.BooleanField(label=_("Not answered (missed call)"), required=False)


class CallbackForm(forms.Form):
    customer_name = forms.CharField(
        label=Callback._meta.get_field("customer_name").verbose_name,
        max_length=50,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    customer_phone = forms.CharField(
        label=Callback._meta.get_field("customer_phone").verbose_name,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    question = forms.CharField(
        label=Callback._meta.get_field("question").verbose_name,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assigned_to = forms.ModelChoiceField(
        label=Callback._meta.get_field("assigned_to").verbose_name,
        queryset=StaffMember.objects.none(),
        required=False,
        help_text=_("Empty: you."),
    )
    created_at = _when(_("Memo taken"), _("Change it only when you enter a memo after the fact."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Whose work it may be: active staff of the departments the user acts in.
        departments = actionable_departments(user)
        self.fields["assigned_to"].queryset = (
            StaffMember.objects.active()
            .working_in(departments)
            .select_related("department", "rank")
            .order_by("department__order", "name")
        )


class CallbackAnswerForm(forms.Form):
    summary = forms.CharField(
        label=_("What you told the customer"),
        widget=forms.Textarea(attrs={"rows": 3, "autofocus": True}),
    )
    greeting = forms.BooleanField(label=_("I said “안녕하십니까 고객님”"), required=False)
    identified = forms.BooleanField(label=_("I gave my department and name"), required=False)
    verified = forms.BooleanField(
        label=_("I confirmed I was speaking to the right customer"), required=False
    )
    answered_at = _when(_("Called back at"))
    answered_by = forms.ModelChoiceField(
        label=_("Called back by"),
        queryset=StaffMember.objects.none(),
        required=False,
        help_text=_("Empty: you. A manager may record a colleague's callback."),
    )

    def __init__(self, *args, colleagues, **kwargs):
        """`colleagues`: whom the user may name as the doer (charter.scope.colleagues); the
        picker is left out when that is only the user."""
        super().__init__(*args, **kwargs)
        if len(colleagues) > 1:
            self.fields["answered_by"].queryset = colleagues
        else:
            del self.fields["answered_by"]
