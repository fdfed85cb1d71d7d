"""Forms: input validation only; the services decide and write (and check who acts).

Pickers follow the user's scope (charter.scope): departments to log for are those they act in;
the absent or dedicated staff member is someone of those departments; "done by" (the
colleague who handled it, the visiting staff member) is `colleagues(user)`: themselves, or,
for a manager, the staff of their department."""

from django import forms
from django.utils.translation import gettext_lazy as _

from charter.models import Department, StaffMember
from charter.scope import actionable_departments, colleagues

from .models import AbsenceMemo, FieldVisit

ESTIMATE_CHOICES = [("", _("No estimate given"))] + [
    (str(m), _("%(minutes)s minutes") % {"minutes": m}) for m in (5, 10, 15, 20, 30, 45, 60, 90)
]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def staff_choices(user):
    """Active staff of the departments `user` acts in (home or covering), for "absent staff
    member" and "dedicated staff member"."""
    departments = actionable_departments(user)
    return StaffMember.objects.active().working_in(departments).select_related("department", "rank")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.department} · {obj.rank} {obj.name}"


class TakeNumberForm(forms.Form):
    purpose = forms.CharField(label=_("Business (optional)"), max_length=200, required=False)


class CallForm(forms.Form):
    ticket = forms.IntegerField(widget=forms.HiddenInput)
    priority_reason = forms.CharField(
        label=_("Priority reason"),
        max_length=200,
        required=False,
        help_text=_("Needed when someone who arrived earlier is still waiting."),
    )


class ServeForm(forms.Form):
    ticket = forms.IntegerField(widget=forms.HiddenInput)
    estimate_minutes = forms.TypedChoiceField(
        label=_("Estimated processing time told to the customer"),
        choices=ESTIMATE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )


class CompleteForm(forms.Form):
    ticket = forms.IntegerField(widget=forms.HiddenInput)
    greeted = forms.BooleanField(
        label=_("Greeted, gave department and name, took ownership (V2)"), required=False
    )
    greeted_first = forms.BooleanField(label=_("Greeted the customer first (V3)"), required=False)
    asked_further = forms.BooleanField(
        label=_("Asked about further business before seeing off (V7)"), required=False
    )


class TicketActionForm(forms.Form):
    ticket = forms.IntegerField(widget=forms.HiddenInput)


class AbsenceMemoForm(forms.Form):
    absent_staff = StaffChoiceField(
        label=_("Absent staff member"), queryset=StaffMember.objects.none()
    )
    reason = forms.ChoiceField(label=_("Reason for absence"), choices=AbsenceMemo.Reason.choices)
    reason_detail = forms.CharField(
        label=_("What the customer was told"), max_length=200, required=False
    )
    customer_name = forms.CharField(label=_("Customer name"), max_length=50)
    customer_phone = forms.CharField(label=_("Customer phone"), max_length=20, required=False)
    matter = forms.CharField(label=_("Matter"), max_length=300)
    handled_by = StaffChoiceField(
        label=_("Handled by colleague"),
        queryset=StaffMember.objects.none(),
        required=False,
        help_text=_("Either a colleague handled it, or give the time to contact the customer."),
    )
    contact_at = forms.DateTimeField(
        label=_("Contact the customer at"), widget=DateTimeInput(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absent_staff"].queryset = staff_choices(user)
        self.fields["handled_by"].queryset = colleagues(user)


class ContactForm(forms.Form):
    memo = forms.IntegerField(widget=forms.HiddenInput)


class AssistedVisitForm(forms.Form):
    customer_name = forms.CharField(label=_("Customer name"), max_length=50)
    customer_phone = forms.CharField(label=_("Customer phone"), max_length=20)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    booked_at = forms.DateTimeField(label=_("Booked visit time"), widget=DateTimeInput())
    needs = forms.CharField(label=_("Assistance needed"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = actionable_departments(user).active()


class AssignForm(forms.Form):
    visit = forms.IntegerField(widget=forms.HiddenInput)
    staff = StaffChoiceField(label=_("Dedicated staff member"), queryset=StaffMember.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_choices(user)


class FieldVisitForm(forms.Form):
    company = forms.CharField(label=_("Company"), max_length=100)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    scheduled_at = forms.DateTimeField(label=_("Scheduled time"), widget=DateTimeInput())
    staff = StaffChoiceField(label=_("Staff member"), queryset=StaffMember.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = colleagues(user)


class NoticeForm(forms.Form):
    method = forms.ChoiceField(label=_("Notice sent"), choices=FieldVisit.NoticeMethod.choices)
    notified_at = forms.DateTimeField(label=_("Notified at"), widget=DateTimeInput())


class ConsentForm(forms.Form):
    consented_at = forms.DateTimeField(label=_("Consent received at"), widget=DateTimeInput())


class VisitRecordForm(forms.Form):
    arrived_at = forms.DateTimeField(label=_("Arrived at"), widget=DateTimeInput())
    id_shown = forms.BooleanField(label=_("ID shown before working (S2)"), required=False)
    results_explained = forms.BooleanField(
        label=_("Results explained on site (S3)"), required=False
    )
    card_left = forms.BooleanField(label=_("Business card left (S3)"), required=False)
    closing_done = forms.BooleanField(
        label=_("Asked for other questions and closed politely (S4)"), required=False
    )
