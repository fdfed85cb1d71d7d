"""The business clock: when is `start + duration` on a calendar?

One module answers every deadline question of the charter. A `WorkCalendar` is an immutable
snapshot of a calendar's data (weekly time frames, closures, holiday overrides, the country's
public holidays from the `holidays` package); `charter.calendars.load_calendar()` builds it from
the database. Three clocks:

- business:  add working time, frame by frame (a lunch break is a gap between frames);
- calendar:  wall-clock time, business hours ignored;
- statutory: the civil-petition count of 민원 처리에 관한 법률 (처리기간의 계산): a period of up
  to 5 days counts in working hours, one day being 8 working hours; 6 days or more counts in
  working days, the first day included, ending at the close of the last day; "at once" (즉시)
  is 3 working hours.

Arithmetic is whole-interval: it walks days and their frames, never minutes, so a deadline costs
a handful of steps whatever its length. Every function refuses naive datetimes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext_lazy as _

SEOUL = ZoneInfo("Asia/Seoul")
STATUTORY_HOURS_PER_DAY = 8
STATUTORY_AT_ONCE_HOURS = 3
STATUTORY_DAY_COUNT_FROM = 6  # periods of this many days or more count in days
# A calendar with no working time at all would loop forever; no deadline is this far away.
MAX_DAYS_AHEAD = 3 * 366


class Clock:
    BUSINESS = "business"
    CALENDAR = "calendar"
    STATUTORY = "statutory"
    CHOICES = [
        (BUSINESS, _("Business hours")),
        (CALENDAR, _("Calendar time")),
        (STATUTORY, _("Statutory (civil petition) count")),
    ]


class Unit:
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    AT_ONCE = "at_once"
    CHOICES = [
        (MINUTES, _("minutes")),
        (HOURS, _("hours")),
        (DAYS, _("days")),
        (AT_ONCE, _("at once (3 working hours)")),
    ]


class ClockError(ValueError):
    """Bad input to the clock; the message is for the user."""


class NaiveDatetimeError(ClockError):
    pass


def ensure_aware(value: dt.datetime, name: str = "time") -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ClockError(_("%(name)s must be a date and time.") % {"name": name})
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(
            _("%(name)s has no time zone; give an aware date and time (e.g. +09:00).")
            % {"name": name}
        )
    return value


@dataclass(frozen=True)
class Duration:
    value: int
    unit: str

    def __post_init__(self):
        if self.unit not in {Unit.MINUTES, Unit.HOURS, Unit.DAYS, Unit.AT_ONCE}:
            raise ClockError(_("Unknown duration unit: %(unit)s") % {"unit": self.unit})
        if self.unit != Unit.AT_ONCE and (self.value is None or self.value < 0):
            raise ClockError(_("A duration cannot be negative."))

    @property
    def minutes(self) -> int:
        """The duration in working (or wall) minutes, for units that are not day counts."""
        if self.unit == Unit.MINUTES:
            return self.value
        if self.unit == Unit.HOURS:
            return self.value * 60
        if self.unit == Unit.AT_ONCE:
            return STATUTORY_AT_ONCE_HOURS * 60
        return self.value * 24 * 60


@lru_cache(maxsize=64)
def public_holidays(country: str, year: int) -> dict[dt.date, str]:
    """The country's public holidays for a year, substitute holidays included (holidays pkg)."""
    return dict(holidays.country_holidays(country, years=year, language="ko"))


@dataclass(frozen=True)
class WorkCalendar:
    """A calendar's data, frozen. Frames are per weekday (Monday = 0) as (start, end) times."""

    frames: tuple[tuple[tuple[dt.time, dt.time], ...], ...] = field(
        default_factory=lambda: tuple(
            ((dt.time(9), dt.time(18)),) if day < 5 else () for day in range(7)
        )
    )
    tz: ZoneInfo = SEOUL
    country: str | None = "KR"
    closures: frozenset[dt.date] = frozenset()
    recurring_closures: frozenset[tuple[int, int]] = frozenset()
    closure_names: tuple[tuple[object, str], ...] = ()
    overrides: frozenset[dt.date] = frozenset()
    recurring_overrides: frozenset[tuple[int, int]] = frozenset()

    # -- days ---------------------------------------------------------------------------
    def public_holiday(self, day: dt.date) -> str | None:
        if not self.country:
            return None
        name = public_holidays(self.country, day.year).get(day)
        if name is None:
            return None
        if day in self.overrides or (day.month, day.day) in self.recurring_overrides:
            return None
        return name

    def is_closed(self, day: dt.date) -> bool:
        return day in self.closures or (day.month, day.day) in self.recurring_closures

    def is_working_day(self, day: dt.date) -> bool:
        return bool(
            self.frames[day.weekday()]
            and not self.is_closed(day)
            and self.public_holiday(day) is None
        )

    def frames_on(self, day: dt.date) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
        """The day's working frames as aware datetimes; empty on a non-working day."""
        if not self.is_working_day(day):
            return ()
        return tuple(
            (
                dt.datetime.combine(day, start, tzinfo=self.tz),
                dt.datetime.combine(day, end, tzinfo=self.tz),
            )
            for start, end in self.frames[day.weekday()]
        )

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Working days from `start` to `end`, both included."""
        days, day = [], start
        while day <= end:
            if self.is_working_day(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days

    def _working_days_from(self, day: dt.date) -> Iterator[dt.date]:
        for _step in range(MAX_DAYS_AHEAD):
            if self.is_working_day(day):
                yield day
            day += dt.timedelta(days=1)
        raise ClockError(_("The calendar has no working time within three years."))

    def non_working_days(self, year: int) -> list[tuple[dt.date, str, str]]:
        """The year's public holidays and closure days: (date, name, source). Ordinary weekends
        are not listed (a holiday that falls on one is, beside its substitute day). Sources:
        "closure", "holiday" and "override" (a package holiday the foundation works on)."""
        names = dict(self.closure_names)
        rows = []
        day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        package = public_holidays(self.country, year) if self.country else {}
        while day <= end:
            if self.is_closed(day):
                name = names.get(day) or names.get((day.month, day.day)) or ""
                rows.append((day, name, "closure"))
            elif day in package:
                if self.public_holiday(day) is None:
                    rows.append((day, package[day], "override"))
                else:
                    rows.append((day, package[day], "holiday"))
            day += dt.timedelta(days=1)
        return rows

    # -- instants -----------------------------------------------------------------------
    def is_business_time(self, instant: dt.datetime) -> bool:
        """Inside a working frame; a frame's closing instant counts as inside (a deadline at
        18:00 is a business-hours deadline)."""
        local = ensure_aware(instant, "instant").astimezone(self.tz)
        return any(start <= local <= end for start, end in self.frames_on(local.date()))

    def next_business_instant(self, instant: dt.datetime) -> dt.datetime:
        return self.add_business_time(instant, dt.timedelta(0))

    def add_business_time(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """`start` plus `amount` of working time. The result is inside a frame, never before
        `start`; when `amount` ends exactly at a frame's close, the close is the answer."""
        start = ensure_aware(start, "start").astimezone(self.tz)
        if amount < dt.timedelta(0):
            raise ClockError(_("A duration cannot be negative."))
        remaining = amount
        for day in self._working_days_from(start.date()):
            for frame_start, frame_end in self.frames_on(day):
                if frame_end < start:
                    continue
                cursor = max(start, frame_start)
                available = frame_end - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
        raise AssertionError("unreachable")  # pragma: no cover

    def business_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Working time inside [start, end]; zero when end is not after start."""
        start = ensure_aware(start, "start").astimezone(self.tz)
        end = ensure_aware(end, "end").astimezone(self.tz)
        total = dt.timedelta(0)
        if end <= start:
            return total
        for day in self.working_days(start.date(), end.date()):
            for frame_start, frame_end in self.frames_on(day):
                overlap = min(end, frame_end) - max(start, frame_start)
                if overlap > dt.timedelta(0):
                    total += overlap
        return total

    def close_of(self, day: dt.date) -> dt.datetime:
        return self.frames_on(day)[-1][1]

    def add_business_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """The same time of day `days` working days later, counted from the next business
        instant; clamped to that day's close, or moved out of a break to the next frame."""
        start = self.next_business_instant(start)
        if days == 0:
            return start
        target_day = None
        for count, day in enumerate(self._working_days_from(start.date() + dt.timedelta(1))):
            if count + 1 == days:
                target_day = day
                break
        wall = dt.datetime.combine(target_day, start.timetz().replace(tzinfo=None), self.tz)
        if wall >= self.close_of(target_day):
            return self.close_of(target_day)
        return self.next_business_instant(wall)

    def statutory_day_count_end(self, start: dt.datetime, days: int) -> dt.datetime:
        """Close of the `days`-th working day, the day of receipt counted as the first when it
        is a working day and receipt is before its close."""
        start = ensure_aware(start, "start").astimezone(self.tz)
        first = start.date()
        if self.is_working_day(first) and start >= self.close_of(first):
            first += dt.timedelta(days=1)
        for count, day in enumerate(self._working_days_from(first)):
            if count + 1 == days:
                return self.close_of(day)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- the one entry point ------------------------------------------------------------
    def due(self, start: dt.datetime, duration: Duration, clock: str) -> dt.datetime:
        """When an obligation that starts at `start` is due, on `clock`."""
        start = ensure_aware(start, "start")
        if duration.unit == Unit.AT_ONCE:
            # 즉시: 3 working hours, as the law reads it, whichever clock is chosen.
            return self.add_business_time(start, dt.timedelta(minutes=duration.minutes))
        if clock == Clock.CALENDAR:
            if duration.unit == Unit.DAYS:
                local = start.astimezone(self.tz)
                return local + dt.timedelta(days=duration.value)
            return start + dt.timedelta(minutes=duration.minutes)
        if clock == Clock.BUSINESS:
            if duration.unit == Unit.DAYS:
                return self.add_business_days(start, duration.value)
            return self.add_business_time(start, dt.timedelta(minutes=duration.minutes))
        if clock == Clock.STATUTORY:
            if duration.unit == Unit.DAYS:
                if duration.value >= STATUTORY_DAY_COUNT_FROM:
                    return self.statutory_day_count_end(start, duration.value)
                hours = duration.value * STATUTORY_HOURS_PER_DAY
                return self.add_business_time(start, dt.timedelta(hours=hours))
            return self.add_business_time(start, dt.timedelta(minutes=duration.minutes))
        raise ClockError(_("Unknown clock: %(clock)s") % {"clock": clock})

    # -- moving deadlines (pause, resume, recompute) -------------------------------------
    # An amount on a clock is a timedelta (wall time for the calendar clock, working time for
    # the business and statutory-hours clocks) or an int (whole working days, for a statutory
    # period counted in days).

    def elapsed(
        self, start: dt.datetime, end: dt.datetime, clock: str, *, day_count: bool = False
    ) -> dt.timedelta | int:
        """How much of `clock` passes between two instants (a pause's length)."""
        start, end = ensure_aware(start, "start"), ensure_aware(end, "end")
        if clock == Clock.CALENDAR:
            return max(end - start, dt.timedelta(0))
        if day_count:
            first, last = start.astimezone(self.tz).date(), end.astimezone(self.tz).date()
            return len(self.working_days(first, last - dt.timedelta(days=1)))
        return self.business_time_between(start, end)

    def shift(
        self, due: dt.datetime, amount: dt.timedelta | int, clock: str, *, day_count: bool = False
    ) -> dt.datetime:
        """`due` moved later by `amount` of `clock` (a resumed pause, an extension)."""
        due = ensure_aware(due, "due")
        if not amount:
            return due
        if clock == Clock.CALENDAR:
            return due + amount
        if day_count:
            return self._close_of_nth_working_day(due.astimezone(self.tz).date(), amount)
        return self.add_business_time(due, amount)

    def remaining(
        self, now: dt.datetime, due: dt.datetime, clock: str, *, day_count: bool = False
    ) -> dt.timedelta | int:
        """What is left of a deadline at `now`, as `clock` counts it."""
        now, due = ensure_aware(now, "now"), ensure_aware(due, "due")
        if clock == Clock.CALENDAR:
            return max(due - now, dt.timedelta(0))
        if day_count:
            today, last = now.astimezone(self.tz).date(), due.astimezone(self.tz).date()
            return len(self.working_days(today + dt.timedelta(days=1), last))
        return self.business_time_between(now, due)

    def advance(
        self, now: dt.datetime, amount: dt.timedelta | int, clock: str, *, day_count: bool = False
    ) -> dt.datetime:
        """The deadline that leaves `amount` of `clock` from `now` (inverse of `remaining`)."""
        now = ensure_aware(now, "now")
        if clock == Clock.CALENDAR:
            return now + amount
        if day_count:
            local = now.astimezone(self.tz)
            today = local.date()
            if self.is_working_day(today) and local <= self.close_of(today):
                if amount == 0:
                    return self.close_of(today)
                return self._close_of_nth_working_day(today, amount)
            return self._close_of_nth_working_day(today, amount + 1)
        return self.add_business_time(now, amount)

    def _close_of_nth_working_day(self, day: dt.date, n: int) -> dt.datetime:
        """Close of the n-th working day after `day` (n = 0: `day` itself if working)."""
        if n == 0 and self.is_working_day(day):
            return self.close_of(day)
        for count, working in enumerate(self._working_days_from(day + dt.timedelta(days=1))):
            if count + 1 >= max(n, 1):
                return self.close_of(working)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def counts_days(duration: Duration, clock: str) -> bool:
        """A statutory period of 6 days or more is counted in whole working days."""
        return (
            clock == Clock.STATUTORY
            and duration.unit == Unit.DAYS
            and duration.value >= STATUTORY_DAY_COUNT_FROM
        )


DEFAULT_CALENDAR = WorkCalendar()
