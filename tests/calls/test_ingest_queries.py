"""Ingest cost: the queries of one POST from the phone system do not grow with the data, and
the calendar and standards are not re-read from their tables on every request."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from charter.models import Closure
from tests.conftest import kst

pytestmark = pytest.mark.django_db

CALL = {
    "started_at": "2026-12-02T10:00:00+09:00",
    "answered_at": "2026-12-02T10:00:05+09:00",
    "rings": 2,
    "greeting": True,
    "repeated_back": True,
    "closing": True,
}
MEMO = {"customer_phone": "010-2222-3333", "customer_name": "김고객", "question": "보증 문의"}


@pytest.fixture
def system(department, admin_user):
    from integrations.services import integration_client_create

    _client, key = integration_client_create(
        name="전화",
        departments=[department],
        endpoints=["call-create", "callback-create"],
        by=admin_user,
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return api


def statements(captured):
    """The queries, savepoints left out."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def posted(api, url, body):
    with CaptureQueriesContext(connection) as captured:
        response = api.post(url, body, format="json")
    assert response.status_code == 201, response.content
    return statements(captured)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        yield


def test_a_call_costs_at_most_16_queries(system, staff):
    body = {**CALL, "extension": staff.extension}
    posted(system, "/api/v1/calls/", body)
    queries = posted(system, "/api/v1/calls/", body)
    assert len(queries) <= 16, queries
    assert sum("charter_standard" in q and q.startswith("SELECT") for q in queries) <= 2


def test_a_callback_memo_costs_at_most_17_queries_and_reads_the_calendar_only_when_it_changed(
    system, staff
):
    body = {**MEMO, "extension": staff.extension}
    posted(system, "/api/v1/callbacks/", body)
    queries = posted(system, "/api/v1/callbacks/", body)
    assert len(queries) <= 17, queries
    assert not any('FROM "charter_workingperiod"' in q for q in queries)
    Closure.objects.create(date="2026-12-03", name="임시 휴무")
    queries = posted(system, "/api/v1/callbacks/", body)
    assert any('FROM "charter_workingperiod"' in q for q in queries)
