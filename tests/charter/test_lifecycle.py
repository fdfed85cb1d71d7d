"""Calendars per department, holiday overrides, pause/resume, extension and recompute."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from charter import services
from charter.calendars import load_calendar
from charter.clock import SEOUL, Clock
from charter.models import (
    Calendar,
    CharterSettings,
    Closure,
    HolidayOverride,
    Obligation,
    ObligationEvent,
    RecomputeRun,
    Standard,
    WorkingPeriod,
)
from tests.conftest import kst
from tests.outbox import sent_sms

pytestmark = pytest.mark.django_db


def default_calendar():
    return Calendar.objects.default()


def add_lunch(calendar):
    for period in calendar.periods.all():
        period.end = dt.time(12)
        period.save()
        WorkingPeriod.objects.create(
            calendar=calendar, weekday=period.weekday, start=dt.time(13), end=dt.time(18)
        )


def pause(obligation, by, when, reason="보완 서류 요청"):
    with time_machine.travel(when, tick=False):
        return services.obligation_pause(obligation=obligation, by=by, reason=reason)


def open_for(staff, code, at, **kwargs):
    return services.obligation_open(
        standard=code, subject=staff, department=staff.department, starts_at=at, **kwargs
    )


# -- calendars --------------------------------------------------------------------------


def test_a_p4_memo_at_1130_on_a_calendar_with_lunch_is_due_at_1330(staff):
    add_lunch(default_calendar())
    assert open_for(staff, "P4", kst(2026, 12, 2, 11, 30)).due_at == kst(2026, 12, 2, 13, 30)


def test_a_department_on_an_eight_to_five_calendar_gets_its_own_deadline(staff):
    add_lunch(default_calendar())
    branch = Calendar.objects.create(name="지점 근무시간")
    for weekday in range(5):
        WorkingPeriod.objects.create(
            calendar=branch, weekday=weekday, start=dt.time(8), end=dt.time(17)
        )
    staff.department.calendar = branch
    staff.department.save()
    obligation = open_for(staff, "P4", kst(2026, 12, 2, 11, 30))
    assert obligation.due_at == kst(2026, 12, 2, 12, 30)
    assert obligation.calendar == branch


def test_switching_off_a_package_holiday_makes_it_a_working_day_for_every_clock(staff):
    HolidayOverride.objects.create(date=dt.date(2026, 9, 24), reason="재단 근무일")
    assert open_for(staff, "P4", kst(2026, 9, 23, 17, 30)).due_at == kst(2026, 9, 24, 9, 30)
    Standard.objects.filter(code="F1").update(clock=Clock.STATUTORY)
    # Statutory 7 days from Tue 22nd: 22, 23, 24 (worked), 28, 29, 30, Oct 1.
    assert open_for(staff, "F1", kst(2026, 9, 22, 10)).due_at == kst(2026, 10, 1, 18)


def test_a_recurring_override_applies_every_year():
    HolidayOverride.objects.create(date=dt.date(2020, 5, 5), recurring=True, reason="근무")
    calendar = load_calendar(default_calendar())
    assert calendar.is_working_day(dt.date(2026, 5, 5))
    assert calendar.is_working_day(dt.date(2027, 5, 5))


def test_a_temporary_holiday_inside_a_statutory_period_moves_its_end_by_a_working_day(staff):
    Standard.objects.filter(code="F1").update(clock=Clock.STATUTORY)
    assert open_for(staff, "F1", kst(2026, 12, 1, 10)).due_at == kst(2026, 12, 9, 18)
    Closure.objects.create(date=dt.date(2026, 12, 3), name="임시공휴일")
    assert open_for(staff, "F1", kst(2026, 12, 1, 10)).due_at == kst(2026, 12, 10, 18)


def test_the_year_list_names_where_each_non_working_day_comes_from():
    Closure.objects.create(date=dt.date(2020, 3, 10), recurring=True, name="재단 창립기념일")
    HolidayOverride.objects.create(date=dt.date(2026, 5, 25), reason="근무")
    rows = {
        d: (name, source)
        for d, name, source in load_calendar(default_calendar()).non_working_days(2026)
    }
    assert rows[dt.date(2026, 3, 10)] == ("재단 창립기념일", "closure")
    assert rows[dt.date(2026, 9, 25)][1] == "holiday"
    assert rows[dt.date(2026, 5, 25)][1] == "override"


# -- pause and resume -------------------------------------------------------------------


def test_an_f1_opinion_paused_for_two_days_is_due_two_days_later_and_not_breached_meanwhile(
    staff, manager
):
    opinion = open_for(staff, "F1", kst(2026, 12, 1, 10))
    assert opinion.due_at == kst(2026, 12, 8, 10)
    pause(opinion, staff.user, kst(2026, 12, 7, 10), "보완 서류 요청")
    assert services.breach_scan(now=kst(2026, 12, 8, 12)) == 0
    assert Obligation.objects.get(pk=opinion.pk).status == Obligation.Status.PAUSED
    with time_machine.travel(kst(2026, 12, 9, 10), tick=False):
        resumed = services.obligation_resume(obligation=opinion, by=manager.user)
    assert resumed.status == Obligation.Status.OPEN
    assert resumed.due_at == kst(2026, 12, 10, 10)
    assert resumed.promised_due_at == kst(2026, 12, 8, 10)
    kinds = list(resumed.events.values_list("kind", "by__username"))
    assert kinds == [
        ("open", None),
        ("pause", staff.user.username),
        ("resume", manager.user.username),
    ]


def test_a_business_clock_pause_counts_only_business_time(staff):
    Standard.objects.filter(code="D4").update(pausable=True)
    gap = open_for(staff, "D4", kst(2026, 12, 4, 15))  # Fri 15:00 → Mon 15:00
    pause(gap, staff.user, kst(2026, 12, 4, 17), "고객 회신 대기")
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):  # Mon 10:00: 2 business hours
        resumed = services.obligation_resume(obligation=gap, by=staff.user)
    assert resumed.due_at == kst(2026, 12, 7, 17)


def test_a_statutory_day_count_pause_moves_the_end_by_whole_working_days(staff):
    Standard.objects.filter(code="F1").update(clock=Clock.STATUTORY)
    opinion = open_for(staff, "F1", kst(2026, 12, 1, 10))
    assert opinion.day_count
    pause(opinion, staff.user, kst(2026, 12, 3, 11), "보완")
    with time_machine.travel(kst(2026, 12, 7, 9, 30), tick=False):  # Thu, Fri paused
        resumed = services.obligation_resume(obligation=opinion, by=staff.user)
    assert resumed.due_at == kst(2026, 12, 11, 18)


def test_meeting_a_paused_obligation_ends_the_pause(staff):
    opinion = open_for(staff, "F1", kst(2026, 12, 1, 10))
    pause(opinion, staff.user, kst(2026, 12, 7, 10), "보완")
    met = services.obligation_meet(obligation=opinion, at=kst(2026, 12, 9, 9))
    assert met.status == Obligation.Status.MET
    assert met.due_at == kst(2026, 12, 10, 9)


@pytest.mark.parametrize("code", ["P1", "P4", "V5"])
def test_standards_that_may_not_pause_refuse_it(staff, code):
    obligation = (
        open_for(staff, "P4", kst(2026, 12, 2, 10))
        if code == "P4"
        else (
            services.obligation_open(
                standard=code,
                subject=staff,
                department=staff.department,
                starts_at=kst(2026, 12, 2, 10),
                due_at=kst(2026, 12, 2, 11),
            )
        )
    )
    with pytest.raises(ValidationError, match="일시중지할 수 없습니다"):
        pause(obligation, staff.user, kst(2026, 12, 2, 10, 30), "x")
    assert Obligation.objects.get(pk=obligation.pk).status == "open"
    assert list(ObligationEvent.objects.values_list("kind", flat=True)) == ["open"]


def test_pausing_what_is_not_open_and_resuming_what_is_not_paused_are_refused(staff):
    opinion = open_for(staff, "F1", kst(2026, 12, 1, 10))
    with (
        pytest.raises(ValidationError, match="일시중지된 처리 기한만"),
        time_machine.travel(kst(2026, 12, 2, 10), tick=False),
    ):
        services.obligation_resume(obligation=opinion, by=staff.user)
    services.obligation_meet(obligation=opinion, at=kst(2026, 12, 2, 10))
    with pytest.raises(ValidationError, match="진행 중인 처리 기한만"):
        pause(opinion, staff.user, kst(2026, 12, 2, 11), "x")
    assert list(ObligationEvent.objects.values_list("kind", flat=True)) == ["open", "met"]


starts = st.datetimes(min_value=dt.datetime(2026, 1, 5), max_value=dt.datetime(2027, 12, 1)).map(
    lambda d: d.replace(tzinfo=SEOUL)
)


@settings(max_examples=100, deadline=None)
@given(
    start=starts,
    offset=st.integers(min_value=0, max_value=60 * 24 * 6),
    clock=st.sampled_from([Clock.BUSINESS, Clock.CALENDAR, Clock.STATUTORY]),
    day_count=st.booleans(),
)
def test_a_pause_and_resume_with_no_time_between_changes_nothing(start, offset, clock, day_count):
    calendar = load_calendar(Calendar.objects.default())
    if clock == Clock.CALENDAR:
        day_count = False
    due = calendar.add_business_time(start, dt.timedelta(minutes=60 * 24))
    moment = start + dt.timedelta(minutes=offset)
    paused = calendar.elapsed(moment, moment, clock, day_count=day_count)
    assert calendar.shift(due, paused, clock, day_count=day_count) == due


# -- extension --------------------------------------------------------------------------


def extend(obligation, by, due_at, **kwargs):
    defaults = {
        "reason": "검토 기관 회신 지연",
        "notice_channel": "sms",
        "notice_to": "010-1234-5678",
    }
    return services.obligation_extend(
        obligation=obligation, by=by, due_at=due_at, **{**defaults, **kwargs}
    )


def test_an_extension_keeps_both_dates_and_tells_the_customer(staff):
    from charter import notify

    notify.outbox.clear()
    opinion = open_for(staff, "F1", kst(2026, 12, 1, 10))
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        extended = extend(opinion, staff.user, kst(2026, 12, 15, 10))
    assert extended.promised_due_at == kst(2026, 12, 8, 10)
    assert extended.due_at == kst(2026, 12, 15, 10)
    assert len(sent_sms()) == 1
    assert "2026-12-15 10:00" in sent_sms()[0].body
    event = extended.events.get(kind="extend")
    assert (event.kind, event.notice_channel) == ("extend", "sms")


def test_extending_twice_or_beyond_the_original_period_is_refused(staff):
    opinion = open_for(staff, "F1", kst(2026, 12, 1, 10))
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        with pytest.raises(ValidationError) as error:
            extend(opinion, staff.user, kst(2026, 12, 15, 10, 1))
        assert "due_at" in error.value.message_dict
        assert Obligation.objects.get(pk=opinion.pk).due_at == kst(2026, 12, 8, 10)
        extend(opinion, staff.user, kst(2026, 12, 10, 10))
        with pytest.raises(ValidationError, match="이미 한 번 연장"):
            extend(opinion, staff.user, kst(2026, 12, 11, 10))
    assert Obligation.objects.get(pk=opinion.pk).due_at == kst(2026, 12, 10, 10)


def test_met_within_the_extension_counts_as_the_admin_setting_says(staff):
    on_time = open_for(staff, "F1", kst(2026, 12, 1, 10))
    services.obligation_meet(obligation=on_time, at=kst(2026, 12, 3, 10))
    late = open_for(staff, "F1", kst(2026, 12, 1, 11))
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        extend(late, staff.user, kst(2026, 12, 12, 10))
    met = services.obligation_meet(obligation=late, at=kst(2026, 12, 10, 10))
    assert met.status == "met" and met.met_within_extension and not met.met_as_promised
    window = {"since": kst(2026, 12, 1), "until": kst(2026, 12, 2)}
    [row] = services.compliance(user=staff.user, **window)
    assert (row["met_as_promised"], row["met_within_extension"], row["rate"]) == (1, 1, 0.5)
    CharterSettings.objects.update_or_create(pk=1, defaults={"extension_counts_as_met": True})
    [row] = services.compliance(user=staff.user, **window)
    assert row["rate"] == 1.0


# -- recompute --------------------------------------------------------------------------


def test_recomputing_after_a_calendar_change_moves_only_open_deadlines_and_keeps_used_time(
    admin_user, staff, django_capture_on_commit_callbacks
):
    with time_machine.travel(kst(2026, 12, 2, 9), tick=False):
        memo = open_for(staff, "P4", kst(2026, 12, 2, 11, 30))  # due 12:30
        done = open_for(staff, "P4", kst(2026, 12, 2, 11, 0))
        services.obligation_meet(obligation=done, at=kst(2026, 12, 2, 11, 10))
    with time_machine.travel(kst(2026, 12, 2, 11, 50), tick=False):
        add_lunch(default_calendar())  # 12:00–13:00 becomes a break
        with django_capture_on_commit_callbacks(execute=False):
            run = services.recompute_start(calendar=default_calendar(), by=admin_user)
        run = services.recompute_run(run=run)
    assert (run.status, run.total, run.processed, run.moved) == ("done", 1, 1, 1)
    memo.refresh_from_db()
    # 20 minutes used before 11:50; 40 left: 11:50–12:00, then 13:00–13:30.
    assert memo.due_at == kst(2026, 12, 2, 13, 30)
    assert memo.promised_due_at == kst(2026, 12, 2, 12, 30)
    done.refresh_from_db()
    assert done.due_at == kst(2026, 12, 2, 12, 0)
    assert list(memo.events.values_list("kind", flat=True)) == ["open", "recompute"]
    with time_machine.travel(kst(2026, 12, 2, 11, 55), tick=False):
        again = services.recompute_run(
            run=RecomputeRun.objects.create(
                calendar=default_calendar(), as_of=kst(2026, 12, 2, 11, 55)
            )
        )
    assert again.moved == 0
    memo.refresh_from_db()
    assert memo.due_at == kst(2026, 12, 2, 13, 30)


def test_the_recompute_is_batched_and_leaves_overdue_and_paused_deadlines_alone(staff):
    with time_machine.travel(kst(2026, 12, 1, 9), tick=False):
        memos = [open_for(staff, "P4", kst(2026, 12, 2, 11, m)) for m in range(10, 60, 5)]
        overdue = open_for(staff, "P4", kst(2026, 12, 1, 10))
        paused = open_for(staff, "F1", kst(2026, 12, 1, 10))
        pause(paused, staff.user, kst(2026, 12, 1, 11), "보완")
    with time_machine.travel(kst(2026, 12, 2, 9), tick=False):
        add_lunch(default_calendar())
        run = RecomputeRun.objects.create(calendar=default_calendar(), as_of=kst(2026, 12, 2, 9))
        run = services.recompute_run(run=run, batch_size=3)
    assert (run.total, run.processed) == (12, 12)
    assert run.moved == 10
    overdue.refresh_from_db()
    paused.refresh_from_db()
    assert overdue.due_at == kst(2026, 12, 1, 11)
    assert paused.due_at == kst(2026, 12, 8, 10)
    assert [
        m.due_at
        for m in Obligation.objects.filter(pk__in=[m.pk for m in memos]).order_by("starts_at")
    ][:3] == [kst(2026, 12, 2, 13, 10), kst(2026, 12, 2, 13, 15), kst(2026, 12, 2, 13, 20)]
