"""The obligation service API. Views, the REST API, admin actions, tasks and the section apps
call these functions; none of them writes obligations any other way.

Errors are `django.core.exceptions.ValidationError` with messages in the user's language; the
pages show them on the form, the API turns them into a 400 (config.api.exception_handler).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import scope, texts
from .calendars import CalendarVersions, calendar_of, current_calendar, load_calendar
from .clock import Clock, ClockError, WorkCalendar, ensure_aware
from .models import (
    Department,
    Obligation,
    ObligationEvent,
    RecomputeRun,
    StaffMember,
    Standard,
)
from .texts import Text

logger = logging.getLogger(__name__)

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
        return current_calendar(calendar).due(starts_at, duration, standard.clock), calendar
    except ClockError as error:
        raise ValidationError({"starts_at": str(error)}) from error


def _subject_fields(subject: models.Model) -> dict:
    if subject.pk is None:
        raise ValueError("Save the subject before opening obligations on it.")
    return {
        "content_type": ContentType.objects.get_for_model(subject),
        "object_id": subject.pk,
    }


def _note_fields(note: str | Text) -> dict:
    free, data = texts.split(note)
    return {"note": free[:300], "note_data": data}


def obligation_open(
    *,
    standard: str | Standard,
    subject: models.Model,
    department: Department,
    starts_at: dt.datetime,
    responsible: StaffMember | None = None,
    due_at: dt.datetime | None = None,
    note: str | Text = "",
    part: str = Obligation.Part.STANDARD,
) -> Obligation:
    """Open a deadline obligation. `due_at` is computed from the standard and the clock unless
    the rule itself names the time (the customer's requested time for V4, an estimate for V5).
    `part`: Obligation.Part.NOTICE for the standard's follow-up (C2's notice), reported apart."""
    standard = standard_get(standard)
    starts_at = aware(starts_at, "starts_at")
    day_count = False
    if due_at is None:
        due_at, calendar = due_at_for(standard=standard, department=department, starts_at=starts_at)
        day_count = WorkCalendar.counts_days(standard.duration, standard.clock)
    else:
        due_at = aware(due_at, "due_at")
        if due_at < starts_at:
            raise ValidationError({"due_at": _("The deadline cannot be before the start.")})
        calendar = calendar_of(department)
    obligation = Obligation.objects.create(
        standard=standard,
        department=department,
        responsible=responsible,
        calendar=calendar,
        clock=standard.clock,
        part=part,
        day_count=day_count,
        starts_at=starts_at,
        due_at=due_at,
        promised_due_at=due_at,
        computed_at=timezone.now(),
        **_note_fields(note),
        **_subject_fields(subject),
    )
    _event(obligation, ObligationEvent.Kind.OPEN, at=starts_at)
    return obligation


def obligation_record(
    *,
    standard: str | Standard,
    subject: models.Model,
    department: Department,
    at: dt.datetime,
    kept: bool,
    responsible: StaffMember | None = None,
    measured: int | None = None,
    note: str | Text = "",
) -> Obligation:
    """Record an obligation settled the moment it is logged: a checklist tick, a threshold
    measured (rings, minutes late), an order kept or broken. Not kept is a breach at `at`."""
    [obligation] = obligations_record(
        subject=subject,
        department=department,
        at=at,
        outcomes=[(standard_get(standard), kept, measured)],
        responsible=responsible,
        note=note,
    )
    return obligation


def obligations_record(
    *,
    subject: models.Model,
    department: Department,
    at: dt.datetime,
    outcomes: list[tuple[Standard, bool, int | None]],
    responsible: StaffMember | None = None,
    note: str | Text = "",
) -> list[Obligation]:
    """Obligations settled the moment they are logged, several standards of one subject at
    once: (standard, kept, measured) each, settled at `at`, `note` on each; two INSERTs (the
    obligations, their events) in all. The one place such a row is built (obligation_record is
    this for one standard)."""
    at = aware(at, "at")
    subject_fields = _subject_fields(subject)
    rows = [
        Obligation(
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
            **_note_fields(note),
            **subject_fields,
        )
        for standard, kept, measured in outcomes
    ]
    Obligation.objects.bulk_create(rows)
    ObligationEvent.objects.bulk_create(
        ObligationEvent(
            obligation=row,
            kind=ObligationEvent.Kind.MET if row.met_at else ObligationEvent.Kind.BREACH,
            at=at,
            due_before=at,
            due_after=at,
        )
        for row in rows
    )
    return rows


def _event(obligation: Obligation, kind: str, *, at: dt.datetime, **fields) -> ObligationEvent:
    """One state change of `obligation`, in the caller's transaction."""
    fields.setdefault("due_before", obligation.due_at)
    fields.setdefault("due_after", obligation.due_at)
    if isinstance(fields.get("reason"), Text):  # written by the app: stored language-neutral
        fields["reason"], fields["reason_data"] = texts.split(fields["reason"])
    return ObligationEvent.objects.create(obligation=obligation, kind=kind, at=at, **fields)


def margin_minutes(obligation: Obligation, at: dt.datetime) -> int:
    """Minutes before (positive) or after (negative) the deadline at `at`, on the
    obligation's own clock (working time for the business and statutory clocks)."""
    due = obligation.due_at
    early, late = (at, due) if at <= due else (due, at)
    if obligation.clock == Clock.CALENDAR:
        span = late - early
    else:
        span = _clock_of(obligation).business_time_between(early, late)
    minutes = int(span.total_seconds() // 60)
    return minutes if at <= due else -minutes


def obligation_meet(*, obligation: Obligation, at: dt.datetime) -> Obligation:
    """The promise was kept at `at`: met when on time, a (late) breach after `due_at`, whether
    or not the scan has already run (a scanned breach recorded later as done in time becomes
    met: the record's time decides). Meeting a settled obligation is an error."""
    at = aware(at, "met_at")
    reason = ""
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if at < locked.starts_at:
            raise ValidationError({"met_at": _("This is before the obligation started.")})
        if locked.status == Obligation.Status.PAUSED:
            # Done while paused (the customer acted and staff finished at once): the pause
            # ends at `at`, and the deadline moves by the paused time as on resume.
            _end_pause(locked, at=at, by=None)
        if locked.status == Obligation.Status.OPEN:
            locked.met_at = at
            if at <= locked.due_at:
                locked.status = Obligation.Status.MET
            else:
                locked.status = Obligation.Status.BREACHED
                locked.breached_at = locked.due_at
                _event(locked, ObligationEvent.Kind.BREACH, at=locked.due_at, margin_minutes=0)
        elif locked.status == Obligation.Status.BREACHED and locked.met_at is None:
            locked.met_at = at
            if at <= locked.due_at:
                # Kept in time, recorded after the deadline (the scan could not know): the
                # record's own time decides, so a promise kept stays kept.
                locked.status = Obligation.Status.MET
                locked.breached_at = None
                reason = Text(gettext_noop("Recorded after the deadline; kept in time."))
            # else done late, after the scan flagged it: stays a breach
        else:
            raise ValidationError(
                _("This obligation is already settled (%(status)s).")
                % {"status": locked.get_status_display()}
            )
        locked.save(update_fields=["status", "met_at", "breached_at", "due_at", "paused_at"])
        _event(
            locked,
            ObligationEvent.Kind.MET,
            at=at,
            margin_minutes=margin_minutes(locked, at),
            reason=reason,
        )
    return locked


def obligation_meet_for(
    *,
    standard: str,
    subject: models.Model,
    at: dt.datetime,
    part: str = Obligation.Part.STANDARD,
) -> Obligation | None:
    """Meet the open (or scanned-breached) obligation of `standard` (its `part`) on `subject`,
    if any."""
    obligation = (
        Obligation.objects.for_subject(subject).for_standard(standard, part=part).next_pending()
    )
    if obligation is None:
        return None
    return obligation_meet(obligation=obligation, at=at)


def obligation_reassign(
    *,
    subject: models.Model,
    department: Department,
    responsible: StaffMember | None = None,
    by=None,
    reason: str = "",
) -> int:
    """The thing an obligation is about moved to another department or person: its open and
    paused obligations follow it (handed over: they leave the sender's scope and appear in the
    receiver's). Their deadlines stay as they were promised (the clock does not restart); each
    move is an event. The section service that moves the subject checks its actor. Returns how
    many moved."""
    live = Obligation.objects.for_subject(subject).live().select_for_update()
    moved = [o for o in live if o.department_id != department.pk or o.responsible != responsible]
    if not moved:
        return 0
    now = timezone.now()
    why, why_data = texts.split(
        reason or Text(gettext_noop("Handed over to %(department)s"), department=department.name)
    )
    Obligation.objects.filter(pk__in=[o.pk for o in moved]).update(
        department=department, responsible=responsible
    )
    ObligationEvent.objects.bulk_create(
        ObligationEvent(
            obligation=o,
            kind=ObligationEvent.Kind.REASSIGN,
            at=now,
            by=by,
            reason=why,
            reason_data=why_data,
            due_before=o.due_at,
            due_after=o.due_at,
        )
        for o in moved
    )
    return len(moved)


def obligation_waive(*, obligation: Obligation, by, reason: str) -> Obligation:
    """A manager of the obligation's department decides it does not count (with a reason):
    open or breached."""
    scope.require(by, "waive", obligation.department_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for waiving.")})
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if locked.status not in (
            Obligation.Status.OPEN,
            Obligation.Status.PAUSED,
            Obligation.Status.BREACHED,
        ):
            raise ValidationError(
                _("Only an open or breached obligation can be waived (this one is %(status)s).")
                % {"status": locked.get_status_display()}
            )
        locked.status = Obligation.Status.WAIVED
        locked.waived_at = timezone.now()
        locked.waived_by = by
        locked.waive_reason = reason
        locked.save(update_fields=["status", "waived_at", "waived_by", "waive_reason"])
        _event(locked, ObligationEvent.Kind.WAIVE, at=locked.waived_at, by=by, reason=reason)
    return locked


def breach_scan(*, now: dt.datetime | None = None) -> int:
    """Mark every open obligation whose deadline has passed as breached, at its deadline, and
    write each one's breach event.

    One statement on PostgreSQL whatever the number of rows: a conditional UPDATE over the
    partial index of open rows (obligation_open_due) whose RETURNING feeds the INSERT of the
    events (a data-modifying WITH). Elsewhere two: the UPDATE tags the rows it breaches with
    this run's token and an INSERT … SELECT writes their events. Running it twice, or on two
    workers at once, changes nothing the second time (a row is breached, and gets its event,
    once). Returns how many it breached."""
    now = aware(now, "now") if now is not None else timezone.now()
    if connection.vendor == "postgresql":
        return _breach_scan_returning(now)
    token = uuid.uuid4()
    with transaction.atomic():
        breached = (
            Obligation.objects.open()
            .due_before(now)
            .update(status=Obligation.Status.BREACHED, breached_at=F("due_at"), scan_token=token)
        )
        if breached:
            insert_token_events(token, kind=ObligationEvent.Kind.BREACH)
    return breached


_EVENT_COLUMNS = [
    "obligation_id",
    "kind",
    "at",
    "reason",
    "reason_data",
    "due_before",
    "due_after",
    "notice_channel",
    "notice_to",
    "notice_text",
    "margin_minutes",
]


def _breach_scan_returning(now: dt.datetime) -> int:
    event, obligation = ObligationEvent._meta.db_table, Obligation._meta.db_table
    sql = (
        f"WITH breached AS (UPDATE {obligation} SET status = %s, breached_at = due_at, "
        f"changed_at = %s WHERE status = %s AND due_at < %s "
        # A one-time guard: the earliest open deadline, one probe of obligation_open_due. On a
        # quiet minute the UPDATE is never executed, whichever index the planner would pick
        # for it (at 1M rows it prefers obligation_live_by_calendar, reading every live row).
        f"AND (SELECT min(due_at) FROM {obligation} WHERE status = %s) < %s "
        f"RETURNING id, due_at) "
        f"INSERT INTO {event} ({', '.join(_EVENT_COLUMNS)}) "
        f"SELECT id, %s, due_at, '', '{{}}', due_at, due_at, '', '', '', 0 FROM breached"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                Obligation.Status.BREACHED.value,
                timezone.now(),  # changed_at, as QuerySet.update stamps it
                Obligation.Status.OPEN.value,
                now,
                Obligation.Status.OPEN.value,
                now,
                ObligationEvent.Kind.BREACH.value,
            ],
        )
        return cursor.rowcount


def insert_token_events(token: uuid.UUID, *, kind: str, at: dt.datetime | None = None) -> int:
    """One INSERT … SELECT: an event of `kind` for every obligation tagged with `token`, at
    `at` (None: at its deadline, with a margin of 0, as the scan's breach events)."""
    event, obligation = ObligationEvent._meta, Obligation._meta
    quote = connection.ops.quote_name
    when, margin = ("%s", "NULL") if at is not None else ("due_at", "0")
    sql = (
        f"INSERT INTO {quote(event.db_table)} ({', '.join(map(quote, _EVENT_COLUMNS))}) "
        f"SELECT id, %s, {when}, '', '{{}}', due_at, due_at, '', '', '', {margin} "
        f"FROM {quote(obligation.db_table)} WHERE scan_token = %s"
    )
    token_value = Obligation._meta.get_field("scan_token").get_db_prep_value(token, connection)
    params = [kind]
    if at is not None:
        params.append(connection.ops.adapt_datetimefield_value(at))
    params.append(token_value)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# -- The lifecycle: pause, resume, extend ------------------------------------------------


def _clock_of(obligation: Obligation) -> WorkCalendar:
    calendar = obligation.calendar or calendar_of(obligation.department)
    return load_calendar(calendar)


def _end_pause(obligation: Obligation, *, at: dt.datetime, by) -> None:
    """Move the deadline by the paused time on the obligation's own clock and reopen it."""
    clock = _clock_of(obligation)
    paused = clock.elapsed(
        obligation.paused_at, at, obligation.clock, day_count=obligation.day_count
    )
    before = obligation.due_at
    obligation.due_at = clock.shift(
        before, paused, obligation.clock, day_count=obligation.day_count
    )
    obligation.status = Obligation.Status.OPEN
    obligation.paused_at = None
    _event(obligation, ObligationEvent.Kind.RESUME, at=at, by=by, due_before=before)


def _check_can_change(by, obligation: Obligation, capability: str = "pause") -> None:
    scope.require(by, capability, obligation.department_id)


def _lock(obligation: Obligation) -> Obligation:
    return Obligation.objects.select_for_update().select_related("standard").get(pk=obligation.pk)


def obligation_pause(
    *, obligation: Obligation, by, reason: str, at: dt.datetime | None = None
) -> Obligation:
    """Stop the clock while the customer (or a third party) must act: 보완 요청."""
    _check_can_change(by, obligation)
    at = not_in_future(at, "at") if at is not None else timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the pause.")})
    with transaction.atomic():
        locked = _lock(obligation)
        if not locked.standard.pausable:
            raise ValidationError(
                _("Obligations of standard %(code)s may not be paused.")
                % {"code": locked.standard.code}
            )
        if locked.status != Obligation.Status.OPEN:
            raise ValidationError(
                _("Only an open obligation can be paused (this one is %(status)s).")
                % {"status": locked.get_status_display()}
            )
        if at < locked.starts_at:
            raise ValidationError({"at": _("This is before the obligation started.")})
        if at > locked.due_at:
            raise ValidationError({"at": _("The deadline had already passed at that time.")})
        locked.status = Obligation.Status.PAUSED
        locked.paused_at = at
        locked.save(update_fields=["status", "paused_at"])
        _event(locked, ObligationEvent.Kind.PAUSE, at=at, by=by, reason=reason)
    return locked


def obligation_resume(*, obligation: Obligation, by, at: dt.datetime | None = None) -> Obligation:
    """Restart the clock: the deadline moves by the paused time, measured on its clock."""
    _check_can_change(by, obligation)
    at = not_in_future(at, "at") if at is not None else timezone.now()
    with transaction.atomic():
        locked = _lock(obligation)
        if locked.status != Obligation.Status.PAUSED:
            raise ValidationError(
                _("Only a paused obligation can be resumed (this one is %(status)s).")
                % {"status": locked.get_status_display()}
            )
        if at < locked.paused_at:
            raise ValidationError({"at": _("This is before the pause began.")})
        _end_pause(locked, at=at, by=by)
        locked.save(update_fields=["status", "paused_at", "due_at"])
    return locked


NOTICE_CHANNELS = ("sms", "email", "phone", "post")


def obligation_extend(
    *,
    obligation: Obligation,
    by,
    due_at: dt.datetime,
    reason: str,
    notice_channel: str,
    notice_to: str = "",
    notice_text: str = "",
    at: dt.datetime | None = None,
) -> Obligation:
    """Extend an open obligation once, by at most its original period, telling the customer
    the new expected date (처리기간 연장). The promised date is kept beside the new one."""
    from notices.services import message_queue

    _check_can_change(by, obligation, "extend")
    at = not_in_future(at, "at") if at is not None else timezone.now()
    due_at = aware(due_at, "due_at")
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason for the extension.")
    if notice_channel not in NOTICE_CHANNELS:
        errors["notice_channel"] = _("Choose how the customer is told: SMS, e-mail, phone or post.")
    elif notice_channel in ("sms", "email") and not notice_to.strip():
        errors["notice_to"] = _("Give the phone number or e-mail address to send the notice to.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(obligation)
        if locked.extended_at is not None:
            raise ValidationError(_("This obligation has already been extended once."))
        if locked.status != Obligation.Status.OPEN:
            raise ValidationError(
                _("Only an open obligation can be extended (this one is %(status)s).")
                % {"status": locked.get_status_display()}
            )
        if due_at <= locked.due_at:
            raise ValidationError({"due_at": _("The new date must be after the current one.")})
        clock = _clock_of(locked)
        original = clock.elapsed(
            locked.starts_at, locked.due_at, locked.clock, day_count=locked.day_count
        )
        extra = clock.elapsed(locked.due_at, due_at, locked.clock, day_count=locked.day_count)
        if extra > original:
            raise ValidationError({"due_at": _("An extension may be at most the original period.")})
        with translation.override(settings.LANGUAGE_CODE):  # the customer's notice
            text = notice_text.strip() or _(
                "Your matter needs more time: %(reason)s. We expect to finish by %(date)s."
            ) % {"reason": reason, "date": timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M")}
        if notice_channel in ("sms", "email"):  # the outbox sends it after commit
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Processing period extended") if notice_channel == "email" else ""
            message_queue(
                kind="extension",
                channel=notice_channel,
                to=notice_to,
                subject=subject,
                body=text,
                about=locked,
                department=locked.department_id,
            )
        before = locked.due_at
        locked.due_at = due_at
        locked.extended_at = at
        locked.extension_reason = reason
        locked.save(update_fields=["due_at", "extended_at", "extension_reason"])
        _event(
            locked,
            ObligationEvent.Kind.EXTEND,
            at=at,
            by=by,
            reason=reason,
            due_before=before,
            notice_channel=notice_channel,
            notice_to=notice_to.strip(),
            notice_text=text,
        )
    return locked


# -- Recompute open deadlines after a calendar change ------------------------------------

RECOMPUTE_BATCH = 2000


def recompute_start(*, calendar, by) -> RecomputeRun:
    """Queue "recompute open deadlines" for `calendar` (admins); the Celery task does the
    work."""
    scope.require(by, "administer")
    run = RecomputeRun.objects.create(calendar=calendar, requested_by=by, as_of=timezone.now())
    transaction.on_commit(lambda: recompute_send(run_id=run.pk))
    return run


def recompute_send(*, run_id: int) -> bool:
    """Hand run `run_id` to the broker. The run row is already saved, so a broker that is down
    loses nothing: the error is logged and the beat task `resume_recomputes` (or a worker when
    it starts) sends it again. Returns whether the broker took it."""
    from .tasks import recompute_open_deadlines

    try:
        recompute_open_deadlines.apply_async((run_id,), retry=False)
    except Exception:  # kombu/redis raise many kinds; none may fail the page
        logger.warning("Broker unavailable: recompute run %s stays queued", run_id, exc_info=True)
        return False
    return True


def recompute_resume(*, older_than: dt.timedelta) -> int:
    """Send again every run still queued after `older_than`, and every run "running" whose
    heartbeat is older than the lease (RECOMPUTE_LEASE: its worker was killed; a live run beats
    after every batch). Running a run twice moves nothing the second time, so a doubled send is
    harmless. Returns how many were sent."""
    from django.conf import settings

    now = timezone.now()
    lease = now - dt.timedelta(seconds=settings.RECOMPUTE_LEASE)
    ids = list(
        RecomputeRun.objects.filter(
            Q(status=RecomputeRun.Status.QUEUED, requested_at__lt=now - older_than)
            | Q(status=RecomputeRun.Status.RUNNING, heartbeat_at__lt=lease)
            | Q(
                status=RecomputeRun.Status.RUNNING,
                heartbeat_at__isnull=True,
                requested_at__lt=lease,
            )
        ).values_list("id", flat=True)
    )
    return sum(recompute_send(run_id=run_id) for run_id in ids)


def _live_on(calendar) -> models.QuerySet:
    """Open and paused obligations whose deadline runs on `calendar`: stored on it, or of a
    department that uses it now (a department may have moved to another calendar)."""
    uses = Q(calendar=calendar) | Q(department__calendar=calendar)
    if calendar.is_default:
        uses |= Q(department__calendar__isnull=True)
    return Obligation.objects.filter(
        uses, status__in=[Obligation.Status.OPEN, Obligation.Status.PAUSED]
    )


def _write_recomputed(
    rows: list[tuple[int, dt.datetime, dt.datetime]],
    *,
    calendar_id: int,
    now: dt.datetime,
    by_id: int | None,
    reason_data: dict,
) -> int:
    """Write one batch of a recompute: each `(id, due_before, due_after)` row still live and not
    yet recomputed at `now` gets its new deadline and this calendar, and a RECOMPUTE event where
    the deadline moved. Returns how many deadlines moved.

    PostgreSQL: one statement for the batch (UPDATE … FROM unnest … RETURNING, feeding the
    INSERT of the events); the UPDATE locks its rows, so a second run of the same job at the same
    time waits, then finds `computed_at` already at `now` and moves nothing (no doubled event).
    Elsewhere: the live rows locked and read, then one prepared statement per row (executemany)
    for the deadlines and one for the events: both far cheaper than bulk_update's CASE WHEN or
    building model instances."""
    if not rows:
        return 0
    table = Obligation._meta.db_table
    events = ObligationEvent._meta.db_table
    ops = connection.ops
    changed = timezone.now()  # changed_at, as QuerySet.update stamps it
    live = (Obligation.Status.OPEN, Obligation.Status.PAUSED)
    reason = json.dumps(reason_data)
    columns = (
        "obligation_id, kind, at, by_id, reason, reason_data, due_before, due_after, "
        "notice_channel, notice_to, notice_text, margin_minutes"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH v AS (SELECT * FROM unnest(%s::bigint[], %s::timestamptz[], "
                f"%s::timestamptz[]) AS v(id, due_before, due_after)), "
                f"moved AS (UPDATE {table} AS o SET due_at = v.due_after, calendar_id = %s, "
                f"computed_at = %s, changed_at = %s FROM v WHERE o.id = v.id "
                f"AND o.status IN (%s, %s) AND o.computed_at < %s RETURNING o.id) "
                f"INSERT INTO {events} ({columns}) "
                f"SELECT v.id, %s, %s, %s, '', %s::jsonb, v.due_before, v.due_after, '', '', '', "
                f"NULL FROM v JOIN moved ON moved.id = v.id WHERE v.due_before <> v.due_after",
                [
                    [pk for pk, _b, _a in rows],
                    [b for _pk, b, _a in rows],
                    [a for _pk, _b, a in rows],
                    calendar_id,
                    now,
                    changed,
                    *live,
                    now,
                    ObligationEvent.Kind.RECOMPUTE,
                    now,
                    by_id,
                    reason,
                ],
            )
            return cursor.rowcount
        still = set(
            Obligation.objects.select_for_update()
            .filter(id__in=[pk for pk, _b, _a in rows], status__in=live, computed_at__lt=now)
            .values_list("id", flat=True)
        )
        rows = [row for row in rows if row[0] in still]
        at = ops.adapt_datetimefield_value(now)
        stamp = ops.adapt_datetimefield_value(changed)
        cursor.executemany(
            f"UPDATE {table} SET due_at = %s, calendar_id = %s, computed_at = %s, "
            f"changed_at = %s WHERE id = %s",
            [(ops.adapt_datetimefield_value(a), calendar_id, at, stamp, pk) for pk, _b, a in rows],
        )
        moved = [row for row in rows if row[1] != row[2]]
        cursor.executemany(
            f"INSERT INTO {events} ({columns}) "
            f"VALUES (%s, %s, %s, %s, '', %s, %s, %s, '', '', '', NULL)",
            [
                (
                    pk,
                    ObligationEvent.Kind.RECOMPUTE,
                    at,
                    by_id,
                    reason,
                    ops.adapt_datetimefield_value(b),
                    ops.adapt_datetimefield_value(a),
                )
                for pk, b, a in moved
            ],
        )
        return len(moved)


_RECOMPUTE_COLUMNS = ("id", "status", "clock", "day_count", "due_at", "computed_at", "calendar_id")


def recompute_run(*, run: RecomputeRun, batch_size: int = RECOMPUTE_BATCH) -> RecomputeRun:
    """Apply the calendar as it is now to every live deadline on it, in batches.

    The time already used stays used: what remained at `run.as_of` on the calendar the deadline
    was computed on (its version at `computed_at`) now counts on the new calendar. Settled
    obligations never change; running it twice moves nothing the second time. Paused
    obligations only move to the new calendar; their deadline moves on resume.

    Rows are read as tuples, and deadlines that share their old version, deadline and clock
    (the end of a business day, a statutory day count) are computed once: the business clock,
    not the database, is the cost of a recompute."""
    calendar = run.calendar
    versions = CalendarVersions(calendar)
    current = versions.at(None)
    now = run.as_of
    live = _live_on(calendar)
    reason = Text(gettext_noop("Calendar “%(name)s” changed"), name=calendar.name).as_data()
    RecomputeRun.objects.filter(pk=run.pk).update(
        status=RecomputeRun.Status.RUNNING, total=live.count(), heartbeat_at=timezone.now()
    )
    last_id, processed, moved = 0, 0, 0
    computed: dict[tuple, dt.datetime] = {}
    while True:
        batch = list(
            live.filter(id__gt=last_id).order_by("id").values_list(*_RECOMPUTE_COLUMNS)[:batch_size]
        )
        if not batch:
            break
        if len(computed) > 100_000:
            computed.clear()
        changed = []
        for pk, status, clock, day_count, before, computed_at, calendar_id in batch:
            after = before
            if status == Obligation.Status.OPEN and before > now:
                old = versions.at(computed_at)
                key = (id(old), before, clock, day_count)
                after = computed.get(key)
                if after is None:
                    left = old.remaining(now, before, clock, day_count=day_count)
                    after = computed[key] = current.advance(now, left, clock, day_count=day_count)
            if after != before or calendar_id != calendar.pk:
                changed.append((pk, before, after))
        with transaction.atomic():
            moved += _write_recomputed(
                changed,
                calendar_id=calendar.pk,
                now=now,
                by_id=run.requested_by_id,
                reason_data=reason,
            )
        processed += len(batch)
        last_id = batch[-1][0]
        RecomputeRun.objects.filter(pk=run.pk).update(
            processed=processed, moved=moved, heartbeat_at=timezone.now()
        )
    RecomputeRun.objects.filter(pk=run.pk).update(
        status=RecomputeRun.Status.DONE, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


# -- Compliance ------------------------------------------------------------------------


def compliance(*, since: dt.datetime, until: dt.datetime, user, department=None) -> list[dict]:
    """Compliance per standard: a read, counted in charter.reports (the one formula)."""
    from .reports import compliance as counted

    return counted(since=since, until=until, user=user, department=department)
