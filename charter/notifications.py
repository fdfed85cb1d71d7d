"""Telling people: a warning to the responsible staff member before a deadline, and the
department's managers when a promise is broken.

Each row is claimed with a conditional UPDATE (`warned_at IS NULL`, `notified_at IS NULL`)
inside the transaction that sends, so two workers never send the same message and a worker
that dies before committing leaves the row to be sent again. Run every minute by Celery beat
and by `python manage.py notify_obligations`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Obligation, ObligationEvent
from .notify import send_email

BATCH = 200
# Breaches older than this when first seen (a worker down for a week, or imported history)
# are marked as notified without sending: a manager needs today's news, not last month's.
STALE_AFTER = dt.timedelta(days=7)


def warn_due_soon(*, now: dt.datetime | None = None) -> int:
    """Warn each responsible staff member, once, of open deadlines inside their standard's
    warning window. Returns how many were warned."""
    now = now or timezone.now()
    warned = 0
    entering = (
        Obligation.objects.due_soon(now)
        .filter(warned_at__isnull=True, responsible__isnull=False)
        .select_related("standard", "responsible__user")
        .order_by("due_at")[:BATCH]
    )
    for obligation in entering:
        with transaction.atomic():
            claimed = Obligation.objects.filter(pk=obligation.pk, warned_at__isnull=True).update(
                warned_at=now
            )
            if not claimed:
                continue  # another worker got there first
            ObligationEvent.objects.create(
                obligation=obligation,
                kind=ObligationEvent.Kind.WARN,
                at=now,
                due_before=obligation.due_at,
                due_after=obligation.due_at,
            )
            address = obligation.responsible.user.email
            if address:
                with translation.override(settings.LANGUAGE_CODE):
                    send_email(
                        to=address,
                        subject=_("[Charter] %(code)s due at %(time)s")
                        % {
                            "code": obligation.standard.code,
                            "time": timezone.localtime(obligation.due_at).strftime("%H:%M"),
                        },
                        body=render_to_string(
                            "emails/warning.txt", {"obligation": obligation, "now": now}
                        ),
                    )
            warned += 1
    return warned


def _managers_by_department() -> dict[int, list[str]]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name="manager", staff_member__isnull=False)
        .exclude(email="")
        .values_list("staff_member__department_id", "email")
    )
    managers = defaultdict(list)
    for department_id, email in users:
        managers[department_id].append(email)
    return managers


def notify_breaches(*, now: dt.datetime | None = None) -> int:
    """Tell each department's managers of its new breaches, one e-mail per department per
    run. Returns how many breaches were announced."""
    now = now or timezone.now()
    pending = Obligation.objects.filter(status=Obligation.Status.BREACHED, notified_at__isnull=True)
    pending.filter(breached_at__lt=now - STALE_AFTER).update(notified_at=now)
    managers = _managers_by_department()
    announced = 0
    for department_id in set(pending.values_list("department_id", flat=True)):
        with transaction.atomic():
            rows = list(
                pending.filter(department_id=department_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("standard", "department", "responsible__rank")
                .order_by("breached_at")[:BATCH]
            )
            if not rows:
                continue
            Obligation.objects.filter(pk__in=[o.pk for o in rows]).update(notified_at=now)
            ObligationEvent.objects.bulk_create(
                ObligationEvent(
                    obligation=o,
                    kind=ObligationEvent.Kind.NOTIFY,
                    at=now,
                    due_before=o.due_at,
                    due_after=o.due_at,
                )
                for o in rows
            )
            recipients = managers.get(department_id, [])
            if recipients:
                with translation.override(settings.LANGUAGE_CODE):
                    body = render_to_string(
                        "emails/breaches.txt",
                        {"obligations": rows, "department": rows[0].department},
                    )
                    subject = _("[Charter] %(count)d promise(s) broken in %(department)s") % {
                        "count": len(rows),
                        "department": rows[0].department,
                    }
                for address in recipients:
                    send_email(to=address, subject=subject, body=body)
            announced += len(rows)
    return announced
