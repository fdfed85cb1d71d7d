"""What an integrator sees at the API's edges: every input bounded (texts, integers, instants)
with a 400 naming the field and nothing stored, and every 404 JSON in the request's language."""

import pytest
import time_machine
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from calls.models import Call, Callback
from charter import bounds
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        yield
    translation.activate(settings.LANGUAGE_CODE)  # a request's language does not outlive it


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_login(staff.user)
    return client


def memo(staff, **overrides):
    return {
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "question": "보증 심사 결과",
        "department": staff.department.pk,
        **overrides,
    }


def call(who, **overrides):
    return {
        "started_at": "2026-12-02T10:00:00+09:00",
        "answered_at": "2026-12-02T10:00:05+09:00",
        "rings": 2,
        "assigned_to": who.pk,
        **overrides,
    }


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ko", f"이 필드의 글자 수가 {bounds.TEXT} 이하인지 확인하세요."),
        ("en", f"Ensure this field has no more than {bounds.TEXT} characters."),
    ],
)
def test_a_two_million_character_question_is_a_400_naming_it(api, staff, language, message):
    response = api.post(
        "/api/v1/callbacks/",
        memo(staff, question="a" * 2_000_000),
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json() == {"question": [message]}
    assert not Callback.objects.exists()


def test_a_body_beyond_the_upload_limit_is_a_json_413(api, staff):
    response = api.post(
        "/api/v1/callbacks/",
        memo(staff, question="가" * 2_000_000),
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 413  # Payload Too Large (was a 400 before)
    assert response.json() == {"detail": "요청이 너무 큽니다."}
    assert not Callback.objects.exists()


def test_a_question_of_the_limit_is_taken(api, staff):
    response = api.post(
        "/api/v1/callbacks/", memo(staff, question="가" * bounds.TEXT), format="json"
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ko", "이 값이 1000보다 작거나 같은지 확인하세요."),
        ("en", "Ensure this value is less than or equal to 1000."),
    ],
)
def test_rings_beyond_a_thousand_are_a_400_not_a_500(api, staff, language, message):
    for rings in (10**30, 1001):
        response = api.post(
            "/api/v1/calls/", call(staff, rings=rings), format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 400
        assert response.json()["rings"] == [message]
    response = api.post("/api/v1/calls/", call(staff, rings=-1), format="json")
    assert response.status_code == 400 and "rings" in response.json()
    assert not Call.objects.exists()


def test_an_id_beyond_any_integer_column_is_a_400(api, staff):
    response = api.post(
        "/api/v1/calls/", call(staff, assigned_to=10**30), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "assigned_to" in response.json()
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ko", "2000-01-01부터 2027-12-31 사이의 일시를 입력해 주세요."),
        ("en", "Enter a date and time between 2000-01-01 and 2027-12-31."),
    ],
)
def test_an_instant_in_year_0001_is_a_400_naming_the_field(api, staff, language, message):
    response = api.post(
        "/api/v1/callbacks/",
        memo(staff, created_at="0001-01-01T00:00:00Z"),
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json() == {"created_at": [message]}
    assert not Callback.objects.exists()


def test_every_writable_field_of_the_schema_is_bounded(api):
    """The schema shows the bounds: no text input without maxLength, no integer input without
    minimum and maximum (read-only and enum fields aside)."""
    schema = api.get("/api/schema/?format=json").json()
    unbounded = []
    for name, component in schema["components"]["schemas"].items():
        if not name.endswith("Request"):
            continue
        for field, spec in component.get("properties", {}).items():
            kind = spec.get("type")
            plain_text = kind == "string" and not {"format", "enum"} & spec.keys()
            if plain_text and "maxLength" not in spec:
                unbounded.append(f"{name}.{field}")
            if kind == "integer" and not {"minimum", "maximum"} <= spec.keys():
                unbounded.append(f"{name}.{field}")
    assert unbounded == []


@pytest.mark.parametrize(
    ("language", "detail"), [("ko", "찾을 수 없습니다."), ("en", "Not found.")]
)
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/documents/abc/confirm/"),
        ("post", "/api/v1/documents/abc/incomplete/"),
        ("post", "/api/v1/documents/abc/notices/"),
        ("get", "/api/v1/documents/abc/"),
        ("get", "/api/v1/documents/999999/"),
        ("post", "/api/v1/documents/999999/confirm/"),
        ("get", "/api/v1/calls/1.5/"),
        ("post", "/api/v1/callbacks/x/answer/"),
        ("get", "/api/v1/feedback/opinions/abc/"),
        ("post", "/api/v1/obligations/abc/pause/"),
        ("get", "/api/v1/no-such-section/"),
    ],
)
def test_every_api_404_is_json_in_the_requests_language(api, method, url, language, detail):
    response = getattr(api, method)(url, {}, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": detail}
