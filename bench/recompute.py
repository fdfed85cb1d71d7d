"""Recompute open deadlines at scale: N open obligations on one calendar, a lunch break added,
then `charter.services.recompute_run` in batches. Prints time, rate and memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m bench.recompute 100000

Runs in a throwaway test database (test_<name>), created and dropped by Django's test utilities.
Memory: the peak of Python allocations (tracemalloc) during the recompute, which stays flat as N
grows because rows are read and written one batch at a time."""

import datetime as dt
import os
import sys
import time
import tracemalloc


def main(n: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from django.utils import timezone

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from charter import services
        from charter.clock import SEOUL
        from charter.models import (
            Calendar,
            Department,
            Obligation,
            RecomputeRun,
            Standard,
            WorkingPeriod,
        )

        calendar = Calendar.objects.default()
        department = Department.objects.create(name="벤치마크부")
        p4 = Standard.objects.get(code="P4")
        subject_type = ContentType.objects.get_for_model(Department)
        now = dt.datetime(2026, 12, 2, 9, tzinfo=SEOUL)
        began = time.perf_counter()
        batch = []
        for i in range(n):
            start = now + dt.timedelta(minutes=i % 480)
            batch.append(
                Obligation(
                    standard=p4,
                    content_type=subject_type,
                    object_id=department.pk,
                    department=department,
                    calendar=calendar,
                    clock="business",
                    starts_at=start,
                    due_at=start + dt.timedelta(hours=1),
                    promised_due_at=start + dt.timedelta(hours=1),
                    computed_at=now - dt.timedelta(days=1),
                )
            )
            if len(batch) == 5000:
                Obligation.objects.bulk_create(batch)
                batch = []
        Obligation.objects.bulk_create(batch)
        print(
            f"{connection.vendor}: {n:,} open obligations created in "
            f"{time.perf_counter() - began:.1f} s"
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
        print(
            f"recompute: {run.processed:,} processed, {run.moved:,} moved in {elapsed:.1f} s "
            f"({run.processed / elapsed:,.0f}/s), batch {services.RECOMPUTE_BATCH}, "
            f"peak Python memory {peak / 2**20:.1f} MiB"
        )
        again = services.recompute_run(
            run=RecomputeRun.objects.create(calendar=calendar, as_of=now)
        )
        print(f"second run: {again.moved:,} moved (safe to run twice)")
        assert timezone.now()
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
