"""Staff visits to customers: S1 (notice and consent before the visit), S2 (on time within the
standard's limit, ID shown), S3 (results explained, card left), S4 (polite close)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from charter.models import Obligation, Standard
from tests.conftest import kst
from tests.visits.conftest import obligations
from visits import services
from visits.models import FieldVisit

pytestmark = pytest.mark.django_db

SCHEDULED = kst(2026, 12, 4, 14)


@pytest.fixture
def visit(staff):
    return services.field_visit_create(
        company="한빛식품",
        contact_name="오하늘",
        contact_phone="031-555-1234",
        purpose="보증 현장 실사",
        scheduled_at=SCHEDULED,
        staff=staff,
        by=staff.user,
        at=kst(2026, 12, 2, 10),
    )


def test_planning_a_visit_opens_s1_due_at_the_scheduled_time(visit, staff):
    [s1] = obligations("S1", visit)
    assert (s1.status, s1.due_at, s1.responsible) == ("open", SCHEDULED, staff)


def test_s1_is_met_when_both_notice_and_consent_are_recorded_before_the_visit(visit):
    with time_machine.travel(kst(2026, 12, 3, 12), tick=False):
        services.field_visit_record_notice(
            visit=visit, by=visit.staff.user, method="phone", notified_at=kst(2026, 12, 2, 11)
        )
        assert obligations("S1", visit)[0].status == Obligation.Status.OPEN
        services.field_visit_record_consent(
            visit=visit, by=visit.staff.user, consented_at=kst(2026, 12, 3, 11)
        )
    [s1] = obligations("S1", visit)
    assert s1.status == Obligation.Status.MET
    assert s1.met_at == kst(2026, 12, 3, 11)


def test_consent_recorded_after_the_scheduled_time_is_an_s1_breach(visit):
    with time_machine.travel(kst(2026, 12, 4, 15), tick=False):
        services.field_visit_record_notice(
            visit=visit, by=visit.staff.user, method="document", notified_at=kst(2026, 12, 2, 11)
        )
        services.field_visit_record_consent(
            visit=visit, by=visit.staff.user, consented_at=kst(2026, 12, 4, 14, 5)
        )
    [s1] = obligations("S1", visit)
    assert s1.status == Obligation.Status.BREACHED


def test_a_notice_in_the_future_is_refused(visit):
    with (
        time_machine.travel(kst(2026, 12, 3, 12), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        services.field_visit_record_notice(
            visit=visit, by=visit.staff.user, method="phone", notified_at=kst(2026, 12, 3, 13)
        )
    assert "notified_at" in error.value.message_dict
    assert FieldVisit.objects.get(pk=visit.pk).notified_at is None


def record(visit, minutes_late, **ticks):
    values = {
        "id_shown": True,
        "results_explained": True,
        "card_left": True,
        "closing_done": True,
        **ticks,
    }
    with time_machine.travel(SCHEDULED + dt.timedelta(hours=2), tick=False):
        return services.field_visit_record(
            visit=visit,
            by=visit.staff.user,
            arrived_at=SCHEDULED + dt.timedelta(minutes=minutes_late),
            **values,
        )


def lateness(visit):
    return next(o for o in obligations("S2", visit) if o.measured is not None)


def test_arriving_exactly_ten_minutes_late_keeps_s2(visit):
    recorded = record(visit, 10)
    assert recorded.minutes_late == 10
    assert (lateness(visit).status, lateness(visit).measured) == ("met", 10)


def test_arriving_eleven_minutes_late_is_an_s2_breach(visit):
    record(visit, 11)
    assert (lateness(visit).status, lateness(visit).measured) == ("breached", 11)


def test_ten_minutes_and_a_second_late_is_already_eleven_started_minutes(visit):
    with time_machine.travel(SCHEDULED + dt.timedelta(hours=2), tick=False):
        services.field_visit_record(
            visit=visit,
            by=visit.staff.user,
            arrived_at=SCHEDULED + dt.timedelta(minutes=10, seconds=1),
            id_shown=True,
            results_explained=True,
            card_left=True,
            closing_done=True,
        )
    assert lateness(visit).status == "breached"


def test_arriving_early_counts_as_zero_minutes_late(visit):
    assert record(visit, -5).minutes_late == 0


def test_the_s2_limit_is_read_from_the_standard(visit):
    Standard.objects.filter(code="S2").update(limit=15)
    record(visit, 12)
    assert lateness(visit).status == "met"


def test_the_visit_ticks_are_logged_on_s2_s3_s4(visit):
    record(visit, 0, id_shown=False, results_explained=True, card_left=False, closing_done=True)
    s2 = [o.status for o in obligations("S2", visit) if o.measured is None]
    assert s2 == ["breached"]  # ID not shown
    assert sorted(o.status for o in obligations("S3", visit)) == ["breached", "met"]
    assert [o.status for o in obligations("S4", visit)] == ["met"]


def test_an_arrival_in_the_future_is_refused_and_stores_nothing(visit):
    with time_machine.travel(SCHEDULED, tick=False), pytest.raises(ValidationError) as error:
        services.field_visit_record(
            visit=visit,
            by=visit.staff.user,
            arrived_at=SCHEDULED + dt.timedelta(minutes=30),
            id_shown=True,
            results_explained=True,
            card_left=True,
            closing_done=True,
        )
    assert "arrived_at" in error.value.message_dict
    assert obligations("S2", visit) == []
    assert FieldVisit.objects.get(pk=visit.pk).arrived_at is None


def test_a_visit_cannot_be_recorded_twice(visit):
    record(visit, 0)
    with pytest.raises(ValidationError):
        record(visit, 1)
    assert len(obligations("S4", visit)) == 1


def test_a_visit_scheduled_in_the_past_is_refused(staff):
    with pytest.raises(ValidationError) as error:
        services.field_visit_create(
            company="x",
            contact_name="y",
            purpose="z",
            scheduled_at=kst(2026, 12, 1, 10),
            staff=staff,
            by=staff.user,
            at=kst(2026, 12, 2, 10),
        )
    assert "scheduled_at" in error.value.message_dict
    assert FieldVisit.objects.count() == 0
