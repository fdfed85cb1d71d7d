"""The whole breach pipeline, as beat runs it: the scan (charter.services.breach_scan), the
managers' e-mails (charter.notifications.notify_breaches: claims, events, outbox rows) and
their delivery (notices.services.messages_deliver, Django's locmem e-mail backend), for 1,000
and 10,000 new breaches, against a set-based reference written by hand (the same rows
stamped, the same events, one message row per department and manager)."""

from __future__ import annotations

from django.core import mail
from django.db import connection
from django.utils import timezone

from .fig_scan import make_due

SIZES = (1000, 10_000)


def pipeline(now):
    from charter.models import Obligation
    from charter.notifications import notify_breaches
    from charter.services import breach_scan
    from notices.services import messages_deliver

    def run(_prepared):
        mail.outbox = []
        breached = breach_scan(now=now)
        announced = notify_breaches(now=now)
        delivered = messages_deliver()
        left = Obligation.objects.filter(status="breached", notified_at__isnull=True).count()
        return breached, announced, delivered.get("sent", 0), len(mail.outbox), left

    return run


def reference(now):
    def run(_prepared):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE charter_obligation SET status = 'breached', breached_at = due_at, "
                "notified_at = %s WHERE status = 'open' AND due_at < %s",
                [now, now],
            )
            cursor.execute(
                "INSERT INTO charter_obligationevent (obligation_id, kind, at, reason, "
                "reason_data, due_before, due_after, notice_channel, notice_to, notice_text, "
                "margin_minutes) "
                "SELECT id, k.kind, CASE WHEN k.kind = 'breach' THEN due_at ELSE %s END, "
                "'', '{}', due_at, due_at, '', '', '', 0 FROM charter_obligation "
                "CROSS JOIN (SELECT 'breach' AS kind UNION ALL SELECT 'notify') k "
                "WHERE notified_at = %s",
                [now, now],
            )
            cursor.execute(
                "SELECT department_id, COUNT(*) FROM charter_obligation "
                "WHERE notified_at = %s GROUP BY department_id",
                [now],
            )
            return len(cursor.fetchall())

    return run


def measure(ctx):
    rows = []
    now = timezone.now()
    for size in SIZES:
        result = ctx.timed(
            pipeline(now),
            setup=lambda size=size: make_due(size, now=now),
            reference=reference(now),
            repeat=3 if size > 1000 else None,
        )
        timing, ref = result["fn"], result["reference"]
        breached, announced, sent, outbox, left = timing.result
        rows.append(
            ctx.row(
                f"breach pipeline, {size:,} new breaches",
                timing,
                reference="set-based SQL",
                ref_timing=ref,
                note=(
                    f"{breached:,} breached, {announced:,} announced in one run, {sent} e-mails "
                    f"sent ({outbox} in the outbox), {left} left unannounced"
                ),
            )
        )
    return rows
