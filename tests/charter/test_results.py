"""The charter's public results (이행실적) at /charter/results/, linked from /charter/."""

import pytest
import time_machine

from charter import reports
from charter.models import Obligation, Standard
from tests import factories
from tests.charter.test_dashboard import NOW, p1
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def years(staff):
    other = factories.StaffMemberFactory()  # another department: counted too
    # Last evaluation year (2025-09-01 – 2026-08-31): 3 kept, 1 breached.
    p1(staff, kst(2025, 9, 1, 10), kept=True)
    p1(staff, kst(2026, 3, 2, 10), kept=True)
    p1(other, kst(2026, 8, 31, 10), kept=True)
    p1(other, kst(2026, 5, 4, 10), kept=False)
    # This one so far: 1 kept, 1 breached; one before both years is not counted.
    p1(staff, kst(2026, 9, 1, 10), kept=True)
    p1(other, kst(2026, 12, 2, 10), kept=False)
    p1(staff, kst(2025, 8, 29, 10), kept=False)
    return staff, other


def test_anyone_sees_each_standards_results_for_two_evaluation_years(client, years):
    staff, other = years
    response = client.get("/charter/results/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "지난 평가연도 (2025-09-01 ~ 2026-08-31)" in page
    assert "올해 평가연도 현재까지 (2026-09-01 ~ 2026-12-02)" in page
    lines = {line.key.code: line for line in response.context["lines"]}
    assert set(lines) == set(Standard.objects.active().values_list("code", flat=True))
    p1_line = lines["P1"]
    assert (p1_line.before.total, p1_line.before.kept, p1_line.before.percent) == (4, 3, 75.0)
    assert (p1_line.now.total, p1_line.now.kept, p1_line.now.percent) == (2, 1, 50.0)
    assert "벨 3회 이내 응답" in page and "95%" in page
    # No personal data: no staff name, no department, no record.
    for person in (staff, other):
        assert person.name not in page and person.department.name not in page
    assert "/obligations/" not in page


def test_the_figures_equal_the_obligations_in_one_aggregate_query(years, django_assert_num_queries):
    reports.public_results(NOW.date())  # the settings' row is made on the first read
    with django_assert_num_queries(3):  # the settings, the counts, the standards
        last, current, lines = reports.public_results(NOW.date())
    for line in lines:
        for period, tally in ((last, line.before), (current, line.now)):
            rows = Obligation.objects.filter(
                standard=line.key, starts_at__gte=period.since, starts_at__lt=period.until
            )
            assert tally.total == rows.count()
            assert tally.kept == rows.filter(status="met").count()


def test_the_charter_links_to_its_results_and_reads_in_english(client, years, settings):
    assert 'href="/charter/results/"' in client.get("/charter/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/charter/results/").content.decode()
    assert "Last evaluation year (2025-09-01 – 2026-08-31)" in page
