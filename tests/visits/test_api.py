"""The REST API of visits: what an integrator (a ticket kiosk, a phone system) sees."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from charter.models import Obligation
from tests import factories
from tests.conftest import kst
from tests.visits.conftest import obligations
from visits.models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 10)


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_authenticate(staff.user)
    with time_machine.travel(NOW, tick=False):
        yield client


def test_a_kiosk_takes_numbers_and_the_desk_calls_serves_and_completes(api, department):
    first = api.post(
        "/api/v1/visit-tickets/", {"department": department.pk, "purpose": "보증 상담"}
    )
    assert first.status_code == 201, first.json()
    assert first.json()["number"] == 1
    api.post("/api/v1/visit-tickets/", {"department": department.pk})
    called = api.post("/api/v1/visit-tickets/call-next/", {"department": department.pk})
    assert (called.status_code, called.json()["number"], called.json()["status"]) == (
        200,
        1,
        "called",
    )
    pk = called.json()["id"]
    served = api.post(f"/api/v1/visit-tickets/{pk}/serve/", {"estimate_minutes": 20}, format="json")
    assert served.json()["estimated_done_at"] == "2026-12-02T10:20:00+09:00"
    done = api.post(
        f"/api/v1/visit-tickets/{pk}/complete/",
        {"greeted": True, "greeted_first": True, "asked_further": False},
        format="json",
    )
    assert done.json()["status"] == "done"
    ticket = Ticket.objects.get(pk=pk)
    assert [o.status for o in obligations("V7", ticket)] == ["breached"]


def test_calling_out_of_order_without_a_reason_is_not_a_400_but_a_recorded_breach(api, department):
    api.post("/api/v1/visit-tickets/", {"department": department.pk})
    later = api.post("/api/v1/visit-tickets/", {"department": department.pk}).json()
    response = api.post(f"/api/v1/visit-tickets/{later['id']}/call/", {})
    assert response.status_code == 200
    assert response.json()["called_out_of_order"] is True
    assert [o.status for o in obligations("V5", Ticket.objects.get(pk=later["id"]))] == ["breached"]


def test_completing_before_calling_is_a_400_in_english_and_stores_nothing(api, department):
    ticket = api.post("/api/v1/visit-tickets/", {"department": department.pk}).json()
    response = api.post(
        f"/api/v1/visit-tickets/{ticket['id']}/complete/",
        {"greeted": True, "greeted_first": True, "asked_further": True},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {
        "status": ["Only a called customer can be completed (this one is waiting)."]
    }
    assert Obligation.objects.count() == 0


def test_errors_come_in_korean_by_default(api, department):
    ticket = api.post("/api/v1/visit-tickets/", {"department": department.pk}).json()
    response = api.post(f"/api/v1/visit-tickets/{ticket['id']}/serve/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "status": ["처리를 시작하기 전에 고객을 호출하십시오(현재 상태: 대기 중)."]
    }


def test_a_v4_memo_with_a_contact_time_and_its_contact(api, staff, department):
    colleague = factories.StaffMemberFactory(department=department)
    response = api.post(
        "/api/v1/absence-memos/",
        {
            "absent_staff": colleague.pk,
            "reason": "meeting",
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
            "matter": "보증 상담",
            "contact_at": "2026-12-02T15:00:00+09:00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    memo = AbsenceMemo.objects.get(pk=response.json()["id"])
    assert obligations("V4", memo)[0].due_at == kst(2026, 12, 2, 15)
    contacted = api.post(f"/api/v1/absence-memos/{memo.pk}/contact/", {}, format="json")
    assert contacted.status_code == 200
    assert obligations("V4", memo)[0].status == "met"


def test_a_v4_memo_with_a_bad_phone_is_a_field_level_400(api, department):
    colleague = factories.StaffMemberFactory(department=department)
    response = api.post(
        "/api/v1/absence-memos/",
        {
            "absent_staff": colleague.pk,
            "reason": "meeting",
            "customer_name": "홍길동",
            "customer_phone": "12345",
            "matter": "보증 상담",
            "contact_at": "2026-12-02T15:00:00+09:00",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {
        "customer_phone": ["Enter a phone number such as 010-1234-5678 or 031-259-7700."]
    }
    assert AbsenceMemo.objects.count() == 0


def test_a_v6_booking_in_the_past_is_a_400_and_a_good_one_is_assigned(api, staff, department):
    past = api.post(
        "/api/v1/assisted-visits/",
        {
            "customer_name": "이순자",
            "customer_phone": "010-2345-6789",
            "department": department.pk,
            "booked_at": "2026-12-02T09:00:00+09:00",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert past.status_code == 400
    assert past.json() == {"booked_at": ["The booked visit time must be in the future."]}
    good = api.post(
        "/api/v1/assisted-visits/",
        {
            "customer_name": "이순자",
            "customer_phone": "010-2345-6789",
            "department": department.pk,
            "booked_at": "2026-12-03T14:00:00+09:00",
            "needs": "휠체어",
        },
        format="json",
    )
    assert good.status_code == 201
    assigned = api.post(
        f"/api/v1/assisted-visits/{good.json()['id']}/assign/", {"assigned_to": staff.pk}
    )
    assert assigned.json()["assigned_to"] == staff.pk
    assert obligations("V6", AssistedVisit.objects.get())[0].status == "met"


def test_a_field_visit_through_the_api(api, staff):
    created = api.post(
        "/api/v1/field-visits/",
        {
            "company": "한빛식품",
            "contact_name": "오하늘",
            "purpose": "실사",
            "scheduled_at": "2026-12-02T11:00:00+09:00",
            "assigned_to": staff.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    api.post(
        f"/api/v1/field-visits/{pk}/notice/",
        {"method": "phone", "notified_at": "2026-12-02T09:50:00+09:00"},
    )
    consent = api.post(
        f"/api/v1/field-visits/{pk}/consent/", {"consented_at": "2026-12-02T09:55:00+09:00"}
    )
    assert consent.json()["consented_at"] == "2026-12-02T09:55:00+09:00"
    assert obligations("S1", FieldVisit.objects.get())[0].status == "met"
    future = api.post(
        f"/api/v1/field-visits/{pk}/record/",
        {
            "arrived_at": "2026-12-02T11:00:00+09:00",
            "id_shown": True,
            "results_explained": True,
            "card_left": True,
            "closing_done": True,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert future.status_code == 400
    assert future.json() == {"arrived_at": ["This time is in the future."]}
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        recorded = api.post(
            f"/api/v1/field-visits/{pk}/record/",
            {
                "arrived_at": "2026-12-02T11:11:00+09:00",
                "id_shown": True,
                "results_explained": True,
                "card_left": True,
                "closing_done": True,
            },
            format="json",
        )
    assert recorded.json()["minutes_late"] == 11


def test_managers_see_customer_names_and_phones_masked(department):
    manager = factories.StaffMemberFactory(department=department, role="manager", rank_name="부장")
    staff = factories.StaffMemberFactory(department=department)
    from visits import services

    services.assisted_visit_create(
        customer_name="이순자",
        customer_phone="010-2345-6789",
        department=department,
        booked_at=kst(2026, 12, 3, 14),
        by=staff.user,
        at=NOW,
    )
    client = APIClient()
    client.force_authenticate(manager.user)
    [item] = client.get("/api/v1/assisted-visits/").json()["results"]
    assert (item["customer_name"], item["customer_phone"]) == ("이*자", "010-****-6789")


def test_anonymous_callers_are_refused(department):
    assert APIClient().post(
        "/api/v1/visit-tickets/", {"department": department.pk}
    ).status_code in (401, 403)


def test_the_schema_validates_and_documents_the_visit_endpoints(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/visit-tickets/call-next/",
        "/api/v1/visit-tickets/{id}/complete/",
        "/api/v1/absence-memos/{id}/contact/",
        "/api/v1/assisted-visits/{id}/assign/",
        "/api/v1/field-visits/{id}/record/",
    ):
        assert path in schema
