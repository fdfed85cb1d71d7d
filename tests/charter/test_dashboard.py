"""The managers' compliance dashboard, its drill-down and exports (charter.dashboard,
charter.reports, charter.exports)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from charter import reports, services
from charter.models import Obligation, Standard
from tests import factories
from tests.conftest import kst

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 12)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def p1(staff, at, kept, department=None):
    return services.obligation_record(
        standard="P1",
        subject=staff,
        department=department or staff.department,
        at=at,
        kept=kept,
        measured=1 if kept else 4,
        responsible=staff,
    )


@pytest.fixture
def logged(staff):
    department = staff.department
    p4 = services.obligation_open(
        standard="P4",
        subject=staff,
        department=department,
        starts_at=kst(2026, 12, 2, 10),
        responsible=staff,
        note="콜백 고객 문의 010-1234-5678",
    )
    p1(staff, kst(2026, 12, 2, 10), kept=False)
    p1(staff, kst(2026, 12, 2, 10, 5), kept=True)
    # Last month: both kept.
    p1(staff, kst(2026, 11, 20, 10), kept=True)
    p1(staff, kst(2026, 11, 20, 11), kept=True)
    other = factories.StaffMemberFactory()
    p1(other, kst(2026, 12, 2, 10), kept=False)
    return p4


def row_of(response, code):
    return next(line for line in response.context["rows"] if line.key.code == code)


def test_a_manager_sees_this_months_rate_its_change_and_what_is_late(client, manager, logged):
    client.force_login(manager.user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    line = row_of(response, "P1")
    assert (line.now.total, line.now.breached, line.now.percent) == (2, 1, 50.0)
    assert line.before.percent == 100.0 and line.change == -50.0
    assert "벨 3회 이내 응답" in page  # the standard's short Korean name beside its code
    assert line.target == Decimal("95.0") and line.meets_target is False
    headline = response.context["headline"]
    assert headline["now"].breached == 1  # the other department's breach is not counted
    assert headline["late"] == 1  # P4 due 11:00, late at 12:00
    assert "콜백 고객 문의 010-****-5678" in page  # a phone number in a note is masked
    assert "2026-12-01 ~ 2026-12-31" in page and "2026-11-01 ~ 2026-11-30" in page


def test_the_period_the_department_and_the_standard_are_in_the_url(client, manager, logged):
    client.force_login(manager.user)
    response = client.get("/dashboard/?period=last_month")
    assert row_of(response, "P1").now.total == 2
    response = client.get("/dashboard/?since=2026-12-02&until=2026-12-02&standard=P4")
    assert [line.key.code for line in response.context["rows"]] == ["P4"]
    assert response.context["filters"].period.previous().start == dt.date(2026, 12, 1)
    response = client.get("/dashboard/?period=this_eval_year&section=P")
    assert response.context["filters"].period.start == dt.date(2026, 9, 1)
    assert {line.key.code for line in response.context["rows"]} == {"P1", "P4"}


@pytest.mark.parametrize(
    "query, message",
    [
        ("period=fortnight", "올바르게 선택해 주세요"),
        ("since=2026-12-05&until=2026-12-01", "두 날짜를 모두 입력"),
        ("since=2026-13-01&until=2026-12-01", "올바른 날짜"),
        ("since=1999-01-01&until=1999-01-02", "2000-01-01부터"),
        ("department=abc", "목록에서 부서를 선택"),
        ("section=V&standard=P4", "선택한 영역의 이행표준이 아닙니다"),
        ("format=pdf", "올바르게 선택해 주세요"),
    ],
)
def test_a_bad_parameter_is_a_clear_korean_message(client, manager, logged, query, message):
    client.force_login(manager.user)
    for url in ("/dashboard/", "/dashboard/obligations/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert message in response.content.decode(), url


def test_another_departments_figures_are_not_found(client, manager, other_staff):
    client.force_login(manager.user)
    for url in ("/dashboard/", "/dashboard/obligations/"):
        assert client.get(f"{url}?department={other_staff.department_id}").status_code == 404


def test_each_number_opens_the_obligations_behind_it(client, manager, logged, staff):
    client.force_login(manager.user)
    response = client.get("/dashboard/")
    page = response.content.decode()
    department = staff.department_id
    assert (
        f"/dashboard/obligations/?period=this_month&amp;department={department}"
        "&amp;standard=P1&amp;status=breached"
    ) in page
    drill = client.get("/dashboard/obligations/?period=this_month&standard=P1&status=breached")
    rows = list(drill.context["page"])
    assert [o.standard.code for o in rows] == ["P1"] and rows[0].department == staff.department
    assert rows[0].get_absolute_url() in drill.content.decode()
    late = client.get("/dashboard/obligations/?status=late")
    assert [o.pk for o in late.context["page"]] == [logged.pk]
    mine = client.get(f"/dashboard/obligations/?responsible={staff.pk}&sort=-due")
    assert mine.context["page"].paginator.count == 3  # this month: P4 and two P1


def test_the_drill_down_is_paginated_and_sorted(client, manager, staff):
    for minute in range(55):
        p1(staff, kst(2026, 12, 1, 10) + dt.timedelta(minutes=minute), kept=bool(minute % 2))
    client.force_login(manager.user)
    first = client.get("/dashboard/obligations/?sort=starts")
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.num_pages == 2
    starts = [o.starts_at for o in first.context["page"]]
    assert starts == sorted(starts)
    second = client.get("/dashboard/obligations/?sort=starts&page=2")
    assert len(second.context["page"]) == 5
    assert client.get("/dashboard/obligations/?page=99").status_code == 200  # the last page


def test_a_waiver_changes_the_rate_and_the_drill_down(client, manager, staff):
    breach = p1(staff, kst(2026, 12, 1, 10), kept=False)
    p1(staff, kst(2026, 12, 1, 11), kept=True)
    client.force_login(manager.user)
    assert row_of(client.get("/dashboard/?standard=P1"), "P1").now.percent == 50.0
    services.obligation_waive(obligation=breach, by=manager.user, reason="중복 기록")
    assert row_of(client.get("/dashboard/?standard=P1"), "P1").now.percent == 100.0
    waived = client.get("/dashboard/obligations/?standard=P1&status=waived")
    assert [o.pk for o in waived.context["page"]] == [breach.pk]


def test_the_target_rate_is_the_admins(client, manager, staff):
    Standard.objects.filter(code="P1").update(target_rate=Decimal("50"))
    p1(staff, kst(2026, 12, 1, 10), kept=False)
    p1(staff, kst(2026, 12, 1, 11), kept=True)
    client.force_login(manager.user)
    assert row_of(client.get("/dashboard/"), "P1").meets_target is True


def test_an_executive_compares_departments(client, executive, staff, other_staff):
    p1(staff, kst(2026, 12, 1, 10), kept=True)
    p1(other_staff, kst(2026, 12, 1, 10), kept=False)
    client.force_login(executive)
    response = client.get("/dashboard/")
    ranking = response.context["ranking"]
    assert [line.key for line in ranking] == [staff.department_id, other_staff.department_id]
    assert response.context["staff"] is None  # per staff: once a department is chosen
    picked = client.get(f"/dashboard/?department={other_staff.department_id}")
    assert [line.label for line in picked.context["staff"]] == [other_staff.name]


def test_a_manager_sees_no_ranking_and_sorts_their_staff(client, manager, staff):
    colleague = factories.StaffMemberFactory(department=staff.department, name="가나다")
    p1(staff, kst(2026, 12, 1, 10), kept=False)
    p1(colleague, kst(2026, 12, 1, 10), kept=True)
    client.force_login(manager.user)
    response = client.get("/dashboard/?staff_sort=-rate")
    assert response.context["ranking"] is None
    assert [line.key for line in response.context["staff"]] == [colleague.pk, staff.pk]
    response = client.get("/dashboard/?staff_sort=rate")
    assert [line.key for line in response.context["staff"]] == [staff.pk, colleague.pk]


def test_the_figures_equal_the_compliance_api(client, manager, logged):
    client.force_login(manager.user)
    api = client.get(
        "/api/v1/compliance/?since=2026-12-01T00:00:00%2B09:00&until=2027-01-01T00:00:00%2B09:00"
    ).json()
    lines = client.get("/dashboard/").context["rows"]
    assert {row["standard"]: row["rate"] for row in api} == {
        line.key.code: line.now.rate for line in lines
    }


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _bulk(staff, count, departments=()):
    """`count` open P4 obligations, spread over `departments` (default: the staff's)."""
    departments = list(departments) or [staff.department]
    p4 = Standard.objects.get(code="P4")
    kind = Obligation.objects.first().content_type_id
    Obligation.objects.bulk_create(
        Obligation(
            standard=p4,
            content_type_id=kind,
            object_id=staff.pk,
            department=departments[i % len(departments)],
            responsible=staff,
            clock="business",
            status="open",
            starts_at=kst(2026, 12, 1, 9) + dt.timedelta(minutes=i % 60),
            due_at=kst(2026, 12, 1, 10) + dt.timedelta(minutes=i % 60),
        )
        for i in range(count)
    )


URLS = ("/dashboard/", "/dashboard/obligations/")


def test_the_query_count_is_the_same_at_10_and_1000_obligations(client, manager, staff):
    client.force_login(manager.user)
    p1(staff, kst(2026, 12, 1, 10), kept=True)
    _queries(client, "/dashboard/")  # the compliance settings' row is made on the first read
    _bulk(staff, 9)
    few = [_queries(client, url) for url in URLS]
    _bulk(staff, 990)
    assert [_queries(client, url) for url in URLS] == few
    # BEGIN/COMMIT, 7 for the session, permissions and scope, the standards (with their
    # sections), the settings, 4 aggregates, the headline's counts, the menu's (and the review
    # queue's), the two lists, the satisfaction survey's figures (charter.survey), the
    # header's unread notifications (notices).
    assert few[0] <= 23


def test_the_query_count_is_the_same_at_1_and_5_departments(client, executive, staff):
    client.force_login(executive)
    p1(staff, kst(2026, 12, 1, 10), kept=True)
    _queries(client, "/dashboard/")
    urls = [f"{url}?department={staff.department_id}" for url in (*URLS, "/dashboard/")]
    one = [_queries(client, url) for url in urls]
    _bulk(staff, 100, [factories.DepartmentFactory() for _ in range(4)] + [staff.department])
    assert [_queries(client, url) for url in urls] == one


def test_the_dashboard_table_exports_as_xlsx_and_csv(client, manager, logged):
    client.force_login(manager.user)
    response = client.get("/dashboard/?format=xlsx")
    assert response["Content-Disposition"].endswith('compliance-20261201-20261231.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0][:2] == ("코드", "이행표준")
    assert [row[0] for row in values[1:]] == ["P1", "P4"]
    response = client.get("/dashboard/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][:3] == ["P1", "벨 3회 이내 응답·소속 인사", "2"]


def test_the_drill_down_exports_exactly_its_rows_masked(client, manager, logged):
    client.force_login(manager.user)
    url = "/dashboard/obligations/?period=this_month"
    shown = client.get(url).context["page"].paginator.count
    text = b"".join(client.get(url + "&format=csv").streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) - 1 == shown == 3
    assert "010-****-5678" in text and "010-1234-5678" not in text
    workbook = client.get(url + "&format=xlsx&status=breached")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    assert [row[1] for row in list(sheet.values)[1:]] == ["P1"]


def test_periods_and_the_period_before():
    today = dt.date(2026, 12, 2)
    month = reports.Period.named("this_month", today)
    assert (month.start, month.end, month.previous().start) == (
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 1),
        dt.date(2026, 11, 1),
    )
    week = reports.Period.named("last_week", today)
    assert (week.start, week.end) == (dt.date(2026, 11, 23), dt.date(2026, 11, 30))
    quarter = reports.Period.named("this_quarter", today)
    assert (quarter.start, quarter.previous().start) == (dt.date(2026, 10, 1), dt.date(2026, 7, 1))
    evaluation = reports.Period.named("last_eval_year", dt.date(2026, 8, 31))
    assert (evaluation.start, evaluation.end) == (dt.date(2024, 9, 1), dt.date(2025, 9, 1))
    span = reports.Period("range", dt.date(2026, 12, 1), dt.date(2026, 12, 4))
    assert (span.previous().start, span.previous().end) == (dt.date(2026, 11, 28), span.start)


def test_staff_may_not_open_the_dashboard(staff_client):
    assert staff_client.get("/dashboard/").status_code == 403
    assert staff_client.get("/dashboard/obligations/").status_code == 403
