"""The yearly results, 이행실적 (/dashboard/reports/yearly/, charter.yearly): per standard, section
and department, equal to the compliance API's figures; and the public version without names
(/charter/results/?year=…), cached."""

import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.charter.test_dashboard import p1
from tests.conftest import kst

pytestmark = pytest.mark.django_db

URL = "/dashboard/reports/yearly/"


@pytest.fixture
def logged(staff, other_staff):
    """Evaluation year 2025 (2025-09-01 – 2026-08-31) and calendar year 2026 overlap."""
    with time_machine.travel(kst(2026, 11, 27, 12), tick=False):
        p1(staff, kst(2025, 8, 29, 10), kept=True)  # evaluation year 2024
        p1(staff, kst(2025, 10, 1, 10), kept=True)
        p1(staff, kst(2026, 3, 2, 10), kept=False)
        p1(other_staff, kst(2026, 8, 31, 17), kept=True)
        p1(other_staff, kst(2026, 9, 1, 10), kept=False)  # evaluation year 2026
        p1(staff, kst(2026, 11, 2, 10), kept=True)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(kst(2026, 12, 2, 12), tick=False):
        yield


def _api(client, since, until, **extra):
    response = client.get(
        "/api/v1/compliance/",
        {"since": since, "until": until, **extra},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    return {row["standard"]: row for row in response.json()}


@pytest.mark.parametrize(
    "year, kind, since, until",
    [
        (2025, "evaluation", "2025-09-01T00:00:00+09:00", "2026-09-01T00:00:00+09:00"),
        (2026, "calendar", "2026-01-01T00:00:00+09:00", "2027-01-01T00:00:00+09:00"),
    ],
)
def test_its_figures_equal_the_compliance_apis(client, executive, logged, year, kind, since, until):
    client.force_login(executive)
    response = client.get(URL, {"year": year, "kind": kind})
    assert response.status_code == 200
    report = response.context["report"]
    api = _api(client, since, until)
    shown = {}
    for line in report.lines:  # a standard may have more than one line (parts): add them up
        if line.now.total:
            row = shown.setdefault(line.key.code, [0, 0, 0, 0, 0, 0])
            now = line.now
            for i, value in enumerate(
                [now.total, now.met_as_promised, now.met_within_extension]
                + [now.breached, now.waived, now.open]
            ):
                row[i] += value
    assert shown == {
        code: [r["total"], r["met_as_promised"], r["met_within_extension"]]
        + [r["breached"], r["waived"], r["open"]]
        for code, r in api.items()
    }
    p1_rate = next(line.now.rate for line in report.lines if line.key.code == "P1")
    assert p1_rate == api["P1"]["rate"]
    expected = {(2025, "evaluation"): (3, 1), (2026, "calendar"): (4, 2)}[(year, kind)]
    assert (report.total.total, report.total.breached) == expected
    sections = {line.section.code: line.now.total for line in report.sections}
    assert sections["P"] == expected[0] and sections["V"] == 0
    assert len(report.departments) == 2


def test_a_manager_sees_their_department_and_another_is_not_found(
    client, manager, other_department, logged
):
    client.force_login(manager.user)
    report = client.get(URL, {"year": 2025, "kind": "evaluation"}).context["report"]
    assert report.department == manager.department and report.departments is None
    assert report.total.total == 2
    api = _api(
        client,
        "2025-09-01T00:00:00+09:00",
        "2026-09-01T00:00:00+09:00",
        department=manager.department.pk,
    )
    assert api["P1"]["total"] == 2
    missing = client.get(URL, {"year": 2025, "department": other_department.pk})
    assert missing.status_code == 404


def test_the_xlsx_holds_the_same_figures(client, executive, logged):
    client.force_login(executive)
    response = client.get(URL, {"year": 2026, "kind": "calendar", "format": "xlsx"})
    assert response["Content-Disposition"].endswith('filename="yearly-results-calendar-2026.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["개요", "기준별", "분야별", "부서별"]
    p1_row = next(row for row in book["기준별"].iter_rows(values_only=True) if row[0] == "P1")
    assert p1_row[2] == 4 and p1_row[5] == 2 and p1_row[8] == 50.0


@pytest.mark.parametrize(
    "query, message",
    [
        ({"year": "twenty"}, "연도를 네 자리 숫자로"),
        ({"year": 2027, "kind": "calendar"}, "2000년부터 2026년까지"),
        ({"year": 2026, "kind": "lunar"}, "올바르게 선택해 주세요"),
    ],
)
def test_a_bad_year_is_a_clear_message(client, manager, query, message):
    client.force_login(manager.user)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_public_year_shows_no_name_and_is_cached(client, staff, other_staff, logged):
    with CaptureQueriesContext(connection) as first:
        response = client.get("/charter/results/", {"year": 2025, "kind": "evaluation"})
    assert response.status_code == 200
    page = response.content.decode()
    p1_line = next(line for line in response.context["lines"] if line.key.code == "P1")
    assert (p1_line.now.total, p1_line.now.kept) == (3, 2)
    assert "2025-09-01 – 2026-08-31" in page
    for person in (staff, other_staff):
        assert person.name not in page and person.department.name not in page
    with CaptureQueriesContext(connection) as again:
        client.get("/charter/results/", {"year": 2025, "kind": "evaluation"})
    assert not any("charter_obligation" in q["sql"] for q in again.captured_queries)
    assert any("charter_obligation" in q["sql"] for q in first.captured_queries)
    bad = client.get("/charter/results/", {"year": 1999})
    assert bad.status_code == 400 and "2000년부터" in bad.content.decode()


def test_the_results_page_offers_the_years(client):
    page = client.get("/charter/results/").content.decode()
    assert 'name="year"' in page and "연도별 이행실적" in page
