"""POST /api/v1/inbox-checks/ and /api/v1/documents/…: what a mail gateway and staff's tools
send, and the 400s they get back in their language with nothing stored."""

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from charter import notify
from charter.models import Obligation
from documents.models import InboxCheck, Notice, ReceivedDocument
from integrations.services import integration_client_create
from tests import factories
from tests.conftest import kst
from tests.outbox import sent_email, sent_sms

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 11)


@pytest.fixture(autouse=True)
def wednesday_morning():
    notify.outbox.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    notify.outbox.clear()


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def api(staff):
    return client_for(staff.user)


@pytest.fixture
def gateway(department):
    """A mail gateway: an integration client for `department` that may register and read
    received documents, with no staff member."""
    admin = factories.UserFactory(role="admin", is_superuser=True)
    _client, key = integration_client_create(
        name="mail gateway",
        departments=[department],
        endpoints=["received-document-create", "received-document-list"],
        by=admin,
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


DOCUMENT = {
    "channel": "email",
    "customer_name": "홍길동",
    "customer_phone": "010-1234-5678",
    "customer_email": "hong@example.com",
    "description": "재무제표(최근 2년)",
    "received_at": "2026-12-02T10:40:00+09:00",
}


def test_staff_record_an_inbox_check_for_their_department(api, staff):
    response = api.post("/api/v1/inbox-checks/", {"channel": "fax"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["department"] == staff.department.pk
    assert response.json()["checked_at"] == "2026-12-02T11:00:00+09:00"
    assert InboxCheck.objects.get().staff == staff
    listed = api.get("/api/v1/inbox-checks/").json()["results"]
    assert [item["channel"] for item in listed] == ["fax"]


def test_the_third_check_through_the_api_keeps_the_promise(api, staff):
    for time in ("09:10", "10:00", "10:50"):
        api.post(
            "/api/v1/inbox-checks/",
            {"channel": "post", "checked_at": f"2026-12-02T{time}:00+09:00"},
            format="json",
        )
    d1 = Obligation.objects.for_standard("D1").get()
    assert d1.status == Obligation.Status.MET


@pytest.mark.parametrize(
    ("language", "message"),
    [("ko", "미래"), ("en", "This time is in the future.")],
)
def test_an_inbox_check_in_the_future_is_a_400_in_the_callers_language(api, language, message):
    response = api.post(
        "/api/v1/inbox-checks/",
        {"channel": "fax", "checked_at": "2026-12-02T12:00:00+09:00"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in response.json()["checked_at"][0]
    assert not InboxCheck.objects.exists()
    assert not Obligation.objects.exists()


def test_a_gateway_posts_received_documents_then_staff_confirm_and_notify(gateway, api, department):
    response = gateway.post(
        "/api/v1/documents/", {**DOCUMENT, "department": department.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]

    response = api.post(f"/api/v1/documents/{pk}/confirm/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["confirmed_at"] == "2026-12-02T11:00:00+09:00"
    d2 = Obligation.objects.for_standard("D2").get()
    assert d2.due_at == kst(2026, 12, 2, 11, 30)

    response = api.post(
        f"/api/v1/documents/{pk}/notices/", {"kind": "receipt", "channel": "sms"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["sent_from_app"] is True
    assert sent_sms()[0].to == "010-1234-5678"
    d2.refresh_from_db()
    assert d2.status == Obligation.Status.MET


def test_incomplete_and_blocked_documents_get_a_deficiency_notice_by_e_mail(api, staff):
    pk = api.post("/api/v1/documents/", DOCUMENT, format="json").json()["id"]
    api.post(f"/api/v1/documents/{pk}/confirm/", {}, format="json")
    response = api.post(
        f"/api/v1/documents/{pk}/incomplete/",
        {"processed_what_can": True, "blocked": True, "missing_items": "인감증명서"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["blocked"] is True
    assert Obligation.objects.for_standard("D3").get().status == Obligation.Status.MET
    assert Obligation.objects.for_standard("D4").get().due_at == kst(2026, 12, 3, 11)

    response = api.post(
        f"/api/v1/documents/{pk}/notices/",
        {"kind": "deficiency", "channel": "email"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert "인감증명서" in sent_email()[0].body
    assert Obligation.objects.for_standard("D4").get().status == Obligation.Status.MET


def test_a_phone_call_is_recorded_through_the_api(api):
    pk = api.post("/api/v1/documents/", DOCUMENT, format="json").json()["id"]
    api.post(
        f"/api/v1/documents/{pk}/confirm/",
        {"confirmed_at": "2026-12-02T10:45:00+09:00"},
        format="json",
    )
    response = api.post(
        f"/api/v1/documents/{pk}/notices/",
        {"kind": "receipt", "channel": "phone", "sent_at": "2026-12-02T10:55:00+09:00"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["sent_from_app"] is False
    assert sent_sms() == []
    assert Obligation.objects.for_standard("D2").get().met_at == kst(2026, 12, 2, 10, 55)


@pytest.mark.parametrize(
    ("language", "message"),
    [("ko", "확인"), ("en", "not confirmed yet")],
)
def test_a_notice_before_the_documents_are_confirmed_is_a_400(api, language, message):
    pk = api.post("/api/v1/documents/", DOCUMENT, format="json").json()["id"]
    response = api.post(
        f"/api/v1/documents/{pk}/notices/",
        {"kind": "receipt", "channel": "sms"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in response.json()["sent_at"][0]
    assert not Notice.objects.exists()
    assert sent_sms() == []


@pytest.mark.parametrize(
    ("field", "value", "language", "message"),
    [
        ("customer_phone", "02-12", "ko", "010-1234-5678"),
        ("customer_phone", "02-12", "en", "Enter a phone number"),
        ("customer_email", "hong@", "ko", "이메일"),
        ("customer_email", "hong@", "en", "Enter a valid e-mail address."),
    ],
)
def test_a_bad_contact_is_a_400_in_the_callers_language(api, field, value, language, message):
    response = api.post(
        "/api/v1/documents/",
        {**DOCUMENT, field: value},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert message in response.json()[field][0]
    assert not ReceivedDocument.objects.exists()


def test_a_gateway_must_name_the_department(gateway):
    response = gateway.post("/api/v1/documents/", DOCUMENT, format="json")
    assert response.status_code == 400
    assert "department" in response.json()


def test_managers_read_masked_customers_and_notices(api, manager):
    pk = api.post("/api/v1/documents/", DOCUMENT, format="json").json()["id"]
    api.post(f"/api/v1/documents/{pk}/confirm/", {}, format="json")
    api.post(f"/api/v1/documents/{pk}/notices/", {"kind": "receipt", "channel": "email"})
    item = client_for(manager.user).get("/api/v1/documents/").json()["results"][0]
    assert item["customer_name"] == "홍*동"
    assert item["customer_phone"] == "010-****-5678"
    assert item["customer_email"] == "h***@example.com"
    assert item["notices"][0]["to"] == "h***@example.com"
    assert "홍길동" not in item["notices"][0]["body"]
    staff_view = api.get(f"/api/v1/documents/{pk}/").json()
    assert staff_view["customer_name"] == "홍길동"


def test_the_schema_has_the_documents_endpoints_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--file", str(target))
    schema = target.read_text()
    for path in (
        "/api/v1/inbox-checks/:",
        "/api/v1/documents/:",
        "/api/v1/documents/{id}/confirm/:",
        "/api/v1/documents/{id}/incomplete/:",
        "/api/v1/documents/{id}/notices/:",
    ):
        assert path in schema
