"""Recompute open deadlines (charter.services.recompute_run) after a calendar change (a
lunch break added): rows per second and peak Python memory (tracemalloc), on live rows of a
calendar of their own added to the seeded table.

The steps (`warm_up`, `open_memos`, `add_lunch_break`, `timed_recompute`) are also what
bench/recompute.py runs, standalone, in a throwaway test database."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc

from django.db import transaction
from django.utils import timezone


def _rows(ctx) -> int:
    return 20_000 if ctx.vendor == "postgresql" else 4_000


def warm_up() -> None:
    """The first use of the business clock in a process loads the holiday tables (seconds):
    a worker pays it once, not per run."""
    from charter.clock import Clock, Duration, Unit, WorkCalendar

    WorkCalendar().due(timezone.now(), Duration(1, Unit.HOURS), Clock.BUSINESS)


def open_memos(*, calendar, department, count: int, now: dt.datetime) -> None:
    """`count` open P4 obligations of `department` on `calendar`, started up to 30 minutes
    before `now`, due 1 to 9 hours after it (5,000 rows an INSERT)."""
    from django.contrib.contenttypes.models import ContentType

    from charter.models import Department, Obligation, Standard

    p4 = Standard.objects.get(code="P4")
    subject_type = ContentType.objects.get_for_model(Department).pk
    Obligation.objects.bulk_create(
        (
            Obligation(
                standard=p4,
                content_type_id=subject_type,
                object_id=department.pk,
                department=department,
                calendar=calendar,
                clock="business",
                starts_at=now - dt.timedelta(minutes=i % 30),
                due_at=now + dt.timedelta(hours=1, minutes=i % 480),
                promised_due_at=now + dt.timedelta(hours=1, minutes=i % 480),
                computed_at=now - dt.timedelta(days=1),
            )
            for i in range(count)
        ),
        batch_size=5000,
    )


def add_lunch_break(calendar) -> None:
    """Every working period of `calendar` ends at 12:00 and starts again at 13:00."""
    from charter.models import WorkingPeriod

    for period in calendar.periods.all():
        period.end = dt.time(12)
        period.save()
        WorkingPeriod.objects.create(
            calendar=calendar, weekday=period.weekday, start=dt.time(13), end=dt.time(18)
        )


def timed_recompute(*, calendar, as_of: dt.datetime):
    """One recompute run of `calendar`: (seconds, peak Python bytes, the finished run)."""
    from charter import services
    from charter.models import RecomputeRun

    run = RecomputeRun.objects.create(calendar=calendar, as_of=as_of)
    tracemalloc.start()
    began = time.perf_counter()
    run = services.recompute_run(run=run)
    elapsed = time.perf_counter() - began
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak, run


def measure(ctx):
    from charter import services
    from charter.models import Calendar, Department, WorkingPeriod

    count = _rows(ctx)
    results = []
    warm_up()
    for _ in range(3):
        with transaction.atomic():
            calendar = Calendar.objects.create(name=f"벤치 {time.time_ns()}")
            for weekday in range(5):
                WorkingPeriod.objects.create(
                    calendar=calendar, weekday=weekday, start=dt.time(9), end=dt.time(18)
                )
            department = Department.objects.filter(name__startswith="규모").first()
            now = timezone.now()
            open_memos(calendar=calendar, department=department, count=count, now=now)
            add_lunch_break(calendar)
            elapsed, peak, run = timed_recompute(calendar=calendar, as_of=now)
            results.append((elapsed, peak, run.processed, run.moved))
            transaction.set_rollback(True)
    elapsed = sorted(r[0] for r in results)
    median = elapsed[len(elapsed) // 2]
    processed = results[0][2]
    return [
        {
            "name": f"recompute open deadlines, {processed:,} live rows",
            "median_ms": median * 1000,
            "min_ms": elapsed[0] * 1000,
            "max_ms": elapsed[-1] * 1000,
            "reference": None,
            "reference_ms": None,
            "ratio": None,
            "queries": None,
            "note": (
                f"{processed / median:,.0f} rows/s, {results[0][3]:,} moved, peak Python "
                f"memory {max(r[1] for r in results) / 2**20:.1f} MiB, batch "
                f"{services.RECOMPUTE_BATCH}"
            ),
        }
    ]
