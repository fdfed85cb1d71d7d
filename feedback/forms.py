"""Forms: validation of what people type. The services decide and write.

Staff forms take the acting `user` (and the record's department) so that their pickers offer
only what that user may choose (charter.scope): the departments they log for, the people of
the record's department, the colleagues they may name as the doer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from charter.models import Department, StaffMember
from charter.scope import actionable_departments, colleagues, may, scope_of
from charter.sms import counter_attrs, validate_sms_text
from charter.templatetags.charter_replies import reply_attrs

from .models import (
    EMAIL_MAX,
    NAME_MAX,
    PHONE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Channel,
    Feedback,
    Reply,
    ReplyChannel,
)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _departments():
    return Department.objects.filter(active=True)


def people_of(user, *departments):
    """Active staff of `departments` and of the departments `user` acts in: whom an item may
    be assigned to."""
    people = StaffMember.objects.active().select_related("rank", "department")
    acts = scope_of(user).act
    if acts is None:  # an admin: anyone
        return people
    ids = {d.pk if isinstance(d, Department) else d for d in departments if d is not None}
    ids |= set(acts)
    return people.working_in(ids)


class DoerMixin:
    """A `replied_by` picker ("sent by") only for users who may record in a colleague's name
    (a manager of the department); everyone else is recorded as themselves."""

    def _doer(self, user, department):
        if user is None or not may(user, "record_for_colleague", department):
            del self.fields["replied_by"]
            return
        self.fields["replied_by"].queryset = colleagues(user, department)
        own = scope_of(user).staff
        if own is not None:
            self.fields["replied_by"].initial = own.pk


class PublicSubmitForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like to send?"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        initial=Feedback.Kind.OPINION,
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=_departments(),
        required=False,
        empty_label=_("Not sure (customer support will pass it on)"),
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Details"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 4,000 characters."),
    )
    customer_name = forms.CharField(label=_("Your name"), max_length=NAME_MAX, required=False)
    customer_phone = forms.CharField(
        label=_("Phone"),
        max_length=PHONE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A phone number or an e-mail address (or both), to receive the answer."),
    )
    customer_email = forms.EmailField(
        label=_("E-mail"),
        max_length=EMAIL_MAX,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the foundation collects my name and contact to answer me; they are "
            "deleted after the retention period."
        ),
        required=True,
        error_messages={
            "required": _("Agree to the collection of your personal data to continue.")
        },
    )
    # Honeypot: hidden from people (display: none); robots fill every field they see.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def clean(self):
        data = super().clean()
        if (
            not data.get("customer_phone")
            and not data.get("customer_email")
            and "customer_phone" not in self.errors
            and "customer_email" not in self.errors
        ):
            self.add_error(
                "customer_phone", _("Give a phone number or an e-mail address (or both).")
            )
        return data

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "GC-2026-XXXX-XXXX-XXXX"}
        ),
    )
    contact = forms.CharField(
        label=_("Phone or e-mail you gave"),
        max_length=EMAIL_MAX,
    )


class ReceiveForm(forms.Form):
    """Staff log an opinion or complaint received by phone, visit, post or e-mail, for a
    department they log for."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Feedback.Kind.choices)
    channel = forms.ChoiceField(label=_("Received by"), choices=Channel.choices)
    received_at = forms.DateTimeField(label=_("Received"), widget=LocalDateTimeInput)
    department = forms.ModelChoiceField(label=_("Department"), queryset=_departments())
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=StaffMember.objects.active().select_related("rank"),
        required=False,
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    text = forms.CharField(label=_("Details"), max_length=TEXT_MAX, widget=forms.Textarea)
    customer_name = forms.CharField(label=_("Customer name"), max_length=NAME_MAX, required=False)
    customer_phone = forms.CharField(label=_("Phone"), max_length=PHONE_MAX, required=False)
    customer_email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_MAX, required=False)
    consent = forms.BooleanField(
        label=_("The customer agreed to the collection of personal data"), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = actionable_departments(user).filter(active=True)
        self.fields["department"].queryset = departments
        self.fields["department"].required = False
        self.fields["department"].empty_label = _("My department")
        self.fields["assignee"].queryset = people_of(user)


class AssignForm(forms.Form):
    """Assign to a person of the item's department, or hand it over to another department
    (any active one). Without a department it stays where it is."""

    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=_departments(),
        required=False,
        empty_label=_("Keep the current department"),
    )
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=StaffMember.objects.active().select_related("rank"),
        required=False,
    )

    def __init__(self, *args, user=None, feedback=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people_of(
            user, feedback.department_id if feedback else None
        )


class CauseForm(forms.Form):
    cause = forms.ChoiceField(
        label=_("Cause"), choices=[("", _("Choose a cause"))] + Feedback.Cause.choices
    )


class ReplyForm(DoerMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of notice"),
        choices=[
            (Reply.Kind.PROGRESS, Reply.Kind.PROGRESS.label),
            (Reply.Kind.RESULT, Reply.Kind.RESULT.label),
        ],
    )
    channel = forms.ChoiceField(label=_("Send by"), choices=ReplyChannel.choices)
    text = forms.CharField(
        label=_("Text to the customer"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, **counter_attrs("channel"), **reply_attrs("F")}),
    )
    replied_by = forms.ModelChoiceField(
        label=_("Sent by"), queryset=StaffMember.objects.none(), required=False
    )

    def __init__(self, *args, user=None, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._doer(user, department)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("channel") == ReplyChannel.SMS and cleaned.get("text"):
            try:
                validate_sms_text(cleaned["text"])
            except forms.ValidationError as error:
                self.add_error("text", error)
        return cleaned


class CorrectiveForm(DoerMixin, forms.Form):
    action = forms.CharField(
        label=_("Corrective action taken"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    correction_reference = forms.CharField(
        label=_("Correction record (optional)"), max_length=100, required=False
    )
    channel = forms.ChoiceField(label=_("Send by"), choices=ReplyChannel.choices)
    notice = forms.CharField(
        label=_("Notice to the customer"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    replied_by = forms.ModelChoiceField(
        label=_("Sent by"), queryset=StaffMember.objects.none(), required=False
    )

    def __init__(self, *args, user=None, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._doer(user, department)


class ContestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    department = forms.ModelChoiceField(label=_("Department"), queryset=_departments())
    entries_open_at = forms.DateTimeField(label=_("Entries open"), widget=LocalDateTimeInput)
    awards_due_at = forms.DateTimeField(label=_("Announced award date"), widget=LocalDateTimeInput)
    rules = forms.CharField(
        label=_("Award rules"),
        max_length=TEXT_MAX * 2,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("They must be published before entries open."),
    )
    rules_published_at = forms.DateTimeField(
        label=_("Rules published (if already)"), required=False, widget=LocalDateTimeInput
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = actionable_departments(user).filter(active=True)
        self.fields["department"].required = False
        self.fields["department"].empty_label = _("My department")


class RulesForm(forms.Form):
    rules = forms.CharField(
        label=_("Award rules"), max_length=TEXT_MAX * 2, widget=forms.Textarea(attrs={"rows": 5})
    )


class AwardsForm(forms.Form):
    awards = forms.CharField(
        label=_("Awards"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
