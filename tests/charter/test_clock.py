"""The business clock: real Korean holidays, the statutory count, and its properties."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter.clock import (
    SEOUL,
    Clock,
    ClockError,
    Duration,
    NaiveDatetimeError,
    Unit,
    WorkCalendar,
)
from tests.conftest import kst

DEFAULT = WorkCalendar()
LUNCH = WorkCalendar(
    frames=tuple(
        ((dt.time(9), dt.time(12)), (dt.time(13), dt.time(18))) if day < 5 else ()
        for day in range(7)
    )
)
EARLY = WorkCalendar(
    frames=tuple(((dt.time(8), dt.time(17)),) if day < 5 else () for day in range(7))
)
SATURDAY_MORNINGS = WorkCalendar(
    frames=tuple(
        ((dt.time(9), dt.time(18)),)
        if day < 5
        else ((dt.time(9), dt.time(13)),)
        if day == 5
        else ()
        for day in range(7)
    )
)
CALENDARS = [DEFAULT, LUNCH, EARLY, SATURDAY_MORNINGS]


def test_it_skips_chuseok_for_a_one_business_hour_deadline():
    due = DEFAULT.due(kst(2026, 9, 23, 17, 30), Duration(1, Unit.HOURS), Clock.BUSINESS)
    assert due == kst(2026, 9, 28, 9, 30)


def test_it_ends_a_seven_day_statutory_period_at_the_close_of_the_seventh_working_day():
    due = DEFAULT.due(kst(2026, 12, 1, 10), Duration(7, Unit.DAYS), Clock.STATUTORY)
    assert due == kst(2026, 12, 9, 18)


def test_it_counts_short_statutory_periods_in_eight_hour_working_days():
    # 2 days = 16 working hours: Tue 10-18 is 8 of them, Wed 09-17 the other 8.
    due = DEFAULT.due(kst(2026, 12, 1, 10), Duration(2, Unit.DAYS), Clock.STATUTORY)
    assert due == kst(2026, 12, 2, 17)


def test_at_once_is_three_working_hours():
    due = DEFAULT.due(kst(2026, 12, 4, 16), Duration(0, Unit.AT_ONCE), Clock.STATUTORY)
    assert due == kst(2026, 12, 7, 10)  # Fri 16-18 (2h), Mon 09-10 (1h)


def test_it_counts_the_calendar_clock_in_wall_time():
    due = DEFAULT.due(kst(2026, 12, 1, 10), Duration(7, Unit.DAYS), Clock.CALENDAR)
    assert due == kst(2026, 12, 8, 10)


def test_it_counts_business_days_to_the_same_time_of_day():
    # D4: 1 business day from Friday 15:00 is Monday 15:00.
    due = DEFAULT.due(kst(2026, 12, 4, 15), Duration(1, Unit.DAYS), Clock.BUSINESS)
    assert due == kst(2026, 12, 7, 15)


def test_a_lunch_break_does_not_count():
    due = LUNCH.add_business_time(kst(2026, 12, 2, 11, 30), dt.timedelta(hours=1))
    assert due == kst(2026, 12, 2, 13, 30)


def test_a_deadline_that_uses_up_the_day_ends_at_the_close():
    assert DEFAULT.add_business_time(kst(2026, 12, 2, 17), dt.timedelta(hours=1)) == kst(
        2026, 12, 2, 18
    )


def test_it_lists_substitute_holidays_from_the_holidays_package():
    # 2026-03-01 (삼일절) is a Sunday: Monday 2026-03-02 is its substitute holiday.
    assert not DEFAULT.is_working_day(dt.date(2026, 3, 2))
    assert DEFAULT.is_working_day(dt.date(2026, 3, 3))


def test_a_closure_and_an_override_change_the_working_days():
    closed = WorkCalendar(closures=frozenset({dt.date(2026, 12, 3)}))
    assert not closed.is_working_day(dt.date(2026, 12, 3))
    # A temporary holiday inside a 7-day statutory period moves its end by one working day.
    due = closed.due(kst(2026, 12, 1, 10), Duration(7, Unit.DAYS), Clock.STATUTORY)
    assert due == kst(2026, 12, 10, 18)
    worked = WorkCalendar(overrides=frozenset({dt.date(2026, 9, 24)}))
    assert worked.is_working_day(dt.date(2026, 9, 24))
    due = worked.due(kst(2026, 9, 23, 17, 30), Duration(1, Unit.HOURS), Clock.BUSINESS)
    assert due == kst(2026, 9, 24, 9, 30)


def test_it_tells_business_hours():
    assert DEFAULT.is_business_time(kst(2026, 12, 2, 9))
    assert DEFAULT.is_business_time(kst(2026, 12, 2, 18))
    assert not DEFAULT.is_business_time(kst(2026, 12, 2, 18, 1))
    assert not DEFAULT.is_business_time(kst(2026, 12, 5, 10))  # Saturday
    assert not LUNCH.is_business_time(kst(2026, 12, 2, 12, 30))


def test_it_lists_working_days_in_a_range():
    days = DEFAULT.working_days(dt.date(2026, 9, 21), dt.date(2026, 9, 30))
    assert days == [
        dt.date(2026, 9, 21),
        dt.date(2026, 9, 22),
        dt.date(2026, 9, 23),
        dt.date(2026, 9, 28),
        dt.date(2026, 9, 29),
        dt.date(2026, 9, 30),
    ]


def test_it_refuses_a_naive_datetime():
    with pytest.raises(NaiveDatetimeError, match="시간대"):
        DEFAULT.due(dt.datetime(2026, 12, 1, 10), Duration(1, Unit.HOURS), Clock.BUSINESS)  # noqa: DTZ001


def test_it_refuses_a_negative_duration():
    with pytest.raises(ClockError):
        Duration(-1, Unit.HOURS)


def test_a_calendar_without_working_time_is_an_error_not_a_hang():
    never = WorkCalendar(frames=((),) * 7)
    with pytest.raises(ClockError):
        never.add_business_time(kst(2026, 12, 1, 10), dt.timedelta(minutes=1))


instants = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2028, 12, 31)).map(
    lambda d: d.replace(tzinfo=SEOUL)
)
minutes = st.integers(min_value=0, max_value=60 * 24 * 20)
calendars = st.sampled_from(CALENDARS)


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, start=instants, a=minutes, b=minutes)
def test_adding_a_plus_b_equals_adding_a_then_b(calendar, start, a, b):
    first = calendar.add_business_time(start, dt.timedelta(minutes=a))
    assert calendar.add_business_time(first, dt.timedelta(minutes=b)) == calendar.add_business_time(
        start, dt.timedelta(minutes=a + b)
    )


@settings(max_examples=300, deadline=None)
@given(calendar=calendars, start=instants, amount=minutes)
def test_a_due_time_is_inside_business_hours_and_never_before_the_start(calendar, start, amount):
    due = calendar.add_business_time(start, dt.timedelta(minutes=amount))
    assert due >= start
    assert calendar.is_business_time(due)
    assert calendar.business_time_between(start, due) == dt.timedelta(minutes=amount)


@settings(max_examples=200, deadline=None)
@given(
    calendar=calendars,
    start=instants,
    value=st.integers(min_value=0, max_value=30),
    unit=st.sampled_from([Unit.MINUTES, Unit.HOURS, Unit.DAYS, Unit.AT_ONCE]),
    clock=st.sampled_from([Clock.BUSINESS, Clock.STATUTORY]),
)
def test_every_working_clock_deadline_is_in_business_hours(calendar, start, value, unit, clock):
    due = calendar.due(start, Duration(value, unit), clock)
    assert due >= start
    assert calendar.is_business_time(due)
