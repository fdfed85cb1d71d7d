"""The dashboard's trends: weekly compliance per section, breaches per day (charter.reports,
charter.charts, charter/templates/charter/dashboard_trends.html)."""

import datetime as dt
import re

import pytest
import time_machine

from charter import reports
from charter.models import Obligation, Section
from tests import factories
from tests.charter.test_dashboard import NOW, p1
from tests.charter.test_dashboard import logged as logged_fixture
from tests.conftest import kst

logged = logged_fixture  # the dashboard tests' obligations
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _filters(department, kind="this_month"):
    return reports.Filters(reports.Period.named(kind, NOW.date()), department=department)


def _started(rows, start, end):
    return rows.filter(
        starts_at__gte=dt.datetime.combine(start, dt.time(), reports.SEOUL),
        starts_at__lt=dt.datetime.combine(end, dt.time(), reports.SEOUL),
    )


def test_weekly_compliance_per_section_equals_the_obligations(
    manager, staff, logged, django_assert_num_queries
):
    # Three weeks ago: one kept, one breached (another department's breach is not counted).
    p1(staff, kst(2026, 11, 10, 10), kept=True)
    p1(staff, kst(2026, 11, 11, 10), kept=False)
    p1(factories.StaffMemberFactory(), kst(2026, 11, 11, 10), kept=False)
    filters = _filters(staff.department)
    sections = list(Section.objects.all())
    reports.weekly_trend(filters, manager.user, NOW.date(), sections)  # scope, settings read
    with django_assert_num_queries(1):
        span, series = reports.weekly_trend(filters, manager.user, NOW.date(), sections)
    assert (span.start, span.last_day) == (dt.date(2026, 9, 14), dt.date(2026, 12, 6))
    assert [s.key for s in series] == sections
    mine = Obligation.objects.filter(department=staff.department)
    checked = 0
    for line in series:
        assert len(line.points) == 12
        for point in line.points:
            rows = _started(
                mine.filter(standard__section=line.key),
                point.day,
                point.day + dt.timedelta(days=7),
            )
            assert point.day.weekday() == 0
            assert point.tally.total == rows.count()
            assert point.tally.breached == rows.filter(status="breached").count()
            checked += point.tally.total
    assert checked == mine.count() == 7
    p = next(line for line in series if line.key.code == "P")
    week = {point.day: point.tally.percent for point in p.points}
    assert week[dt.date(2026, 11, 9)] == 50.0
    assert week[dt.date(2026, 11, 16)] == 100.0
    assert week[dt.date(2026, 11, 30)] == 50.0
    assert week[dt.date(2026, 11, 2)] is None  # nothing settled: no point


def test_breaches_per_day_sum_to_the_headline(manager, staff, logged, django_assert_num_queries):
    p1(staff, kst(2026, 12, 1, 10), kept=False)
    p1(staff, kst(2026, 12, 1, 11), kept=False)
    filters = _filters(staff.department)
    reports.daily_breaches(filters, manager.user)  # scope, settings read once
    with django_assert_num_queries(1):
        points = reports.daily_breaches(filters, manager.user)
    assert [p.day for p in points][:2] == [dt.date(2026, 12, 1), dt.date(2026, 12, 2)]
    assert len(points) == 31
    by_day = {p.day: p.tally.breached for p in points if p.tally.breached}
    assert by_day == {dt.date(2026, 12, 1): 2, dt.date(2026, 12, 2): 1}
    breached = Obligation.objects.filter(department=staff.department, status="breached")
    assert (
        sum(by_day.values())
        == _started(breached, dt.date(2026, 12, 1), dt.date(2027, 1, 1)).count()
    )


def test_the_charts_are_labelled_svg_with_their_numbers(client, manager, staff, logged):
    client.force_login(manager.user)
    response = client.get("/dashboard/")
    page = response.content.decode()
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", page, re.S)
    assert len(svgs) == Section.objects.count() + 1
    for svg in svgs:
        assert 'role="img"' in svg and "style=" not in svg and "<script" not in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for name in ids:
            assert re.search(rf'<(title|desc) id="{name}">[^<]+</', svg)
    assert "구간별 주간 이행률" in page and "기간 내 일별 미이행" in page
    assert page.count('<details class="chart-numbers">') == len(svgs)
    # The daily table: one row per day with obligations, each number a drill-down link.
    assert "since=2026-12-02&amp;until=2026-12-02&amp;status=breached" in page
    drill = client.get(
        f"/dashboard/obligations/?since=2026-12-02&until=2026-12-02&status=breached"
        f"&department={staff.department_id}"
    )
    assert drill.context["page"].paginator.count == 1
    # A bar for that one day only.
    daily = svgs[-1]
    assert daily.count("<rect") == 1


def test_the_charts_read_in_english(client, manager, logged, settings):
    client.force_login(manager.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/dashboard/").content.decode()
    assert "Compliance per section per week" in page and "Breaches per day in the period" in page
