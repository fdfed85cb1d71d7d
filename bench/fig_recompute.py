"""Recompute open deadlines (charter.services.recompute_run) after a calendar change (a
lunch break added): rows per second and peak Python memory (tracemalloc), on live rows of a
calendar of their own added to the seeded table."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc

from django.db import transaction
from django.utils import timezone


def _rows(ctx) -> int:
    return 20_000 if ctx.vendor == "postgresql" else 4_000


def measure(ctx):
    from charter import services
    from charter.models import (
        Calendar,
        Department,
        Obligation,
        RecomputeRun,
        Standard,
        WorkingPeriod,
    )

    count = _rows(ctx)
    results = []
    # The first use of the business clock in a process loads the holiday tables (seconds):
    # a worker pays it once, not per run.
    from charter.clock import WorkCalendar

    WorkCalendar().due(timezone.now(), *_p4_duration())
    for _ in range(3):
        with transaction.atomic():
            calendar = Calendar.objects.create(name=f"벤치 {time.time_ns()}")
            for weekday in range(5):
                WorkingPeriod.objects.create(
                    calendar=calendar, weekday=weekday, start=dt.time(9), end=dt.time(18)
                )
            department = Department.objects.filter(name__startswith="규모").first()
            p4 = Standard.objects.get(code="P4")
            now = timezone.now()
            subject_type = _ct()
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
            for period in calendar.periods.all():
                period.end = dt.time(12)
                period.save()
                WorkingPeriod.objects.create(
                    calendar=calendar, weekday=period.weekday, start=dt.time(13), end=dt.time(18)
                )
            run = RecomputeRun.objects.create(calendar=calendar, as_of=now)
            tracemalloc.start()
            began = time.perf_counter()
            run = services.recompute_run(run=run)
            elapsed = time.perf_counter() - began
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
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


def _ct():
    from django.contrib.contenttypes.models import ContentType

    from charter.models import Department

    return ContentType.objects.get_for_model(Department).pk


def _p4_duration():
    from charter.clock import Clock, Duration, Unit

    return Duration(1, Unit.HOURS), Clock.BUSINESS
