"""Telling people: a warning to the responsible staff member before a deadline, and the
department's managers when a promise is broken.

Set-based, a constant number of statements per run whatever the number of rows: the rows are
locked (`SKIP LOCKED`, so two workers take disjoint rows), stamped (`warned_at`, `notified_at`)
with one UPDATE, their events written with one INSERT and their messages queued in the outbox
(notices) with one more, all in one transaction. A worker that dies before committing leaves
the rows to the next run; one that dies after has handed the messages to the outbox, which
delivers each once. Run every minute by Celery beat and by `python manage.py
notify_obligations`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notices.models import Message, Notification, NotificationPreference
from notices.services import message_build, messages_queue

from .models import Department, Obligation, ObligationEvent, StaffMember
from .services import insert_token_events

# Rows per run: far more than a department breaks in a minute, small enough for one statement.
BATCH = 5000
# Breaches claimed per run: only their ids pass through one statement, and at most LISTED of
# each department are loaded, so a backlog of this many is announced in one run.
CLAIM = 100_000
# An e-mail lists this many breaches; the rest are counted, with the dashboard's address.
LISTED = 50
# Breaches older than this when first seen (a worker down for a week, or imported history)
# are marked as notified without sending: a manager needs today's news, not last month's.
STALE_AFTER = dt.timedelta(days=7)


def _claim(pending, *, stamp: str, kind: str, now: dt.datetime) -> list[Obligation]:
    """Lock up to BATCH rows of `pending`, stamp them and write their events."""
    rows = list(
        pending.select_for_update(skip_locked=True, of=("self",))
        .select_related(
            "standard",
            "department",
            "content_type",
            "responsible__user__notification_preference",
        )
        .order_by("due_at", "pk")[:BATCH]
    )
    if not rows:
        return []
    Obligation.objects.filter(pk__in=[o.pk for o in rows]).update(**{stamp: now})
    ObligationEvent.objects.bulk_create(
        ObligationEvent(obligation=o, kind=kind, at=now, due_before=o.due_at, due_after=o.due_at)
        for o in rows
    )
    return rows


def warn_due_soon(*, now: dt.datetime | None = None) -> int:
    """Warn each responsible staff member, once, of open deadlines inside their standard's
    warning window. Returns how many were warned."""
    now = now or timezone.now()
    pending = Obligation.objects.due_soon(now).filter(
        warned_at__isnull=True, responsible__isnull=False
    )
    with transaction.atomic():
        rows = _claim(pending, stamp="warned_at", kind=ObligationEvent.Kind.WARN, now=now)
        Notification.objects.bulk_create(
            Notification(
                recipient_id=o.responsible.user_id,
                kind=Notification.Kind.WARNING,
                obligation=o,
                created_at=now,
            )
            for o in rows
        )
        messages = []
        with translation.override(settings.LANGUAGE_CODE):
            for obligation in rows:
                address = email_of(obligation.responsible.user)
                if not address:
                    continue
                subject = _("[Charter] %(code)s due at %(time)s") % {
                    "code": obligation.standard.code,
                    "time": timezone.localtime(obligation.due_at).strftime("%H:%M"),
                }
                body = render_to_string(
                    "emails/warning.txt", {"obligation": obligation, "now": now}
                )
                messages.append(
                    message_build(
                        kind=Message.Kind.WARNING,
                        channel=Message.Channel.EMAIL,
                        to=address,
                        subject=subject,
                        body=body,
                        about=obligation,
                        department=obligation.department_id,
                    )
                )
        messages_queue(messages=messages)
    return len(rows)


def email_of(user) -> str:
    """The user's address for these e-mails, or "" (none, or e-mails turned off on 알림 설정);
    `user.notification_preference` is select_related by the callers."""
    try:
        wanted = user.notification_preference.email
    except NotificationPreference.DoesNotExist:
        wanted = True
    return user.email if wanted else ""


def managers_of(department_ids) -> dict[int, list[tuple[int, str]]]:
    """The active managers of each department, its own and those who also work for it
    (StaffMember.extra_departments): (user id, e-mail address or "" when they have none or
    turned e-mails off). One query."""
    members = (
        StaffMember.objects.working_in(department_ids)
        .filter(active=True, user__is_active=True, user__groups__name="manager")
        .values_list(
            "department_id",
            "extra_departments",
            "user_id",
            "user__email",
            "user__notification_preference__email",
        )
    )
    managers = defaultdict(dict)
    wanted = set(department_ids)
    for own, extra, user_id, email, takes_email in members:
        for department_id in {own, extra} & wanted:
            managers[department_id][user_id] = email if takes_email is not False else ""
    return {department_id: sorted(people.items()) for department_id, people in managers.items()}


def managers_by_department(department_ids) -> dict[int, list[str]]:
    """The e-mail addresses of each department's managers who take these e-mails."""
    return {
        department_id: sorted(email for _user, email in people if email)
        for department_id, people in managers_of(department_ids).items()
    }


def insert_breach_notifications(token: uuid.UUID, managers, *, at: dt.datetime) -> int:
    """One INSERT … SELECT: a notification to each manager of its department for every
    obligation tagged with `token`."""
    pairs = [(d, user_id) for d, people in managers.items() for user_id, _email in people]
    if not pairs:
        return 0
    quote = connection.ops.quote_name
    values = ", ".join(["(%s, %s)"] * len(pairs))
    columns = ", ".join(map(quote, ["recipient_id", "kind", "obligation_id", "data", "created_at"]))
    sql = (
        f"WITH managers (department_id, user_id) AS (VALUES {values}) "
        f"INSERT INTO {quote(Notification._meta.db_table)} ({columns}) "
        f"SELECT managers.user_id, %s, o.id, '{{}}', %s "
        f"FROM {quote(Obligation._meta.db_table)} o "
        f"JOIN managers ON managers.department_id = o.department_id WHERE o.scan_token = %s"
    )
    token_value = Obligation._meta.get_field("scan_token").get_db_prep_value(token, connection)
    params = [value for pair in pairs for value in pair]
    params += [Notification.Kind.BREACH, connection.ops.adapt_datetimefield_value(at), token_value]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def notify_breaches(*, now: dt.datetime | None = None) -> int:
    """Tell each department's managers of its new breaches: one e-mail per manager and
    department per run, however many breaches. Returns how many breaches were announced.

    A constant number of statements whatever the number of breaches (up to CLAIM a run): the
    rows are claimed and tagged with one UPDATE (their ids chosen by a locked sub-select, SKIP
    LOCKED), their events written with one INSERT … SELECT, counted per department with one
    query, and only the LISTED rows per department an e-mail shows are loaded, with one more."""
    now = now or timezone.now()
    pending = Obligation.objects.filter(status=Obligation.Status.BREACHED, notified_at__isnull=True)
    token = uuid.uuid4()
    with transaction.atomic():
        pending.filter(breached_at__lt=now - STALE_AFTER).update(notified_at=now)
        claimed = pending.select_for_update(skip_locked=True).order_by("due_at", "pk")
        count = Obligation.objects.filter(pk__in=Subquery(claimed.values("pk")[:CLAIM])).update(
            notified_at=now, scan_token=token
        )
        if not count:
            return 0
        insert_token_events(token, kind=ObligationEvent.Kind.NOTIFY, at=now)
        tagged = Obligation.objects.filter(scan_token=token)
        counts = dict(
            tagged.order_by()
            .values_list("department_id")
            .annotate(n=Count("id"))
            .values_list("department_id", "n")
        )
        people = managers_of(counts)
        insert_breach_notifications(token, people, at=now)
        managers = {
            department_id: addresses
            for department_id, found in people.items()
            if (addresses := sorted(email for _user, email in found if email))
        }
        listed = defaultdict(list)
        rows = (
            tagged.filter(department_id__in=list(managers))
            .select_related("standard", "department", "content_type", "responsible__rank")
            .annotate(
                place=Window(
                    RowNumber(), partition_by=F("department_id"), order_by=[F("due_at"), F("pk")]
                )
            )
            .filter(place__lte=LISTED)
            .order_by("department_id", "due_at", "pk")
        )
        for obligation in rows:
            listed[obligation.department_id].append(obligation)
        messages = []
        with translation.override(settings.LANGUAGE_CODE):
            for department_id, broken in listed.items():
                recipients = managers[department_id]
                department = broken[0].department
                total = counts[department_id]
                body = render_to_string(
                    "emails/breaches.txt",
                    {"obligations": broken, "more": total - len(broken), "department": department},
                )
                subject = _("[Charter] %(count)d promise(s) broken in %(department)s") % {
                    "count": total,
                    "department": department,
                }
                messages += [
                    message_build(
                        kind=Message.Kind.BREACHES,
                        channel=Message.Channel.EMAIL,
                        to=address,
                        subject=subject,
                        body=body,
                        department=department_id,
                    )
                    for address in recipients
                ]
        messages_queue(messages=messages)
    return count


# -- The morning digest ----------------------------------------------------------------------

DIGEST_KEY = uuid.UUID("5d1f6f4e-3c2a-4f7b-9a57-2f0c1f6a0d15")  # namespace of the digest keys


def digest_key(user_id: int, day: dt.date) -> uuid.UUID:
    """The digest's idempotency key for one manager and day: the outbox refuses a second row
    with it, so a second run (or a second beat) never sends the same day twice."""
    return uuid.uuid5(DIGEST_KEY, f"digest:{user_id}:{day.isoformat()}")


def digest_send(*, now: dt.datetime | None = None) -> int:
    """The managers' morning digest (beat at 08:30 Asia/Seoul; `python manage.py send_digest`):
    on a working day of the default calendar, one e-mail per manager (through the outbox) and a
    notification, with their departments' breaches since the previous working day began, what
    is late now and what is due today. A manager with nothing to report gets nothing; a day is
    sent once per manager. Returns how many managers were told. A constant number of queries."""
    from .calendars import load_calendar
    from .clock import SEOUL
    from .models import Calendar
    from .models import overdue_condition as late
    from .reports import _due_today_condition as due_today

    now = now or timezone.now()
    today = timezone.localdate(now, SEOUL)
    calendar = load_calendar(Calendar.objects.default())
    if not calendar.is_working_day(today):
        return 0
    previous = today - dt.timedelta(days=1)
    while not calendar.is_working_day(previous) and previous > today - dt.timedelta(days=31):
        previous -= dt.timedelta(days=1)
    since = dt.datetime.combine(previous, dt.time(), SEOUL)
    start_of_today = dt.datetime.combine(today, dt.time(), SEOUL)

    members = (
        StaffMember.objects.filter(active=True, user__is_active=True, user__groups__name="manager")
        .values_list(
            "user_id",
            "department_id",
            "extra_departments",
            "user__email",
            "user__notification_preference__email",
        )
        .order_by("user_id")
    )
    departments, addresses = defaultdict(set), {}
    for user_id, own, extra, email, takes_email in members:
        departments[user_id] |= {own} | ({extra} if extra else set())
        addresses[user_id] = email if takes_email is not False else ""
    if not departments:
        return 0
    wanted = set().union(*departments.values())
    broken = Q(status=Obligation.Status.BREACHED, breached_at__gte=since)
    broken &= Q(breached_at__lt=start_of_today)
    figures = {
        row["department_id"]: row
        for row in Obligation.objects.filter(department_id__in=wanted)
        .filter(broken | late(now) | due_today(now))
        .order_by()
        .values("department_id")
        .annotate(
            breached=Count("id", filter=broken),
            late=Count("id", filter=late(now)),
            due_today=Count("id", filter=due_today(now)),
        )
    }
    names = dict(Department.objects.filter(pk__in=wanted).values_list("pk", "name"))
    with transaction.atomic():
        sent_today = set(
            Notification.objects.filter(
                kind=Notification.Kind.DIGEST,
                recipient_id__in=list(departments),
                created_at__gte=start_of_today,
            ).values_list("recipient_id", flat=True)
        )
        notifications, messages = [], []
        with translation.override(settings.LANGUAGE_CODE):
            for user_id, ids in departments.items():
                lines = [
                    {
                        "department": names.get(d, ""),
                        "id": d,
                        **{k: figures[d][k] for k in ("breached", "late", "due_today")},
                    }
                    for d in sorted(ids, key=lambda d: names.get(d, ""))
                    if d in figures
                ]
                if user_id in sent_today or not lines:
                    continue
                total = {
                    k: sum(line[k] for line in lines) for k in ("breached", "late", "due_today")
                }
                if not any(total.values()):
                    continue
                notifications.append(
                    Notification(
                        recipient_id=user_id,
                        kind=Notification.Kind.DIGEST,
                        data=total,
                        created_at=now,
                    )
                )
                if not addresses[user_id]:
                    continue
                message = message_build(
                    kind=Message.Kind.DIGEST,
                    channel=Message.Channel.EMAIL,
                    to=addresses[user_id],
                    subject=_("[Charter] Morning digest for %(day)s") % {"day": today.isoformat()},
                    body=render_to_string(
                        "emails/digest.txt",
                        {"lines": lines, "total": total, "today": today, "since": previous},
                    ),
                    department=lines[0]["id"] if len(lines) == 1 else None,
                )
                message.key = digest_key(user_id, today)
                messages.append(message)
        Notification.objects.bulk_create(notifications)
        messages_queue(messages=messages)
    return len(notifications)
