"""POST /api/v1/calls/cdr/: the phone system's call detail records (Asterisk's fields)."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from calls import services
from calls.models import Call, Callback, CallRecord
from charter.models import Obligation, ObligationEvent
from integrations.models import PhoneExtension
from tests import factories
from tests.conftest import kst

pytestmark = pytest.mark.django_db

URL = "/api/v1/calls/cdr/"
ENDPOINTS = ["call-create", "call-cdr", "callback-create"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        yield


@pytest.fixture
def system(department, admin_user):
    from rest_framework.test import APIClient

    from integrations.services import integration_client_create

    client, key = integration_client_create(
        name="Asterisk", departments=[department], endpoints=ENDPOINTS, by=admin_user
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}", HTTP_ACCEPT_LANGUAGE="ko")
    return api


def cdr(uniqueid, dst, *, start="2026-12-02 10:00:00", answer="", disposition="ANSWERED", **more):
    """A row as Asterisk's cdr_csv writes it (times in Asia/Seoul, no offset)."""
    row = {
        "accountcode": "",
        "src": "01012345678",
        "dst": dst,
        "dcontext": "from-trunk",
        "clid": '"고객" <01012345678>',
        "channel": "SIP/trunk-00000001",
        "dstchannel": f"SIP/{dst}-00000002",
        "lastapp": "Dial",
        "lastdata": f"SIP/{dst},30",
        "start": start,
        "answer": answer,
        "end": "2026-12-02 10:03:00",
        "duration": 180,
        "billsec": 170,
        "disposition": disposition,
        "amaflags": "DOCUMENTATION",
        "uniqueid": uniqueid,
        "userfield": "",
    }
    row.update(more)
    return row


def batch(staff):
    ext = staff.extension
    return [
        cdr("1764637200.1", ext, answer="2026-12-02 10:00:00"),
        cdr("1764637200.2", ext, start="2026-12-02 10:05:00", answer="2026-12-02 10:05:05"),
        cdr("1764637200.3", ext, start="2026-12-02 10:10:00", answer="2026-12-02 10:10:07"),
        cdr("1764637200.4", ext, start="2026-12-02 10:15:00", disposition="NO ANSWER"),
        cdr("1764637200.5", "9999", start="2026-12-02 10:20:00", answer="2026-12-02 10:20:02"),
        cdr("1764637200.6", ext, start="2026-12-02 10:25:00", disposition="RINGING"),
    ]


def p1_of(call_id):
    return Obligation.objects.get(call__id=call_id, standard__code="P1")


def test_rings_are_counted_from_the_seconds_the_phone_rang():
    assert [services.rings_from_seconds(s) for s in (0, 2.9, 3, 5, 6, 7, 9)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
    ]
    with override_settings(CDR_RING_CADENCE_SECONDS=6):
        assert services.rings_from_seconds(7) == 2


def test_a_batch_of_records_gives_p1_from_the_phone_system_and_names_what_it_could_not_use(
    system, staff
):
    response = system.post(URL, batch(staff), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["received"] == 6
    assert (body["created"], body["unassigned"], body["rejected"]) == (4, 1, 1)
    results = body["results"]
    assert [r["status"] for r in results] == [
        "created",
        "created",
        "created",
        "created",
        "unassigned",
        "rejected",
    ]
    assert [p1_of(r["call_id"]).status for r in results[:3]] == ["met", "met", "breached"]
    assert [p1_of(r["call_id"]).measured for r in results[:3]] == [1, 2, 3]
    assert Call.objects.get(pk=results[2]["call_id"]).ring_seconds == 7
    # The unanswered call from a customer's number: one callback memo, due on P4's clock.
    missed = Call.objects.get(pk=results[3]["call_id"])
    assert missed.answered_at is None
    assert p1_of(missed.pk).status == "breached"
    memo = Callback.objects.get(call=missed)
    assert memo.customer_phone == "01012345678"
    assert memo.obligations.get(standard__code="P4").status == "open"
    # The unknown extension is stored, unassigned, and said so in Korean.
    assert "9999" in results[4]["errors"]["dst"][0]
    assert CallRecord.objects.get(uniqueid="1764637200.5").call is None
    assert "disposition" in results[5]["errors"]
    assert not CallRecord.objects.filter(uniqueid="1764637200.6").exists()


def test_the_same_records_sent_twice_store_nothing_new(system, staff):
    system.post(URL, batch(staff), format="json")
    counts = (Call.objects.count(), Obligation.objects.count(), Callback.objects.count())
    again = system.post(URL, batch(staff), format="json")
    assert again.status_code == 200
    assert [r["status"] for r in again.json()["results"]][:5] == ["duplicate"] * 5
    assert (Call.objects.count(), Obligation.objects.count(), Callback.objects.count()) == counts
    assert CallRecord.objects.count() == 5


def test_one_record_without_a_list_is_taken(system, staff):
    response = system.post(
        URL, cdr("u-1", staff.extension, answer="2026-12-02 10:00:03"), format="json"
    )
    assert response.status_code == 201
    assert response.json()["results"][0]["status"] == "created"


def test_more_than_500_records_are_refused(system, staff):
    rows = [cdr(f"u-{i}", staff.extension, answer="2026-12-02 10:00:03") for i in range(501)]
    response = system.post(URL, rows, format="json")
    assert response.status_code == 400
    assert "500" in response.json()["non_field_errors"][0]
    assert not CallRecord.objects.exists()


def test_an_unknown_field_in_a_record_is_reported_for_that_record(system, staff):
    row = cdr("u-1", staff.extension, answer="2026-12-02 10:00:03", ringing=3)
    result = system.post(URL, [row], format="json").json()["results"][0]
    assert result["status"] == "rejected"
    assert "ringing" in result["errors"]


def test_an_extension_mapped_by_an_admin_counts_for_its_staff_member(system, staff):
    PhoneExtension.objects.create(extension="7000", staff=staff, note="대표번호")
    row = cdr("u-1", "", answer="2026-12-02 10:00:03", dstchannel="PJSIP/7000-0000abcd")
    result = system.post(URL, [row], format="json").json()["results"][0]
    assert result["status"] == "created"
    assert Call.objects.get(pk=result["call_id"]).staff == staff


def test_an_extension_of_another_department_is_refused(system, other_staff):
    row = cdr("u-1", other_staff.extension, answer="2026-12-02 10:00:03")
    result = system.post(URL, [row], format="json").json()["results"][0]
    assert result["status"] == "rejected"
    assert not Call.objects.exists()


def test_staff_cannot_post_call_records_with_a_session(staff):
    from tests.calls.conftest import api_client_for

    response = api_client_for(staff.user).post(
        URL, [cdr("u-1", staff.extension, answer="2026-12-02 10:00:03")], format="json"
    )
    assert response.status_code == 403
    assert not CallRecord.objects.exists()


def test_the_ticks_a_staff_member_logs_attach_to_the_phone_systems_call(system, staff):
    from tests.calls.conftest import api_client_for

    row = cdr("u-1", staff.extension, answer="2026-12-02 10:00:07")
    call_id = system.post(URL, [row], format="json").json()["results"][0]["call_id"]
    typed = api_client_for(staff.user).post(
        "/api/v1/calls/",
        {
            "started_at": "2026-12-02T10:00:30+09:00",
            "answered_at": "2026-12-02T10:00:31+09:00",
            "rings": 1,
            "greeting": True,
            "repeated_back": True,
            "closing": True,
        },
        format="json",
    )
    assert typed.status_code == 201, typed.json()
    assert typed.json()["id"] == call_id
    assert Call.objects.count() == 1
    outcome = {o["standard"]: (o["status"], o["measured"]) for o in typed.json()["obligations"]}
    # P1 from the machine's 3 rings, not the typed 1.
    assert outcome["P1"] == ("breached", 3)
    assert outcome["P2"][0] == outcome["P5"][0] == "met"
    assert Obligation.objects.filter(call__id=call_id, standard__code="P1").count() == 1


def test_a_record_for_a_call_typed_before_settles_its_p1_from_the_measured_rings(system, staff):
    from tests.calls.conftest import api_client_for

    typed = api_client_for(staff.user).post(
        "/api/v1/calls/",
        {
            "started_at": "2026-12-02T10:00:10+09:00",
            "answered_at": "2026-12-02T10:00:12+09:00",
            "rings": 1,
            "greeting": True,
        },
        format="json",
    )
    call_id = typed.json()["id"]
    assert p1_of(call_id).status == "met"
    row = cdr("u-1", staff.extension, answer="2026-12-02 10:00:10")
    result = system.post(URL, [row], format="json").json()["results"][0]
    assert (result["status"], result["call_id"]) == ("linked", call_id)
    p1 = p1_of(call_id)
    assert (p1.status, p1.measured) == ("breached", 4)
    assert p1.events.filter(kind=ObligationEvent.Kind.RECOMPUTE).count() == 1
    assert Call.objects.count() == 1


def test_a_batch_costs_a_bounded_number_of_queries_per_record(system, staff):
    system.post(URL, [cdr("warm", staff.extension, answer="2026-12-02 09:59:00")], format="json")
    one = [cdr("q-1", staff.extension, answer="2026-12-02 10:00:03")]
    with CaptureQueriesContext(connection) as queries:
        assert system.post(URL, one, format="json").status_code == 201
    assert len(queries) <= 20, [q["sql"] for q in queries.captured_queries]


def test_a_staff_member_in_another_department_by_factory_is_not_matched(system, department):
    staff = factories.StaffMemberFactory(department=department, role="staff", active=False)
    row = cdr("u-1", staff.extension, answer="2026-12-02 10:00:03")
    result = system.post(URL, [row], format="json").json()["results"][0]
    assert result["status"] == "unassigned"
