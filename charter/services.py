"""The obligation service API. Views, the REST API, admin actions, tasks and the section apps
call these functions; none of them writes obligations any other way.

Errors are `django.core.exceptions.ValidationError` with messages in the user's language; the
pages show them on the form, the API turns them into a 400 (config.api.exception_handler).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .calendars import calendar_of, load_calendar
from .clock import ClockError, ensure_aware
from .models import Department, Obligation, StaffMember, Standard

# A phone system's clock may run a little ahead of ours; more than this is "in the future".
FUTURE_TOLERANCE = dt.timedelta(minutes=2)


def aware(value: dt.datetime, field: str) -> dt.datetime:
    """`value` as an aware datetime, or a ValidationError on `field`."""
    try:
        return ensure_aware(value, field)
    except ClockError as error:
        raise ValidationError({field: str(error)}) from error


def not_in_future(value: dt.datetime, field: str, *, now: dt.datetime | None = None):
    value = aware(value, field)
    if value > (now or timezone.now()) + FUTURE_TOLERANCE:
        raise ValidationError({field: _("This time is in the future.")})
    return value


def standard_get(code: str | Standard) -> Standard:
    if isinstance(code, Standard):
        return code
    try:
        return Standard.objects.select_related("section").get(code=str(code).strip().upper())
    except Standard.DoesNotExist:
        raise ValidationError(
            {
                "standard": _("There is no charter standard with the code “%(code)s”.")
                % {"code": code}
            }
        ) from None


def due_at_for(*, standard: Standard, department: Department, starts_at: dt.datetime):
    """The deadline of `standard` for something that starts at `starts_at` in `department`,
    from the standard's parameters as they are now and the department's calendar."""
    starts_at = aware(starts_at, "starts_at")
    duration = standard.duration
    if duration is None:
        raise ValidationError(
            {"standard": _("Standard %(code)s has no duration.") % {"code": standard.code}}
        )
    calendar = calendar_of(department)
    try:
        return load_calendar(calendar).due(starts_at, duration, standard.clock), calendar
    except ClockError as error:
        raise ValidationError({"starts_at": str(error)}) from error


def _subject_fields(subject: models.Model) -> dict:
    if subject.pk is None:
        raise ValueError("Save the subject before opening obligations on it.")
    return {
        "content_type": ContentType.objects.get_for_model(subject),
        "object_id": subject.pk,
    }


def obligation_open(
    *,
    standard: str | Standard,
    subject: models.Model,
    department: Department,
    starts_at: dt.datetime,
    responsible: StaffMember | None = None,
    due_at: dt.datetime | None = None,
    note: str = "",
) -> Obligation:
    """Open a deadline obligation. `due_at` is computed from the standard and the clock unless
    the rule itself names the time (the customer's requested time for V4, an estimate for V5)."""
    standard = standard_get(standard)
    starts_at = aware(starts_at, "starts_at")
    calendar = None
    if due_at is None:
        due_at, calendar = due_at_for(standard=standard, department=department, starts_at=starts_at)
    else:
        due_at = aware(due_at, "due_at")
        if due_at < starts_at:
            raise ValidationError({"due_at": _("The deadline cannot be before the start.")})
        calendar = calendar_of(department)
    return Obligation.objects.create(
        standard=standard,
        department=department,
        responsible=responsible,
        calendar=calendar,
        clock=standard.clock,
        starts_at=starts_at,
        due_at=due_at,
        note=note,
        **_subject_fields(subject),
    )


def obligation_record(
    *,
    standard: str | Standard,
    subject: models.Model,
    department: Department,
    at: dt.datetime,
    kept: bool,
    responsible: StaffMember | None = None,
    measured: int | None = None,
    note: str = "",
) -> Obligation:
    """Record an obligation settled the moment it is logged: a checklist tick, a threshold
    measured (rings, minutes late), an order kept or broken. Not kept is a breach at `at`."""
    standard = standard_get(standard)
    at = aware(at, "at")
    return Obligation.objects.create(
        standard=standard,
        department=department,
        responsible=responsible,
        clock=standard.clock,
        starts_at=at,
        due_at=at,
        status=Obligation.Status.MET if kept else Obligation.Status.BREACHED,
        met_at=at if kept else None,
        breached_at=None if kept else at,
        measured=measured,
        note=note,
        **_subject_fields(subject),
    )


def obligation_meet(*, obligation: Obligation, at: dt.datetime) -> Obligation:
    """The promise was kept at `at`: met when on time, a (late) breach after `due_at`, whether
    or not the scan has already run. Meeting a settled obligation is an error."""
    at = aware(at, "met_at")
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if at < locked.starts_at:
            raise ValidationError({"met_at": _("This is before the obligation started.")})
        if locked.status == Obligation.Status.OPEN:
            locked.met_at = at
            if at <= locked.due_at:
                locked.status = Obligation.Status.MET
            else:
                locked.status = Obligation.Status.BREACHED
                locked.breached_at = locked.due_at
        elif locked.status == Obligation.Status.BREACHED and locked.met_at is None:
            locked.met_at = at  # done late, after the scan flagged it: stays a breach
        else:
            raise ValidationError(
                _("This obligation is already settled (%(status)s).")
                % {"status": locked.get_status_display()}
            )
        locked.save(update_fields=["status", "met_at", "breached_at"])
    return locked


def obligation_meet_for(
    *, standard: str, subject: models.Model, at: dt.datetime
) -> Obligation | None:
    """Meet the open (or scanned-breached) obligation of `standard` on `subject`, if any."""
    obligation = (
        Obligation.objects.for_subject(subject)
        .for_standard(standard)
        .filter(met_at__isnull=True)
        .exclude(status=Obligation.Status.WAIVED)
        .order_by("due_at")
        .first()
    )
    if obligation is None:
        return None
    return obligation_meet(obligation=obligation, at=at)


def obligation_waive(*, obligation: Obligation, by, reason: str) -> Obligation:
    """A manager decides an obligation does not count (with a reason): open or breached."""
    if not by.has_perm("charter.waive_obligation"):
        raise ValidationError(_("Only managers may waive an obligation."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for waiving.")})
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if locked.status not in (Obligation.Status.OPEN, Obligation.Status.BREACHED):
            raise ValidationError(
                _("Only an open or breached obligation can be waived (this one is %(status)s).")
                % {"status": locked.get_status_display()}
            )
        locked.status = Obligation.Status.WAIVED
        locked.waived_at = timezone.now()
        locked.waived_by = by
        locked.waive_reason = reason
        locked.save(update_fields=["status", "waived_at", "waived_by", "waive_reason"])
    return locked


def breach_scan(*, now: dt.datetime | None = None) -> int:
    """Mark every open obligation whose deadline has passed as breached, at its deadline.

    One conditional UPDATE over the partial index of open rows: running it twice, or on two
    workers at once, changes nothing the second time. Returns how many rows it breached."""
    now = aware(now, "now") if now is not None else timezone.now()
    return (
        Obligation.objects.open()
        .due_before(now)
        .update(status=Obligation.Status.BREACHED, breached_at=F("due_at"))
    )
