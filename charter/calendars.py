"""Building the clock's `WorkCalendar` from the calendar data admins edit."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from .clock import WorkCalendar
from .models import Calendar, Closure, Department, HolidayOverride


def load_calendar(calendar: Calendar) -> WorkCalendar:
    """A frozen snapshot of `calendar`, its closures and overrides (and the global ones)."""
    frames = defaultdict(list)
    for period in calendar.periods.order_by("weekday", "start"):
        frames[period.weekday].append((period.start, period.end))
    applies = Q(calendar=calendar) | Q(calendar__isnull=True)
    closures = list(Closure.objects.filter(applies).values_list("date", "recurring", "name"))
    overrides = list(HolidayOverride.objects.filter(applies).values_list("date", "recurring"))
    return WorkCalendar(
        frames=tuple(tuple(frames[day]) for day in range(7)),
        country=calendar.country or None,
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


def calendar_of(department: Department | None) -> Calendar:
    if department is not None and department.calendar_id:
        return department.calendar
    return Calendar.objects.default()
