"""The only place corrections are written. Pages, the REST API, the admin and the demo call
these functions; each runs in one transaction, so bad input stores nothing.

Who may: every service takes `by`, the acting user, and checks it before anything is written or
sent (charter.scope): reporting is `log` in the department of the staff member reported (C1) or
responsible (C2); correcting and notifying are `handle` in the record's department. The doer
fields (`corrected_by`, `discovered_by`) are the acting user's own staff member, or a colleague of
the record's department when a manager of it (or an admin) records it (charter.scope.acting_staff).

C1: reporting opens a C1 obligation (the standard's duration on its clock from the time the
report was received); recording the correction, the notice and the apology meets it. The
correcting staff member must be of a higher rank than the one involved: that rule lives in
`correction_rank_check` and nowhere else (the model's clean, the report form and serializer call
it for `assigned_to`; the correction service for the acting corrector).

C2: discovering a defect opens a C2 obligation (the standard's duration from the discovery);
correcting it meets that one and opens the follow-up (the standard's `followup` duration, on the
department's calendar, from the correction); notifying the customer meets the follow-up.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from charter.calendars import calendar_of, load_calendar
from charter.clock import SEOUL, ClockError
from charter.models import Obligation, StaffMember
from charter.scope import acting_staff, require, scope_of
from charter.services import (
    aware,
    not_in_future,
    obligation_meet_for,
    obligation_open,
    standard_get,
)
from charter.texts import Text
from notices.models import Message
from notices.services import message_queue

from .models import HandlingDefect, NoticeChannel, ServiceCorrection

C1 = "C1"
C2 = "C2"


class _Errors:
    """Collects field errors so that a form or an API call hears about all of them at once."""

    def __init__(self):
        self.errors: dict[str, list] = {}

    def add(self, field: str, message) -> None:
        self.errors.setdefault(field, []).append(message)

    def run(self, check, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    for item in errors:
                        self.errors.setdefault(field, []).extend(item.messages)
            else:
                self.errors.setdefault("__all__", []).extend(error.messages)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _required(errors: _Errors, **values) -> None:
    for field, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.add(field, _("This field is required."))


def _time(errors: _Errors, value, field: str) -> dt.datetime | None:
    if value is None:
        errors.add(field, _("This field is required."))
        return None
    return errors.run(not_in_future, value, field)


# -- The rank rule (C1) ------------------------------------------------------------------


def correction_rank_check(
    *, involved: StaffMember, corrector: StaffMember, field: str = "corrected_by"
) -> None:
    """C1: a correction is made by someone of a higher rank than the staff member involved.
    An equal or lower rank (the person involved included) is refused on `field`."""
    if corrector is None or involved is None:
        return
    if not corrector.rank.is_higher_than(involved.rank):
        raise ValidationError(
            {
                field: _(
                    "The correction must be made by someone of a higher rank than "
                    "%(involved)s (%(involved_rank)s); %(corrector)s is %(corrector_rank)s."
                )
                % {
                    "involved": involved.name,
                    "involved_rank": involved.rank,
                    "corrector": corrector.name,
                    "corrector_rank": corrector.rank,
                }
            },
            code="rank",
        )


# -- Notices to customers ----------------------------------------------------------------


def _notice_check(errors: _Errors, *, channel: str, email: str, phone: str, field: str) -> None:
    """Sending works by e-mail or SMS, to a contact the record has."""
    if channel == NoticeChannel.EMAIL:
        if not email:
            errors.add(field, _("There is no customer e-mail address to send the notice to."))
    elif channel == NoticeChannel.SMS:
        if not phone:
            errors.add(field, _("There is no customer phone number to send the notice to."))
    else:
        errors.add(field, _("Only e-mail and SMS notices can be sent from here."))


def _queue_notice(record, *, channel: str, subject, body: str) -> None:
    """Queue the customer's notice about `record` (the outbox sends it after commit), in the
    foundation's language whatever the staff member's page language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject)
    message_queue(
        kind=Message.Kind.CORRECTION,
        channel=Message.Channel.EMAIL if channel == NoticeChannel.EMAIL else Message.Channel.SMS,
        to=record.customer_email if channel == NoticeChannel.EMAIL else record.customer_phone,
        subject=subject,
        body=body,
        about=record,
        department=record.department_id,
    )


# -- C1: service corrections -------------------------------------------------------------


def service_correction_report(
    *,
    received_at: dt.datetime,
    channel: str,
    customer_name: str,
    what_happened: str,
    staff_involved: StaffMember,
    by,
    customer_phone: str = "",
    customer_email: str = "",
    assigned_to: StaffMember | None = None,
) -> ServiceCorrection:
    """Record a report of unkind or insincere service (`log` in the department of the staff
    member involved, recorded under the acting user); opens its C1 deadline."""
    require(by, "log")
    department_id = staff_involved.department_id if staff_involved else None
    if department_id is not None:
        require(by, "log", department_id, field="staff_involved")
    errors = _Errors()
    received_at = _time(errors, received_at, "received_at")
    if assigned_to is not None and department_id and not assigned_to.works_in(department_id):
        errors.add(
            "assigned_to",
            _("%(name)s does not work in this department.") % {"name": assigned_to.name},
        )
    report = ServiceCorrection(
        received_at=received_at,
        channel=channel,
        customer_name=(customer_name or "").strip(),
        customer_phone=(customer_phone or "").strip(),
        customer_email=(customer_email or "").strip(),
        what_happened=(what_happened or "").strip(),
        staff_involved=staff_involved,
        department_id=department_id,
        assigned_to=assigned_to,
        reported_by=scope_of(by).staff,
    )
    errors.run(report.full_clean, exclude=["department", *errors.errors])
    errors.raise_if_any()
    with transaction.atomic():
        report.save()
        obligation_open(
            standard=C1,
            subject=report,
            department=report.department,
            starts_at=report.received_at,
            responsible=assigned_to,
            note=f"{report} {staff_involved.name}",
        )
    return report


def service_correction_correct(
    *,
    correction: ServiceCorrection,
    by,
    at: dt.datetime,
    action: str,
    notice_channel: str,
    notice: str,
    apology: str,
    corrected_by: StaffMember | None = None,
    notice_at: dt.datetime | None = None,
    send_notice: bool = False,
) -> ServiceCorrection:
    """Record the correction by a higher rank, the notice to the customer and the apology
    (`handle` in the report's department). The corrector is the acting user's own staff
    member, or `corrected_by` when a manager of the department names a colleague; either way
    of a higher rank than the staff member involved. Meets C1 when the last of them is done
    (late = breach). Recorded once only."""
    require(by, "handle")
    with transaction.atomic():
        locked = (
            ServiceCorrection.objects.select_for_update(of=("self",))
            .select_related("staff_involved__rank")
            .get(pk=correction.pk)
        )
        require(by, "handle", locked.department_id)
        if locked.corrected_at is not None:
            raise ValidationError(
                _("This correction was already recorded on %(date)s.")
                % {"date": f"{locked.corrected_at.astimezone(SEOUL):%Y-%m-%d %H:%M}"},
                code="twice",
            )
        errors = _Errors()
        corrected_by = errors.run(
            acting_staff,
            by=by,
            staff=corrected_by,
            department=locked.department_id,
            field="corrected_by",
        )
        if corrected_by is not None:
            errors.run(
                correction_rank_check, involved=locked.staff_involved, corrector=corrected_by
            )
        at = _time(errors, at, "at")
        notice_at = at if notice_at is None else _time(errors, notice_at, "notice_at")
        if at is not None and at < locked.received_at:
            errors.add("at", _("The correction cannot be before the report was received."))
        if at is not None and notice_at is not None and notice_at < at:
            errors.add("notice_at", _("The customer cannot be told before the correction."))
        _required(errors, action=action, notice=notice, apology=apology)
        if notice_channel not in NoticeChannel.values:
            errors.add("notice_channel", _("Choose how the customer was told."))
        elif send_notice:
            _notice_check(
                errors,
                channel=notice_channel,
                email=locked.customer_email,
                phone=locked.customer_phone,
                field="send_notice",
            )
        errors.raise_if_any()

        locked.corrected_by = corrected_by
        locked.corrected_at = at
        locked.action = action.strip()
        locked.notice_channel = notice_channel
        locked.notified_at = notice_at
        locked.notice_text = notice.strip()
        locked.apology = apology.strip()
        locked.save()
        obligation_meet_for(standard=C1, subject=locked, at=max(at, notice_at))
        if send_notice:
            _queue_notice(
                locked,
                channel=notice_channel,
                subject=gettext_lazy(
                    "Gyeonggi Credit Guarantee Foundation: our correction and apology"
                ),
                body=f"{locked.notice_text}\n\n{locked.apology}",
            )
    return locked


# -- C2: complaint-handling defects ------------------------------------------------------


def handling_defect_report(
    *,
    case_reference: str,
    what: str,
    discovered_at: dt.datetime,
    responsible: StaffMember,
    by,
    discovered_by: StaffMember | None = None,
    customer_name: str = "",
    customer_phone: str = "",
    customer_email: str = "",
) -> HandlingDefect:
    """Record a defect found in handling a case (`log` in the responsible staff member's
    department); discovered by the acting user's own staff member, or by `discovered_by` when
    a manager of the department names a colleague. Opens its C2 deadline (correction)."""
    require(by, "log")
    department_id = responsible.department_id if responsible else None
    if department_id is not None:
        require(by, "log", department_id, field="responsible")
    errors = _Errors()
    discovered_at = _time(errors, discovered_at, "discovered_at")
    discovered_by = errors.run(
        acting_staff,
        by=by,
        staff=discovered_by,
        department=department_id,
        field="discovered_by",
    )
    defect = HandlingDefect(
        case_reference=(case_reference or "").strip(),
        what=(what or "").strip(),
        discovered_at=discovered_at,
        discovered_by=discovered_by,
        responsible=responsible,
        department_id=department_id,
        customer_name=(customer_name or "").strip(),
        customer_phone=(customer_phone or "").strip(),
        customer_email=(customer_email or "").strip(),
    )
    errors.run(defect.full_clean, exclude=["department", *errors.errors])
    errors.raise_if_any()
    with transaction.atomic():
        defect.save()
        obligation_open(
            standard=C2,
            subject=defect,
            department=defect.department,
            starts_at=defect.discovered_at,
            responsible=responsible,
            note=f"{defect}",
        )
    return defect


def followup_due_at(*, defect: HandlingDefect, corrected_at: dt.datetime):
    """When the customer must be told: C2's follow-up duration after the correction, on the
    department's calendar and the standard's clock. None when the standard has no follow-up."""
    standard = standard_get(C2)
    if standard.followup is None:
        return None, standard
    corrected_at = aware(corrected_at, "at")
    calendar = load_calendar(calendar_of(defect.department))
    try:
        return calendar.due(corrected_at, standard.followup, standard.clock), standard
    except ClockError as error:
        raise ValidationError({"at": str(error)}) from error


def handling_defect_correct(
    *,
    defect: HandlingDefect,
    by,
    at: dt.datetime,
    correction: str,
    corrected_by: StaffMember | None = None,
) -> HandlingDefect:
    """Record the correction (`handle` in the defect's department; corrected by the acting
    user's own staff member, or a colleague a manager of the department names): meets the C2
    deadline (late = breach) and opens the follow-up (notify the customer within the
    standard's follow-up duration)."""
    require(by, "handle")
    with transaction.atomic():
        locked = (
            HandlingDefect.objects.select_for_update(of=("self",))
            .select_related("department__calendar")
            .get(pk=defect.pk)
        )
        require(by, "handle", locked.department_id)
        if locked.corrected_at is not None:
            raise ValidationError(
                _("This defect was already corrected on %(date)s.")
                % {"date": f"{locked.corrected_at.astimezone(SEOUL):%Y-%m-%d %H:%M}"},
                code="twice",
            )
        errors = _Errors()
        corrected_by = errors.run(
            acting_staff,
            by=by,
            staff=corrected_by,
            department=locked.department_id,
            field="corrected_by",
        )
        at = _time(errors, at, "at")
        if at is not None and at < locked.discovered_at:
            errors.add("at", _("The correction cannot be before the defect was discovered."))
        _required(errors, correction=correction)
        errors.raise_if_any()

        locked.corrected_by = corrected_by
        locked.corrected_at = at
        locked.correction = correction.strip()
        locked.save()
        obligation_meet_for(standard=C2, subject=locked, at=at)
        due_at, standard = followup_due_at(defect=locked, corrected_at=at)
        if due_at is not None:
            obligation_open(
                standard=standard,
                subject=locked,
                department=locked.department,
                starts_at=at,
                due_at=due_at,
                responsible=locked.responsible,
                note=Text(N_("%(defect)s: notify the customer"), defect=str(locked)),
                part=Obligation.Part.NOTICE,
            )
    return locked


def handling_defect_notify(
    *,
    defect: HandlingDefect,
    by,
    at: dt.datetime,
    channel: str,
    text: str,
    send: bool = False,
) -> HandlingDefect:
    """Record that the customer was told of the correction (`handle` in the defect's
    department: nobody outside it records or sends the notice); meets the C2 follow-up."""
    require(by, "handle")
    with transaction.atomic():
        locked = HandlingDefect.objects.select_for_update(of=("self",)).get(pk=defect.pk)
        require(by, "handle", locked.department_id)
        if locked.corrected_at is None:
            raise ValidationError(
                _("Record the correction before notifying the customer."), code="order"
            )
        if locked.notified_at is not None:
            raise ValidationError(
                _("The customer was already notified on %(date)s.")
                % {"date": f"{locked.notified_at.astimezone(SEOUL):%Y-%m-%d %H:%M}"},
                code="twice",
            )
        errors = _Errors()
        at = _time(errors, at, "at")
        if at is not None and at < locked.corrected_at:
            errors.add(
                "at",
                _("The customer cannot be notified before the correction (%(time)s).")
                % {"time": f"{locked.corrected_at.astimezone(SEOUL):%Y-%m-%d %H:%M}"},
            )
        _required(errors, text=text)
        if channel not in NoticeChannel.values:
            errors.add("channel", _("Choose how the customer was told."))
        elif send:
            _notice_check(
                errors,
                channel=channel,
                email=locked.customer_email,
                phone=locked.customer_phone,
                field="send",
            )
        errors.raise_if_any()

        locked.notified_at = at
        locked.notice_channel = channel
        locked.notice_text = text.strip()
        locked.save()
        obligation_meet_for(standard=C2, subject=locked, at=at, part=Obligation.Part.NOTICE)
        if send:
            _queue_notice(
                locked,
                channel=channel,
                subject=gettext_lazy(
                    "Gyeonggi Credit Guarantee Foundation: your case was corrected"
                ),
                body=locked.notice_text,
            )
    return locked
