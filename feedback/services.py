"""Opinions, complaints and contests: the only place that writes them and their obligations.

F1  an opinion's result is notified within the standard's duration of receipt.
F3  a complaint gets a progress notice within the standard's duration of receipt.
F4  a complaint whose cause is staff, facility or system gets a corrective action with a notice
    to the customer within the standard's duration of the cause being recorded.
F2  a contest's award rules are published before entries open; awards by the announced date.

Durations come from the `Standard` rows (charter.services); nothing here hard-codes 7 or 14 days.

Who may act (charter.scope, checked here so that pages, API and admin share one rule; `by`, the
acting user, is required wherever a person acts):

- logging an item or a contest: `log` in its department (the department named in the input, a
  400 on that field when the actor may not log there);
- replies, causes, corrective actions, assigning to a person within the department, the award
  rules and the awards: `handle` in the record's department; a reply is recorded under the
  acting user's own staff member, or a colleague of the department named by a manager;
- moving an item to another department: `hand_over` from its current department, to any active
  department: its obligations follow it and it leaves the sender's lists.

The public form (`feedback_submit`) and the public tracking lookup have no actor: a citizen.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from charter.models import Department, StaffMember
from charter.privacy import normalize_phone, validate_phone
from charter.retention import personal_data_purge
from charter.scope import acting_staff, require, scope_of
from charter.services import (
    aware,
    not_in_future,
    obligation_meet,
    obligation_meet_for,
    obligation_open,
    obligation_reassign,
)
from charter.survey import satisfaction_link
from charter.texts import Text
from notices.models import Message
from notices.services import message_build, message_queue, messages_queue

from .models import (
    EMAIL_MAX,
    NAME_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Channel,
    Contest,
    Feedback,
    Reply,
    ReplyChannel,
)

# The reads live in feedback.selectors; importable from here too, where callers found them.
from .selectors import (  # noqa: F401
    contact_matches,
    default_department,
    department_recipients,
    feedback_track,
    tracking_number_clean,
)

# Tracking numbers: GC-<year>-XXXX-XXXX-XXXX from an alphabet without look-alikes (no 0/O, 1/I/L):
# 12 random characters of 31 = about 59 bits, drawn with `secrets`.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_GROUPS = 3

STANDARD_OF_KIND = {Feedback.Kind.OPINION: "F1", Feedback.Kind.COMPLAINT: "F3"}


# -- Helpers ------------------------------------------------------------------------------


def tracking_number_new(*, year: int) -> str:
    groups = (
        "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(4))
        for _g in range(TRACKING_GROUPS)
    )
    return f"GC-{year}-" + "-".join(groups)


def _unique_tracking_number(year: int) -> str:
    while True:
        number = tracking_number_new(year=year)
        if not Feedback.objects.filter(tracking_number=number).exists():
            return number


def _clean_text(value, field: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("Use at most %(max)d characters (it has %(length)d).")
                % {"max": max_length, "length": len(value)}
            }
        )
    return value


def _clean_contact(*, name: str, phone: str, email: str, required: bool) -> tuple[str, str, str]:
    errors = {}
    try:
        name = _clean_text(name, "customer_name", NAME_MAX, required=False)
    except ValidationError as error:
        errors.update(error.error_dict)
    phone = normalize_phone(phone or "")
    email = (email or "").strip()
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as error:
            errors["customer_phone"] = error.messages
    if email:
        if len(email) > EMAIL_MAX:
            errors["customer_email"] = [_("This e-mail address is too long.")]
        else:
            try:
                EmailValidator()(email)
            except ValidationError:
                errors["customer_email"] = [_("Enter a valid e-mail address.")]
    if required and not phone and not email and not errors:
        errors["customer_phone"] = [_("Give a phone number or an e-mail address (or both).")]
    if errors:
        raise ValidationError(errors)
    return name, phone, email


def _staff_of(user) -> StaffMember | None:
    return scope_of(user).staff if user is not None else None


def _actor(by):
    if by is None:
        raise TypeError("by= is required: who is acting?")
    return by


def _sender(*, by, replied_by: StaffMember | None, feedback: Feedback):
    """The user a notice is recorded as sent by: the acting user's own staff member, or a
    colleague of the item's department named by someone who may (charter.scope.acting_staff).
    An admin without a staff member is recorded as themselves."""
    if replied_by is None and _staff_of(by) is None and scope_of(by).sees_all:
        return by
    return acting_staff(
        by=by, staff=replied_by, department=feedback.department_id, field="replied_by"
    ).user


# -- Receiving ----------------------------------------------------------------------------


def feedback_receive(
    *,
    kind: str,
    title: str,
    text: str,
    received_at: dt.datetime,
    by,
    channel: str = Channel.WEB,
    department: Department | None = None,
    assignee: StaffMember | None = None,
    customer_name: str = "",
    customer_phone: str = "",
    customer_email: str = "",
    consent: bool = False,
) -> Feedback:
    """Staff (or an integration) log an opinion (opens F1) or a complaint (opens F3) received
    on any channel. Without a department it goes to the assignee's, else the actor's own, else
    the triage department; `by` must be allowed to log there (a 400 on `department`)."""
    _actor(by)
    if department is None:
        if assignee is not None:
            department = assignee.department
        else:
            department = getattr(_staff_of(by), "department", None) or default_department()
    require(by, "log", department, field="department")
    return _receive(
        kind=kind,
        title=title,
        text=text,
        received_at=received_at,
        channel=channel,
        department=department,
        assignee=assignee,
        customer_name=customer_name,
        customer_phone=customer_phone,
        customer_email=customer_email,
        consent=consent,
        created_by=by,
    )


def _receive(
    *,
    kind: str,
    title: str,
    text: str,
    received_at: dt.datetime,
    channel: str,
    department: Department | None,
    assignee: StaffMember | None,
    customer_name: str,
    customer_phone: str,
    customer_email: str,
    consent: bool,
    created_by,
) -> Feedback:
    errors = {}
    if kind not in Feedback.Kind.values:
        errors["kind"] = [_("Choose an opinion or a complaint.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Choose how it was received.")]
    for field, value, limit in (("title", title, TITLE_MAX), ("text", text, TEXT_MAX)):
        try:
            _clean_text(value, field, limit)
        except ValidationError as error:
            errors.update(error.error_dict)
    try:
        name, phone, email = _clean_contact(
            name=customer_name,
            phone=customer_phone,
            email=customer_email,
            required=channel == Channel.WEB,
        )
    except ValidationError as error:
        errors.update(error.error_dict)
        name = phone = email = ""
    if (name or phone or email or channel == Channel.WEB) and not consent:
        errors["consent"] = [_("Agree to the collection of your personal data to continue.")]
    try:
        received_at = not_in_future(received_at, "received_at")
    except ValidationError as error:
        errors.update(error.error_dict)
    if assignee is not None and department is not None and not assignee.works_in(department):
        errors["assignee"] = [_("This person is not in the chosen department.")]
    if errors:
        raise ValidationError(errors)
    if department is None:
        department = assignee.department if assignee is not None else default_department()
    with transaction.atomic():
        feedback = Feedback.objects.create(
            kind=kind,
            tracking_number=_unique_tracking_number(timezone.localtime(received_at).year),
            channel=channel,
            department=department,
            assignee=assignee,
            title=title.strip(),
            text=text.strip(),
            customer_name=name,
            customer_phone=phone,
            customer_email=email,
            consent_at=received_at if consent else None,
            received_at=received_at,
            created_by=created_by,
        )
        obligation_open(
            standard=STANDARD_OF_KIND[kind],
            subject=feedback,
            department=department,
            starts_at=received_at,
            responsible=assignee,
            note=feedback.tracking_number,
        )
    return feedback


def feedback_submit(
    *,
    kind: str,
    title: str,
    text: str,
    customer_name: str,
    customer_phone: str,
    customer_email: str,
    consent: bool,
    department: Department | None = None,
    now: dt.datetime | None = None,
) -> Feedback:
    """A customer's submission on the public form (no staff acting: a citizen): logged in the
    chosen department or the triage one (FEEDBACK_DEFAULT_DEPARTMENT), and the department told
    once the transaction commits."""
    with transaction.atomic():
        feedback = _receive(
            kind=kind,
            title=title,
            text=text,
            received_at=now or timezone.now(),
            channel=Channel.WEB,
            department=department,
            assignee=None,
            customer_name=customer_name,
            customer_phone=customer_phone,
            customer_email=customer_email,
            consent=consent,
            created_by=None,
        )
        department_notify_new(feedback=feedback)
    return feedback


def department_notify_new(*, feedback: Feedback) -> int:
    """Tell the department that something came in (queued in the caller's transaction). No
    personal data in the message: the subject carries the kind and the tracking number, the
    body the title and the page. Returns how many messages were queued."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New %(kind)s received: %(number)s") % {
            "kind": feedback.get_kind_display(),
            "number": feedback.tracking_number,
        }
        body = _(
            "A %(kind)s came in through the web form.\n\nTitle: %(title)s\nDepartment: "
            "%(department)s\nReceived: %(received)s\n\nOpen it in the charter tracker: "
            "%(path)s\n"
        ) % {
            "kind": feedback.get_kind_display(),
            "title": feedback.title,
            "department": feedback.department.name,
            "received": timezone.localtime(feedback.received_at).strftime("%Y-%m-%d %H:%M"),
            "path": reverse("feedback:detail", args=[feedback.pk]),
        }
    queued = messages_queue(
        messages=[
            message_build(
                kind=Message.Kind.NEW_FEEDBACK,
                channel=Message.Channel.EMAIL,
                to=address,
                subject=subject,
                body=body,
                about=feedback,
                department=feedback.department_id,
            )
            for address in department_recipients(feedback.department)
        ]
    )
    return len(queued)


def feedback_assign(
    *,
    feedback: Feedback,
    by,
    department: Department | None = None,
    assignee: StaffMember | None = None,
) -> Feedback:
    """Assign an item to a person of its department (or to nobody): `handle` there. Naming
    another department hands it over: `hand_over` from its current department, to any active
    department (and a person of it). Its open obligations follow it, their deadlines as they
    were promised; a handed-over item leaves the sender's lists and joins the receiver's."""
    _actor(by)
    with transaction.atomic():
        locked = (
            Feedback.objects.select_for_update().select_related("department").get(pk=feedback.pk)
        )
        target = department or locked.department
        handing_over = target.pk != locked.department_id
        require(by, "hand_over" if handing_over else "handle", locked.department_id)
        if handing_over and not target.active:
            raise ValidationError({"department": _("This department no longer takes items.")})
        if assignee is not None and not assignee.works_in(target):
            raise ValidationError({"assignee": _("This person is not in the chosen department.")})
        if locked.is_closed:
            raise ValidationError(_("This item is closed."))
        Feedback.objects.filter(pk=locked.pk).update(department=target, assignee=assignee)
        if handing_over:
            reason = ""  # "Handed over to <department>"
        elif assignee is not None:
            reason = _("Assigned to %(name)s") % {"name": assignee.name}
        else:
            reason = _("No longer assigned to anyone")
        obligation_reassign(
            subject=locked, department=target, responsible=assignee, by=by, reason=reason
        )
    feedback.refresh_from_db()
    return feedback


# -- Complaints: cause and corrective action (F4) -----------------------------------------


def complaint_record_cause(
    *, feedback: Feedback, cause: str, by, at: dt.datetime | None = None
) -> Feedback:
    """Record why the complaint arose (`handle` in its department). Staff, facility or system
    opens F4 (once)."""
    _actor(by)
    feedback.refresh_from_db()
    require(by, "handle", feedback.department_id)
    if not feedback.is_complaint:
        raise ValidationError({"cause": _("Only a complaint has a cause.")})
    if cause not in Feedback.Cause.values:
        raise ValidationError({"cause": _("Choose a cause.")})
    at = not_in_future(at or timezone.now(), "at")
    if at < feedback.received_at:
        raise ValidationError({"at": _("This is before the complaint was received.")})
    with transaction.atomic():
        locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
        if locked.is_closed:
            raise ValidationError(_("This item is closed."))
        if locked.needs_correction and cause not in Feedback.CORRECTIVE_CAUSES:
            raise ValidationError(
                {
                    "cause": _(
                        "A corrective action is already due for this complaint; a manager may "
                        "waive it if the cause was wrong."
                    )
                }
            )
        opens_f4 = cause in Feedback.CORRECTIVE_CAUSES and not locked.needs_correction
        locked.cause = cause
        locked.cause_recorded_at = at
        if locked.status == Feedback.Status.RECEIVED:
            locked.status = Feedback.Status.IN_PROGRESS
        locked.save(update_fields=["cause", "cause_recorded_at", "status"])
        if opens_f4:
            obligation_open(
                standard="F4",
                subject=locked,
                department=locked.department,
                starts_at=at,
                responsible=locked.assignee or _staff_of(by),
                note=locked.tracking_number,
            )
    feedback.refresh_from_db()
    return feedback


def complaint_record_corrective_action(
    *,
    feedback: Feedback,
    action: str,
    notice: str,
    channel: str,
    by,
    at: dt.datetime | None = None,
    correction_reference: str = "",
    replied_by: StaffMember | None = None,
) -> Reply:
    """The corrective action taken and the notice sent to the customer (`handle` in the
    complaint's department; the notice is recorded under `replied_by`, see feedback_reply):
    meets F4."""
    _actor(by)
    feedback.refresh_from_db()
    require(by, "handle", feedback.department_id)
    sender = _sender(by=by, replied_by=replied_by, feedback=feedback)
    errors = {}
    try:
        action = _clean_text(action, "action", TEXT_MAX)
    except ValidationError as error:
        errors.update(error.error_dict)
    if not feedback.needs_correction:
        errors["action"] = [
            _("Record a cause of staff, facility or system before a corrective action.")
        ]
    elif feedback.corrected_at is not None:
        errors["action"] = [_("The corrective action is already recorded.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        reply = _reply(
            feedback=feedback,
            kind=Reply.Kind.CORRECTIVE,
            text=notice,
            channel=channel,
            at=at,
            by=sender,
        )
        Feedback.objects.filter(pk=feedback.pk).update(
            corrective_action=action,
            corrected_at=reply.sent_at,
            correction_reference=(correction_reference or "").strip()[:100],
        )
        obligation_meet_for(standard="F4", subject=feedback, at=reply.sent_at)
    feedback.refresh_from_db()
    return reply


# -- Replies ------------------------------------------------------------------------------


def _deliver(*, feedback: Feedback, reply: Reply) -> None:
    """Queue the reply to the customer by e-mail or SMS (the outbox sends it after commit); a
    reply given by phone, post or in person is only recorded."""
    if reply.channel not in (ReplyChannel.EMAIL, ReplyChannel.SMS):
        return
    with translation.override(settings.LANGUAGE_CODE):
        heading = _("[Gyeonggi Credit Guarantee Foundation] %(kind)s (%(number)s)") % {
            "kind": reply.get_kind_display(),
            "number": feedback.tracking_number,
        }
        footer = _("You can see every reply with your tracking number at %(path)s") % {
            "path": reverse("feedback:track")
        }
        # One question per reply (charter.survey): a signed link, nothing personal in it.
        survey = _("Are you satisfied with our answer? One question: %(link)s") % {
            "link": satisfaction_link(about=reply, department=feedback.department_id)
        }
    email = reply.channel == ReplyChannel.EMAIL
    message_queue(
        kind=Message.Kind.REPLY,
        channel=Message.Channel.EMAIL if email else Message.Channel.SMS,
        to=feedback.customer_email if email else feedback.customer_phone,
        subject=heading if email else "",
        body=f"{reply.text}\n\n{survey}\n{footer}\n"
        if email
        else f"{heading}\n{reply.text}\n{survey}",
        about=reply,
        department=feedback.department_id,
    )


def _reply(
    *, feedback: Feedback, kind: str, text: str, channel: str, at: dt.datetime | None, by
) -> Reply:
    errors = {}
    try:
        text = _clean_text(text, "text", TEXT_MAX)
    except ValidationError as error:
        errors.update(error.error_dict)
    if channel not in ReplyChannel.values:
        errors["channel"] = [_("Choose how the notice is given.")]
    elif channel == ReplyChannel.EMAIL and not feedback.customer_email:
        errors["channel"] = [_("The customer left no e-mail address.")]
    elif channel == ReplyChannel.SMS and not feedback.customer_phone:
        errors["channel"] = [_("The customer left no phone number.")]
    try:
        at = not_in_future(at or timezone.now(), "sent_at")
        if at < feedback.received_at:
            errors["sent_at"] = [_("This is before it was received.")]
    except ValidationError as error:
        errors.update(error.error_dict)
    if feedback.is_closed:
        errors.setdefault("kind", []).append(_("This item is closed."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():  # the reply and its message, or neither
        reply = Reply.objects.create(
            feedback=feedback, kind=kind, text=text, channel=channel, sent_at=at, sent_by=by
        )
        _deliver(feedback=feedback, reply=reply)
    return reply


def feedback_reply(
    *,
    feedback: Feedback,
    kind: str,
    text: str,
    channel: str,
    by,
    at: dt.datetime | None = None,
    replied_by: StaffMember | None = None,
) -> Reply:
    """Send a notice to the customer (e-mail or SMS) or record one given by phone or post:
    `handle` in the item's department. It is recorded as sent by the acting user's own staff
    member, or by `replied_by`, a colleague of the department, when a manager records it.

    - result: the outcome of the review; meets F1 (opinion) or F3 (complaint) and closes the
      item. A complaint that needs a corrective action cannot be closed before it is recorded.
    - progress (complaints): meets F3.
    """
    _actor(by)
    feedback.refresh_from_db()
    require(by, "handle", feedback.department_id)
    sender = _sender(by=by, replied_by=replied_by, feedback=feedback)
    if kind == Reply.Kind.CORRECTIVE:
        raise ValidationError({"kind": _("Record the corrective action to send its notice.")})
    if kind not in Reply.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of notice.")})
    if kind == Reply.Kind.PROGRESS and not feedback.is_complaint:
        raise ValidationError({"kind": _("Progress notices are for complaints.")})
    if kind == Reply.Kind.RESULT and feedback.correction_pending:
        raise ValidationError({"kind": _("Record the corrective action before the final result.")})
    with transaction.atomic():
        reply = _reply(feedback=feedback, kind=kind, text=text, channel=channel, at=at, by=sender)
        obligation_meet_for(
            standard=STANDARD_OF_KIND[feedback.kind], subject=feedback, at=reply.sent_at
        )
        if kind == Reply.Kind.RESULT:
            Feedback.objects.filter(pk=feedback.pk).update(
                status=Feedback.Status.CLOSED, closed_at=reply.sent_at
            )
        elif feedback.status == Feedback.Status.RECEIVED:
            Feedback.objects.filter(pk=feedback.pk).update(status=Feedback.Status.IN_PROGRESS)
    feedback.refresh_from_db()
    return reply


# -- Personal data retention --------------------------------------------------------------


def feedback_purge(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Blank the customer's name and contact on items closed more than the retention period
    ago (charter.retention, PERSONAL_DATA_RETENTION_DAYS). Running it again changes nothing."""
    now = aware(now, "now") if now is not None else timezone.now()
    return personal_data_purge(now=now, days=days, only=[Feedback])["feedback.Feedback"]


# -- Contests (F2) ------------------------------------------------------------------------


def contest_create(
    *,
    title: str,
    entries_open_at: dt.datetime,
    awards_due_at: dt.datetime,
    by,
    department: Department | None = None,
    rules: str = "",
    rules_published_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Contest:
    """A contest with its two F2 deadlines: the rules by the time entries open, the awards by
    the announced date. Rules already published are recorded as such (on time or refused).
    `by` logs it in `department` (default: their own, else the triage department)."""
    _actor(by)
    department = department or getattr(_staff_of(by), "department", None) or default_department()
    require(by, "log", department, field="department")
    now = now or timezone.now()
    errors = {}
    try:
        title = _clean_text(title, "title", TITLE_MAX)
    except ValidationError as error:
        errors.update(error.error_dict)
    try:
        rules = _clean_text(rules, "rules", TEXT_MAX * 2, required=False)
    except ValidationError as error:
        errors.update(error.error_dict)
    try:
        entries_open_at = aware(entries_open_at, "entries_open_at")
        awards_due_at = aware(awards_due_at, "awards_due_at")
        if awards_due_at <= entries_open_at:
            errors["awards_due_at"] = [_("The award date must be after entries open.")]
    except ValidationError as error:
        errors.update(error.error_dict)
        entries_open_at = None
    if rules_published_at is not None:
        try:
            rules_published_at = not_in_future(rules_published_at, "rules_published_at", now=now)
        except ValidationError as error:
            errors.update(error.error_dict)
            rules_published_at = None
        if not rules:
            errors["rules"] = [_("Give the award rules that were published.")]
    elif rules and entries_open_at is not None and entries_open_at <= now:
        rules_published_at = now
    if (
        entries_open_at is not None
        and "rules_published_at" not in errors
        and (
            (rules_published_at is not None and rules_published_at > entries_open_at)
            or (rules_published_at is None and entries_open_at <= now)
        )
    ):
        errors["entries_open_at"] = [_("Entries cannot open before the award rules are published.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contest = Contest.objects.create(
            title=title,
            department=department,
            rules=rules,
            entries_open_at=entries_open_at,
            awards_due_at=awards_due_at,
            created_by=by,
        )
        start = min(rules_published_at or now, entries_open_at)
        contest.rules_obligation = obligation_open(
            standard="F2",
            subject=contest,
            department=department,
            starts_at=start,
            due_at=entries_open_at,
            responsible=_staff_of(by),
            note=Text(N_("Award rules: %(title)s"), title=title[:200]),
        )
        contest.awards_obligation = obligation_open(
            standard="F2",
            subject=contest,
            department=department,
            starts_at=start,
            due_at=awards_due_at,
            responsible=_staff_of(by),
            note=Text(N_("Awards: %(title)s"), title=title[:200]),
        )
        if rules_published_at is not None:
            contest.rules_published_at = rules_published_at
            contest.rules_obligation = obligation_meet(
                obligation=contest.rules_obligation, at=rules_published_at
            )
        contest.save()
    return contest


def contest_publish_rules(
    *, contest: Contest, rules: str, by, at: dt.datetime | None = None
) -> Contest:
    """Publish the award rules (`handle` in the contest's department): meets the first F2
    deadline (late after entries opened)."""
    require(_actor(by), "handle", contest.department_id)
    rules = _clean_text(rules, "rules", TEXT_MAX * 2)
    at = not_in_future(at or timezone.now(), "rules_published_at")
    with transaction.atomic():
        locked = Contest.objects.select_for_update().get(pk=contest.pk)
        if locked.rules_published_at is not None:
            raise ValidationError({"rules": _("The award rules are already published.")})
        locked.rules = rules
        locked.rules_published_at = at
        locked.save(update_fields=["rules", "rules_published_at"])
        if locked.rules_obligation_id:
            obligation_meet(obligation=locked.rules_obligation, at=max(at, _start(locked)))
    contest.refresh_from_db()
    return contest


def contest_announce_awards(
    *, contest: Contest, awards: str, by, at: dt.datetime | None = None
) -> Contest:
    """Announce the awards (`handle` in the contest's department): meets the second F2
    deadline (late after the announced date)."""
    require(_actor(by), "handle", contest.department_id)
    awards = _clean_text(awards, "awards", TEXT_MAX)
    at = not_in_future(at or timezone.now(), "awards_announced_at")
    with transaction.atomic():
        locked = Contest.objects.select_for_update().get(pk=contest.pk)
        if locked.rules_published_at is None:
            raise ValidationError({"awards": _("Publish the award rules first.")})
        if locked.awards_announced_at is not None:
            raise ValidationError({"awards": _("The awards are already announced.")})
        if at < locked.entries_open_at:
            raise ValidationError({"awards_announced_at": _("This is before entries opened.")})
        locked.awards = awards
        locked.awards_announced_at = at
        locked.save(update_fields=["awards", "awards_announced_at"])
        if locked.awards_obligation_id:
            obligation_meet(obligation=locked.awards_obligation, at=max(at, _start(locked)))
    contest.refresh_from_db()
    return contest


def _start(contest: Contest) -> dt.datetime:
    return contest.rules_obligation.starts_at if contest.rules_obligation_id else contest.created_at
