"""The only place that writes visits and their obligations. Views, the REST API, the admin,
tasks and the demo call these functions (keyword-only arguments, `<entity>_<action>`).

Standard codes come from the charter (V1–V7, S1–S4); their parameters (V1's duration, S2's
limit) are read from the Standard row at the time of logging, never hard-coded here.

Who may act (charter.scope, charter.roles): every function where a person acts takes `by`, the
acting User, and checks it before anything is written: `log` to take a number, write a memo,
book an assisted visit or plan a field visit; `handle` for the work itself (call, serve,
complete, a customer who left, a contact, an assignment, a notice, a consent, a visit record),
in the record's department. The doer fields (`called_by`, `served_by`, `recorded_by`,
`handled_by`, `contacted_by`, a field visit's `staff`) are `by`'s own staff member, or a
colleague of the department named by a manager (charter.scope.acting_staff). The V1 directory
check is a scheduled job: nobody acts, and it takes no `by`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from charter import scope
from charter import services as charter
from charter.clock import SEOUL
from charter.models import Department, Obligation, StaffMember
from charter.privacy import clean_phone
from charter.texts import Text

from .models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket, business_date
from .selectors import directory_incomplete_q, minutes_late  # noqa: F401 (importable here too)
from .selectors import earlier_waiting as _earlier_waiting

# The longest processing time a front desk may announce (a working day).
MAX_ESTIMATE_MINUTES = 8 * 60
TAKE_NUMBER_ATTEMPTS = 10


def _now(at: dt.datetime | None, field: str = "at") -> dt.datetime:
    return timezone.now() if at is None else charter.aware(at, field)


def _require(by, capability: str, department, field: str | None = None) -> None:
    """Refuse unless `by` may do `capability` in `department`: a role that may not do it at
    all (an executive) is a 403; another department named in input is a 400 on `field`."""
    scope.require(by, capability)
    scope.require(by, capability, department, field=field)


def _active_staff(staff: StaffMember | None, field: str) -> StaffMember:
    if staff is None:
        raise ValidationError({field: _("Choose a staff member.")})
    if not staff.active:
        raise ValidationError({field: _("This staff member is no longer active.")})
    return staff


# -- Reception queue (V5, with V2, V3, V7 ticks on completion) -------------------------------


def ticket_take(
    *, department: Department, by, at: dt.datetime | None = None, purpose: str = ""
) -> Ticket:
    """A walk-in customer takes the next number of `department` for the day of `at`, issued by
    `by` (the front desk, or the ticket kiosk's integration client: `log`).

    Numbers restart every day. Two customers taking a number at the same moment never get
    the same one: the unique constraint (department, day, number) refuses the second insert,
    which then retries with the next number."""
    _require(by, "log", department, field="department")
    at = _now(at)
    if not department.active:
        raise ValidationError({"department": _("This department does not receive visitors.")})
    day = business_date(at)
    for _attempt in range(TAKE_NUMBER_ATTEMPTS):
        last = Ticket.objects.filter(department=department, business_date=day).aggregate(
            last=Max("number")
        )["last"]
        try:
            with transaction.atomic():
                return Ticket.objects.create(
                    department=department,
                    business_date=day,
                    number=(last or 0) + 1,
                    arrived_at=at,
                    purpose=(purpose or "").strip(),
                )
        except IntegrityError:
            continue  # someone else took that number a moment ago
    raise ValidationError({"department": _("The queue is busy; please try again.")})


def ticket_call(
    *,
    ticket: Ticket,
    by,
    at: dt.datetime | None = None,
    priority_reason: str = "",
) -> Ticket:
    """The front desk calls `ticket` (`by`, in the ticket's department, is `called_by`).
    Calling anyone but the earliest waiting customer needs a priority reason; without one the
    V5 order promise is recorded as broken (not refused: the customer is already at the
    desk)."""
    _require(by, "handle", ticket.department_id)
    desk = scope.acting_staff(by=by, department=ticket.department_id, field="called_by")
    at = _now(at)
    reason = (priority_reason or "").strip()
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if locked.status != Ticket.Status.WAITING:
            raise ValidationError(
                {
                    "status": _("Only a waiting customer can be called (this one is %(status)s).")
                    % {"status": locked.get_status_display()}
                }
            )
        if at < locked.arrived_at:
            raise ValidationError({"at": _("This is before the customer arrived.")})
        skipped = list(_earlier_waiting(locked).values_list("number", flat=True))
        # Claimed with a conditional update: two desks calling at once never both get it.
        claimed = Ticket.objects.filter(pk=locked.pk, status=Ticket.Status.WAITING).update(
            status=Ticket.Status.CALLED,
            called_at=at,
            called_by=desk,
            priority_reason=reason if skipped else "",
            called_out_of_order=bool(skipped),
        )
        if not claimed:
            raise ValidationError({"status": _("Another desk has just called this customer.")})
        locked.refresh_from_db()
        if skipped and reason:
            note = N_("No. %(number)s called before No. %(skipped)s; priority: %(reason)s")
        elif skipped:
            note = N_("No. %(number)s called before No. %(skipped)s without a priority reason")
        else:
            note = N_("No. %(number)s called in arrival order")
        charter.obligation_record(
            standard="V5",
            subject=locked,
            department=locked.department,
            at=at,
            kept=not skipped or bool(reason),
            responsible=desk,
            note=Text(
                note,
                number=locked.number,
                skipped=", ".join(str(n) for n in skipped[:10]),
                reason=reason,
            ),
        )
    return locked


def ticket_call_next(*, department: Department, by, at: dt.datetime | None = None) -> Ticket:
    """Call the earliest waiting customer of the day (always in order)."""
    _require(by, "handle", department, field="department")
    at = _now(at)
    for _attempt in range(TAKE_NUMBER_ATTEMPTS):
        ticket = (
            Ticket.objects.of_day(department, business_date(at))
            .waiting()
            .in_arrival_order()
            .first()
        )
        if ticket is None:
            raise ValidationError({"department": _("Nobody is waiting.")})
        try:
            return ticket_call(ticket=ticket, by=by, at=at)
        except ValidationError as error:
            if "status" not in getattr(error, "error_dict", {}):
                raise
            continue  # another desk called this one first: take the next
    raise ValidationError({"department": _("The queue is busy; please try again.")})


def ticket_serve(
    *,
    ticket: Ticket,
    by,
    at: dt.datetime | None = None,
    estimate_minutes: int | None = None,
) -> Ticket:
    """Service starts (`by` is `served_by`) and the customer is told the estimated processing
    time (V5). No estimate is a V5 breach; an estimate opens a V5 deadline due at the estimated
    time."""
    _require(by, "handle", ticket.department_id)
    desk = scope.acting_staff(by=by, department=ticket.department_id, field="served_by")
    at = _now(at)
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if locked.status != Ticket.Status.CALLED:
            raise ValidationError(
                {
                    "status": _("Call the customer before starting the service (now %(status)s).")
                    % {"status": locked.get_status_display()}
                }
            )
        if at < locked.called_at:
            raise ValidationError({"at": _("This is before the customer was called.")})
        if estimate_minutes is not None and not 1 <= estimate_minutes <= MAX_ESTIMATE_MINUTES:
            raise ValidationError(
                {
                    "estimate_minutes": _("Give an estimate between 1 and %(max)s minutes.")
                    % {"max": MAX_ESTIMATE_MINUTES}
                }
            )
        locked.status = Ticket.Status.SERVING
        locked.served_at = at
        locked.served_by = desk
        if estimate_minutes is None:
            charter.obligation_record(
                standard="V5",
                subject=locked,
                department=locked.department,
                at=at,
                kept=False,
                responsible=desk,
                note=Text(
                    N_("No. %(number)s: no estimated processing time was given"),
                    number=locked.number,
                ),
            )
        else:
            locked.estimate_minutes = estimate_minutes
            locked.estimated_done_at = at + dt.timedelta(minutes=estimate_minutes)
            locked.estimate_obligation = charter.obligation_open(
                standard="V5",
                subject=locked,
                department=locked.department,
                starts_at=at,
                due_at=locked.estimated_done_at,
                responsible=desk,
                note=Text(
                    N_("No. %(number)s: done by the estimate, %(time)s"),
                    number=locked.number,
                    time=f"{locked.estimated_done_at.astimezone(SEOUL):%H:%M}",
                ),
            )
        locked.save()
    return locked


def ticket_complete(
    *,
    ticket: Ticket,
    by,
    at: dt.datetime | None = None,
    greeted: bool,
    greeted_first: bool,
    asked_further: bool,
) -> Ticket:
    """The customer's business is done: meets the V5 estimate deadline (late = breach) and
    logs the conduct ticks V2 (greeted, introduced, took ownership), V3 and V7, under `by`'s
    own staff member."""
    _require(by, "handle", ticket.department_id)
    desk = scope.acting_staff(by=by, department=ticket.department_id, field="served_by")
    at = _now(at)
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if locked.status == Ticket.Status.CALLED:
            # Served without ever announcing an estimate: that is V5's "no estimate" breach.
            ticket_serve(ticket=locked, by=by, at=at, estimate_minutes=None)
            locked.refresh_from_db()
        if locked.status != Ticket.Status.SERVING:
            raise ValidationError(
                {
                    "status": _("Only a called customer can be completed (this one is %(status)s).")
                    % {"status": locked.get_status_display()}
                }
            )
        if at < locked.served_at:
            raise ValidationError({"at": _("This is before the service started.")})
        locked.status = Ticket.Status.DONE
        locked.done_at = at
        locked.greeted, locked.greeted_first, locked.asked_further = (
            bool(greeted),
            bool(greeted_first),
            bool(asked_further),
        )
        locked.save()
        if locked.estimate_obligation_id:
            charter.obligation_meet(obligation=locked.estimate_obligation, at=at)
        for code, kept in (("V2", greeted), ("V3", greeted_first), ("V7", asked_further)):
            charter.obligation_record(
                standard=code,
                subject=locked,
                department=locked.department,
                at=at,
                kept=bool(kept),
                responsible=desk,
                note=Text(N_("Reception No. %(number)s"), number=locked.number),
            )
    return locked


def ticket_leave(*, ticket: Ticket, by, at: dt.datetime | None = None) -> Ticket:
    """The customer left before being served (recorded by the front desk: `handle`)."""
    _require(by, "handle", ticket.department_id)
    at = _now(at)
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if locked.status not in (Ticket.Status.WAITING, Ticket.Status.CALLED):
            raise ValidationError(
                {
                    "status": _(
                        "Only a waiting or called customer can leave (this one is %(status)s)."
                    )
                    % {"status": locked.get_status_display()}
                }
            )
        locked.status = Ticket.Status.LEFT
        locked.left_at = at
        locked.save()
    return locked


# -- Absent responsible staff (V4) ---------------------------------------------------------


def absence_memo_create(
    *,
    absent_staff: StaffMember,
    reason: str,
    customer_name: str,
    matter: str,
    by,
    reason_detail: str = "",
    customer_phone: str = "",
    handled_by: StaffMember | None = None,
    contact_at: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> AbsenceMemo:
    """The customer was told why the person in charge is away; a colleague handled the matter
    (V4 kept at once) or the customer will be contacted at the time they asked for (a V4
    deadline due at that time).

    `by` logs the memo for the absent person's department (`recorded_by` is their own staff
    member); the colleague who handled it is `by` themselves, or a colleague of that department
    named by its manager."""
    department_id = absent_staff.department_id
    _require(by, "log", department_id, field="absent_staff")
    recorder = scope.acting_staff(by=by, department=department_id, field="recorded_by")
    at = _now(at)
    errors = {}
    if handled_by is not None:
        try:
            handled_by = scope.acting_staff(
                by=by, staff=handled_by, department=department_id, field="handled_by"
            )
        except ValidationError as error:
            errors.update(error.message_dict)
    if reason not in AbsenceMemo.Reason.values:
        errors["reason"] = _("Choose why the staff member is away.")
    if not (customer_name or "").strip():
        errors["customer_name"] = _("Enter the customer's name.")
    if not (matter or "").strip():
        errors["matter"] = _("Note the customer's matter.")
    if handled_by is None and contact_at is None:
        errors["contact_at"] = _(
            "Either name the colleague who handled it or the time the customer wants to be "
            "contacted."
        )
    if handled_by is not None and contact_at is not None:
        errors["contact_at"] = _("A colleague handled it: no contact time is needed.")
    if "handled_by" in errors:
        pass
    elif handled_by is not None and handled_by.pk == absent_staff.pk:
        errors["handled_by"] = _("The colleague must be someone other than the absent person.")
    elif handled_by is not None and not handled_by.active:
        errors["handled_by"] = _("This staff member is no longer active.")
    if contact_at is not None:
        contact_at = charter.aware(contact_at, "contact_at")
        if contact_at < at:
            errors["contact_at"] = _("The time to contact the customer cannot be in the past.")
    try:
        phone = clean_phone(customer_phone, "customer_phone", required=contact_at is not None)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        memo = AbsenceMemo.objects.create(
            department=absent_staff.department,
            absent_staff=absent_staff,
            reason=reason,
            reason_detail=(reason_detail or "").strip(),
            customer_name=customer_name.strip(),
            customer_phone=phone,
            matter=matter.strip(),
            handled_by=handled_by,
            contact_at=contact_at,
            recorded_at=at,
            recorded_by=recorder,
        )
        if handled_by is not None:
            charter.obligation_record(
                standard="V4",
                subject=memo,
                department=memo.department,
                at=at,
                kept=True,
                responsible=handled_by,
                note=Text(
                    N_("Handled by a colleague (%(name)s) for %(absent)s"),
                    name=handled_by.name,
                    absent=absent_staff.name,
                ),
            )
        else:
            memo.obligation = charter.obligation_open(
                standard="V4",
                subject=memo,
                department=memo.department,
                starts_at=at,
                due_at=contact_at,
                responsible=absent_staff,
                note=Text(N_("Contact the customer about: %(matter)s"), matter=memo.matter),
            )
            memo.save(update_fields=["obligation"])
    return memo


def absence_memo_contact(*, memo: AbsenceMemo, by, at: dt.datetime | None = None) -> AbsenceMemo:
    """The customer was contacted (by `by`, of the memo's department: `contacted_by`): meets
    the V4 deadline (after the requested time = breach)."""
    _require(by, "handle", memo.department_id)
    caller = scope.acting_staff(by=by, department=memo.department_id, field="contacted_by")
    at = charter.not_in_future(_now(at, "contacted_at"), "contacted_at")
    with transaction.atomic():
        locked = AbsenceMemo.objects.select_for_update().get(pk=memo.pk)
        if locked.contact_at is None:
            raise ValidationError(
                {"contacted_at": _("A colleague handled this matter; there is nobody to contact.")}
            )
        if locked.contacted_at is not None:
            raise ValidationError({"contacted_at": _("The contact is already recorded.")})
        if at < locked.recorded_at:
            raise ValidationError({"contacted_at": _("This is before the memo was written.")})
        locked.contacted_at = at
        locked.contacted_by = caller
        locked.save(update_fields=["contacted_at", "contacted_by"])
        if locked.obligation_id:
            charter.obligation_meet(obligation=locked.obligation, at=at)
    return locked


# -- Assisted visits (V6) ------------------------------------------------------------------


def assisted_visit_create(
    *,
    customer_name: str,
    customer_phone: str,
    department: Department,
    booked_at: dt.datetime,
    by,
    needs: str = "",
    at: dt.datetime | None = None,
) -> AssistedVisit:
    """A disabled or elderly customer phoned to book a visit: a dedicated staff member must be
    assigned before the booked time (a V6 deadline due at that time). `by` logs it for
    `department` (one they act in) and is `recorded_by`."""
    _require(by, "log", department, field="department")
    recorder = scope.acting_staff(by=by, department=department, field="recorded_by")
    at = _now(at)
    errors = {}
    if not (customer_name or "").strip():
        errors["customer_name"] = _("Enter the customer's name.")
    try:
        phone = clean_phone(customer_phone, "customer_phone", required=True)
    except ValidationError as error:
        errors.update(error.message_dict)
    if booked_at is None:
        errors["booked_at"] = _("Enter the booked visit time.")
    else:
        booked_at = charter.aware(booked_at, "booked_at")
        if booked_at <= at:
            errors["booked_at"] = _("The booked visit time must be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        visit = AssistedVisit.objects.create(
            customer_name=customer_name.strip(),
            customer_phone=phone,
            department=department,
            booked_at=booked_at,
            needs=(needs or "").strip(),
            recorded_at=at,
            recorded_by=recorder,
        )
        visit.obligation = charter.obligation_open(
            standard="V6",
            subject=visit,
            department=department,
            starts_at=at,
            due_at=booked_at,
            responsible=recorder,
            note=Text(
                N_("Assign a dedicated staff member for the visit at %(time)s"),
                time=f"{booked_at.astimezone(SEOUL):%m-%d %H:%M}",
            ),
        )
        visit.save(update_fields=["obligation"])
    return visit


def assisted_visit_assign(
    *,
    visit: AssistedVisit,
    staff: StaffMember,
    by,
    at: dt.datetime | None = None,
) -> AssistedVisit:
    """Assign the dedicated staff member, someone who works in the visit's department: meets
    V6 (after the booked time = breach). A later change of person keeps the first
    assignment's time."""
    _require(by, "handle", visit.department_id)
    at = charter.not_in_future(_now(at, "assigned_at"), "assigned_at")
    staff = _active_staff(staff, "staff")
    if not staff.works_in(visit.department_id):
        raise ValidationError(
            {"staff": _("%(name)s does not work in this department.") % {"name": staff.name}}
        )
    with transaction.atomic():
        locked = AssistedVisit.objects.select_for_update().get(pk=visit.pk)
        if at < locked.recorded_at:
            raise ValidationError({"assigned_at": _("This is before the booking was recorded.")})
        first = locked.assigned_at is None
        locked.assigned_staff = staff
        if first:
            locked.assigned_at = at
        locked.save(update_fields=["assigned_staff", "assigned_at"])
        if first and locked.obligation_id:
            charter.obligation_meet(obligation=locked.obligation, at=at)
    return locked


# -- Staff visits to customers (S1–S4) -----------------------------------------------------


def field_visit_create(
    *,
    company: str,
    contact_name: str,
    purpose: str,
    scheduled_at: dt.datetime,
    by,
    staff: StaffMember | None = None,
    contact_phone: str = "",
    at: dt.datetime | None = None,
) -> FieldVisit:
    """Plan a visit: notice (document or phone) and the customer's consent must both be
    recorded before the scheduled time (an S1 deadline due at that time).

    The visiting `staff` member is `by`'s own (the default), or a colleague named by a manager
    of the colleague's department; the visit belongs to the visitor's department."""
    scope.require(by, "log")
    staff = scope.acting_staff(by=by, staff=staff, field="staff")
    _require(by, "log", staff.department_id, field="staff")
    at = _now(at)
    errors = {}
    for field, value, message in (
        ("company", company, _("Enter the company.")),
        ("contact_name", contact_name, _("Enter the contact person.")),
        ("purpose", purpose, _("Enter the purpose of the visit.")),
    ):
        if not (value or "").strip():
            errors[field] = message
    try:
        phone = clean_phone(contact_phone, "contact_phone", required=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if scheduled_at is None:
        errors["scheduled_at"] = _("Enter the scheduled time.")
    else:
        scheduled_at = charter.aware(scheduled_at, "scheduled_at")
        if scheduled_at <= at:
            errors["scheduled_at"] = _("The scheduled time must be in the future.")
    try:
        _active_staff(staff, "staff")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        visit = FieldVisit.objects.create(
            company=company.strip(),
            contact_name=contact_name.strip(),
            contact_phone=phone,
            purpose=purpose.strip(),
            scheduled_at=scheduled_at,
            staff=staff,
            department=staff.department,
            created_at=at,
        )
        visit.notice_obligation = charter.obligation_open(
            standard="S1",
            subject=visit,
            department=visit.department,
            starts_at=at,
            due_at=scheduled_at,
            responsible=staff,
            note=Text(N_("Notice and consent before visiting %(company)s"), company=visit.company),
        )
        visit.save(update_fields=["notice_obligation"])
    return visit


def _meet_notice_if_complete(visit: FieldVisit) -> None:
    if visit.notified_at is None or visit.consented_at is None or not visit.notice_obligation_id:
        return
    obligation = visit.notice_obligation
    if obligation.met_at is not None or obligation.status == Obligation.Status.WAIVED:
        return
    # Notice given by phone before the visit was entered still counts from the planning time.
    done = max(visit.notified_at, visit.consented_at, obligation.starts_at)
    charter.obligation_meet(obligation=obligation, at=done)


def field_visit_record_notice(
    *, visit: FieldVisit, by, method: str, notified_at: dt.datetime | None = None
) -> FieldVisit:
    """The purpose and time were announced by document or phone (S1, with the consent)."""
    _require(by, "handle", visit.department_id)
    notified_at = charter.not_in_future(_now(notified_at, "notified_at"), "notified_at")
    if method not in FieldVisit.NoticeMethod.values:
        raise ValidationError({"method": _("Choose how the customer was notified.")})
    with transaction.atomic():
        locked = FieldVisit.objects.select_for_update().get(pk=visit.pk)
        locked.notice_method = method
        locked.notified_at = notified_at
        locked.save(update_fields=["notice_method", "notified_at"])
        _meet_notice_if_complete(locked)
    return locked


def field_visit_record_consent(
    *, visit: FieldVisit, by, consented_at: dt.datetime | None = None
) -> FieldVisit:
    """The customer agreed to the visit (S1, with the notice)."""
    _require(by, "handle", visit.department_id)
    consented_at = charter.not_in_future(_now(consented_at, "consented_at"), "consented_at")
    with transaction.atomic():
        locked = FieldVisit.objects.select_for_update().get(pk=visit.pk)
        locked.consented_at = consented_at
        locked.save(update_fields=["consented_at"])
        _meet_notice_if_complete(locked)
    return locked


def field_visit_record(
    *,
    visit: FieldVisit,
    by,
    arrived_at: dt.datetime,
    id_shown: bool,
    results_explained: bool,
    card_left: bool,
    closing_done: bool,
    at: dt.datetime | None = None,
) -> FieldVisit:
    """Record the visit: S2 (minutes late within the standard's limit; ID shown), S3 (results
    explained; business card left), S4 (asked for other questions and closed politely).

    It is the visitor's own account: `by` is the visiting staff member, or a manager of the
    department recording it for them."""
    _require(by, "handle", visit.department_id)
    scope.acting_staff(by=by, staff=visit.staff, department=visit.department_id, field="staff")
    at = _now(at)
    if arrived_at is None:
        raise ValidationError({"arrived_at": _("Enter the arrival time.")})
    arrived_at = charter.not_in_future(arrived_at, "arrived_at", now=at)
    with transaction.atomic():
        locked = FieldVisit.objects.select_for_update().select_related("staff").get(pk=visit.pk)
        if locked.arrived_at is not None:
            raise ValidationError({"arrived_at": _("This visit is already recorded.")})
        if arrived_at < locked.created_at:
            raise ValidationError({"arrived_at": _("This is before the visit was planned.")})
        late = minutes_late(scheduled_at=locked.scheduled_at, arrived_at=arrived_at)
        locked.arrived_at = arrived_at
        locked.minutes_late = late
        locked.id_shown = bool(id_shown)
        locked.results_explained = bool(results_explained)
        locked.card_left = bool(card_left)
        locked.closing_done = bool(closing_done)
        locked.save()
        s2 = charter.standard_get("S2")
        common = {"subject": locked, "department": locked.department, "responsible": locked.staff}
        charter.obligation_record(
            standard=s2,
            at=arrived_at,
            kept=s2.within_limit(late),
            measured=late,
            note=Text(N_("Arrived %(minutes)s minute(s) after the appointment"), minutes=late),
            **common,
        )
        checks = [
            (s2, id_shown, Text(N_("ID shown before working"))),
            ("S3", results_explained, Text(N_("Results explained on site"))),
            ("S3", card_left, Text(N_("Business card left"))),
            ("S4", closing_done, Text(N_("Asked for other questions and closed politely"))),
        ]
        for standard, kept, note in checks:
            charter.obligation_record(
                standard=standard, at=max(at, arrived_at), kept=bool(kept), note=note, **common
            )
    return locked


# -- Staff directory (V1) ------------------------------------------------------------------


def directory_check(*, now: dt.datetime | None = None) -> dict:
    """V1: every active staff member has a photo and a seat on the published seating chart.

    Opens one V1 obligation (due after the standard's duration on the department's calendar)
    for each active staff member whose entry is incomplete and who has none pending, and meets
    the pending ones whose entry is now complete. Idempotent: run it as often as you like
    (Celery beat every 15 minutes; `python manage.py check_directory`)."""
    now = _now(now, "now")
    opened = met = 0
    pending = (
        Obligation.objects.for_standard("V1")
        .filter(content_type__app_label="charter", content_type__model="staffmember")
        .filter(
            met_at__isnull=True, status__in=[Obligation.Status.OPEN, Obligation.Status.BREACHED]
        )
    )
    pending_by_staff = {o.object_id: o for o in pending}
    incomplete = (
        StaffMember.objects.active().filter(directory_incomplete_q()).select_related("department")
    )
    incomplete_ids = set()
    with transaction.atomic():
        for staff in incomplete:
            incomplete_ids.add(staff.pk)
            if staff.pk in pending_by_staff:
                continue
            charter.obligation_open(
                standard="V1",
                subject=staff,
                department=staff.department,
                starts_at=now,
                note=Text(N_("Directory: photo and seat for %(name)s"), name=staff.name),
            )
            opened += 1
        for staff_id, obligation in pending_by_staff.items():
            if staff_id in incomplete_ids:
                continue
            if not StaffMember.objects.filter(pk=staff_id, active=True).exists():
                continue
            charter.obligation_meet(obligation=obligation, at=max(now, obligation.starts_at))
            met += 1
    return {"opened": opened, "met": met}
