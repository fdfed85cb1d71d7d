"""The public results page: last month's rate per section, and its figures cached per day."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.charter.test_dashboard import p1
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(staff):
    other = factories.StaffMemberFactory()
    # Last month (November): P section 2 kept, 1 breached, over two departments.
    p1(staff, kst(2026, 11, 3, 10), kept=True)
    p1(other, kst(2026, 11, 30, 17), kept=True)
    p1(other, kst(2026, 11, 18, 10), kept=False)
    # This month: not last month's.
    p1(staff, kst(2026, 12, 1, 10), kept=False)
    return staff, other


def test_last_months_rate_per_section_without_names(client, logged):
    with time_machine.travel(kst(2026, 12, 2, 12), tick=False):
        response = client.get("/charter/results/")
    page = response.content.decode()
    assert "지난달 분야별 이행률 (2026-11-01 ~ 2026-11-30)" in page
    rows = {row.section.code: row.tally for row in response.context["sections"]}
    assert (rows["P"].total, rows["P"].kept, rows["P"].percent) == (3, 2, 66.7)
    assert rows["V"].total == 0
    for person in logged:
        assert person.name not in page and person.department.name not in page


def test_the_figures_are_cached_for_the_day_and_recounted_the_next(client, logged):
    staff, _ = logged
    with time_machine.travel(kst(2026, 12, 2, 12), tick=False):
        with CaptureQueriesContext(connection) as counted:
            first = client.get("/charter/results/").context["sections"]
        p1(staff, kst(2026, 11, 20, 10), kept=True)
        with CaptureQueriesContext(connection) as cached:
            again = client.get("/charter/results/")
        # None of the counting queries (settings, results, standards, sections) again.
        assert not any("charter_obligation" in q["sql"] for q in cached.captured_queries)
        assert len(cached.captured_queries) <= len(counted.captured_queries) - 4
        assert [r.tally.total for r in again.context["sections"]] == [r.tally.total for r in first]
    with time_machine.travel(kst(2026, 12, 3, 9, 30), tick=False):
        fresh = {
            r.section.code: r.tally for r in client.get("/charter/results/").context["sections"]
        }
    assert fresh["P"].total == 4


def test_the_charter_page_links_the_results(client):
    page = client.get("/charter/").content.decode()
    assert 'href="/charter/results/"' in page
