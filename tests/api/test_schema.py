"""The OpenAPI schema an integrator generates a client from: valid without a warning, every enum
with a name of its own, and every error the API can give documented on every operation with the
body the API really sends."""

import os
import re

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_login(staff.user)
    yield client
    translation.activate(settings.LANGUAGE_CODE)


def test_the_schema_validates_without_a_warning():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)


def test_every_enum_has_a_name_of_its_own(schema):
    enums = [name for name, spec in schema["components"]["schemas"].items() if "enum" in spec]
    assert enums
    hashed = [name for name in enums if re.search(r"[0-9a-f]{3}Enum$", name)]
    assert hashed == []
    assert "ReasonEnum" not in enums  # too generic: the absence memo's reason
    assert "AbsenceReasonEnum" in enums


def test_every_operation_documents_its_errors(schema):
    missing = [
        f"{method.upper()} {path} {code}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for code in ("400", "401", "403", "404", "429")
        if code not in operation["responses"]
    ]
    assert missing == []
    obligations = schema["paths"]["/api/v1/obligations/"]["get"]["responses"]
    assert obligations["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert obligations["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }


def test_the_documented_error_bodies_are_the_ones_sent(api, schema):
    """A 404's body has the `detail` the Error schema requires; a 400's fields are lists."""
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        missing = api.get("/api/v1/calls/999999/", HTTP_ACCEPT_LANGUAGE="ko")
        assert missing.status_code == 404
        assert set(missing.json()) == set(schema["components"]["schemas"]["Error"]["required"])
        bad = api.post("/api/v1/calls/", {"rings": -1, "colour": "red"}, format="json")
        assert bad.status_code == 400
        body = bad.json()
        assert set(body) == {"colour"}  # unknown fields first: nothing else is looked at
        assert all(isinstance(messages, list) for messages in body.values())


@pytest.mark.parametrize("query", ["page_size=1&page_size=2", "page_size=1&page_size=1"])
def test_page_size_given_twice_is_a_400(api, query):
    response = api.get(f"/api/v1/obligations/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Give this query parameter once."]}


def test_every_create_documents_its_idempotency_key_and_the_replayed_header(schema):
    """Exactly the operations that honour `Idempotency-Key` (every create, and the CDR
    endpoint) document it, with `Idempotent-Replayed` on their success and the 409 and 422."""
    documented = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if any(
            p["in"] == "header" and p["name"] == "Idempotency-Key"
            for p in operation.get("parameters", [])
        )
    }
    assert {
        "POST /api/v1/calls/",
        "POST /api/v1/calls/cdr/",
        "POST /api/v1/callbacks/",
        "POST /api/v1/documents/",
        "POST /api/v1/visit-tickets/",
        "POST /api/v1/feedback/complaints/",
    } <= documented
    # Not an action on an existing record (no key is taken there).
    assert "POST /api/v1/callbacks/{id}/answer/" not in documented
    assert not any(name.startswith(("GET", "DELETE")) for name in documented)
    for name in documented:
        method, path = name.split(" ")
        operation = schema["paths"][path][method.lower()]
        [key] = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert key["required"] is False and key["schema"]["maxLength"] == 255
        successes = [r for code, r in operation["responses"].items() if code.startswith("2")]
        assert successes and all("Idempotent-Replayed" in r["headers"] for r in successes), name
        assert {"409", "422"} <= set(operation["responses"]), name


def test_a_replayed_create_sends_the_documented_header(api, staff):
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        body = {"started_at": "2026-12-02T10:00:00+09:00", "rings": 1, "answered_at": None}
        first = api.post("/api/v1/calls/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        again = api.post("/api/v1/calls/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201, first.json()
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
