"""A body over DATA_UPLOAD_MAX_MEMORY_SIZE: a JSON 413 in the request's language on the API
(stores nothing), the site's error page with a 413 elsewhere."""

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from feedback.models import Feedback

pytestmark = pytest.mark.django_db

LIMIT = 10_000


def _big_body(department):
    return json.dumps(
        {
            "title": "큰 요청",
            "text": "가" * (LIMIT * 2),
            "channel": "email",
            "received_at": "2026-10-01T10:00:00+09:00",
            "department": department.pk,
            "customer_name": "홍길동",
            "customer_email": "hong@example.com",
            "consent": True,
        }
    )


@pytest.mark.parametrize(
    ("language", "expected"), [("ko", "요청이 너무 큽니다."), ("en", "The request is too large.")]
)
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT)
def test_an_oversized_api_body_is_a_json_413_in_the_requested_language(staff, language, expected):
    api = APIClient()
    api.force_login(staff.user)
    response = api.post(
        "/api/v1/feedback/opinions/",
        _big_body(staff.department),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": expected}
    assert not Feedback.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT)
def test_an_oversized_form_is_a_413_page_off_the_api(client, staff):
    client.force_login(staff.user)
    response = client.post(
        "/feedback/new/",
        {"title": "큰 요청", "text": "가" * (LIMIT * 2)},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert not Feedback.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=LIMIT)
def test_a_form_body_on_the_api_is_refused_as_json_whatever_its_size(staff):
    """The API reads JSON only: a form body, small or oversized, is a JSON 415 in the
    request's language, and nothing is stored."""
    api = APIClient()
    api.force_login(staff.user)
    for text in ("작은 요청", "가" * (LIMIT * 2)):
        response = api.post(
            "/api/v1/feedback/opinions/",
            {"title": "폼 요청", "text": text, "channel": "web"},
            format="multipart",
            HTTP_ACCEPT_LANGUAGE="ko",
        )
        assert response.status_code == 415
        assert "application/json" in response["Content-Type"]
        assert "multipart/form-data" in response.json()["detail"]
    assert not Feedback.objects.exists()
