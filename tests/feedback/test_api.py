"""The REST API: what an integrator sees, errors in the requested language, nothing stored on
a 400, and the public tracking lookup."""

import pytest
from rest_framework.test import APIClient

from charter.models import Obligation
from feedback.models import Contest, Feedback
from tests.conftest import kst

from .helpers import complaint

pytestmark = pytest.mark.django_db


def client_for(member):
    """An API client signed in as `member` (a StaffMember) or a User (a browser's session)."""
    client = APIClient()
    client.force_login(getattr(member, "user", member))
    return client


@pytest.fixture
def api(staff):
    return client_for(staff)


def opinion_body(department, **extra):
    body = {
        "title": "보증료 카드 납부",
        "text": "카드 납부도 되면 좋겠습니다.",
        "channel": "email",
        "received_at": "2026-10-01T10:00:00+09:00",
        "department": department.pk,
        "customer_name": "홍길동",
        "customer_email": "hong@example.com",
        "consent": True,
    }
    body.update(extra)
    return body


def test_an_integrator_logs_an_opinion_and_reads_its_deadline(api, staff):
    response = api.post("/api/v1/feedback/opinions/", opinion_body(staff.department), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "opinion"
    assert body["next_due_standard"] == "F1"
    assert body["next_due_at"] == "2026-10-08T10:00:00+09:00"
    assert body["tracking_number"].startswith("GC-2026-")
    listed = api.get("/api/v1/feedback/opinions/").json()["results"]
    assert [item["id"] for item in listed] == [body["id"]]
    assert api.get("/api/v1/feedback/complaints/").json()["results"] == []


@pytest.mark.parametrize(
    ("language", "field", "extra", "expected"),
    [
        ("ko", "consent", {"consent": False}, "개인정보 수집에 동의"),
        ("en", "consent", {"consent": False}, "Agree to the collection"),
        ("ko", "customer_phone", {"customer_phone": "12345"}, "010-1234-5678"),
        ("en", "customer_phone", {"customer_phone": "12345"}, "Enter a phone number"),
        ("ko", "title", {"title": "가" * 201}, "200"),
        ("en", "channel", {"channel": "fax"}, "not a valid choice"),
        ("ko", "received_at", {"received_at": "2026-12-25T10:00:00+09:00"}, "미래"),
        ("en", "received_at", {"received_at": "2026-12-25T10:00:00+09:00"}, "future"),
    ],
)
def test_a_bad_opinion_is_a_400_in_the_requested_language_and_stores_nothing(
    api, staff, language, field, extra, expected
):
    response = api.post(
        "/api/v1/feedback/opinions/",
        opinion_body(staff.department, **extra),
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert expected in " ".join(response.json()[field])
    assert not Feedback.objects.exists()
    assert not Obligation.objects.exists()


def test_lists_are_masked_and_one_item_is_shown_in_full_to_staff_only(staff, manager):
    created = complaint(staff.department, kst(2026, 10, 1, 10))
    for member in (manager, staff):
        item = client_for(member).get("/api/v1/feedback/complaints/").json()["results"][0]
        assert item["customer_name"] == "홍*동"
        assert item["customer_phone"] == "010-****-5678"
    url = f"/api/v1/feedback/complaints/{created.pk}/"
    item = client_for(manager).get(url).json()
    assert item["customer_name"] == "홍*동"
    item = client_for(staff).get(url).json()
    assert item["customer_name"] == "홍길동"
    assert item["customer_phone"] == "010-1234-5678"


def test_complaint_actions_call_the_same_rules(api, staff):
    item = complaint(staff.department, kst(2026, 10, 1, 10))
    base = f"/api/v1/feedback/complaints/{item.pk}"
    response = api.post(
        f"{base}/reply/",
        {
            "kind": "progress",
            "text": "확인 중",
            "channel": "phone",
            "sent_at": "2026-10-02T10:00:00+09:00",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["replies"][0]["kind"] == "progress"
    response = api.post(
        f"{base}/cause/", {"cause": "staff", "found_at": "2026-10-02T11:00:00+09:00"}, format="json"
    )
    assert response.json()["next_due_standard"] == "F4"
    assert response.json()["next_due_at"] == "2026-10-16T11:00:00+09:00"
    response = api.post(
        f"{base}/corrective-action/",
        {
            "action": "교육",
            "notice": "교육했습니다",
            "channel": "post",
            "corrected_at": "2026-10-03T10:00:00+09:00",
        },
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["next_due_at"] is None


def test_a_reply_by_e_mail_without_an_address_is_a_400_that_stores_nothing(api, staff):
    item = complaint(staff.department, kst(2026, 10, 1, 10), customer_email="")
    response = api.post(
        f"/api/v1/feedback/complaints/{item.pk}/reply/",
        {"kind": "progress", "text": "확인 중", "channel": "email"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["channel"] == ["The customer left no e-mail address."]
    assert item.replies.count() == 0


def test_a_contest_whose_rules_come_after_entries_open_is_a_400_that_stores_nothing(api, staff):
    response = api.post(
        "/api/v1/feedback/contests/",
        {
            "title": "공모전",
            "department": staff.department.pk,
            "entries_open_at": "2026-09-01T09:00:00+09:00",
            "awards_due_at": "2026-12-01T18:00:00+09:00",
            "rules": "규정",
            "rules_published_at": "2026-09-02T09:00:00+09:00",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    assert "포상규정을 공개하기 전에" in response.json()["entries_open_at"][0]
    assert not Contest.objects.exists() and not Obligation.objects.exists()


def test_a_contest_is_created_and_its_rules_published(api, staff):
    response = api.post(
        "/api/v1/feedback/contests/",
        {
            "title": "공모전",
            "department": staff.department.pk,
            "entries_open_at": "2027-09-01T09:00:00+09:00",
            "awards_due_at": "2027-12-01T18:00:00+09:00",
        },
        format="json",
    )
    assert response.status_code == 201
    contest = response.json()
    assert contest["rules_status"] == contest["awards_status"] == "open"
    response = api.post(
        f"/api/v1/feedback/contests/{contest['id']}/publish-rules/",
        {"rules": "대상 1명"},
        format="json",
    )
    assert response.json()["rules_status"] == "met"


def test_anonymous_callers_cannot_list_opinions():
    assert APIClient().get("/api/v1/feedback/opinions/").status_code in (401, 403)


def test_the_public_lookup_finds_by_number_and_contact(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    client = APIClient()
    response = client.post(
        "/api/v1/feedback/track/",
        {"number": item.tracking_number, "contact": "010-1234-5678"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "received"
    assert "customer_phone" not in response.json()
    response = client.post(
        "/api/v1/feedback/track/",
        {"number": item.tracking_number, "contact": "hong@example.com"},
        format="json",
    )
    assert response.status_code == 200


def test_the_public_lookup_gives_the_same_404_for_a_wrong_number_or_contact(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    client = APIClient()
    wrong_number = client.post(
        "/api/v1/feedback/track/",
        {"number": "GC-2026-AAAA-BBBB-CCCC", "contact": "010-1234-5678"},
        format="json",
    )
    wrong_contact = client.post(
        "/api/v1/feedback/track/",
        {"number": item.tracking_number, "contact": "010-0000-0000"},
        format="json",
    )
    assert wrong_number.status_code == wrong_contact.status_code == 404
    assert wrong_number.json() == wrong_contact.json()


def test_the_public_lookup_needs_both_fields(department):
    response = APIClient().post(
        "/api/v1/feedback/track/", {"number": "GC"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "contact" in response.json()


def test_the_schema_describes_the_feedback_endpoints(client):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    paths = schema["paths"]
    assert "/api/v1/feedback/opinions/" in paths
    assert "/api/v1/feedback/complaints/{id}/corrective-action/" in paths
    assert "/api/v1/feedback/contests/{id}/announce-awards/" in paths
    # POST only: a contact in a query string would be written to access logs.
    assert set(paths["/api/v1/feedback/track/"]) == {"post"}


def test_a_paused_opinion_keeps_its_deadline_in_the_api(api, staff):
    """The customer must act: the F1 obligation is paused, not gone; the API still names it."""
    from charter import services

    body = api.post(
        "/api/v1/feedback/opinions/", opinion_body(staff.department), format="json"
    ).json()
    obligation = Obligation.objects.get(standard__code="F1", object_id=body["id"])
    services.obligation_pause(
        obligation=obligation, by=staff.user, reason="보완 요청", at=kst(2026, 10, 2, 10)
    )
    again = api.get(f"/api/v1/feedback/opinions/{body['id']}/").json()
    assert again["next_due_standard"] == "F1"
    assert again["next_due_at"] == "2026-10-08T10:00:00+09:00"
