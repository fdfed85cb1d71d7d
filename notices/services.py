"""The outbox: every message the application sends goes through here.

- **Queue** (`message_queue`, `messages_queue`): an action writes its message rows in its own
  transaction, so a message exists exactly when the action committed; after commit the rows are
  handed to a Celery task. With the broker down the hand-over is skipped (and logged): the rows
  stay queued and the every-minute delivery run (beat) sends them. A page never fails because a
  broker or a gateway is down.
- **Deliver** (`messages_deliver`): each row is claimed with a conditional UPDATE
  (queued -> sending) committed before the gateway is called, so two workers never send the same
  row. A success records the gateway's message id; a temporary failure (no connection, a
  time-out, SMTP 4xx, HTTP 429/5xx) puts the row back in the queue with a growing delay
  (BACKOFF); a permanent one (a refused address, SMTP 5xx, HTTP 4xx) or the last attempt marks
  it failed. One row's failure never stops the others.
- **At most once**: every row carries a stable key, passed to the SMS gateway as its
  Idempotency-Key and to the SMTP server as the Message-ID. A row left *sending* by a worker that
  died (SIGKILL, a power cut) past LEASE is sent again only through a gateway that honours the
  key (`idempotent = True` on the SMS backend); otherwise it is marked *uncertain*, for a person
  to check and retry from the admin, never sent twice by the machine.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import Counter
from email.utils import parseaddr

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from charter import notify
from charter.scope import require

from .models import Message, Notification, NotificationPreference

logger = logging.getLogger(__name__)

# Minutes before the 2nd, 3rd, ... attempt; after the last one the row is failed.
BACKOFF = (1, 2, 5, 15, 30, 60, 120, 240)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A row "sending" for longer than this was abandoned by its worker: longer than the delivery
# task's hard time limit (notices.tasks), so a live worker is never second-guessed.
LEASE = dt.timedelta(minutes=10)
BATCH = 200


# -- Queue -------------------------------------------------------------------------------


def message_queue(
    *,
    kind: str,
    channel: str,
    to: str,
    body: str,
    subject: str = "",
    about=None,
    department=None,
) -> Message:
    """Queue one message to one address, in the caller's transaction."""
    [message] = messages_queue(
        messages=[
            message_build(
                kind=kind,
                channel=channel,
                to=to,
                body=body,
                subject=subject,
                about=about,
                department=department,
            )
        ]
    )
    return message


def message_build(*, kind, channel, to, body, subject="", about=None, department=None) -> Message:
    """An unsaved message row, for `messages_queue` (several at once, one INSERT)."""
    department_id = getattr(department, "pk", department)
    return Message(
        kind=kind,
        channel=channel,
        to=to.strip(),
        subject=subject[: Message._meta.get_field("subject").max_length],
        body=body,
        about=about,
        department_id=department_id,
        next_attempt_at=timezone.now(),
    )


def messages_queue(*, messages: list[Message]) -> list[Message]:
    """Write the rows (one INSERT) and hand them to a worker once the caller commits."""
    if not messages:
        return []
    now = timezone.now()
    for message in messages:
        message.next_attempt_at = now
    created = Message.objects.bulk_create(messages)
    ids = [message.pk for message in created]
    transaction.on_commit(lambda: dispatch(ids))
    return created


def dispatch(ids: list[int]) -> None:
    """After commit: deliver now (NOTICES_DELIVERY = "inline") or hand to a worker ("celery").
    Never raises: the rows are safe in the database, and the delivery run will find them."""
    try:
        if settings.NOTICES_DELIVERY == "inline":
            messages_deliver(ids=ids)
            return
        from .tasks import deliver

        deliver.apply_async(kwargs={"ids": ids}, retry=False)
    except Exception as error:  # the broker is down, or a gateway failed inline
        logger.warning(
            "%d message(s) stay queued for the next delivery run (%s).",
            len(ids),
            type(error).__name__,
        )


# -- Deliver -----------------------------------------------------------------------------


def messages_deliver(
    *, ids: list[int] | None = None, limit: int = BATCH, now: dt.datetime | None = None
) -> Counter:
    """Send the queued messages that are due at `now` (only `ids`, if given); returns a count
    per outcome: sent, retried (a temporary failure, tried again later), failed, skipped
    (another worker had it), requeued / uncertain (abandoned by a dead worker)."""
    now = now or timezone.now()
    report = messages_recover(now=now)
    pending = Message.objects.deliverable(now)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    pks = list(pending.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    if not pks:
        return report
    connection = mail.get_connection()
    backend = notify.sms_backend()
    try:
        for pk in pks:
            report[_deliver_one(pk, connection=connection, backend=backend)] += 1
    finally:
        connection.close()
    return report


def _deliver_one(pk: int, *, connection, backend) -> str:
    claimed = Message.objects.filter(pk=pk, status=Message.Status.QUEUED).update(
        status=Message.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    message = Message.objects.get(pk=pk)
    rows = Message.objects.filter(pk=pk, status=Message.Status.SENDING)
    try:
        gateway_id = _transport(message, connection=connection, backend=backend)
    except SoftTimeLimitExceeded:
        rows.update(status=Message.Status.QUEUED, claimed_at=None)
        raise  # the task's time is up: the rest waits for the next run
    except Exception as error:
        permanent, description = _failure(error)
        if permanent or message.attempts >= MAX_ATTEMPTS:
            rows.update(status=Message.Status.FAILED, claimed_at=None, last_error=description)
            logger.warning("Message %s failed: %s", pk, description)
            return "failed"
        delay = dt.timedelta(minutes=BACKOFF[message.attempts - 1])
        rows.update(
            status=Message.Status.QUEUED,
            claimed_at=None,
            next_attempt_at=timezone.now() + delay,
            last_error=description,
        )
        logger.info("Message %s will be tried again in %s: %s", pk, delay, description)
        connection.close()  # a broken SMTP session is not reused for the next row
        return "retried"
    rows.update(
        status=Message.Status.SENT,
        sent_at=timezone.now(),
        claimed_at=None,
        gateway_id=gateway_id[:200],
        last_error="",
    )
    return "sent"


def _transport(message: Message, *, connection, backend) -> str:
    """Hand the message to its gateway; returns the gateway's id for it."""
    if message.channel == Message.Channel.EMAIL:
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].partition("@")[2] or "localhost"
        message_id = f"<{message.key}@{domain}>"
        mail.EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Message-ID": message_id},
            connection=connection,
        ).send()
        return message_id
    sms = notify.SmsMessage(to=message.to, body=message.body, key=str(message.key))
    backend.send_messages([sms])
    return sms.gateway_id or ""


def _failure(error: Exception) -> tuple[bool, str]:
    """(permanent?, a description without personal data)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        return all(code >= 500 for code in codes), f"SMTP refused the address ({codes})"
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500, f"SMTP {error.smtp_code}"
    if isinstance(error, notify.SmsDeliveryError):
        return error.permanent, str(error)[:500]
    return False, type(error).__name__


def messages_recover(*, now: dt.datetime | None = None) -> Counter:
    """Rows left *sending* past LEASE by a worker that died: sent again through a gateway that
    honours their key, marked *uncertain* otherwise (never sent twice)."""
    now = now or timezone.now()
    abandoned = Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=now - LEASE)
    report = Counter()
    if getattr(notify.sms_backend_class(), "idempotent", False):
        report["requeued"] = abandoned.filter(channel=Message.Channel.SMS).update(
            status=Message.Status.QUEUED, claimed_at=None, next_attempt_at=now
        )
    report["uncertain"] = abandoned.update(status=Message.Status.UNCERTAIN, claimed_at=None)
    return +report


# -- Retry (the admin) -------------------------------------------------------------------


def message_retry(*, message: Message, by) -> bool:
    """Queue a failed or uncertain message again, now, with its attempts counted afresh (the
    admin's action). Returns False for a message that is queued, sending or sent."""
    require(by, "administer", message.department_id)
    retried = Message.objects.filter(
        pk=message.pk, status__in=[Message.Status.FAILED, Message.Status.UNCERTAIN]
    ).update(status=Message.Status.QUEUED, attempts=0, next_attempt_at=timezone.now())
    if retried:
        transaction.on_commit(lambda: dispatch([message.pk]))
    return bool(retried)


# -- In-app notifications and e-mail preferences ---------------------------------------------


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark `user`'s own notifications read: those of `notification_ids`, or every unread one
    (None). Another user's ids change nothing. Returns how many were marked."""

    if user is None or not user.is_authenticated:
        raise PermissionDenied
    rows = Notification.objects.visible_to(user).unread()
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    return rows.update(read_at=timezone.now())


def notification_preference_set(*, user, email: bool):
    """Turn `user`'s own e-mails (warnings, breaches, the digest) on or off; the in-app
    notifications appear either way."""

    if user is None or not user.is_authenticated:
        raise PermissionDenied
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": bool(email)}
    )
    return preference
