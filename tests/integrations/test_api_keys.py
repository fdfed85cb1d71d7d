"""Other systems call the REST API with `Authorization: Api-Key <key>`: only the endpoints their
integration client was given, only while the key is neither revoked nor expired."""

import datetime as dt
import logging

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calls.models import Call
from integrations import services
from integrations.models import IntegrationClient
from tests import factories
from tests.conftest import kst

from .conftest import KeyClient, call_record

pytestmark = pytest.mark.django_db

CALLS = "/api/v1/calls/"


def test_the_phone_system_logs_a_call_with_its_key(phone_system, staff):
    client, key = phone_system
    response = KeyClient(key).post(CALLS, call_record(staff))
    assert response.status_code == 201, response.json()
    call = Call.objects.get(pk=response.json()["id"])
    assert call.staff == staff
    assert call.logged_by == client.user
    assert {o["standard"]: o["status"] for o in response.json()["obligations"]}["P1"] == "met"


def test_the_phone_system_takes_a_callback_memo_with_its_key(phone_system, staff):
    _client, key = phone_system
    body = {
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "question": "보증 심사 결과",
        "department": staff.department.pk,
        "assigned_to": staff.pk,
        "created_at": "2026-12-02T10:00:00+09:00",
    }
    response = KeyClient(key).post("/api/v1/callbacks/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["assigned_to"] == staff.pk


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        (CALLS, "call-list"),
        ("/api/v1/callbacks/", "callback-list"),
        ("/api/v1/obligations/", "obligation-list"),
        ("/api/v1/compliance/", "compliance"),
    ],
)
def test_an_endpoint_not_given_to_the_client_is_forbidden(phone_system, url, endpoint):
    _client, key = phone_system
    response = KeyClient(key).get(url)
    assert response.status_code == 403
    expected = f"이 API 키로는 “{endpoint}” 엔드포인트를 호출할 수 없습니다."
    assert response.json()["detail"] == expected


def test_a_view_outside_the_router_is_allowed_by_its_url_name(system_group, superuser, staff):
    system_group.permissions.add(Permission.objects.get(codename="view_obligation"))
    _client, key = services.integration_client_create(
        name="Reporting", departments=[staff.department], endpoints=["compliance"], by=superuser
    )
    reporting = KeyClient(key)
    response = reporting.get(
        "/api/v1/compliance/", since="2026-12-01T00:00:00+09:00", until="2026-12-03T00:00:00+09:00"
    )
    assert response.status_code == 200, response.json()
    assert reporting.get("/api/v1/obligations/").status_code == 403


def test_a_revoked_key_is_refused(phone_system, staff, superuser):
    client, key = phone_system
    services.integration_client_revoke(client=client, by=superuser)
    response = KeyClient(key).post(CALLS, call_record(staff))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json()["detail"] == "API 키가 올바르지 않거나 폐기되었습니다."
    assert not Call.objects.exists()


def test_an_expired_key_is_refused(system_group, superuser, staff, frozen):
    _client, key = services.integration_client_create(
        name="Phone system",
        departments=[staff.department],
        endpoints=["call-create"],
        expiry_date=kst(2026, 12, 2, 11, 0),
        by=superuser,
    )
    phone = KeyClient(key, language="en")
    assert phone.post(CALLS, call_record(staff)).status_code == 201
    frozen.move_to(kst(2026, 12, 2, 11, 0))
    response = phone.post(CALLS, call_record(staff))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json()["detail"] == "The API key has expired."
    assert Call.objects.count() == 1


@pytest.mark.parametrize("wrong", ["secret", "abcdefgh.0123456789abcdef0123456789abcdef", ""])
def test_a_wrong_key_is_refused(phone_system, staff, wrong):
    client, _key = phone_system
    if wrong == "secret":  # the right prefix, another secret
        wrong = f"{client.prefix}.{'x' * 32}"
    response = KeyClient(wrong).post(CALLS, call_record(staff))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert not Call.objects.exists()


def test_the_old_token_scheme_is_not_accepted(phone_system, staff):
    _client, key = phone_system
    response = KeyClient(key).client.post(
        CALLS,
        call_record(staff),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 401


def test_the_browser_session_still_works_beside_keys(staff_client):
    assert staff_client.get("/api/v1/calls/").status_code == 200


def test_last_use_is_recorded_at_most_once_a_minute(phone_system, staff, frozen):
    client, key = phone_system
    phone = KeyClient(key)
    assert client.last_used_at is None
    assert phone.post(CALLS, call_record(staff)).status_code == 201
    client.refresh_from_db()
    assert client.last_used_at == kst(2026, 12, 2, 10, 30)

    frozen.move_to(kst(2026, 12, 2, 10, 30, 59))
    with CaptureQueriesContext(connection) as queries:
        assert phone.post(CALLS, call_record(staff)).status_code == 201
    writes = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert not [sql for sql in writes if "integrations_integrationclient" in sql]
    client.refresh_from_db()
    assert client.last_used_at == kst(2026, 12, 2, 10, 30)

    frozen.move_to(kst(2026, 12, 2, 10, 31, 1))
    # A refused request is rolled back with everything it did (ATOMIC_REQUESTS).
    assert phone.get(CALLS).status_code == 403
    client.refresh_from_db()
    assert client.last_used_at == kst(2026, 12, 2, 10, 30)
    assert phone.post(CALLS, call_record(staff)).status_code == 201
    client.refresh_from_db()
    assert client.last_used_at == kst(2026, 12, 2, 10, 31, 1)


def test_two_workers_with_the_same_stale_row_write_last_use_once(phone_system):
    client, _key = phone_system
    first = IntegrationClient.objects.get(pk=client.pk)
    second = IntegrationClient.objects.get(pk=client.pk)
    now = kst(2026, 12, 2, 10, 30)
    assert services.integration_client_mark_used(client=first, now=now) is True
    assert services.integration_client_mark_used(client=second, now=now) is False
    later = now + dt.timedelta(seconds=61)
    assert services.integration_client_mark_used(client=second, now=later) is True


def test_the_key_is_stored_only_hashed_and_never_logged(phone_system, staff, caplog, capsys):
    client, key = phone_system
    prefix, secret = key.split(".")
    caplog.set_level(logging.DEBUG)
    KeyClient(key).post(CALLS, call_record(staff))
    KeyClient(key).get(CALLS)
    KeyClient(f"{prefix}.wrong").get(CALLS)
    assert secret not in caplog.text

    row = IntegrationClient.objects.filter(pk=client.pk).values().get()
    assert row["prefix"] == prefix
    assert row["hashed_key"].startswith("sha512$$")
    assert not [field for field, value in row.items() if secret in str(value)]
    # Nor anywhere else in the database.
    call_command("dumpdata", format="json", stdout=(dump := _Buffer()))
    assert prefix in dump.text
    assert secret not in dump.text
    assert key not in dump.text


class _Buffer:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_the_phone_system_logs_only_for_its_departments(phone_system, staff):
    elsewhere = factories.StaffMemberFactory()  # another department
    _client, key = phone_system
    response = KeyClient(key).post(CALLS, call_record(elsewhere))
    assert response.status_code in (400, 403), response.json()
    assert not Call.objects.exists()
