"""C2 measured in two parts: the fix (its own deadline) and the notice to the customer (its
follow-up), each on a line of its own on every report, the 27 standards' numbering unchanged."""

import csv
import importlib
import io

import pytest
from django.apps import apps as global_apps

from charter import reports
from charter.models import Obligation, Standard
from corrections import services
from tests.charter.test_dashboard import _now  # noqa: F401 (autouse: Wednesday 2 Dec, 12:00)
from tests.conftest import kst
from tests.corrections import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def defect(staff):
    """Discovered Tuesday 10:00, corrected in time Wednesday 10:00 (due Friday), the customer
    told at 11:30, half an hour after the follow-up's hour."""
    defect = factories.defect(staff, discovered_at=kst(2026, 12, 1, 10))
    services.handling_defect_correct(
        defect=defect, by=staff.user, at=kst(2026, 12, 2, 10), correction="수정본 재발송"
    )
    services.handling_defect_notify(
        defect=defect,
        by=staff.user,
        at=kst(2026, 12, 2, 11, 30),
        channel="phone",
        text="바로잡았음을 알려 드림",
    )
    return defect


def test_the_fix_and_the_notice_are_two_parts_of_c2(defect):
    fix, notice = Obligation.objects.for_subject(defect).order_by("id")
    assert (fix.part, fix.status) == ("", Obligation.Status.MET)
    assert (notice.part, notice.status) == ("notice", Obligation.Status.BREACHED)
    assert notice.code == "C2 통보" and fix.code == "C2"


def test_the_dashboard_shows_c2_fix_met_and_c2_notice_breached(client, manager, defect):
    client.force_login(manager.user)
    response = client.get("/dashboard/")
    page = response.content.decode()
    lines = {line.code: line for line in response.context["rows"]}
    assert lines["C2 시정"].now.met_as_promised == 1 and lines["C2 시정"].now.breached == 0
    assert lines["C2 통보"].now.breached == 1 and lines["C2 통보"].now.met_as_promised == 0
    assert lines["C2 시정"].now.percent == 100.0 and lines["C2 통보"].now.percent == 0.0
    assert "C2 시정" in page and "C2 통보" in page
    assert "standard=C2&amp;part=notice&amp;status=breached" in page
    # The headline still counts each obligation once.
    assert response.context["headline"]["now"].total == 2


def test_the_drill_down_of_the_notice_line_shows_only_the_notice(client, manager, defect):
    client.force_login(manager.user)
    response = client.get("/dashboard/obligations/?standard=C2&part=notice")
    [shown] = response.context["page"].object_list
    assert shown.part == "notice"
    assert "C2 통보" in response.content.decode()
    response = client.get("/dashboard/obligations/?standard=C2&part=fix")
    assert [o.part for o in response.context["page"].object_list] == [""]
    response = client.get("/dashboard/obligations/?standard=C2")
    assert response.context["page"].paginator.count == 2
    assert client.get("/dashboard/obligations/?standard=C2&part=other").status_code == 400


def test_the_compliance_api_reports_the_parts_apart(client, manager, defect, staff):
    services.handling_defect_report(
        case_reference="민원-2",
        what="답변 누락",
        discovered_at=kst(2026, 12, 2, 9),
        responsible=staff,
        by=staff.user,
    )
    client.force_login(manager.user)
    rows = client.get(
        "/api/v1/compliance/?since=2026-12-01T00:00:00%2B09:00&until=2027-01-01T00:00:00%2B09:00"
    ).json()
    c2 = {row["part"]: row for row in rows if row["standard"] == "C2"}
    assert set(c2) == {"fix", "notice"}
    assert (c2["fix"]["total"], c2["fix"]["met_as_promised"], c2["fix"]["open"]) == (2, 1, 1)
    assert (c2["fix"]["rate"], c2["notice"]["rate"]) == (1.0, 0.0)
    assert c2["notice"]["breached"] == 1
    obligations = client.get("/api/v1/obligations/?standard=C2").json()
    results = obligations["results"] if isinstance(obligations, dict) else obligations
    assert sorted(o["part"] for o in results) == ["", "", "notice"]


def test_the_export_has_a_line_per_part(client, manager, defect):
    client.force_login(manager.user)
    response = client.get("/dashboard/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = {row[0]: row for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))}
    assert rows["C2 시정"][5] == "0" and rows["C2 시정"][3] == "1"  # breaches, met
    assert rows["C2 통보"][5] == "1" and rows["C2 통보"][3] == "0"


def test_the_public_results_show_two_c2_lines_in_either_language(client, defect):
    page = client.get("/charter/results/").content.decode()
    assert "C2 시정" in page and "C2 통보" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/charter/results/")
    assert "C2 fix" in english.content.decode() and "C2 notice" in english.content.decode()
    lines = english.context["lines"]
    assert [line.part for line in lines if line.key.code == "C2"] == ["", "notice"]
    # Still 27 standards: the parts are lines, not standards.
    assert len({line.key.pk for line in lines}) == Standard.objects.active().count() == 27
    assert len(lines) == 28


def test_without_a_follow_up_c2_is_one_line_again(client, manager, staff):
    Standard.objects.filter(code="C2").update(followup_value=None, followup_unit="")
    factories.defect(staff, discovered_at=kst(2026, 12, 1, 10))
    client.force_login(manager.user)
    [line] = [line for line in client.get("/dashboard/").context["rows"] if line.key.code == "C2"]
    assert (line.code, line.part_slug) == ("C2", "")


def test_the_migration_marks_the_existing_follow_ups_as_notices(defect):
    fix, notice = Obligation.objects.for_subject(defect).order_by("id")
    Obligation.objects.filter(pk=notice.pk).update(part="", note_data={}, note="손으로 쓴 메모")
    migration = importlib.import_module("charter.migrations.0019_obligation_part")
    migration.mark_notices(global_apps, None)
    fix.refresh_from_db()
    notice.refresh_from_db()
    assert (fix.part, notice.part) == ("", "notice")


def test_part_names_round_trip():
    for part in Obligation.Part.values:
        assert reports.part_of_slug(reports.part_slug(part)) == part
    assert reports.part_of_slug("") is None


def test_the_monthly_report_and_its_sheet_have_a_line_per_part(client, manager, defect):
    import openpyxl

    client.force_login(manager.user)
    page = client.get("/dashboard/reports/monthly/", {"month": "2026-12"}).content.decode()
    assert '<span class="code">C2 시정</span>' in page
    assert '<span class="code">C2 통보</span>' in page
    response = client.get("/dashboard/reports/monthly/", {"month": "2026-12", "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    codes = {row[0] for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)}
    assert {"C2 시정", "C2 통보"} <= codes
