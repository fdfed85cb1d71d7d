"""Building the clock's `WorkCalendar` from the calendar data admins edit, now or as it was at
an earlier moment (django-simple-history keeps every version)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict

from django.db.models import Q

from .clock import WorkCalendar
from .models import Calendar, Closure, Department, HolidayOverride, WorkingPeriod


def load_calendar(calendar: Calendar, *, as_of: dt.datetime | None = None) -> WorkCalendar:
    """A frozen snapshot of `calendar`, its closures and overrides (and the global ones);
    with `as_of`, the calendar as it was then."""

    def rows(model, **filters):
        manager = model.history.as_of(as_of) if as_of else model.objects
        return manager.filter(**filters)

    applies = Q(calendar_id=calendar.pk) | Q(calendar__isnull=True)
    frames = defaultdict(list)
    for period in sorted(
        rows(WorkingPeriod, calendar_id=calendar.pk), key=lambda p: (p.weekday, p.start)
    ):
        frames[period.weekday].append((period.start, period.end))
    closures = [(c.date, c.recurring, c.name) for c in rows(Closure).filter(applies)]
    overrides = [(o.date, o.recurring) for o in rows(HolidayOverride).filter(applies)]
    country = calendar.country
    if as_of:
        past = Calendar.history.as_of(as_of).filter(pk=calendar.pk).first()
        country = past.country if past else country
    return WorkCalendar(
        frames=tuple(tuple(frames[day]) for day in range(7)),
        country=country or None,
        closures=frozenset(d for d, recurring, _n in closures if not recurring),
        recurring_closures=frozenset(
            (d.month, d.day) for d, recurring, _n in closures if recurring
        ),
        closure_names=tuple(
            ((d.month, d.day) if recurring else d, name) for d, recurring, name in closures
        ),
        overrides=frozenset(d for d, recurring in overrides if not recurring),
        recurring_overrides=frozenset((d.month, d.day) for d, recurring in overrides if recurring),
    )


class CalendarVersions:
    """Every version a calendar has had, loaded once each: `at(t)` is the calendar as it was
    at `t`. A recompute over 100,000 obligations loads a handful of versions, not 100,000."""

    def __init__(self, calendar: Calendar):
        self.calendar = calendar
        changes = set()
        applies = Q(calendar_id=calendar.pk) | Q(calendar__isnull=True)
        for model, filters in [
            (WorkingPeriod, Q(calendar_id=calendar.pk)),
            (Closure, applies),
            (HolidayOverride, applies),
            (Calendar, Q(id=calendar.pk)),
        ]:
            changes.update(model.history.filter(filters).values_list("history_date", flat=True))
        self.changes = sorted(changes)
        self._loaded: dict[int, WorkCalendar] = {}

    def at(self, instant: dt.datetime | None) -> WorkCalendar:
        index = bisect_right(self.changes, instant) if instant else len(self.changes)
        if index not in self._loaded:
            if index == 0 or index == len(self.changes):
                # Before any recorded change (data older than its history): as it is now.
                self._loaded[index] = load_calendar(self.calendar)
            else:
                self._loaded[index] = load_calendar(self.calendar, as_of=self.changes[index - 1])
        return self._loaded[index]


def calendar_of(department: Department | None) -> Calendar:
    if department is not None and department.calendar_id:
        return department.calendar
    return Calendar.objects.default()


def check_frames(frames) -> None:
    """`frames`: (weekday, start, end) triples of one calendar. Refuses a frame that ends
    before it starts and frames of one weekday that overlap, with the weekday named."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import WorkingPeriod

    errors = []
    by_day = defaultdict(list)
    for weekday, start, end in frames:
        if start is None or end is None or weekday is None:
            continue
        if end <= start:
            errors.append(
                _("%(day)s %(start)s–%(end)s: a time frame must end after it starts.")
                % {
                    "day": WorkingPeriod.Weekday(weekday).label,
                    "start": f"{start:%H:%M}",
                    "end": f"{end:%H:%M}",
                }
            )
        by_day[weekday].append((start, end))
    for weekday, day_frames in sorted(by_day.items()):
        day_frames.sort()
        for (_s1, end1), (start2, _e2) in zip(day_frames, day_frames[1:], strict=False):
            if start2 < end1:
                errors.append(
                    _("%(day)s: time frames overlap (%(start)s is before %(end)s).")
                    % {
                        "day": WorkingPeriod.Weekday(weekday).label,
                        "start": f"{start2:%H:%M}",
                        "end": f"{end1:%H:%M}",
                    }
                )
    if errors:
        raise ValidationError(errors)


# -- The current calendars, cached by version ----------------------------------------------

# Every change to a calendar, its frames, its closures and overrides (or the global ones)
# through the ORM or the admin writes a django-simple-history row; (rows, latest) over those
# tables is the calendar's version: read in one query, it changes with every save or delete.
_VERSION_SQL = """
SELECT SUM(n), MAX(latest) FROM (
    SELECT COUNT(*) AS n, MAX(history_date) AS latest
      FROM charter_historicalcalendar WHERE id = %(id)s
    UNION ALL
    SELECT COUNT(*), MAX(history_date)
      FROM charter_historicalworkingperiod WHERE calendar_id = %(id)s
    UNION ALL
    SELECT COUNT(*), MAX(history_date)
      FROM charter_historicalclosure WHERE calendar_id = %(id)s OR calendar_id IS NULL
    UNION ALL
    SELECT COUNT(*), MAX(history_date)
      FROM charter_historicalholidayoverride WHERE calendar_id = %(id)s OR calendar_id IS NULL
) AS versions
"""
_CACHE_SIZE = 64
_cache: dict[tuple, WorkCalendar] = {}


def calendar_version(calendar_id: int) -> tuple:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, {"id": calendar_id})
        count, latest = cursor.fetchone()
    return (connection.alias, int(count or 0), latest)


def current_calendar(calendar: Calendar) -> WorkCalendar:
    """load_calendar(calendar) as it is now, from this process's cache when its version (one
    query) has not changed: the ingest endpoints do not read the frames, closures and
    overrides on every request. A change in another process changes the version too."""
    key = (calendar.pk, calendar.country, *calendar_version(calendar.pk))
    found = _cache.get(key)
    if found is None:
        found = load_calendar(calendar)
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = found
    return found
