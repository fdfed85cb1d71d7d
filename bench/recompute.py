"""Recompute open deadlines at scale: N open obligations on one calendar, a lunch break added,
then `charter.services.recompute_run` in batches. Prints time, rate and memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m bench.recompute 100000

Runs in a throwaway test database (test_<name>), created and dropped by Django's test utilities.
The steps are bench/fig_recompute.py's (the `make bench` figure), on the default calendar.
Memory: the peak of Python allocations (tracemalloc) during the recompute, which stays flat as N
grows because rows are read and written one batch at a time."""

import datetime as dt
import os
import sys
import time


def main(n: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from bench.fig_recompute import add_lunch_break, open_memos, timed_recompute, warm_up

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from charter import services
        from charter.clock import SEOUL
        from charter.models import Calendar, Department

        calendar = Calendar.objects.default()
        department = Department.objects.create(name="벤치마크부")
        now = dt.datetime(2026, 12, 2, 9, tzinfo=SEOUL)
        warm_up()
        began = time.perf_counter()
        open_memos(calendar=calendar, department=department, count=n, now=now)
        print(
            f"{connection.vendor}: {n:,} open obligations created in "
            f"{time.perf_counter() - began:.1f} s"
        )
        add_lunch_break(calendar)
        elapsed, peak, run = timed_recompute(calendar=calendar, as_of=now)
        print(
            f"recompute: {run.processed:,} processed, {run.moved:,} moved in {elapsed:.1f} s "
            f"({run.processed / elapsed:,.0f}/s), batch {services.RECOMPUTE_BATCH}, "
            f"peak Python memory {peak / 2**20:.1f} MiB"
        )
        _elapsed, _peak, again = timed_recompute(calendar=calendar, as_of=now)
        print(f"second run: {again.moved:,} moved (safe to run twice)")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
