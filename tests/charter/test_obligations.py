"""Opening, meeting, waiving and recording obligations through charter.services."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from charter import services
from charter.models import Calendar, Closure, Obligation, Standard, WorkingPeriod
from tests.conftest import kst

pytestmark = pytest.mark.django_db


def open_p4(staff, at):
    return services.obligation_open(
        standard="P4", subject=staff, department=staff.department, starts_at=at, responsible=staff
    )


def test_a_p4_obligation_opened_now_is_due_one_business_hour_later(staff):
    with time_machine.travel(kst(2026, 12, 2, 10, 15), tick=False):
        from django.utils import timezone

        obligation = open_p4(staff, timezone.now())
    assert obligation.status == Obligation.Status.OPEN
    assert obligation.due_at == kst(2026, 12, 2, 11, 15)
    assert obligation.clock == "business"


def test_a_memo_at_1730_before_a_holiday_is_due_after_it(staff):
    obligation = open_p4(staff, kst(2026, 9, 23, 17, 30))
    assert obligation.due_at == kst(2026, 9, 28, 9, 30)


def test_a_department_calendar_decides_the_deadline(staff):
    # A lunch break in the default calendar: 11:30 + 1h = 13:30.
    default = Calendar.objects.default()
    wednesday = default.periods.get(weekday=2)
    wednesday.end = dt.time(12)
    wednesday.save()
    WorkingPeriod.objects.create(calendar=default, weekday=2, start=dt.time(13), end=dt.time(18))
    assert open_p4(staff, kst(2026, 12, 2, 11, 30)).due_at == kst(2026, 12, 2, 13, 30)


def test_an_admin_closure_day_is_not_a_working_day(staff):
    Closure.objects.create(date=dt.date(2026, 12, 3), name="재단 창립기념일")
    obligation = open_p4(staff, kst(2026, 12, 2, 17, 30))
    assert obligation.due_at == kst(2026, 12, 4, 9, 30)


def test_editing_a_standard_applies_to_what_is_opened_next_not_to_history(staff):
    before = open_p4(staff, kst(2026, 12, 2, 10))
    Standard.objects.filter(code="P4").update(duration_value=2)
    after = open_p4(staff, kst(2026, 12, 2, 10))
    before.refresh_from_db()
    assert before.due_at == kst(2026, 12, 2, 11)
    assert after.due_at == kst(2026, 12, 2, 12)


def test_meeting_on_time_is_met(staff):
    obligation = open_p4(staff, kst(2026, 12, 2, 10))
    obligation = services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 11))
    assert obligation.status == Obligation.Status.MET
    assert obligation.met_at == kst(2026, 12, 2, 11)


def test_meeting_late_is_a_breach_even_before_the_scan(staff):
    obligation = open_p4(staff, kst(2026, 12, 2, 10))
    obligation = services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 11, 1))
    assert obligation.status == Obligation.Status.BREACHED
    assert obligation.breached_at == kst(2026, 12, 2, 11)
    assert obligation.met_at == kst(2026, 12, 2, 11, 1)
    assert obligation.met_late


def test_meeting_after_the_scan_keeps_the_breach_and_records_when(staff):
    obligation = open_p4(staff, kst(2026, 12, 2, 10))
    services.breach_scan(now=kst(2026, 12, 2, 12))
    obligation = services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 12, 30))
    assert obligation.status == Obligation.Status.BREACHED
    assert obligation.met_at == kst(2026, 12, 2, 12, 30)


def test_meeting_twice_is_refused(staff):
    obligation = open_p4(staff, kst(2026, 12, 2, 10))
    services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 10, 30))
    with pytest.raises(ValidationError, match="이미 처리가 끝난"):
        services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 10, 40))


def test_meeting_before_the_start_is_refused(staff):
    obligation = open_p4(staff, kst(2026, 12, 2, 10))
    with pytest.raises(ValidationError) as error:
        services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 9))
    assert "met_at" in error.value.message_dict
    obligation.refresh_from_db()
    assert obligation.status == Obligation.Status.OPEN


def test_a_threshold_or_checklist_record_is_settled_at_once(staff):
    rang_four_times = services.obligation_record(
        standard="P1",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 2, 10),
        kept=False,
        measured=4,
        responsible=staff,
    )
    assert rang_four_times.status == Obligation.Status.BREACHED
    assert rang_four_times.breached_at == kst(2026, 12, 2, 10)
    assert rang_four_times.measured == 4
    greeted = services.obligation_record(
        standard="P2",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 2, 10),
        kept=True,
    )
    assert greeted.status == Obligation.Status.MET


def test_an_unknown_standard_code_is_a_clear_error_and_stores_nothing(staff):
    with pytest.raises(ValidationError) as error:
        services.obligation_open(
            standard="Z9",
            subject=staff,
            department=staff.department,
            starts_at=kst(2026, 12, 2, 10),
        )
    assert "Z9" in error.value.message_dict["standard"][0]
    assert not Obligation.objects.exists()


def test_a_naive_start_is_a_clear_error_and_stores_nothing(staff):
    with pytest.raises(ValidationError) as error:
        services.obligation_open(
            standard="P4",
            subject=staff,
            department=staff.department,
            starts_at=dt.datetime(2026, 12, 2, 10),  # noqa: DTZ001
        )
    assert "시간대" in error.value.message_dict["starts_at"][0]
    assert not Obligation.objects.exists()


def test_a_deadline_named_by_the_event_is_kept(staff):
    obligation = services.obligation_open(
        standard="V4",
        subject=staff,
        department=staff.department,
        starts_at=kst(2026, 12, 2, 10),
        due_at=kst(2026, 12, 2, 15),
    )
    assert obligation.due_at == kst(2026, 12, 2, 15)
    with pytest.raises(ValidationError):
        services.obligation_open(
            standard="V4",
            subject=staff,
            department=staff.department,
            starts_at=kst(2026, 12, 2, 10),
            due_at=kst(2026, 12, 2, 9),
        )


def test_only_managers_waive_and_only_with_a_reason(staff, manager):
    obligation = open_p4(staff, kst(2026, 12, 2, 10))
    with pytest.raises(PermissionDenied):
        services.obligation_waive(obligation=obligation, by=staff.user, reason="x")
    with pytest.raises(ValidationError):
        services.obligation_waive(obligation=obligation, by=manager.user, reason="  ")
    obligation = services.obligation_waive(
        obligation=obligation, by=manager.user, reason="전산 장애로 회신 불가"
    )
    assert obligation.status == Obligation.Status.WAIVED
    assert obligation.waived_by == manager.user
    with pytest.raises(ValidationError):
        services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 10, 30))
