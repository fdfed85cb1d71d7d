"""Logging calls and callback memos and settling their obligations (P1–P6).

The only module of this app that writes. Each function runs in one transaction: bad input
raises a ValidationError ({field: message}, in the user's language) and stores nothing. Every
function where a person acts takes `by` (the acting User) and checks it (charter.scope) before
anything is written: an actor outside the record's department is refused (OutOfScope, a 403;
on a department named in the input, a 400 on that field), and nobody records in another
person's name (charter.scope.acting_staff).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from charter import services as charter
from charter.models import Department, Obligation, StaffMember
from charter.privacy import clean_phone
from charter.scope import acting_staff, may, require, scope_of

from .models import Call, Callback, CallRecord


def staff_for(
    *,
    staff: StaffMember | None = None,
    staff_id: int | None = None,
    extension: str | None = None,
) -> StaffMember | None:
    """The staff member of a call: given, by id, or found by phone extension; None when
    neither is given (the acting user's own, then: charter.scope.acting_staff)."""
    if staff is not None:
        return staff
    if staff_id is not None:
        found = StaffMember.objects.select_related("department", "rank").filter(pk=staff_id)
        if not found:
            raise ValidationError(
                {"staff": _("There is no staff member with the id %(id)s.") % {"id": staff_id}}
            )
        return found[0]
    extension = (extension or "").strip()
    if not extension:
        return None
    found = (
        StaffMember.objects.select_related("department", "rank")
        .filter(extension=extension, active=True)
        .first()
    )
    if found is None:
        raise ValidationError(
            {"extension": _("No staff member has the extension “%(ext)s”.") % {"ext": extension}}
        )
    return found


def _named_field(*, staff=None, staff_id=None, extension=None) -> str:
    """The input field that named whose call it is (for the error)."""
    if (extension or "").strip() and staff is None and staff_id is None:
        return "extension"
    return "staff"


def _validate_call_times(started_at, answered_at, now):
    errors = {}
    try:
        started_at = charter.not_in_future(started_at, "started_at", now=now)
    except ValidationError as error:
        errors.update(error.error_dict)
    if answered_at is not None:
        try:
            answered_at = charter.not_in_future(answered_at, "answered_at", now=now)
        except ValidationError as error:
            errors.update(error.error_dict)
        else:
            if "started_at" not in errors and answered_at < started_at:
                errors["answered_at"] = [
                    ValidationError(_("A call cannot be answered before it started ringing."))
                ]
    if errors:
        raise ValidationError(errors)
    return started_at, answered_at


@transaction.atomic
def call_log(
    *,
    by,
    started_at: dt.datetime,
    rings: int,
    answered_at: dt.datetime | None = None,
    staff: StaffMember | None = None,
    staff_id: int | None = None,
    extension: str | None = None,
    department: Department | None = None,
    caller_number: str = "",
    caller_name: str = "",
    topic: str = "",
    greeting: bool = False,
    repeated_back: bool = False,
    transferred: bool = False,
    closing: bool = False,
    now: dt.datetime | None = None,
) -> Call:
    """Log one call and settle its obligations at once.

    `by` (the acting User: the phone system, or staff on the quick page) logs the call of the
    extension that rang (`extension`, `staff` or `staff_id`; none: `by`'s own). It is recorded
    for the extension's owner: staff log their own calls; a manager of the owner's department,
    an admin or the phone system (for its departments) may log a colleague's (capability `log`
    in the call's department, `record_for_colleague` to name someone else).

    P1 (threshold on rings, read from the standard; plus the greeting) for every call; P2, P3
    and P5 from the ticks for answered calls. A missed call from a number we know opens a
    callback memo (P4) by itself. The obligations are `call.obligations`."""
    require(by, "log")
    if rings is None or rings < 0:
        raise ValidationError({"rings": _("The number of rings cannot be negative.")})
    named = staff_for(staff=staff, staff_id=staff_id, extension=extension)
    field = _named_field(staff=staff, staff_id=staff_id, extension=extension)
    own = scope_of(by).staff
    if named is None and own is None:
        raise ValidationError({"extension": _("Give the extension or the staff member.")})
    if department is None:
        department = (named or own).department
        require(by, "log", department, field=field)
    else:
        require(by, "log", department, field="department")
    staff = acting_staff(by=by, staff=named, department=department, field=field)
    started_at, answered_at = _validate_call_times(started_at, answered_at, now)
    caller_number = clean_phone(caller_number, "caller_number", required=False)
    measured = _phone_system_call(staff=staff, started_at=started_at)
    if measured is not None:
        # The phone system's record came first: the ticks attach to its call; its rings
        # (measured) settle P1, the typed count is not used.
        return _attach_ticks(
            call=measured,
            topic=topic,
            caller_name=caller_name,
            greeting=greeting,
            repeated_back=repeated_back,
            transferred=transferred,
            closing=closing,
        )
    answered = answered_at is not None
    call = Call.objects.create(
        started_at=started_at,
        answered_at=answered_at,
        rings=rings,
        staff=staff,
        department=department,
        caller_number=caller_number,
        caller_name=(caller_name or "").strip(),
        topic=(topic or "").strip(),
        greeting=answered and greeting,
        repeated_back=answered and repeated_back,
        transferred=answered and transferred,
        closing=answered and closing,
        logged_by=by,
        ticks_logged_at=timezone.now(),
    )
    _settle_call(call=call, greeting_counts=True, ticks=True)
    if not answered and caller_number:
        callback_open(
            by=by,
            customer_name=call.caller_name,
            customer_phone=caller_number,
            question=call.topic,
            taken_by=staff,
            department=call.department,
            created_at=started_at,
            call=call,
            now=now,
        )
    return call


def _standards(codes) -> dict:
    """The standards of `codes` in one query (obligation_record takes them as objects)."""
    from charter.models import Standard

    return {s.code: s for s in Standard.objects.select_related("section").filter(code__in=codes)}


def _settle_call(*, call: Call, greeting_counts: bool, ticks: bool) -> None:
    """P1 (rings within the standard's limit; for a typed call also the greeting) and, for an
    answered call whose ticks are known, P2, P3 and P5: recorded in one go."""
    ticks = ticks and call.answered
    standards = _standards(["P1", "P2", "P3", "P5"] if ticks else ["P1"])
    p1 = standards["P1"]
    kept = call.answered and p1.within_limit(call.rings)
    outcomes = [(p1, kept and (call.greeting or not greeting_counts), call.rings)]
    if ticks:
        outcomes += _tick_outcomes(call, standards)
    charter.obligations_record(
        subject=call,
        department=call.department,
        responsible=call.staff,
        at=call.answered_at or call.started_at,
        outcomes=outcomes,
    )


def _tick_outcomes(call: Call, standards: dict) -> list:
    return [
        (standards["P2"], call.repeated_back, None),
        (standards["P3"], not call.transferred, None),
        (standards["P5"], call.closing, None),
    ]


def _record_ticks(call: Call) -> None:
    charter.obligations_record(
        subject=call,
        department=call.department,
        responsible=call.staff,
        at=call.answered_at or call.started_at,
        outcomes=_tick_outcomes(call, _standards(["P2", "P3", "P5"])),
    )


def _match_window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.CDR_MATCH_SECONDS)


def _phone_system_call(*, staff: StaffMember, started_at: dt.datetime) -> Call | None:
    """The call the phone system recorded for `staff` around `started_at` whose ticks nobody
    has logged yet (the closest one), or None."""
    window = _match_window()
    found = (
        Call.objects.select_for_update()
        .filter(
            staff=staff,
            external_id__isnull=False,
            ticks_logged_at__isnull=True,
            started_at__gte=started_at - window,
            started_at__lte=started_at + window,
        )
        .order_by("started_at")
    )
    calls = list(found[:5])
    if not calls:
        return None
    return min(calls, key=lambda c: abs(c.started_at - started_at))


def _attach_ticks(*, call: Call, topic, caller_name, greeting, repeated_back, transferred, closing):
    answered = call.answered
    call.topic = (topic or "").strip() or call.topic
    call.caller_name = (caller_name or "").strip() or call.caller_name
    call.greeting = answered and greeting
    call.repeated_back = answered and repeated_back
    call.transferred = answered and transferred
    call.closing = answered and closing
    call.ticks_logged_at = timezone.now()
    call.save(
        update_fields=[
            "topic",
            "caller_name",
            "greeting",
            "repeated_back",
            "transferred",
            "closing",
            "ticks_logged_at",
        ]
    )
    if answered:
        _record_ticks(call)
    return call


# -- The phone system's call detail records (CDR) ------------------------------------------

# Asterisk's dispositions (cdr_csv). Only ANSWERED has an `answer` time.
DISPOSITIONS = ("ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION")
# "SIP/201-0000000a", "PJSIP/201-00000012", "Local/201@from-internal-…": the extension.
CHANNEL_EXTENSION = re.compile(r"^[A-Za-z0-9]+/([0-9A-Za-z*#]+)[-@;]")


def rings_from_seconds(seconds: float) -> int:
    """Ring cycles begun before the answer: floor(seconds ÷ cadence) + 1 (CDR_RING_CADENCE_SECONDS,
    default 3 s: the Korean ringback's 1 s tone and 2 s silence). 0 s: the first ring."""
    cadence = float(settings.CDR_RING_CADENCE_SECONDS)
    return math.floor(max(seconds, 0) / cadence) + 1


def extension_of(record: dict) -> str:
    """The called extension: `dst`, else the one in `dstchannel` or `channel`."""
    dst = (record.get("dst") or "").strip()
    if dst:
        return dst
    for name in ("dstchannel", "channel"):
        match = CHANNEL_EXTENSION.match((record.get(name) or "").strip())
        if match:
            return match.group(1)
    return ""


def staff_of_extension(extension: str) -> StaffMember | None:
    """The active staff member whose own extension it is, else the one an admin mapped it to
    (integrations.PhoneExtension), else None."""
    from integrations.models import PhoneExtension

    if not extension:
        return None
    related = ("department", "rank")
    own = StaffMember.objects.select_related(*related).filter(extension=extension, active=True)
    for staff in own:
        return staff
    mapped = PhoneExtension.objects.select_related(*(f"staff__{r}" for r in related)).filter(
        extension=extension, staff__active=True
    )
    for row in mapped:
        return row.staff
    return None


@dataclass
class CdrResult:
    """What became of one record: `created` (a new call), `linked` (to the call a staff
    member typed), `duplicate` (its uniqueid was already received: nothing new stored),
    `unassigned` (stored, no call: see `errors`) or `rejected` (nothing stored)."""

    index: int
    uniqueid: str
    status: str
    call_id: int | None = None
    record_id: int | None = None
    errors: dict = dataclass_field(default_factory=dict)


def _cdr_errors(record: dict, now) -> dict:
    errors = {}
    start, answer = record.get("start"), record.get("answer")
    disposition = (record.get("disposition") or "").strip().upper()
    if disposition not in DISPOSITIONS:
        errors["disposition"] = [
            _("Unknown disposition “%(value)s”: give one of %(choices)s.")
            % {"value": disposition, "choices": ", ".join(DISPOSITIONS)}
        ]
    for name, value in (("start", start), ("answer", answer), ("end", record.get("end"))):
        if value is None:
            continue
        try:
            charter.not_in_future(value, name, now=now)
        except ValidationError as error:
            errors[name] = [str(m) for m in error.messages]
    if start is not None and answer is not None and answer < start:
        errors["answer"] = [_("A call cannot be answered before it started ringing.")]
    if disposition == "ANSWERED" and answer is None and "disposition" not in errors:
        errors["answer"] = [_("An answered call needs its answer time.")]
    return errors


def call_ingest_cdr(*, by, records: list[dict], now: dt.datetime | None = None) -> list[CdrResult]:
    """Take the phone system's call detail records (Asterisk CDR fields, already parsed:
    times aware), each in its own savepoint: one bad record never stops the others.

    Idempotent by `uniqueid`: a record received before is `duplicate` and stores nothing. The
    extension (`dst`, else `dstchannel`/`channel`) is matched to a staff member (their own
    extension, else an admin's mapping); unknown: the record is stored `unassigned`. Otherwise
    a call: rings = rings_from_seconds(answer − start), P1 measured from them; an unanswered
    call with a caller number opens a callback memo (call_log's rules). A call the staff member
    typed for the same extension within CDR_MATCH_SECONDS is the same call: the record links
    to it and its P1 is settled again from the measured rings (an event says so)."""
    require(by, "log")
    now = now or timezone.now()
    results = []
    for index, record in enumerate(records):
        uniqueid = (record.get("uniqueid") or "").strip()
        results.append(_ingest_one(by=by, index=index, uniqueid=uniqueid, record=record, now=now))
    return results


def _ingest_one(*, by, index, uniqueid, record, now) -> CdrResult:
    result = CdrResult(index=index, uniqueid=uniqueid, status="rejected")
    if not uniqueid:
        result.errors = {"uniqueid": [_("Give the record's uniqueid.")]}
        return result
    existing = CallRecord.objects.filter(uniqueid=uniqueid).values_list("pk", "call_id").first()
    if existing is not None:
        result.status, (result.record_id, result.call_id) = "duplicate", existing
        return result
    errors = _cdr_errors(record, now)
    if errors:
        result.errors = errors
        return result
    extension = extension_of(record)
    staff = staff_of_extension(extension)
    if staff is not None and not may(by, "log", staff.department):
        result.errors = {
            "dst": [_("Extension “%(ext)s” is not in your departments.") % {"ext": extension}]
        }
        return result
    disposition = record["disposition"].strip().upper()
    fields = {
        "uniqueid": uniqueid,
        "start": record["start"],
        "answer": record.get("answer") if disposition == "ANSWERED" else None,
        "end": record.get("end"),
        "duration": record.get("duration"),
        "billsec": record.get("billsec"),
        "disposition": disposition,
        "src": (record.get("src") or "").strip()[:80],
        "dst": extension[:80],
        "channel": (record.get("channel") or "").strip()[:150],
        "dstchannel": (record.get("dstchannel") or "").strip()[:150],
    }
    try:
        with transaction.atomic():
            if staff is None:
                problem = _("No staff member has the extension “%(ext)s”.") % {
                    "ext": extension or "?"
                }
                row = CallRecord.objects.create(problem=problem, **fields)
                result.status, result.record_id = "unassigned", row.pk
                result.errors = {"dst": [problem]}
                return result
            row = CallRecord.objects.create(**fields)
            call, linked = _call_from_record(by=by, row=row, staff=staff, now=now)
            row.call = call
            row.save(update_fields=["call"])
    except IntegrityError:
        # Another request stored the same uniqueid meanwhile.
        existing = CallRecord.objects.filter(uniqueid=uniqueid).values_list("pk", "call_id").first()
        result.status = "duplicate"
        if existing:
            result.record_id, result.call_id = existing
        return result
    except ValidationError as error:
        result.errors = {
            name: [str(m) for e in errs for m in e.messages]
            for name, errs in getattr(error, "error_dict", {"non_field_errors": [error]}).items()
        }
        return result
    except PermissionDenied as error:
        result.errors = {"dst": [str(error)]}
        return result
    result.status = "linked" if linked else "created"
    result.record_id, result.call_id = row.pk, call.pk
    return result


def _call_from_record(*, by, row: CallRecord, staff: StaffMember, now) -> tuple[Call, bool]:
    seconds = None
    if row.answer is not None:
        seconds = max(0, round((row.answer - row.start).total_seconds()))
    elif row.end is not None:
        seconds = max(0, round((row.end - row.start).total_seconds()))
    rings = rings_from_seconds(seconds or 0) if seconds is not None else 0
    window = _match_window()
    typed = list(
        Call.objects.select_for_update()
        .filter(
            staff=staff,
            external_id__isnull=True,
            started_at__gte=row.start - window,
            started_at__lte=row.start + window,
        )
        .order_by("started_at")[:5]
    )
    if typed:
        call = min(typed, key=lambda c: abs(c.started_at - row.start))
        return _measure_typed_call(by=by, call=call, row=row, rings=rings, seconds=seconds), True
    caller_number = ""
    try:
        caller_number = clean_phone(row.src, "src", required=False)
    except ValidationError:
        caller_number = ""  # an internal or withheld number: no callback memo
    call = Call.objects.create(
        started_at=row.start,
        answered_at=row.answer,
        rings=rings,
        ring_seconds=seconds,
        external_id=row.uniqueid,
        staff=staff,
        department=staff.department,
        caller_number=caller_number,
        logged_by=by,
    )
    _settle_call(call=call, greeting_counts=False, ticks=False)
    if not call.answered and caller_number:
        callback_open(
            by=by,
            customer_phone=caller_number,
            taken_by=staff,
            department=call.department,
            created_at=call.started_at,
            call=call,
            now=now,
        )
    return call, False


def _measure_typed_call(*, by, call: Call, row: CallRecord, rings: int, seconds) -> Call:
    """The phone system's record of a call a staff member typed: the measured rings replace
    the typed ones, and its P1 is settled again from them (a recorded recompute)."""
    from charter.models import ObligationEvent

    call.external_id = row.uniqueid
    call.ring_seconds = seconds
    call.rings = rings
    call.save(update_fields=["external_id", "ring_seconds", "rings"])
    p1 = charter.standard_get("P1")
    kept = call.answered and p1.within_limit(rings) and call.greeting
    at = call.answered_at or call.started_at
    for obligation in call.obligations.select_for_update().filter(standard=p1):
        status = Obligation.Status.MET if kept else Obligation.Status.BREACHED
        if obligation.status == status and obligation.measured == rings:
            continue
        obligation.status = status
        obligation.measured = rings
        obligation.met_at = at if kept else None
        obligation.breached_at = None if kept else at
        obligation.save(update_fields=["status", "measured", "met_at", "breached_at"])
        ObligationEvent.objects.create(
            obligation=obligation,
            kind=ObligationEvent.Kind.RECOMPUTE,
            at=timezone.now(),
            by=by,
            reason=f"phone system: {rings} rings ({seconds} s)",
            due_before=obligation.due_at,
            due_after=obligation.due_at,
        )
    return call


def _memo_department(*, by, department, assigned_to, taken_by) -> tuple[Department, str]:
    """The department that owes the callback, and the input field that named it."""
    if department is not None:
        return department, "department"
    for field, person in (("assigned_to", assigned_to), ("taken_by", taken_by)):
        if person is not None:
            return person.department, field
    own = scope_of(by).staff
    if own is None:
        raise ValidationError({"assigned_to": _("Choose who is to call the customer back.")})
    return own.department, "department"


@transaction.atomic
def callback_open(
    *,
    by,
    customer_phone: str,
    customer_name: str = "",
    question: str = "",
    department: Department | None = None,
    assigned_to: StaffMember | None = None,
    taken_by: StaffMember | None = None,
    extension: str | None = None,
    created_at: dt.datetime | None = None,
    call: Call | None = None,
    now: dt.datetime | None = None,
) -> Callback:
    """Take a callback memo and open its P4 obligation (due on the department's business
    clock, from the standard's duration). A memo may be entered after the fact, not ahead.

    `by` takes it (capability `log` in the memo's department): the memo is `taken_by` their
    own staff member; naming another (`taken_by`, or the `extension` of its owner: the phone
    system) needs `record_for_colleague`. `assigned_to` (whose work it is; default the taker)
    may be any active colleague of the memo's department. The department: given, else the
    assignee's, else the taker's. A missed `call` must be one `by` can see, without a memo."""
    require(by, "log")
    taker_field = "taken_by"
    if taken_by is None and (extension or "").strip():
        taken_by, taker_field = staff_for(extension=extension), "extension"
    department, field = _memo_department(
        by=by, department=department, assigned_to=assigned_to, taken_by=taken_by
    )
    require(by, "log", department, field=taker_field if field == "taken_by" else field)
    if taken_by is None and scope_of(by).staff is None:
        taken_by = assigned_to  # the phone system or an admin without a staff record
    taken_by = acting_staff(by=by, staff=taken_by, department=department, field=taker_field)
    errors = {}
    assigned_to = assigned_to or taken_by
    if not (assigned_to.active and assigned_to.works_in(department)):
        errors["assigned_to"] = [
            ValidationError(
                _("%(name)s is not an active member of %(department)s.")
                % {"name": assigned_to.name, "department": department}
            )
        ]
    if call is not None:
        if not Call.objects.visible_to(by).filter(pk=call.pk).exists():
            errors["call"] = [
                ValidationError(_("There is no call with the id %(id)s.") % {"id": call.pk})
            ]
        elif Callback.objects.filter(call_id=call.pk).exists():
            errors["call"] = [ValidationError(_("This call already has a callback memo."))]
    customer_name = (customer_name or "").strip()
    question = (question or "").strip()
    if call is None and not customer_name:
        errors["customer_name"] = [ValidationError(_("Enter the customer's name."))]
    if call is None and not question:
        errors["question"] = [ValidationError(_("Enter the customer's question."))]
    try:
        customer_phone = clean_phone(customer_phone, "customer_phone", required=True)
    except ValidationError as error:
        errors.update(error.error_dict)
    if created_at is None:
        created_at = now or timezone.now()
    try:
        created_at = charter.not_in_future(created_at, "created_at", now=now)
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    callback = Callback.objects.create(
        customer_name=customer_name,
        customer_phone=customer_phone,
        question=question,
        taken_by=taken_by,
        assigned_to=assigned_to,
        department=department,
        call=call,
        created_at=created_at,
    )
    callback.obligation = charter.obligation_open(
        standard="P4",
        subject=callback,
        department=callback.department,
        starts_at=created_at,
        responsible=assigned_to,
    )
    return callback


@transaction.atomic
def callback_answer(
    *,
    callback: Callback,
    by,
    summary: str,
    answered_by: StaffMember | None = None,
    answered_at: dt.datetime | None = None,
    greeting: bool = False,
    identified: bool = False,
    verified: bool = False,
    now: dt.datetime | None = None,
) -> Callback:
    """The customer was called back: meets P4 (after the deadline it is a late breach, whether
    or not the scan ran) and records P6 (kept only if all three ticks). Only once.

    `by` answers it (capability `handle` in the memo's department); it is recorded under
    their own staff member, or a colleague of the department named in `answered_by` only when
    `by` may record for colleagues (a manager of the department, an admin)."""
    locked = Callback.objects.select_for_update().get(pk=callback.pk)
    require(by, "handle", locked.department_id)
    answered_by = acting_staff(
        by=by, staff=answered_by, department=locked.department_id, field="answered_by"
    )
    if locked.answered_at is not None:
        raise ValidationError(
            {
                "answered_at": _("This callback was already answered at %(when)s.")
                % {"when": f"{timezone.localtime(locked.answered_at):%Y-%m-%d %H:%M}"}
            }
        )
    errors = {}
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = [ValidationError(_("Write down what was said."))]
    if answered_at is None:
        answered_at = now or timezone.now()
    try:
        answered_at = charter.not_in_future(answered_at, "answered_at", now=now)
    except ValidationError as error:
        errors.update(error.error_dict)
    else:
        if answered_at < locked.created_at:
            errors["answered_at"] = [
                ValidationError(_("A callback cannot be answered before the memo was taken."))
            ]
    if errors:
        raise ValidationError(errors)
    locked.answered_at = answered_at
    locked.answered_by = answered_by
    locked.summary = summary
    locked.greeting = greeting
    locked.identified = identified
    locked.verified = verified
    locked.save(
        update_fields=[
            "answered_at",
            "answered_by",
            "summary",
            "greeting",
            "identified",
            "verified",
        ]
    )
    charter.obligation_meet_for(standard="P4", subject=locked, at=answered_at)
    charter.obligation_record(
        standard="P6",
        subject=locked,
        department=locked.department,
        at=answered_at,
        kept=greeting and identified and verified,
        responsible=answered_by,
    )
    return locked


def obligations_of(subject) -> list[Obligation]:
    """The obligations a call or memo gave rise to, in charter order."""
    return list(subject.obligations.select_related("standard").order_by("standard"))
