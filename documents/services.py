"""Fax, e-mail and post (D1–D4): the only code that writes documents' records and opens or
meets their obligations. Views, the REST API, admin, tasks, commands and the demo call these.

Every service where a person acts takes `by` (the acting user) and checks it here, before
anything is written or sent (charter.scope): recording an inbox check or registering received
documents is `log` for the department whose inbox it is; confirming, marking incomplete and
notifying the customer are `handle` in the document's department. The doer recorded
(`staff`, `received_by`, `confirmed_by`, `sent_by`) is the acting user's own staff member, or
a colleague only when `by` may record for colleagues (charter.scope.acting_staff). The
scheduled jobs that open the D1 days act for nobody and take no `by`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from charter.calendars import calendar_of, load_calendar
from charter.models import Department, Obligation, StaffMember
from charter.privacy import normalize_phone, validate_phone
from charter.scope import acting_staff, require, scope_of
from charter.services import (
    aware,
    not_in_future,
    obligation_meet,
    obligation_meet_for,
    obligation_open,
    obligation_record,
    standard_get,
)
from charter.texts import Text
from notices.models import Message
from notices.services import message_queue

from .models import (
    SENT_FROM_APP,
    Channel,
    InboxCheck,
    InboxDay,
    Notice,
    NoticeChannel,
    ReceivedDocument,
    local_date,
)

D1, D2, D3, D4 = "D1", "D2", "D3", "D4"
# How far back the scheduled job fills in days it missed (the worker was down over a day).
CATCH_UP_DAYS = 7
DEFAULT_MIN_CHECKS = 3


# -- D1: inbox days and checks -----------------------------------------------------------


def _channel(value: str, field: str = "channel") -> str:
    if value not in Channel.values:
        raise ValidationError({field: _("Choose fax, e-mail or post.")})
    return value


def min_checks() -> int:
    """The D1 standard's minimum number of checks per business day, as it is now."""
    return standard_get(D1).min_count or DEFAULT_MIN_CHECKS


def _business_day(department: Department, day: dt.date, calendars: dict | None = None):
    """(start, close) of `day` on the department's calendar, or None on a non-working day."""
    calendar = calendar_of(department)
    cache = calendars if calendars is not None else {}
    if calendar.pk not in cache:
        cache[calendar.pk] = load_calendar(calendar)
    frames = cache[calendar.pk].frames_on(day)
    if not frames:
        return None
    return frames[0][0], frames[-1][1]


def _inbox_day_get_or_open(
    *, department: Department, channel: str, day: dt.date, standard, calendars: dict
) -> tuple[InboxDay | None, bool]:
    """The InboxDay (and its D1 obligation), opened if needed; None on a non-working day."""
    existing = InboxDay.objects.filter(department=department, channel=channel, date=day).first()
    if existing is not None:
        return existing, False
    hours = _business_day(department, day, calendars)
    if hours is None or not standard.active:
        return None, False
    start, close = hours
    with transaction.atomic():
        inbox_day, created = InboxDay.objects.get_or_create(
            department=department, channel=channel, date=day
        )
        if created:
            obligation_open(
                standard=standard,
                subject=inbox_day,
                department=department,
                starts_at=start,
                due_at=close,
                note=inbox_day_note(channel=channel, day=day),
            )
    return inbox_day, created


# The note of a day's D1 obligation, one message id per channel (stored language-neutral:
# "팩스 2026-12-02" on a Korean page, "Fax 2026-12-02" on an English one).
INBOX_DAY_NOTES = {
    Channel.FAX: N_("Fax %(day)s"),
    Channel.EMAIL: N_("E-mail %(day)s"),
    Channel.POST: N_("Post %(day)s"),
}


def inbox_day_note(*, channel: str, day: dt.date) -> Text:
    return Text(INBOX_DAY_NOTES[Channel(channel)], day=f"{day:%Y-%m-%d}")


def inbox_day_open(*, day: dt.date) -> int:
    """Open the D1 obligation of every active department and channel for `day` (from the
    first frame's start to the last frame's close of the department's calendar). Idempotent;
    a non-working day opens nothing. Returns how many were opened."""
    standard = standard_get(D1)
    calendars: dict = {}
    opened = 0
    for department in Department.objects.filter(active=True).select_related("calendar"):
        for channel in Channel.values:
            _day, created = _inbox_day_get_or_open(
                department=department,
                channel=channel,
                day=day,
                standard=standard,
                calendars=calendars,
            )
            opened += created
    return opened


def inbox_days_open_due(*, now: dt.datetime | None = None) -> int:
    """What beat runs every few minutes: open today's inbox days, and any day since the last
    opened one (up to a week back) that a stopped worker missed. Never matches an exact time."""
    now = aware(now, "now") if now is not None else timezone.now()
    today = local_date(now)
    last = InboxDay.objects.filter(date__lte=today).order_by("-date").values_list("date", flat=True)
    first = today
    if last:
        first = max(last[0], today - dt.timedelta(days=CATCH_UP_DAYS))
    opened, day = 0, first
    while day <= today:
        opened += inbox_day_open(day=day)
        day += dt.timedelta(days=1)
    return opened


def _doer(*, by, staff: StaffMember | None, department, field: str) -> StaffMember | None:
    """The staff member an action of `by` is recorded under: their own, or the colleague named
    in `staff` when they may record for colleagues of `department` (charter.scope.acting_staff;
    anyone else's name is a ValidationError on `field`). An account with no staff member (a
    mail gateway, an administrator) that names nobody records nobody."""
    if by is None:
        raise TypeError("by= is required: who is acting?")
    if staff is None and scope_of(by).staff is None:
        return None
    return acting_staff(by=by, staff=staff, department=department, field=field)


def _default_department(by, staff: StaffMember | None) -> Department | None:
    """The department an action is for when the input names none: the acting user's own, or
    that of the colleague they name."""
    own = scope_of(by).staff
    if own is not None:
        return own.department
    return staff.department if staff is not None else None


def inbox_check_record(
    *,
    by,
    channel: str,
    staff: StaffMember | None = None,
    department: Department | None = None,
    checked_at: dt.datetime | None = None,
) -> InboxCheck:
    """`by` checked the inbox of `channel` of `department` (default: their own department; a
    staff member who covers other departments may check theirs too). `staff`: the colleague
    who checked, when `by` may record for colleagues. The Nth check of the business day
    (N = D1's minimum count) meets the day's D1 obligation, opening it first if the beat has
    not yet."""
    require(by, "log")
    channel = _channel(channel)
    if department is None:
        department = _default_department(by, staff)
        if department is None:
            raise ValidationError({"department": _("Choose the department.")})
    require(by, "log", department, field="department")
    staff = _doer(by=by, staff=staff, department=department, field="checked_by")
    checked_at = not_in_future(checked_at or timezone.now(), "checked_at")
    standard = standard_get(D1)
    with transaction.atomic():
        inbox_day, _created = _inbox_day_get_or_open(
            department=department,
            channel=channel,
            day=local_date(checked_at),
            standard=standard,
            calendars={},
        )
        if inbox_day is not None:
            # Serialise the checks of one inbox day so that the count is exact.
            InboxDay.objects.select_for_update().filter(pk=inbox_day.pk).first()
        check = InboxCheck.objects.create(
            department=department,
            channel=channel,
            checked_at=checked_at,
            staff=staff,
            inbox_day=inbox_day,
        )
        if inbox_day is not None:
            _inbox_day_settle(inbox_day=inbox_day, needed=standard.min_count or DEFAULT_MIN_CHECKS)
    return check


def _inbox_day_settle(*, inbox_day: InboxDay, needed: int) -> None:
    times = list(
        inbox_day.checks.order_by("checked_at").values_list("checked_at", flat=True)[:needed]
    )
    if len(times) < needed:
        return
    obligation = (
        Obligation.objects.for_subject(inbox_day)
        .for_standard(D1)
        .filter(met_at__isnull=True)
        .exclude(status=Obligation.Status.WAIVED)
        .first()
    )
    if obligation is not None:
        obligation_meet(obligation=obligation, at=max(times[-1], obligation.starts_at))


def inbox_counts(*, user, department: Department, day: dt.date) -> dict[str, int]:
    """{channel: checks on `day`} of `department`'s inboxes, as `user` sees them (zeros for a
    department outside their scope)."""
    checks = InboxCheck.objects.visible_to(user).of_department(department).on_day(day)
    return checks.counts_by_channel()


# -- D2–D4: received documents -----------------------------------------------------------


def _contact(phone: str, email: str) -> tuple[str, str]:
    phone, email = (phone or "").strip(), (email or "").strip()
    errors = {}
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as error:
            errors["customer_phone"] = error.messages
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["customer_email"] = [_("Enter a valid e-mail address.")]
    if not phone and not email:
        errors["customer_phone"] = [_("Give the customer's phone number or e-mail address.")]
    if errors:
        raise ValidationError(errors)
    return normalize_phone(phone), email


def document_receive(
    *,
    by,
    channel: str,
    customer_name: str,
    description: str,
    department: Department | None = None,
    received_at: dt.datetime | None = None,
    customer_phone: str = "",
    customer_email: str = "",
    staff: StaffMember | None = None,
) -> ReceivedDocument:
    """`by` registers documents that arrived by fax, e-mail or post for `department` (default:
    their own; a mail gateway names it), from the page or a gateway. `staff`: the colleague who
    registered them, when `by` may record for colleagues."""
    require(by, "log")
    errors = {}
    if department is None:
        department = _default_department(by, staff)
    if department is None:
        errors["department"] = [_("Choose the department.")]
    else:
        try:
            require(by, "log", department, field="department")
            staff = _doer(by=by, staff=staff, department=department, field="received_by")
        except ValidationError as error:
            errors.update(error.message_dict)
    if channel not in Channel.values:
        errors["channel"] = [_("Choose fax, e-mail or post.")]
    customer_name = (customer_name or "").strip()
    if not customer_name:
        errors["customer_name"] = [_("Give the customer's name.")]
    description = (description or "").strip()
    if not description:
        errors["description"] = [_("Say what was received.")]
    try:
        customer_phone, customer_email = _contact(customer_phone, customer_email)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        received_at = not_in_future(received_at or timezone.now(), "received_at")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return ReceivedDocument.objects.create(
        department=department,
        channel=channel,
        customer_name=customer_name,
        customer_phone=customer_phone,
        customer_email=customer_email,
        description=description,
        received_at=received_at,
        received_by=staff,
    )


def document_confirm(
    *,
    document: ReceivedDocument,
    by,
    staff: StaffMember | None = None,
    at: dt.datetime | None = None,
) -> ReceivedDocument:
    """`by` (staff of the document's department) confirmed the documents: the D2 receipt
    notice is due (30 business minutes). `staff`: the colleague who confirmed them, when `by`
    may record for colleagues."""
    require(by, "handle", document.department_id)
    staff = _doer(by=by, staff=staff, department=document.department_id, field="confirmed_by")
    at = not_in_future(at or timezone.now(), "confirmed_at")
    with transaction.atomic():
        document = _lock(document, by=by)
        if document.confirmed_at is not None:
            raise ValidationError({"confirmed_at": _("These documents are already confirmed.")})
        if at < document.received_at:
            raise ValidationError(
                {"confirmed_at": _("Documents cannot be confirmed before they arrived.")}
            )
        document.confirmed_at = at
        document.confirmed_by = staff
        document.save(update_fields=["confirmed_at", "confirmed_by"])
        obligation_open(
            standard=D2,
            subject=document,
            department=document.department,
            starts_at=at,
            responsible=staff,
            note=_notice_note(document),
        )
    return document


def _lock(document: ReceivedDocument, *, by) -> ReceivedDocument:
    """The document's row, locked for the action; `by` checked again against the department
    it has now."""
    document = ReceivedDocument.objects.select_for_update().get(pk=document.pk)
    require(by, "handle", document.department_id)
    return document


def _notice_note(document: ReceivedDocument) -> str:
    return f"#{document.pk} {document.description[:60]}"


def document_mark_incomplete(
    *,
    document: ReceivedDocument,
    by,
    processed_what_can: bool,
    blocked: bool,
    staff: StaffMember | None = None,
    missing_items: str = "",
    how_to_prepare: str = "",
    at: dt.datetime | None = None,
) -> ReceivedDocument:
    """`by` (staff of the document's department) found the documents incomplete. D3 is ticked
    (or not) at once; when processing is blocked, the D4 deficiency notice (missing items, how
    to prepare them) is due. `staff`: the colleague responsible, when `by` may record for
    colleagues."""
    require(by, "handle", document.department_id)
    staff = _doer(by=by, staff=staff, department=document.department_id, field="staff")
    at = not_in_future(at or timezone.now(), "incomplete_at")
    missing_items, how_to_prepare = (missing_items or "").strip(), (how_to_prepare or "").strip()
    with transaction.atomic():
        document = _lock(document, by=by)
        if document.confirmed_at is None:
            raise ValidationError(
                {"incomplete_at": _("Confirm the documents before marking them incomplete.")}
            )
        if document.incomplete_at is not None:
            raise ValidationError(
                {"incomplete_at": _("These documents are already marked incomplete.")}
            )
        if at < document.confirmed_at:
            raise ValidationError(
                {"incomplete_at": _("This is before the documents were confirmed.")}
            )
        if blocked and not missing_items:
            raise ValidationError({"missing_items": _("List the missing items.")})
        document.incomplete_at = at
        document.processed_what_can = bool(processed_what_can)
        document.blocked = bool(blocked)
        document.missing_items = missing_items
        document.how_to_prepare = how_to_prepare
        document.save(
            update_fields=[
                "incomplete_at",
                "processed_what_can",
                "blocked",
                "missing_items",
                "how_to_prepare",
            ]
        )
        obligation_record(
            standard=D3,
            subject=document,
            department=document.department,
            at=at,
            kept=bool(processed_what_can),
            responsible=staff,
            note=_notice_note(document),
        )
        if blocked:
            obligation_open(
                standard=D4,
                subject=document,
                department=document.department,
                starts_at=at,
                responsible=staff,
                note=_notice_note(document),
            )
    return document


# -- Notices -----------------------------------------------------------------------------


def notice_text(*, document: ReceivedDocument, kind: str, sender: StaffMember | None) -> dict:
    """The notice's subject and body in Korean, from documents/notices/<kind>*.txt."""
    context = {"document": document, "sender": sender, "department": document.department}
    with translation.override("ko"):
        subject = render_to_string(f"documents/notices/{kind}_subject.txt", context).strip()
        body = render_to_string(f"documents/notices/{kind}.txt", context).strip()
    return {"subject": subject, "body": body}


def notice_send(
    *,
    document: ReceivedDocument,
    by,
    kind: str,
    channel: str,
    staff: StaffMember | None = None,
    to: str = "",
    body: str = "",
    sent_at: dt.datetime | None = None,
) -> Notice:
    """`by` (staff of the document's department) sends (SMS, e-mail) or records (phone, post,
    fax) a receipt or deficiency notice; it meets the D2 or D4 obligation. Nobody outside the
    department sends one. A notice before the documents were confirmed is refused; so is a
    deficiency notice for documents that are not blocked. `staff`: the colleague who made a
    recorded notice, when `by` may record for colleagues. `sent_at`: a notice already made
    (any channel) is recorded at that time and nothing is sent; without it SMS and e-mail are
    sent by the app now and the others recorded now."""
    require(by, "handle", document.department_id)
    staff = _doer(by=by, staff=staff, department=document.department_id, field="sent_by")
    if kind not in Notice.Kind.values:
        raise ValidationError({"kind": _("Choose a receipt or a deficiency notice.")})
    if channel not in NoticeChannel.values:
        raise ValidationError({"channel": _("Choose SMS, e-mail, phone call, post or fax.")})
    # Without `sent_at` the app sends an SMS or e-mail now. With it, the notice was already
    # made (a mail gateway's or a phone system's record, staff catching up): it is recorded at
    # that time, meets D2/D4 at that time, and is not sent again.
    from_app = channel in SENT_FROM_APP and sent_at is None
    now = timezone.now()
    sent_at = not_in_future(sent_at or now, "sent_at")
    with transaction.atomic():
        document = _lock(document, by=by)
        if document.confirmed_at is None:
            raise ValidationError(
                {"sent_at": _("The documents are not confirmed yet: confirm them first.")}
            )
        if sent_at < document.confirmed_at:
            raise ValidationError(
                {"sent_at": _("A notice cannot be sent before the documents were confirmed.")}
            )
        if kind == Notice.Kind.DEFICIENCY:
            if not document.blocked:
                raise ValidationError(
                    {"kind": _("Mark the documents incomplete and blocked first.")}
                )
            if sent_at < document.incomplete_at:
                raise ValidationError(
                    {"sent_at": _("This is before the documents were found incomplete.")}
                )
        to = _recipient(document=document, channel=channel, to=to)
        text = notice_text(document=document, kind=kind, sender=staff)
        body = (body or "").strip() or text["body"]
        notice = Notice.objects.create(
            document=document,
            kind=kind,
            channel=channel,
            to=to,
            body=body,
            sent_at=sent_at,
            sent_by=staff,
            sent_from_app=from_app,
        )
        standard, field = (
            (D2, "receipt_notified_at")
            if kind == Notice.Kind.RECEIPT
            else (D4, "deficiency_notified_at")
        )
        if getattr(document, field) is None:
            setattr(document, field, sent_at)
            document.save(update_fields=[field])
        obligation_meet_for(standard=standard, subject=document, at=sent_at)
        if from_app:  # the outbox sends it once this transaction commits
            message_queue(
                kind=Message.Kind.RECEIPT
                if kind == Notice.Kind.RECEIPT
                else Message.Kind.DEFICIENCY,
                channel=Message.Channel.SMS
                if channel == NoticeChannel.SMS
                else Message.Channel.EMAIL,
                to=to,
                subject=text["subject"],
                body=body,
                about=notice,
                department=document.department_id,
            )
    return notice


def _recipient(*, document: ReceivedDocument, channel: str, to: str) -> str:
    to = (to or "").strip()
    if channel in (NoticeChannel.SMS, NoticeChannel.PHONE):
        to = to or document.customer_phone
        if not to:
            raise ValidationError({"to": _("Give the customer's phone number.")})
        try:
            validate_phone(to)
        except ValidationError as error:
            raise ValidationError({"to": error.messages}) from error
        return normalize_phone(to)
    if channel == NoticeChannel.EMAIL:
        to = to or document.customer_email
        if not to:
            raise ValidationError({"to": _("Give the customer's e-mail address.")})
        try:
            validate_email(to)
        except ValidationError as error:
            raise ValidationError({"to": [_("Enter a valid e-mail address.")]}) from error
        return to
    return to  # post (an address) or fax (a number): as staff wrote it


__all__ = [
    "document_confirm",
    "document_mark_incomplete",
    "document_receive",
    "inbox_check_record",
    "inbox_counts",
    "inbox_day_open",
    "inbox_days_open_due",
    "min_checks",
    "notice_send",
    "notice_text",
]
