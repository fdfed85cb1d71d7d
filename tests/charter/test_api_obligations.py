"""GET /api/v1/obligations/: what an integrator reads."""

import pytest
from rest_framework.test import APIClient

from charter import services
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_login(staff.user)
    return client


@pytest.fixture
def opened(staff):
    p4 = services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=kst(2026, 12, 2, 10),
        responsible=staff,
    )
    p1 = services.obligation_record(
        standard="P1",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 2, 11),
        kept=False,
        measured=4,
    )
    return p4, p1


def test_it_lists_obligations_with_their_times_and_subject(api, opened):
    response = api.get("/api/v1/obligations/")
    assert response.status_code == 200
    items = {item["standard"]: item for item in response.json()["results"]}
    assert items["P4"]["status"] == "open"
    assert items["P4"]["due_at"] == "2026-12-02T11:00:00+09:00"
    assert items["P4"]["subject_type"] == "charter.staffmember"
    assert items["P1"]["status"] == "breached"
    assert items["P1"]["measured"] == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("standard=p4", ["P4"]),
        ("status=breached", ["P1"]),
        ("due_before=2026-12-02T10:59:00%2B09:00", []),
        ("due_after=2026-12-02T11:00:00%2B09:00", ["P1", "P4"]),
    ],
)
def test_it_filters(api, opened, query, expected):
    response = api.get(f"/api/v1/obligations/?{query}")
    assert sorted(item["standard"] for item in response.json()["results"]) == expected


def test_it_filters_by_department(api, opened, staff):
    assert (
        len(api.get(f"/api/v1/obligations/?department={staff.department.pk}").json()["results"])
        == 2
    )
    assert (
        api.get(f"/api/v1/obligations/?department={staff.department.pk + 99}").json()["results"]
        == []
    )


def test_a_bad_filter_is_a_400_in_the_requested_language(api, opened):
    response = api.get("/api/v1/obligations/?status=late", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert "status" in response.json()
    response = api.get("/api/v1/obligations/?status=late", HTTP_ACCEPT_LANGUAGE="en")
    assert "Select a valid choice" in response.json()["status"][0]


def test_it_refuses_anonymous_callers():
    assert APIClient().get("/api/v1/obligations/").status_code == 401


def test_the_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/obligations/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


@pytest.mark.parametrize(
    ("language", "message"),
    [("ko", "알 수 없는 조회 조건입니다"), ("en", "Unknown query parameter")],
)
def test_an_unknown_query_parameter_is_a_400_naming_it(api, opened, language, message):
    response = api.get("/api/v1/obligations/?stauts=open", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert list(response.json()) == ["stauts"]
    assert message in response.json()["stauts"][0]


def test_page_size_given_twice_is_refused_and_given_once_is_honoured(api, opened):
    response = api.get("/api/v1/obligations/?page_size=1&page_size=2", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Give this query parameter once."]}
    response = api.get("/api/v1/obligations/?page_size=1")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
