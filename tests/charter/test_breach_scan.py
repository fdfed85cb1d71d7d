"""The breach scan: one conditional UPDATE and one INSERT of its events, whatever the number of
rows; idempotent. Runs on SQLite and on PostgreSQL."""

import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from charter import services
from charter.models import Obligation, ObligationEvent
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture
def obligations(staff):
    def p4(at):
        return services.obligation_open(
            standard="P4", subject=staff, department=staff.department, starts_at=at
        )

    return {
        "overdue": p4(kst(2026, 12, 2, 9)),  # due 10:00
        "due_now": p4(kst(2026, 12, 2, 10)),  # due 11:00, exactly the scan time
        "later": p4(kst(2026, 12, 2, 10, 30)),  # due 11:30
        "met": services.obligation_meet(
            obligation=p4(kst(2026, 12, 2, 9, 10)), at=kst(2026, 12, 2, 9, 20)
        ),
    }


def statuses(obligations):
    return {name: Obligation.objects.get(pk=o.pk).status for name, o in obligations.items()}


def test_it_breaches_exactly_the_overdue_open_ones(obligations):
    assert services.breach_scan(now=kst(2026, 12, 2, 11)) == 1
    assert statuses(obligations) == {
        "overdue": "breached",
        "due_now": "open",
        "later": "open",
        "met": "met",
    }
    overdue = Obligation.objects.get(pk=obligations["overdue"].pk)
    assert overdue.breached_at == kst(2026, 12, 2, 10)


def test_running_it_twice_changes_nothing_the_second_time(obligations):
    services.breach_scan(now=kst(2026, 12, 2, 11))
    before = list(Obligation.objects.order_by("pk").values())
    assert services.breach_scan(now=kst(2026, 12, 2, 11)) == 0
    assert list(Obligation.objects.order_by("pk").values()) == before


def statements(queries) -> list[str]:
    """The statements run, transaction control (savepoints) left out."""
    words = [q["sql"].lstrip().split(None, 1)[0].upper() for q in queries]
    return [w for w in words if w not in ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT")]


def test_it_is_one_update_and_one_insert_however_many_it_breaches(obligations, staff):
    # PostgreSQL: one statement (the UPDATE's RETURNING feeds the INSERT in a WITH).
    both = ["WITH"] if connection.vendor == "postgresql" else ["UPDATE", "INSERT"]
    with CaptureQueriesContext(connection) as few:
        assert services.breach_scan(now=kst(2026, 12, 3, 12)) == 3
    for minute in range(40):
        services.obligation_open(
            standard="P4",
            subject=staff,
            department=staff.department,
            starts_at=kst(2026, 12, 4, 9, minute),
        )
    with CaptureQueriesContext(connection) as many:
        assert services.breach_scan(now=kst(2026, 12, 5, 12)) == 40
    assert statements(few) == statements(many) == both
    with CaptureQueriesContext(connection) as none:
        assert services.breach_scan(now=kst(2026, 12, 5, 12)) == 0
    assert statements(none) == both[:1]


def test_each_breached_obligation_gets_one_breach_event_at_its_deadline(obligations):
    services.breach_scan(now=kst(2026, 12, 2, 11))
    services.breach_scan(now=kst(2026, 12, 2, 11))
    overdue = obligations["overdue"]
    breach = overdue.events.get(kind=ObligationEvent.Kind.BREACH)
    assert breach.at == overdue.due_at and breach.margin_minutes == 0
    assert not obligations["due_now"].events.filter(kind=ObligationEvent.Kind.BREACH).exists()


def test_the_command_scans_as_of_a_given_time(obligations):
    out = io.StringIO()
    with time_machine.travel(kst(2026, 12, 2, 12), tick=False):
        call_command("scan_breaches", "--now", "2026-12-02T11:31:00+09:00", stdout=out)
    assert "3 obligation(s) breached" in out.getvalue()


def test_the_command_refuses_a_time_it_cannot_read_or_without_an_offset(obligations):
    with pytest.raises(CommandError, match="ISO-8601"):
        call_command("scan_breaches", "--now", "yesterday")
    with pytest.raises(CommandError, match="시간대"):
        call_command("scan_breaches", "--now", "2026-12-02T11:31:00")
    assert Obligation.objects.filter(status="breached").count() == 0


def test_the_command_refuses_a_time_in_the_future_and_breaches_nothing(obligations):
    with (
        time_machine.travel(kst(2026, 12, 2, 10), tick=False),
        pytest.raises(CommandError, match="in the future"),
    ):
        call_command("scan_breaches", "--now", "2026-12-02T11:31:00+09:00")
    assert Obligation.objects.filter(status="breached").count() == 0
    assert not ObligationEvent.objects.filter(kind=ObligationEvent.Kind.BREACH).exists()
