"""The REST API: /api/v1/service-corrections/ (C1) and /api/v1/handling-defects/ (C2)."""

import pytest
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from charter.models import Obligation
from corrections.models import HandlingDefect, ServiceCorrection
from tests import factories as core
from tests.corrections import factories

pytestmark = pytest.mark.django_db


def client_for(staff_member):
    client = APIClient()
    client.force_login(staff_member.user)
    return client


@pytest.fixture
def api(higher):
    return client_for(higher)


def correction_body(by, **kwargs):
    body = {
        "corrected_by": by.pk,
        "corrected_at": "2026-12-03T15:00:00+09:00",
        "action": "면담 및 응대 교육",
        "notice_channel": "phone",
        "notice": "시정 사실을 알려 드립니다.",
        "apology": "죄송합니다.",
    }
    body.update(kwargs)
    return body


def test_it_reports_unkind_service_and_opens_c1(api, involved):
    response = api.post(
        "/api/v1/service-corrections/",
        {
            "received_at": "2026-12-01T10:00:00+09:00",
            "channel": "phone",
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
            "what_happened": "불친절한 응대",
            "staff_involved": involved.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["due_at"] == "2026-12-08T10:00:00+09:00"
    assert body["deadline_status"] == "open"
    assert body["department"] == involved.department.pk
    assert ServiceCorrection.objects.get().reported_by is not None


def test_it_lists_reports_with_their_deadline_and_the_customer_masked(api, involved):
    report = factories.report(involved)
    response = api.get("/api/v1/service-corrections/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["customer_name"] == "홍*동"
    assert item["customer_phone"] == "010-****-5678"
    assert item["due_at"] == "2026-12-08T10:00:00+09:00"
    # One report, for staff of the department: in full (the opening is recorded).
    one = api.get(f"/api/v1/service-corrections/{report.pk}/").json()
    assert one["customer_name"] == "홍길동"
    assert one["customer_phone"] == "010-1234-5678"


def test_managers_get_masked_customer_data(involved, department):
    manager = core.StaffMemberFactory(department=department, role="manager", rank_name="부장")
    factories.report(involved)
    [item] = client_for(manager).get("/api/v1/service-corrections/").json()["results"]
    assert item["customer_name"] == "홍*동"
    assert item["customer_phone"] == "010-****-5678"
    assert item["customer_email"] == "h***@example.com"


def test_a_correction_by_a_higher_rank_meets_c1(api, involved, higher):
    report = factories.report(involved)
    response = api.post(
        f"/api/v1/service-corrections/{report.pk}/correct/",
        correction_body(higher),
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["corrected_by"] == higher.pk
    assert body["deadline_status"] is None
    assert body["late"] is False
    assert Obligation.objects.get().status == Obligation.Status.MET


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "must be made by someone of a higher rank than 홍대리"),
        ("ko", "홍대리(대리)보다 상위 직급의 직원이"),
    ],
)
def test_a_correction_by_an_equal_rank_is_a_400_in_the_requested_language(
    involved, equal, language, expected
):
    report = factories.report(involved)
    response = client_for(equal).post(
        f"/api/v1/service-corrections/{report.pk}/correct/",
        correction_body(equal),
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    [message] = response.json()["corrected_by"]
    assert expected in message
    report.refresh_from_db()
    assert report.corrected_at is None
    assert Obligation.objects.get().status == Obligation.Status.OPEN


def test_a_correction_by_a_lower_rank_is_a_400(involved, lower):
    report = factories.report(involved)
    response = client_for(lower).post(
        f"/api/v1/service-corrections/{report.pk}/correct/",
        correction_body(lower),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "higher rank than 홍대리" in response.json()["corrected_by"][0]
    assert ServiceCorrection.objects.get().corrected_at is None


@pytest.mark.parametrize(("language", "expected"), [("en", "future"), ("ko", "미래")])
def test_a_correction_in_the_future_is_a_400(api, involved, higher, language, expected):
    report = factories.report(involved)
    response = api.post(
        f"/api/v1/service-corrections/{report.pk}/correct/",
        correction_body(higher, corrected_at="2027-02-01T10:00:00+09:00"),
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert expected in response.json()["corrected_at"][0]
    assert ServiceCorrection.objects.get().corrected_at is None


def test_a_correction_recorded_twice_is_a_400(api, involved, higher):
    report = factories.report(involved)
    url = f"/api/v1/service-corrections/{report.pk}/correct/"
    assert api.post(url, correction_body(higher), format="json").status_code == 200
    response = api.post(
        url, correction_body(higher, action="두 번째"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "already recorded" in response.json()["non_field_errors"][0]
    assert ServiceCorrection.objects.get().action == "면담 및 응대 교육"


def test_a_report_with_a_bad_phone_and_no_staff_is_a_400_field_by_field(api):
    response = api.post(
        "/api/v1/service-corrections/",
        {
            "received_at": "2026-12-01T10:00:00+09:00",
            "channel": "phone",
            "customer_name": "홍길동",
            "customer_phone": "123",
            "what_happened": "불친절",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    body = response.json()
    assert "010-1234-5678" in body["customer_phone"][0]
    assert "staff_involved" in body
    assert not ServiceCorrection.objects.exists()


def test_a_report_assigned_to_an_equal_rank_is_a_400(api, involved, equal):
    response = api.post(
        "/api/v1/service-corrections/",
        {
            "received_at": "2026-12-01T10:00:00+09:00",
            "channel": "visit",
            "customer_name": "홍길동",
            "what_happened": "불친절",
            "staff_involved": involved.pk,
            "assigned_to": equal.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "assigned_to" in response.json()
    assert not Obligation.objects.exists()


# -- C2 ----------------------------------------------------------------------------------


def test_a_defect_is_reported_corrected_and_notified(api, higher):
    response = api.post(
        "/api/v1/handling-defects/",
        {
            "case_reference": "2026-민원-0100",
            "what": "회신문 오기",
            "discovered_at": "2026-12-02T10:00:00+09:00",
            "discovered_by": higher.pk,
            "responsible": higher.pk,
            "customer_phone": "010-1234-5678",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    defect_id = response.json()["id"]
    assert response.json()["due_at"] == "2026-12-07T10:00:00+09:00"

    response = api.post(
        f"/api/v1/handling-defects/{defect_id}/correct/",
        {
            "corrected_by": higher.pk,
            "corrected_at": "2026-12-04T17:30:00+09:00",
            "correction": "정정",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["due_at"] == "2026-12-07T09:30:00+09:00"

    response = api.post(
        f"/api/v1/handling-defects/{defect_id}/notify/",
        {"notified_at": "2026-12-07T09:15:00+09:00", "channel": "phone", "text": "정정 결과 안내"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["notified_at"] == "2026-12-07T09:15:00+09:00"
    assert body["late"] is False
    statuses = set(Obligation.objects.values_list("status", flat=True))
    assert statuses == {Obligation.Status.MET}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Record the correction before notifying the customer."),
        ("ko", "고객에게 통보하기 전에 시정 내용을 먼저 기록하십시오."),
    ],
)
def test_notify_before_correct_is_a_400_in_the_requested_language(api, higher, language, expected):
    defect = factories.defect(higher)
    response = api.post(
        f"/api/v1/handling-defects/{defect.pk}/notify/",
        {"notified_at": "2026-12-02T10:00:00+09:00", "channel": "phone", "text": "안내"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [expected]}
    assert HandlingDefect.objects.get().notified_at is None


def test_a_defect_correction_in_the_future_is_a_400(api, higher):
    defect = factories.defect(higher)
    response = api.post(
        f"/api/v1/handling-defects/{defect.pk}/correct/",
        {
            "corrected_by": higher.pk,
            "corrected_at": "2027-03-01T10:00:00+09:00",
            "correction": "정정",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["corrected_at"] == ["This time is in the future."]
    assert len(factories.obligations(defect, "C2")) == 1


def test_without_change_permission_the_steps_are_forbidden(involved, higher):
    user = core.UserFactory()
    client = APIClient()
    client.force_login(user)
    report = factories.report(involved)
    response = client.post(
        f"/api/v1/service-corrections/{report.pk}/correct/", correction_body(higher), format="json"
    )
    assert response.status_code == 403


@override_settings(LANGUAGE_CODE="en")
def test_the_schema_describes_the_endpoints_and_validates():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    paths = schema["paths"]
    assert "/api/v1/service-corrections/{id}/correct/" in paths
    assert "/api/v1/handling-defects/{id}/notify/" in paths
    body = paths["/api/v1/service-corrections/{id}/correct/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert {"corrected_by", "corrected_at", "action", "notice", "apology"} <= set(
        schema["components"]["schemas"][ref]["properties"]
    )
