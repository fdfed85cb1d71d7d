"""Idempotency-Key on the API's creates: a retry replays the first response, stores nothing."""

import datetime as dt

import pytest
import time_machine
from django.db import connection

from calls.models import Call, Callback
from charter.models import Obligation
from integrations import services
from integrations.models import IdempotentRequest
from tests.calls.conftest import api_client_for
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False) as traveller:
        yield traveller


def call_body(**more):
    body = {
        "started_at": "2026-12-02T10:00:00+09:00",
        "answered_at": "2026-12-02T10:00:05+09:00",
        "rings": 2,
        "greeting": True,
    }
    body.update(more)
    return body


def post(api, url, body, key):
    return api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key, HTTP_ACCEPT_LANGUAGE="ko")


def test_a_repeated_key_replays_the_first_response_and_stores_nothing_new(staff):
    api = api_client_for(staff.user)
    first = post(api, "/api/v1/calls/", call_body(), "abc-1")
    assert first.status_code == 201
    counts = (Call.objects.count(), Obligation.objects.count())
    again = post(api, "/api/v1/calls/", call_body(), "abc-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert (Call.objects.count(), Obligation.objects.count()) == counts
    assert "Idempotent-Replayed" not in first


def test_the_same_key_with_another_body_is_a_422_in_korean(staff):
    api = api_client_for(staff.user)
    post(api, "/api/v1/calls/", call_body(), "abc-1")
    other = post(api, "/api/v1/calls/", call_body(rings=5), "abc-1")
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()
    assert "다른 요청" in other.json()["Idempotency-Key"][0]
    assert Call.objects.count() == 1


def test_keys_are_per_user(staff, department):
    from tests import factories

    colleague = factories.StaffMemberFactory(department=department, role="staff")
    post(api_client_for(staff.user), "/api/v1/calls/", call_body(), "same")
    second = post(api_client_for(colleague.user), "/api/v1/calls/", call_body(), "same")
    assert second.status_code == 201
    assert "Idempotent-Replayed" not in second
    assert Call.objects.count() == 2


def test_a_failed_request_keeps_no_key_so_it_can_be_retried(staff):
    api = api_client_for(staff.user)
    bad = post(api, "/api/v1/callbacks/", {"customer_phone": "x"}, "memo-1")
    assert bad.status_code == 400
    assert not IdempotentRequest.objects.exists()
    good = post(
        api,
        "/api/v1/callbacks/",
        {"customer_phone": "010-2222-3333", "customer_name": "김고객", "question": "보증"},
        "memo-1",
    )
    assert good.status_code == 201
    assert (
        post(
            api,
            "/api/v1/callbacks/",
            {"customer_phone": "010-2222-3333", "customer_name": "김고객", "question": "보증"},
            "memo-1",
        ).status_code
        == 201
    )  # noqa: E501
    assert Callback.objects.count() == 1


def test_without_the_header_every_request_creates(staff):
    api = api_client_for(staff.user)
    api.post("/api/v1/calls/", call_body(), format="json")
    api.post("/api/v1/calls/", call_body(), format="json")
    assert Call.objects.count() == 2


def test_a_key_longer_than_255_characters_is_refused(staff):
    response = post(api_client_for(staff.user), "/api/v1/calls/", call_body(), "k" * 256)
    assert response.status_code == 400
    assert not Call.objects.exists()


def test_every_create_of_the_api_honours_the_key():
    from config.api import router

    for _prefix, viewset, basename in router.registry:
        if hasattr(viewset, "create"):
            assert getattr(viewset.create, "_idempotent", False), basename


def test_stored_responses_are_purged_after_24_hours(staff, frozen):
    post(api_client_for(staff.user), "/api/v1/calls/", call_body(), "old")
    frozen.shift(dt.timedelta(hours=23))
    assert services.idempotency_purge() == 0
    frozen.shift(dt.timedelta(hours=2))
    assert services.idempotency_purge() == 1
    assert not IdempotentRequest.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (SQLite serialises every write)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_with_one_key_at_once_create_once(staff):
    """On PostgreSQL: the second request's INSERT waits for the first's commit on the unique
    index, then replays its response."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(4)
    responses = []

    def send():
        try:
            api = api_client_for(staff.user)
            barrier.wait()
            responses.append(post(api, "/api/v1/calls/", call_body(), "together"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in responses) == [201] * 4
    assert Call.objects.count() == 1
    assert sum(1 for r in responses if r.get("Idempotent-Replayed") == "true") == 3
    assert len({r.json()["id"] for r in responses}) == 1
