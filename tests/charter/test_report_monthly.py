"""The monthly report (/dashboard/reports/monthly/): a department's or the whole foundation's
month, as a printable page and as XLSX (charter.monthly, charter.report_views)."""

import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from charter import review, services
from tests import factories
from tests.charter.test_dashboard import p1
from tests.conftest import kst

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 12)
URL = "/dashboard/reports/monthly/"


@pytest.fixture
def logged(staff, manager, other_staff):
    """November: P1 three kept and two breached (one noted, one waived) in staff's
    department, one breach in the other department; October: one kept; December: one breach."""
    with time_machine.travel(kst(2026, 11, 27, 12), tick=False):
        for hour in (10, 11, 12):
            p1(staff, kst(2026, 11, 3, hour), kept=True)
        noted = p1(staff, kst(2026, 11, 10, 10), kept=False)
        waived = p1(staff, kst(2026, 11, 11, 10), kept=False)
        p1(other_staff, kst(2026, 11, 12, 10), kept=False)
        p1(staff, kst(2026, 10, 5, 10), kept=True)
        review.obligation_review(
            obligation=noted, by=manager.user, note="고객 010-1234-5678 응대 지연: 교육함"
        )
        services.obligation_waive(obligation=waived, by=manager.user, reason="전화 시스템 장애")
    with time_machine.travel(kst(2026, 12, 1, 10), tick=False):
        p1(staff, kst(2026, 12, 1, 10), kept=False)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_manager_reads_their_departments_month(client, manager, logged):
    client.force_login(manager.user)
    response = client.get(URL, {"month": "2026-11"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.department == manager.department
    (line,) = [line for line in report.lines if line.key.code == "P1"]
    # Three kept, one breached, one waived (left out of the rate): 75 %, below the 95 % target.
    assert (line.now.total, line.now.breached, line.now.waived, line.now.percent) == (5, 1, 1, 75.0)
    assert line.meets_target is False and line.before.percent == 100.0
    assert [(p.period.start.isoformat(), p.tally.total) for p in report.history] == [
        ("2026-06-01", 0),
        ("2026-07-01", 0),
        ("2026-08-01", 0),
        ("2026-09-01", 0),
        ("2026-10-01", 1),
        ("2026-11-01", 5),
    ]
    assert [m.key.code for m in report.most_breached] == ["P1"]
    notes = {note.text: note for note in report.notes}
    # The note's phone number is masked; the waiving reason is listed as the month's too.
    assert set(notes) == {"고객 010-****-5678 응대 지연: 교육함", "전화 시스템 장애"}
    assert notes["전화 시스템 장애"].waived and notes["전화 시스템 장애"].by == manager.name
    assert report.unreviewed == 0
    page = response.content.decode()
    assert "<h1>월간 보고서 2026-11 · " in page and "미달" in page
    assert "010-1234-5678" not in page
    assert "응답 없음" in page  # the survey had no response
    assert "css/reports.css" in page  # the print stylesheet (A4, no menu or buttons)
    assert report.departments is None  # one department: no ranking


def test_another_departments_report_is_not_found(client, manager, other_department, logged):
    client.force_login(manager.user)
    response = client.get(URL, {"month": "2026-11", "department": other_department.pk})
    assert response.status_code == 404
    xlsx = client.get(
        URL, {"month": "2026-11", "department": other_department.pk, "format": "xlsx"}
    )
    assert xlsx.status_code == 404


def test_an_executive_reads_the_whole_foundation_with_departments_ranked(
    client, executive, manager, other_department, logged
):
    client.force_login(executive)
    report = client.get(URL, {"month": "2026-11"}).context["report"]
    assert report.department is None
    (line,) = [line for line in report.lines if line.key.code == "P1"]
    assert (line.now.total, line.now.breached) == (6, 2)
    ranked = [(d.label, d.now.percent) for d in report.departments]
    assert ranked == [(manager.department.name, 75.0), (other_department.name, 0.0)]
    one = client.get(URL, {"month": "2026-11", "department": other_department.pk})
    assert one.context["report"].lines[0].now.total == 1


def test_the_xlsx_holds_the_same_report(client, manager, logged):
    client.force_login(manager.user)
    response = client.get(URL, {"month": "2026-11", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="monthly-report-202611')
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["개요", "기준별", "월별", "위반이 많은 기준", "검토 메모"]
    summary = {row[0]: row[1] for row in book["개요"].iter_rows(values_only=True)}
    assert summary["이행률 (%)"] == 75.0 and summary["설문 응답 수"] == 0
    standards = list(book["기준별"].iter_rows(values_only=True))
    p1_row = next(row for row in standards if row[0] == "P1")
    assert p1_row[2:9] == (5, 3, 0, 1, 1, 0, 75.0) and p1_row[10] == "아니요"
    months = list(book["월별"].iter_rows(values_only=True))[1:]
    assert [row[0] for row in months][-2:] == ["2026-10", "2026-11"] and months[-1][1] == 5
    notes = list(book["검토 메모"].iter_rows(values_only=True))[1:]
    texts = sorted(row[7] for row in notes)
    assert texts == ["고객 010-****-5678 응대 지연: 교육함", "전화 시스템 장애"]


def test_without_a_month_it_is_last_months_report(client, manager, logged):
    client.force_login(manager.user)
    assert client.get(URL).context["report"].period.start.isoformat() == "2026-11-01"


@pytest.mark.parametrize(
    "month, message",
    [
        ("2026-13", "월을 YYYY-MM 형식으로"),
        ("november", "월을 YYYY-MM 형식으로"),
        ("2027-01", "이번 달까지의 월을 고르십시오"),
    ],
)
def test_a_bad_month_is_a_clear_message(client, manager, month, message):
    client.force_login(manager.user)
    response = client.get(URL, {"month": month})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_staff_may_not_read_reports(client, staff):
    client.force_login(staff.user)
    assert client.get(URL).status_code == 403


def test_its_query_count_does_not_grow_with_the_data(client, executive, staff, other_staff):
    client.force_login(executive)

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"month": "2026-11"}).status_code == 200
        return len(queries.captured_queries)

    with time_machine.travel(kst(2026, 11, 27, 12), tick=False):
        p1(staff, kst(2026, 11, 3, 10), kept=False)
        p1(other_staff, kst(2026, 11, 3, 10), kept=True)
    counted()  # the first one stores the default settings
    few = counted()
    with time_machine.travel(kst(2026, 11, 27, 12), tick=False):
        for day in range(4, 9):
            p1(factories.StaffMemberFactory(), kst(2026, 11, day, 10), kept=False)
    assert counted() == few
