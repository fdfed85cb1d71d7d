"""How fast is the business clock? Prints due-time computations per second.

    make bench        (or: .venv/bin/python -m bench.clock)

The clock runs on every logged interaction; it must stay far above the API's ingest rate."""

import datetime as dt
import os
import random
import time

import django


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    from charter.clock import SEOUL, Clock, Duration, Unit, WorkCalendar

    lunch = WorkCalendar(
        frames=tuple(
            ((dt.time(9), dt.time(12)), (dt.time(13), dt.time(18))) if d < 5 else ()
            for d in range(7)
        )
    )
    rng = random.Random(7)
    starts = [
        dt.datetime(2026, 1, 1, tzinfo=SEOUL) + dt.timedelta(minutes=rng.randrange(525_600))
        for _ in range(20_000)
    ]
    cases = [
        ("P4 1 business hour", Duration(1, Unit.HOURS), Clock.BUSINESS),
        ("D2 30 business minutes", Duration(30, Unit.MINUTES), Clock.BUSINESS),
        ("D4 1 business day", Duration(1, Unit.DAYS), Clock.BUSINESS),
        ("F1 7 calendar days", Duration(7, Unit.DAYS), Clock.CALENDAR),
        ("statutory 7 days", Duration(7, Unit.DAYS), Clock.STATUTORY),
        ("statutory 5 days (40 h)", Duration(5, Unit.DAYS), Clock.STATUTORY),
        ("60 business days", Duration(60, Unit.DAYS), Clock.BUSINESS),
    ]
    print(f"{'case':28} {'calendar':10} {'per second':>12} {'µs each':>9}")
    for calendar_name, calendar in [("default", WorkCalendar()), ("lunch", lunch)]:
        for name, duration, clock in cases:
            began = time.perf_counter()
            for start in starts:
                calendar.due(start, duration, clock)
            elapsed = time.perf_counter() - began
            print(
                f"{name:28} {calendar_name:10} {len(starts) / elapsed:12,.0f} "
                f"{elapsed / len(starts) * 1e6:9.1f}"
            )


if __name__ == "__main__":
    main()
