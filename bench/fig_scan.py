"""The every-minute breach scan (charter.services.breach_scan): with 1,000 due, against a
hand-written UPDATE of the same rows; with nothing due, at N/10 and at N rows (the ratio is
the growth: cost should follow what is due, not the table); and the index its plan uses."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.utils import timezone

DUE = 1000


def _now():
    return timezone.now()


def make_due(count: int, *, now: dt.datetime, spread_departments: bool = True) -> list[int]:
    """Insert `count` open obligations already past their deadline (inside the caller's
    transaction: the runner rolls it back)."""
    from charter.models import Department, Obligation

    template = Obligation.objects.filter(status="met").order_by("pk").first()
    departments = list(
        Department.objects.filter(name__startswith="규모").values_list("pk", flat=True)
    )
    rows = []
    for i in range(count):
        due = now - dt.timedelta(minutes=1 + i % 50)
        department = departments[i % len(departments)] if spread_departments else departments[0]
        rows.append(
            Obligation(
                standard_id=template.standard_id,
                content_type_id=template.content_type_id,
                object_id=department,
                department_id=department,
                responsible_id=template.responsible_id,
                calendar_id=template.calendar_id,
                clock=template.clock,
                status="open",
                starts_at=due - dt.timedelta(hours=1),
                due_at=due,
                promised_due_at=due,
                computed_at=due,
            )
        )
    Obligation.objects.bulk_create(rows, batch_size=2000)
    return [row.pk for row in rows]


def hand_written_update(now: dt.datetime) -> int:
    """The least the database can do: one UPDATE of the due rows, no events."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE charter_obligation SET status = 'breached', breached_at = due_at "
            "WHERE status = 'open' AND due_at < %s",
            [now],
        )
        return cursor.rowcount


def plan_indexes(now: dt.datetime) -> str:
    from charter.models import Obligation

    plan = Obligation.objects.open().due_before(now).only("id").explain()
    names = re.findall(
        r"(?:Index (?:Only )?Scan(?: Backward)? using|INDEX|Bitmap Index Scan on) (\w+)", plan
    )
    if not names:
        return "no index: " + " / ".join(line.strip() for line in plan.splitlines()[:2])
    return ", ".join(dict.fromkeys(names))


def _scan(now):
    from charter.services import breach_scan

    return lambda _prepared: breach_scan(now=now)


def _nothing_due(ctx):
    now = _now()
    timing = ctx.timed(_scan(now), repeat=max(ctx.repeat, 7))["fn"]
    assert timing.result == 0, f"{timing.result} rows were due"
    return timing


def measure_small(ctx):
    now = _now()
    ctx.memo["scan_nothing_small"] = _nothing_due(ctx)
    return _with_due(ctx, now)


def measure(ctx):
    now = _now()
    rows = _with_due(ctx, now)
    small = ctx.memo.get("scan_nothing_small")
    nothing = _nothing_due(ctx)
    rows.append(
        ctx.row(
            f"scan, nothing due, {ctx.n // 10:,} rows",
            small,
            note="the every-minute scan on a quiet minute",
        )
    )
    rows.append(
        ctx.row(
            f"scan, nothing due, {ctx.n:,} rows",
            nothing,
            reference=f"same at {ctx.n // 10:,}",
            ref_timing=small,
            note=f"growth for 10× rows; plan: {plan_indexes(now)}",
        )
    )
    return rows


def _with_due(ctx, now):
    result = ctx.timed(
        _scan(now),
        setup=lambda: make_due(DUE, now=now),
        reference=lambda _prepared: hand_written_update(now),
    )
    timing, reference = result["fn"], result["reference"]
    assert timing.result == DUE and reference.result == DUE, (timing.result, reference.result)
    return [
        ctx.row(
            f"scan, {DUE:,} due, {ctx.n:,} rows",
            timing,
            reference="hand-written UPDATE",
            ref_timing=reference,
            note=f"breached and their events written; plan: {plan_indexes(now)}",
        )
    ]
