"""Validation of what staff type; the writing is done by corrections.services.

Pickers offer what the user may name: the staff involved / responsible / to correct are active
staff of the departments the user acts in; "corrected by" and "discovered by" are the user or,
for a manager, colleagues of the department (charter.scope.colleagues). Left empty, the acting
user's own staff member is recorded. The services check all of it again."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import pgettext, pgettext_lazy

from charter.forms import add_service_errors
from charter.models import StaffMember
from charter.privacy import validate_phone
from charter.scope import actionable_departments, colleagues
from charter.templatetags.charter_replies import reply_attrs

from .models import Channel, NoticeChannel
from .services import correction_rank_check

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def staff_choices(user):
    """Active staff of the departments `user` acts in (whom a record there can be about)."""
    return (
        StaffMember.objects.active()
        .filter(department__in=actionable_departments(user))
        .select_related("rank", "department")
    )


def doer_field(label):
    """Who did it: empty means the acting user (the form preselects them)."""
    return StaffChoiceField(
        label=label, queryset=StaffMember.objects.none(), required=False, empty_label=None
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.rank}, {obj.department})"


class ServiceErrorsMixin:
    """Put a service's ValidationError on the form's fields (unknown fields: on the form);
    includes/field.html points each field at its message for screen readers."""

    def add_service_error(self, error: ValidationError) -> None:
        add_service_errors(self, error)


class ServiceCorrectionReportForm(ServiceErrorsMixin, forms.Form):
    received_at = forms.DateTimeField(
        label=pgettext_lazy("corrections", "Received"), widget=DateTimeInput()
    )
    channel = forms.ChoiceField(
        label=pgettext_lazy("corrections", "Received by"), choices=Channel.choices
    )
    staff_involved = StaffChoiceField(
        label=pgettext_lazy("corrections", "Staff member involved"),
        queryset=StaffMember.objects.none(),
    )
    what_happened = forms.CharField(
        label=pgettext_lazy("corrections", "What happened"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    customer_name = forms.CharField(
        label=pgettext_lazy("corrections", "Customer's name"), max_length=100
    )
    customer_phone = forms.CharField(
        label=pgettext_lazy("corrections", "Customer's phone"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    customer_email = forms.EmailField(
        label=pgettext_lazy("corrections", "Customer's e-mail"), required=False
    )
    assigned_to = StaffChoiceField(
        label=pgettext_lazy("corrections", "To be corrected by"),
        queryset=StaffMember.objects.none(),
        required=False,
        help_text=pgettext_lazy(
            "corrections", "Optional: a staff member of a higher rank than the one involved."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_involved"].queryset = staff_choices(user)
        self.fields["assigned_to"].queryset = staff_choices(user)

    def clean(self):
        data = super().clean()
        involved, assigned = data.get("staff_involved"), data.get("assigned_to")
        if involved and assigned:
            try:
                correction_rank_check(involved=involved, corrector=assigned, field="assigned_to")
            except ValidationError as error:
                self.add_service_error(error)
        return data


class ServiceCorrectionCorrectForm(ServiceErrorsMixin, forms.Form):
    corrected_by = doer_field(pgettext_lazy("corrections", "Corrected by"))
    at = forms.DateTimeField(
        label=pgettext_lazy("corrections", "Corrected at"), widget=DateTimeInput()
    )
    action = forms.CharField(
        label=pgettext_lazy("corrections", "Corrective action"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notice_channel = forms.ChoiceField(
        label=pgettext_lazy("corrections", "Customer told by"),
        choices=[("", "---------"), *NoticeChannel.choices],
    )
    notice_at = forms.DateTimeField(
        label=pgettext_lazy("corrections", "Customer told at"),
        widget=DateTimeInput(),
        required=False,
        help_text=pgettext_lazy("corrections", "Empty: at the time of the correction."),
    )
    notice = forms.CharField(
        label=pgettext_lazy("corrections", "Notice to the customer"),
        widget=forms.Textarea(attrs={"rows": 3, **reply_attrs("C")}),
    )
    apology = forms.CharField(
        label=pgettext_lazy("corrections", "Apology"), widget=forms.Textarea(attrs={"rows": 3})
    )
    send_notice = forms.BooleanField(
        label=pgettext_lazy("corrections", "Send the notice and the apology now by e-mail or SMS"),
        required=False,
    )

    def __init__(self, *args, correction, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.correction = correction
        field = self.fields["corrected_by"]
        field.queryset = colleagues(user, correction.department_id)
        involved = correction.staff_involved
        # The rank rule itself is checked by the service (correction_rank_check).
        field.help_text = pgettext(
            "corrections",
            "Must be of a higher rank than %(name)s (%(rank)s), the staff member involved.",
        ) % {"name": involved.name, "rank": involved.rank}


class HandlingDefectReportForm(ServiceErrorsMixin, forms.Form):
    case_reference = forms.CharField(
        label=pgettext_lazy("corrections", "Case reference"),
        max_length=50,
        help_text=pgettext_lazy("corrections", "The complaint's tracking number or file number."),
    )
    what = forms.CharField(
        label=pgettext_lazy("corrections", "The defect"), widget=forms.Textarea(attrs={"rows": 4})
    )
    discovered_at = forms.DateTimeField(
        label=pgettext_lazy("corrections", "Discovered"), widget=DateTimeInput()
    )
    discovered_by = doer_field(pgettext_lazy("corrections", "Discovered by"))
    responsible = StaffChoiceField(
        label=pgettext_lazy("corrections", "Responsible staff member"),
        queryset=StaffMember.objects.none(),
    )
    customer_name = forms.CharField(
        label=pgettext_lazy("corrections", "Customer's name"), max_length=100, required=False
    )
    customer_phone = forms.CharField(
        label=pgettext_lazy("corrections", "Customer's phone"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    customer_email = forms.EmailField(
        label=pgettext_lazy("corrections", "Customer's e-mail"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discovered_by"].queryset = colleagues(user)
        self.fields["responsible"].queryset = staff_choices(user)


class HandlingDefectCorrectForm(ServiceErrorsMixin, forms.Form):
    corrected_by = doer_field(pgettext_lazy("corrections", "Corrected by"))
    at = forms.DateTimeField(
        label=pgettext_lazy("corrections", "Corrected at"), widget=DateTimeInput()
    )
    correction = forms.CharField(
        label=pgettext_lazy("corrections", "What was corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, defect, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrected_by"].queryset = colleagues(user, defect.department_id)


class HandlingDefectNotifyForm(ServiceErrorsMixin, forms.Form):
    at = forms.DateTimeField(
        label=pgettext_lazy("corrections", "Customer told at"), widget=DateTimeInput()
    )
    channel = forms.ChoiceField(
        label=pgettext_lazy("corrections", "Customer told by"),
        choices=[("", "---------"), *NoticeChannel.choices],
    )
    text = forms.CharField(
        label=pgettext_lazy("corrections", "Notice to the customer"),
        widget=forms.Textarea(attrs={"rows": 3, **reply_attrs("C")}),
    )
    send = forms.BooleanField(
        label=pgettext_lazy("corrections", "Send the notice now by e-mail or SMS"), required=False
    )
