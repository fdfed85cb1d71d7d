"""The contact-centre figures beside P1 (calls.selectors.contact_centre_figures): answered
within the limit, average speed of answer, unanswered share, per staff member and per day,
from the phone system's records, over the caller's departments only."""

import datetime as dt

import pytest
import time_machine

from calls import selectors, services
from tests import factories
from tests.conftest import kst

pytestmark = pytest.mark.django_db


def record(uniqueid, extension, start, answer_after=None):
    row = {
        "uniqueid": uniqueid,
        "start": start,
        "disposition": "ANSWERED" if answer_after is not None else "NO ANSWER",
        "src": "010-3456-7890",
        "dst": extension,
    }
    if answer_after is not None:
        row["answer"] = start + dt.timedelta(seconds=answer_after)
    return row


@pytest.fixture
def recorded(staff, department, other_staff):
    colleague = factories.StaffMemberFactory(department=department)
    admin = factories.UserFactory(role="admin", is_staff=True, is_superuser=True)
    with time_machine.travel(kst(2026, 12, 2, 17), tick=False):
        results = services.call_ingest_cdr(
            by=admin,
            records=[
                # 1 December: staff answers at 0 s (1st ring) and 7 s (3rd ring); one unanswered.
                record("a", staff.extension, kst(2026, 12, 1, 10), 0),
                record("b", staff.extension, kst(2026, 12, 1, 11), 7),
                record("c", staff.extension, kst(2026, 12, 1, 12)),
                # 2 December: the colleague answers at 5 s (2nd ring).
                record("d", colleague.extension, kst(2026, 12, 2, 10), 5),
                # Another department's call: never in these figures.
                record("e", other_staff.extension, kst(2026, 12, 2, 10), 30),
            ],
        )
    assert [r.status for r in results] == ["created"] * 5, results
    return colleague


def test_the_figures_count_what_the_phone_system_recorded(staff, recorded):
    figures = selectors.contact_centre_figures(
        user=staff.user, since=kst(2026, 12, 1), until=kst(2026, 12, 3)
    )
    assert figures["limit"] == 2  # "before the 3rd ring"
    assert figures["total"] == {
        "calls": 4,
        "answered": 3,
        "answered_within_limit": 2,
        "unanswered": 1,
        "unanswered_share": 0.25,
        "average_speed_of_answer": 4.0,  # (0 + 7 + 5) / 3
    }
    by_staff = {row["staff"]: row for row in figures["by_staff"]}
    assert set(by_staff) == {staff.pk, recorded.pk}
    assert by_staff[staff.pk]["answered_within_limit"] == 1
    assert by_staff[staff.pk]["unanswered_share"] == pytest.approx(1 / 3)
    assert by_staff[staff.pk]["average_speed_of_answer"] == 3.5
    assert by_staff[recorded.pk]["average_speed_of_answer"] == 5.0
    by_day = {row["day"]: row for row in figures["by_day"]}
    assert by_day[dt.date(2026, 12, 1)]["calls"] == 3
    assert by_day[dt.date(2026, 12, 2)] == {
        "day": dt.date(2026, 12, 2),
        "calls": 1,
        "answered": 1,
        "answered_within_limit": 1,
        "unanswered": 0,
        "unanswered_share": 0.0,
        "average_speed_of_answer": 5.0,
    }


def test_another_department_sees_only_its_own_calls(other_staff, recorded):
    figures = selectors.contact_centre_figures(
        user=other_staff.user, since=kst(2026, 12, 1), until=kst(2026, 12, 3)
    )
    assert figures["total"]["calls"] == 1
    assert [row["staff"] for row in figures["by_staff"]] == [other_staff.pk]


def test_a_period_without_calls_has_no_averages(staff, recorded):
    figures = selectors.contact_centre_figures(
        user=staff.user, since=kst(2026, 11, 1), until=kst(2026, 11, 2)
    )
    assert figures["total"]["calls"] == 0
    assert figures["total"]["unanswered_share"] is None
    assert figures["total"]["average_speed_of_answer"] is None
    assert figures["by_staff"] == [] and figures["by_day"] == []
