"""The managers' morning digest: 08:30 on working days, one e-mail per manager through the
outbox, their departments only, once a day, nothing for a manager with nothing to report."""

import pytest
import time_machine
from django.core.management import call_command

from charter import services
from charter.notifications import digest_send
from config.settings import base
from notices.models import Message, Notification
from notices.services import notification_preference_set
from tests import factories
from tests.conftest import kst
from tests.outbox import sent_email

pytestmark = pytest.mark.django_db

MONDAY = kst(2026, 12, 7, 8, 30)
CHRISTMAS = kst(2026, 12, 25, 8, 30)  # a Friday, a public holiday


@pytest.fixture
def people(department, other_department):
    staff = factories.StaffMemberFactory(department=department, user__email="staff@gcgf.example")
    boss = factories.StaffMemberFactory(
        department=department, role="manager", rank_name="부장", user__email="boss@gcgf.example"
    )
    other = factories.StaffMemberFactory(
        department=other_department, role="manager", user__email="other@gcgf.example"
    )
    return staff, boss, other


def memo(staff, at):
    return services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=at,
        responsible=staff,
    )


def friday_breach_and_monday_work(staff):
    with time_machine.travel(kst(2026, 12, 4, 11, 5), tick=False):
        memo(staff, kst(2026, 12, 4, 10))  # due 11:00 on Friday
        services.breach_scan(now=kst(2026, 12, 4, 11, 1))
    memo(staff, MONDAY)  # due 10:00 today


def test_the_beat_runs_it_at_half_past_eight_in_seoul():
    entry = base.CELERY_BEAT_SCHEDULE["send-digest"]
    assert entry["task"] == "charter.tasks.send_digest"
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {30}
    assert base.CELERY_TIMEZONE == "Asia/Seoul"


@time_machine.travel(MONDAY, tick=False)
def test_on_a_monday_each_manager_gets_one_digest_of_their_departments_once(people):
    staff, boss, _other = people
    friday_breach_and_monday_work(staff)
    assert digest_send() == 1  # the other department's manager has nothing to report
    [message] = sent_email()
    assert message.to == ["boss@gcgf.example"]
    assert "2026-12-07" in message.subject and "아침 요약" in message.subject
    assert staff.department.name in message.body
    assert "위반 1건, 지금 지연 1건, 오늘 마감 1건" in message.body
    assert "2026-12-04" in message.body  # breaches since Friday, the last working day
    assert f"status=late&department={staff.department_id}" in message.body
    [notification] = Notification.objects.filter(kind="digest")
    assert notification.recipient == boss.user
    assert notification.data == {"breached": 1, "late": 1, "due_today": 1}

    assert digest_send() == 0  # a second run (or a second beat) sends nothing
    with time_machine.travel(kst(2026, 12, 7, 9, 0), tick=False):
        assert digest_send() == 0
    assert Message.objects.filter(kind="digest").count() == 1
    assert len(sent_email()) == 1


@time_machine.travel(MONDAY, tick=False)
def test_a_manager_of_two_departments_reads_both_and_an_opted_out_one_only_in_the_app(
    people, other_department
):
    staff, boss, other = people
    boss.extra_departments.add(other_department)
    friday_breach_and_monday_work(staff)
    memo(factories.StaffMemberFactory(department=other_department), MONDAY)
    notification_preference_set(user=other.user, email=False)
    assert digest_send() == 2
    [message] = sent_email()
    assert message.to == ["boss@gcgf.example"]
    assert staff.department.name in message.body and other_department.name in message.body
    assert Notification.objects.get(recipient=other.user).data == {
        "breached": 0,
        "late": 0,
        "due_today": 1,
    }


@time_machine.travel(CHRISTMAS, tick=False)
def test_nothing_is_sent_on_a_public_holiday(people):
    staff, _boss, _other = people
    memo(staff, kst(2026, 12, 24, 10))
    services.breach_scan(now=kst(2026, 12, 24, 11, 1))
    assert digest_send() == 0
    assert sent_email() == []
    assert not Notification.objects.filter(kind="digest").exists()


def test_the_command_runs_it_for_a_given_morning(people, capsys):
    staff, _boss, _other = people
    with time_machine.travel(MONDAY, tick=False):
        friday_breach_and_monday_work(staff)
    call_command("send_digest", "--now", "2026-12-07T08:30:00+09:00")
    assert "1 manager(s)" in capsys.readouterr().out
    assert len(sent_email()) == 1


def _digest_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        told = digest_send()
    return told, len(context.captured_queries)


@time_machine.travel(MONDAY, tick=False)
def test_the_digest_costs_as_many_queries_for_five_managers_as_for_one(department):
    first = factories.StaffMemberFactory(department=department, role="manager")
    memo(factories.StaffMemberFactory(department=department), MONDAY)
    one = _digest_queries()
    assert one[0] == 1
    Notification.objects.all().delete()
    Message.objects.all().delete()
    for _ in range(4):
        other = factories.DepartmentFactory()
        factories.StaffMemberFactory(department=other, role="manager")
        for _ in range(3):
            memo(factories.StaffMemberFactory(department=other), MONDAY)
    five = _digest_queries()
    assert five == (5, one[1])
    assert Notification.objects.filter(recipient=first.user).count() == 1
