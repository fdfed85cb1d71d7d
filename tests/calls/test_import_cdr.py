"""python manage.py import_cdr FILE: Asterisk's cdr_csv Master.csv, through the same service
as POST /api/v1/calls/cdr/."""

import csv
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test.utils import override_settings
from django.utils import translation

from calls.management.commands.import_cdr import COLUMNS
from calls.models import Call, Callback, CallRecord
from charter.models import Obligation
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        yield


@pytest.fixture
def system_user(phone_system):
    return phone_system[1]


def line(
    uniqueid,
    dst,
    *,
    start,
    answer="",
    end="2026-12-02 10:29:00",
    disposition="ANSWERED",
    src="01012345678",
):
    """One row as cdr_csv writes it: Asterisk's 18 columns, in its order."""
    return [
        "",  # accountcode
        src,
        dst,
        "from-trunk",
        f'"고객" <{src}>',
        "SIP/trunk-00000001",
        f"SIP/{dst}-00000002",
        "Dial",
        f"SIP/{dst},30",
        start,
        answer,
        end,
        "180",
        "170",
        disposition,
        "DOCUMENTATION",
        uniqueid,
        "",
    ]


def master_csv(tmp_path, staff, *, day="2026-12-02"):
    ext = staff.extension
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(line("1764637200.1", ext, start=f"{day} 10:00:00", answer=f"{day} 10:00:00"))
    writer.writerow(line("1764637200.2", ext, start=f"{day} 10:05:00", answer=f"{day} 10:05:05"))
    writer.writerow(line("1764637200.3", ext, start=f"{day} 10:10:00", answer=f"{day} 10:10:07"))
    writer.writerow(line("1764637200.4", ext, start=f"{day} 10:15:00", disposition="NO ANSWER"))
    # Line 5: an extension nobody has.
    writer.writerow(line("1764637200.5", "9999", start=f"{day} 10:20:00", answer=f"{day} 10:20:02"))
    # Line 6: malformed (a truncated line: 5 columns).
    buffer.write('"","01012345678","1001","from-trunk","broken"\n')
    path = tmp_path / "Master.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(path, user, **options):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("ko"):
        call_command("import_cdr", str(path), by=user.username, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def p1(uniqueid):
    return Obligation.objects.get(call__external_id=uniqueid, standard__code="P1")


def test_master_csv_gives_p1_from_the_seconds_and_names_the_lines_it_could_not_use(
    tmp_path, staff, system_user
):
    out, err = run(master_csv(tmp_path, staff), system_user)

    # Answered at 0, 5 and 7 s: the 1st, 2nd and 3rd ring; P1 (within 2 rings) met, met, breached.
    assert [p1(f"1764637200.{i}").status for i in (1, 2, 3)] == ["met", "met", "breached"]
    assert [p1(f"1764637200.{i}").measured for i in (1, 2, 3)] == [1, 2, 3]
    assert [Call.objects.get(external_id=f"1764637200.{i}").ring_seconds for i in (1, 2, 3)] == [
        0,
        5,
        7,
    ]
    # The time is Seoul's: 10:05:00 in the file is 10:05 KST.
    assert Call.objects.get(external_id="1764637200.2").started_at == kst(2026, 12, 2, 10, 5)
    # The unanswered call from a customer's number: P1 breached, one callback memo.
    missed = Call.objects.get(external_id="1764637200.4")
    assert missed.answered_at is None and p1("1764637200.4").status == "breached"
    assert Callback.objects.get().call == missed
    assert Callback.objects.get().customer_phone == "01012345678"
    # The unknown extension is kept, unassigned, for an admin; the malformed line is not.
    assert CallRecord.objects.get(uniqueid="1764637200.5").call is None
    assert CallRecord.objects.count() == 5
    # Both unusable lines named with their line numbers, and nothing else.
    report = err.strip().splitlines()
    assert len(report) == 2, err
    assert report[0].startswith("5행:") and "9999" in report[0]
    assert report[1].startswith("6행:")
    assert "통화 4건 생성" in out and "사용할 수 없음 1건" in out
    assert Call.objects.count() == 4


def test_the_same_file_imported_twice_stores_nothing_new(tmp_path, staff, system_user):
    path = master_csv(tmp_path, staff)
    run(path, system_user)
    counts = (
        Call.objects.count(),
        CallRecord.objects.count(),
        Obligation.objects.count(),
        Callback.objects.count(),
    )

    out, err = run(path, system_user)

    assert (
        Call.objects.count(),
        CallRecord.objects.count(),
        Obligation.objects.count(),
        Callback.objects.count(),
    ) == counts
    assert counts == (4, 5, Obligation.objects.count(), 1)
    # The second run says the five records were already there; the malformed line again.
    assert err.strip().splitlines()[-1].startswith("6행:")
    assert "통화 0건 생성" in out and "이미 가져옴 5건" in out


def test_the_file_and_the_endpoint_give_the_same_calls(tmp_path, staff, phone_system, settings):
    """The same records through POST /api/v1/calls/cdr/ (the same service): the same P1."""
    api, user = phone_system
    from integrations.models import IntegrationClient

    client = IntegrationClient.objects.get(user=user)
    client.endpoints = [*client.endpoints, "call-cdr"]
    client.save()
    run(master_csv(tmp_path, staff), user)
    by_file = sorted(
        Obligation.objects.filter(standard__code="P1").values_list("call__external_id", "status")
    )
    Callback.objects.all().delete()
    CallRecord.objects.all().delete()
    Obligation.objects.all().delete()
    Call.objects.all().delete()
    ext = staff.extension
    rows = []
    with open(tmp_path / "Master.csv", newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) == 18:
                rows.append(dict(zip(COLUMNS, row, strict=True)))
    assert len(rows) == 5 and rows[0]["dst"] == ext
    response = api.post("/api/v1/calls/cdr/", rows, format="json")
    assert response.status_code == 201, response.json()
    by_api = sorted(
        Obligation.objects.filter(standard__code="P1").values_list("call__external_id", "status")
    )
    assert by_api == by_file


def test_times_in_utc_when_asterisk_logs_utc(tmp_path, staff, system_user):
    ext = staff.extension
    path = tmp_path / "Master.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerow(
            line(
                "u-utc",
                ext,
                start="2026-12-02 01:00:00",
                answer="2026-12-02 01:00:04",
                end="2026-12-02 01:03:00",
            )
        )
    with override_settings(CDR_CSV_TIMEZONE="UTC"):
        run(path, system_user)
    call = Call.objects.get(external_id="u-utc")
    assert call.started_at == kst(2026, 12, 2, 10, 0)
    assert call.ring_seconds == 4


def test_a_future_time_or_a_bad_date_is_reported_and_not_stored(tmp_path, staff, system_user):
    ext = staff.extension
    path = tmp_path / "Master.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(
            line("u-ok", ext, start="2026-12-02 10:00:00", answer="2026-12-02 10:00:01")
        )
        writer.writerow(line("u-future", ext, start="2026-12-03 10:00:00"))
        writer.writerow(line("u-bad", ext, start="2026-13-45 99:00:00"))
    _out, err = run(path, system_user)
    report = err.strip().splitlines()
    assert [r.split(":")[0] for r in report] == ["2행", "3행"]
    assert set(CallRecord.objects.values_list("uniqueid", flat=True)) == {"u-ok"}


def test_an_unknown_user_or_a_missing_file_is_a_clear_error(tmp_path, staff, system_user):
    with pytest.raises(CommandError):
        call_command("import_cdr", str(tmp_path / "Master.csv"), by=system_user.username)
    path = master_csv(tmp_path, staff)
    with pytest.raises(CommandError):
        call_command("import_cdr", str(path), by="nobody")
    assert not CallRecord.objects.exists()


def test_a_staff_member_cannot_import_another_departments_calls(
    tmp_path, staff, other_staff, system_user
):
    """The actor's scope: the phone system's user logs for its departments only."""
    path = tmp_path / "Master.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerow(
            line(
                "u-other",
                other_staff.extension,
                start="2026-12-02 10:00:00",
                answer="2026-12-02 10:00:01",
            )
        )
    _out, err = run(path, system_user)
    assert err.startswith("1행:")
    assert not Call.objects.exists()


def test_a_large_file_shows_its_progress(tmp_path, staff, system_user, monkeypatch):
    from calls.management.commands import import_cdr

    monkeypatch.setattr(import_cdr, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(import_cdr, "CHUNK", 2)
    out, err = run(master_csv(tmp_path, staff), system_user)
    assert "2행 읽음" in err and "4행 읽음" in err and "6행 읽음" in err
    assert Call.objects.count() == 4 and "통화 4건 생성" in out
