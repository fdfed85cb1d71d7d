"""Every state change of an obligation is an event: its page and its API show the timeline,
with the margin by which a promise was kept or missed, on the obligation's own clock."""

import pytest
import time_machine
from rest_framework.test import APIClient

from charter import services
from charter.models import ObligationEvent
from charter.notifications import notify_breaches, warn_due_soon
from tests.conftest import kst
from tests.outbox import sent_email

pytestmark = pytest.mark.django_db


def p4(staff, at):
    return services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=at,
        responsible=staff,
    )


def timeline(obligation):
    return list(obligation.events.values_list("kind", "at", "margin_minutes"))


def test_met_early_records_how_early_in_business_minutes(staff):
    # Due 11:15; met at 10:50: 25 minutes early.
    obligation = p4(staff, kst(2026, 12, 2, 10, 15))
    services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 10, 50))
    assert timeline(obligation) == [
        ("open", kst(2026, 12, 2, 10, 15), None),
        ("met", kst(2026, 12, 2, 10, 50), 25),
    ]


def test_met_late_over_a_night_counts_only_working_time_and_records_the_breach(staff):
    # Due Wednesday 17:45; met Thursday 09:30: 15 working minutes that evening + 30 next day.
    obligation = p4(staff, kst(2026, 12, 2, 16, 45))
    services.obligation_meet(obligation=obligation, at=kst(2026, 12, 3, 9, 30))
    assert timeline(obligation) == [
        ("open", kst(2026, 12, 2, 16, 45), None),
        ("breach", kst(2026, 12, 2, 17, 45), 0),
        ("met", kst(2026, 12, 3, 9, 30), -45),
    ]


def test_done_after_the_scan_breached_it_has_one_breach_and_a_late_met(staff):
    obligation = p4(staff, kst(2026, 12, 2, 10))
    services.breach_scan(now=kst(2026, 12, 2, 12))
    services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 13))
    kinds = [(kind, margin) for kind, _at, margin in timeline(obligation)]
    assert kinds == [("open", None), ("breach", 0), ("met", -120)]


def test_a_checklist_tick_is_one_event_settled_at_logging(staff):
    kept = services.obligation_record(
        standard="P2",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 2, 10),
        kept=True,
    )
    broken = services.obligation_record(
        standard="P2",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 2, 10),
        kept=False,
    )
    assert [k for k, _a, _m in timeline(kept)] == ["met"]
    assert [k for k, _a, _m in timeline(broken)] == ["breach"]


def test_the_warning_and_the_managers_notice_are_on_the_timeline(staff, manager):
    manager.user.email = "manager@gcgf.example"
    manager.user.save()
    staff.user.email = "staff@gcgf.example"
    staff.user.save()
    obligation = p4(staff, kst(2026, 12, 2, 10))  # due 11:00, warned 15 minutes before
    assert warn_due_soon(now=kst(2026, 12, 2, 10, 50)) == 1
    assert warn_due_soon(now=kst(2026, 12, 2, 10, 55)) == 0
    services.breach_scan(now=kst(2026, 12, 2, 11, 1))
    assert notify_breaches(now=kst(2026, 12, 2, 11, 2)) == 1
    assert notify_breaches(now=kst(2026, 12, 2, 11, 3)) == 0
    assert [k for k, _a, _m in timeline(obligation)] == ["open", "warn", "breach", "notify"]
    assert len(sent_email()) == 2


def test_the_obligation_page_shows_the_timeline_in_korean(client, staff):
    obligation = p4(staff, kst(2026, 12, 2, 10, 15))
    services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 10, 50))
    client.force_login(staff.user)
    html = client.get(f"/obligations/{obligation.pk}/").content.decode()
    assert "개시" in html
    assert "25분 일찍" in html


def test_the_api_returns_the_timeline_of_one_obligation(staff):
    obligation = p4(staff, kst(2026, 12, 2, 10, 15))
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 10, 30))
    api = APIClient()
    api.force_login(staff.user)
    events = api.get(f"/api/v1/obligations/{obligation.pk}/").json()["events"]
    assert [(e["kind"], e["margin_minutes"]) for e in events] == [("open", None), ("met", 45)]
    assert events[1]["occurred_at"] == "2026-12-02T10:30:00+09:00"
    assert events[1]["new_due_at"] == "2026-12-02T11:15:00+09:00"
    assert "events" not in api.get("/api/v1/obligations/").json()["results"][0]


def test_a_late_meeting_is_the_same_breach_whichever_came_first(staff):
    scanned, unscanned = p4(staff, kst(2026, 12, 2, 10)), p4(staff, kst(2026, 12, 2, 10))
    services.breach_scan(now=kst(2026, 12, 2, 11, 30))  # breaches both
    services.obligation_meet(obligation=scanned, at=kst(2026, 12, 2, 11, 40))
    assert ObligationEvent.objects.filter(kind="breach").count() == 2
    assert unscanned.events.filter(kind="breach").get().at == kst(2026, 12, 2, 11)
