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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from charter import services as charter
from charter.models import Department, Obligation, StaffMember
from charter.privacy import clean_phone
from charter.scope import acting_staff, require, scope_of

from .models import Call, Callback


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
    )
    common = {"subject": call, "department": call.department, "responsible": staff}
    p1 = charter.standard_get("P1")
    at = answered_at or started_at
    charter.obligation_record(
        standard=p1,
        at=at,
        kept=answered and p1.within_limit(rings) and call.greeting,
        measured=rings,
        **common,
    )
    if answered:
        for code, kept in (
            ("P2", call.repeated_back),
            ("P3", not call.transferred),
            ("P5", call.closing),
        ):
            charter.obligation_record(standard=code, at=at, kept=kept, **common)
    elif caller_number:
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
