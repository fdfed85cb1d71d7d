"""What reached the gateways: the outbox delivered first, as the worker does after commit.

A test's transaction never commits, so the after-commit hand-over does not run: these deliver
what the actions queued (notices.services.messages_deliver), then return Django's mail.outbox
or the test SMS backend's list."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from charter import notify
from notices.services import messages_deliver


def deliver_all():
    """Everything queued, whenever it was queued (a test may have queued it in a moved clock)."""
    return messages_deliver(now=timezone.now() + dt.timedelta(days=3650))


def sent_email() -> list:
    deliver_all()
    return mail.outbox


def sent_sms() -> list:
    deliver_all()
    return notify.outbox
