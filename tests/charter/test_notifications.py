"""Warnings before a deadline and breach notices to managers: once each, to the right people."""

import datetime as dt

import pytest
from django.core.management import call_command

from charter import services
from charter.notifications import notify_breaches, warn_due_soon
from charter.tasks import notify_obligations
from tests import factories
from tests.conftest import kst
from tests.outbox import sent_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(department):
    staff = factories.StaffMemberFactory(department=department, user__email="staff@gcgf.example")
    manager = factories.StaffMemberFactory(
        department=department, role="manager", rank_name="부장", user__email="boss@gcgf.example"
    )
    elsewhere = factories.StaffMemberFactory(role="manager", user__email="other@gcgf.example")
    return staff, manager, elsewhere


def memo(staff, at):
    return services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=at,
        responsible=staff,
        note="콜백: 보증 상담",
    )


def test_the_responsible_is_warned_once_when_the_deadline_enters_its_window(people):
    staff, _manager, _other = people
    memo(staff, kst(2026, 12, 2, 10))  # due 11:00; P4 warns 15 minutes before
    assert warn_due_soon(now=kst(2026, 12, 2, 10, 44)) == 0
    assert warn_due_soon(now=kst(2026, 12, 2, 10, 45)) == 1
    assert warn_due_soon(now=kst(2026, 12, 2, 10, 50)) == 0
    [message] = sent_email()
    assert message.to == ["staff@gcgf.example"]
    assert "P4" in message.subject and "11:00" in message.subject
    assert "콜백: 보증 상담" in message.body


def test_no_warning_after_the_deadline_or_for_a_settled_obligation(people):
    staff, _manager, _other = people
    met = memo(staff, kst(2026, 12, 2, 10))
    services.obligation_meet(obligation=met, at=kst(2026, 12, 2, 10, 30))
    memo(staff, kst(2026, 12, 2, 9))  # due 10:00, already past at 10:50
    assert warn_due_soon(now=kst(2026, 12, 2, 10, 50)) == 0
    assert sent_email() == []


def test_the_departments_managers_hear_of_a_breach_once(people):
    staff, _manager, _other = people
    memo(staff, kst(2026, 12, 2, 10))
    services.obligation_record(
        standard="P1",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 2, 10, 5),
        kept=False,
        measured=4,
    )
    services.breach_scan(now=kst(2026, 12, 2, 11, 1))
    assert notify_breaches(now=kst(2026, 12, 2, 11, 2)) == 2
    assert notify_breaches(now=kst(2026, 12, 2, 11, 3)) == 0
    [message] = sent_email()
    assert message.to == ["boss@gcgf.example"]  # not the other department's manager
    assert "P4" in message.body and "P1" in message.body


def test_breaches_older_than_a_week_are_not_announced(people):
    staff, _manager, _other = people
    memo(staff, kst(2026, 11, 2, 10))
    services.breach_scan(now=kst(2026, 11, 3, 10))
    assert notify_breaches(now=kst(2026, 11, 20, 10)) == 0
    assert sent_email() == []


def test_the_task_and_the_command_run_the_same_jobs(people, capsys):
    staff, _manager, _other = people
    now = dt.datetime.now(dt.UTC)
    soon = memo(staff, now - dt.timedelta(days=1))
    soon.due_at = now + dt.timedelta(minutes=5)
    soon.save()
    call_command("notify_obligations")
    assert "1 warning(s)" in capsys.readouterr().out
    assert notify_obligations() == 0
