"""D1: every business day opens one obligation per active department and channel, from the
first frame's start to the last frame's close of the department's calendar."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from charter.models import Calendar, Closure, Department, Obligation, WorkingPeriod
from documents import services, tasks
from documents.models import InboxDay
from tests import factories
from tests.conftest import kst

from .helpers import d1

pytestmark = pytest.mark.django_db

WED = dt.date(2026, 12, 2)


def test_a_business_day_opens_one_obligation_per_department_and_channel(department):
    other = factories.DepartmentFactory()
    factories.DepartmentFactory(active=False)

    assert services.inbox_day_open(day=WED) == 6

    for dept in (department, other):
        for channel in ("fax", "email", "post"):
            obligation = d1(dept, channel, WED)
            assert obligation.status == Obligation.Status.OPEN
            assert obligation.starts_at == kst(2026, 12, 2, 9)
            assert obligation.due_at == kst(2026, 12, 2, 18)
    assert not InboxDay.objects.filter(department__active=False).exists()


def test_opening_a_day_twice_opens_nothing_new(department):
    assert services.inbox_day_open(day=WED) == 3
    assert services.inbox_day_open(day=WED) == 0
    assert Obligation.objects.for_standard("D1").count() == 3


def test_a_public_holiday_and_a_weekend_open_nothing(department):
    assert services.inbox_day_open(day=dt.date(2026, 12, 25)) == 0  # 성탄절 (Friday)
    assert services.inbox_day_open(day=dt.date(2026, 12, 5)) == 0  # Saturday
    assert not Obligation.objects.for_standard("D1").exists()


def test_a_closure_day_opens_nothing(department):
    Closure.objects.create(date=WED, name="창립기념일")
    assert services.inbox_day_open(day=WED) == 0


def test_the_department_calendar_gives_the_start_and_the_close(department):
    calendar = Calendar.objects.create(name="지점 달력")
    for weekday in range(5):
        WorkingPeriod.objects.create(
            calendar=calendar, weekday=weekday, start=dt.time(8, 30), end=dt.time(12)
        )
        WorkingPeriod.objects.create(
            calendar=calendar, weekday=weekday, start=dt.time(13), end=dt.time(17, 30)
        )
    Department.objects.filter(pk=department.pk).update(calendar=calendar)
    department.refresh_from_db()

    services.inbox_day_open(day=WED)

    obligation = d1(department, "post", WED)
    assert obligation.starts_at == kst(2026, 12, 2, 8, 30)
    assert obligation.due_at == kst(2026, 12, 2, 17, 30)


def test_the_celery_task_and_the_command_open_the_same_days(department):
    with time_machine.travel(kst(2026, 12, 2, 0, 5), tick=False):
        assert tasks.open_inbox_days() == 3
        call_command("open_inbox_days")
    assert InboxDay.objects.filter(date=WED).count() == 3

    with time_machine.travel(kst(2026, 12, 3, 0, 5), tick=False):
        call_command("open_inbox_days")
        assert tasks.open_inbox_days() == 0
    assert InboxDay.objects.filter(date=dt.date(2026, 12, 3)).count() == 3


def test_the_command_opens_the_date_it_is_given(department, capsys):
    call_command("open_inbox_days", "--date", "2026-12-04")
    assert "3 inbox day(s) opened." in capsys.readouterr().out
    assert d1(department, "fax", dt.date(2026, 12, 4)).due_at == kst(2026, 12, 4, 18)


def test_a_day_the_worker_missed_is_opened_on_the_next_tick(department):
    with time_machine.travel(kst(2026, 12, 1, 10), tick=False):
        tasks.open_inbox_days()
    # The worker was down all of Wednesday 2 December; it comes back on Thursday morning.
    with time_machine.travel(kst(2026, 12, 3, 8), tick=False):
        assert tasks.open_inbox_days() == 6
    assert InboxDay.objects.filter(date=WED).count() == 3


def test_a_fresh_install_opens_only_today(department):
    with time_machine.travel(kst(2026, 12, 3, 8), tick=False):
        tasks.open_inbox_days()
    assert set(InboxDay.objects.values_list("date", flat=True)) == {dt.date(2026, 12, 3)}


def test_beat_runs_the_task_every_few_minutes_without_matching_an_exact_time():
    from django.conf import settings

    from config.celery_app import app

    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "documents.tasks.open_inbox_days"
    ]
    assert len(entries) == 1
    assert isinstance(entries[0]["schedule"], float) and entries[0]["schedule"] <= 600
    assert "documents.tasks.open_inbox_days" in app.tasks
