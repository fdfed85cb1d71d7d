"""Integration clients in the admin: the key is shown once, when the client is added, and
never again; revoking is an action."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client

from integrations import services
from integrations.models import IntegrationClient
from tests import factories

from .conftest import KeyClient, call_record

pytestmark = pytest.mark.django_db

LIST = "/admin/integrations/integrationclient/"
ADD = f"{LIST}add/"
KEY = re.compile(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def add_phone_system(admin_client, department, **extra):
    data = {
        "name": "전화 시스템",
        "departments": [department.pk],
        "endpoints": ["call-create", "callback-create"],
        "expiry_date_0": "",
        "expiry_date_1": "",
        "_save": "저장",
        **extra,
    }
    return admin_client.post(ADD, data, follow=True)


def test_the_add_form_offers_departments_and_endpoints_as_checkboxes(admin_client, department):
    page = admin_client.get(ADD).content.decode()
    assert f'type="checkbox" name="departments" value="{department.pk}"' in page
    assert 'type="checkbox" name="endpoints" value="call-create"' in page
    assert "call-create · POST /api/v1/calls/" in page
    assert "연계 시스템" in page


def test_adding_a_client_shows_its_key_once_and_the_key_works(admin_client, staff, system_group):
    response = add_phone_system(admin_client, staff.department)
    assert response.status_code == 200
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "다시 표시되지 않습니다" in warnings[0]
    key = KEY.search(warnings[0]).group()

    client = IntegrationClient.objects.get()
    assert client.user.username == "system-전화-시스템"
    assert list(client.departments.all()) == [staff.department]
    assert key.startswith(client.prefix)
    assert KeyClient(key).post("/api/v1/calls/", call_record(staff)).status_code == 201

    secret = key.split(".")[1]
    for url in (LIST, f"{LIST}{client.pk}/change/", f"{LIST}{client.pk}/history/"):
        page = admin_client.get(url).content.decode()
        assert client.prefix in page or url.endswith("history/")
        assert secret not in page, url
        assert client.hashed_key not in page, url
        assert client.hashed_key.split("$$")[1] not in page, url
    entry = LogEntry.objects.get()
    assert secret not in f"{entry.object_repr} {entry.change_message}"


def test_the_form_refuses_an_unknown_endpoint_and_a_past_expiry(admin_client, department):
    response = add_phone_system(
        admin_client,
        department,
        endpoints=["call-nonsense"],
        expiry_date_0="2026-12-01",
        expiry_date_1="09:00:00",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"endpoints", "expiry_date"}
    assert not IntegrationClient.objects.exists()


def test_revoking_from_the_list_stops_the_key(admin_client, phone_system, staff):
    client, key = phone_system
    response = admin_client.post(
        LIST, {"action": "revoke", "_selected_action": [client.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "연계 키 1개를 폐기했습니다." in response.content.decode()
    client.refresh_from_db()
    assert client.revoked
    assert KeyClient(key).post("/api/v1/calls/", call_record(staff)).status_code == 401
    # Revoked for good: the change page shows it, read-only.
    page = admin_client.get(f"{LIST}{client.pk}/change/").content.decode()
    assert 'name="endpoints"' not in page


def test_keys_are_never_deleted(admin_client, phone_system):
    client, _key = phone_system
    assert admin_client.get(f"{LIST}{client.pk}/delete/").status_code == 403


def test_a_staff_user_with_the_model_permission_but_no_admin_role_cannot_add(department, db):
    user = factories.UserFactory(role="staff")
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="integrations"))
    browser = Client()
    browser.force_login(user)
    assert browser.get(ADD).status_code == 403


def test_editing_a_client_changes_its_endpoints_but_never_undoes_a_revocation(
    admin_client, phone_system, superuser, staff
):
    client, key = phone_system
    change = f"{LIST}{client.pk}/change/"
    form = admin_client.get(change).context["adminform"].form
    data = {
        "name": client.name,
        "departments": [staff.department.pk],
        "endpoints": ["call-create"],
        "expiry_date_0": "",
        "expiry_date_1": "",
        "_save": "저장",
    }
    assert form.initial["endpoints"] == ["call-create", "callback-create"]
    # Revoked by someone else while the form was open.
    services.integration_client_revoke(client=client, by=superuser)
    response = admin_client.post(change, data)
    client.refresh_from_db()
    assert client.revoked
    assert response.status_code in (200, 302)
    assert KeyClient(key).post("/api/v1/calls/", call_record(staff)).status_code == 401


def test_editing_a_client_changes_what_it_may_call(admin_client, phone_system, staff):
    client, key = phone_system
    data = {
        "name": "Phone system",
        "departments": [staff.department.pk],
        "endpoints": ["call-create", "call-list"],
        "expiry_date_0": "",
        "expiry_date_1": "",
        "_save": "저장",
    }
    response = admin_client.post(f"{LIST}{client.pk}/change/", data)
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.endpoints == ["call-create", "call-list"]
    assert KeyClient(key).get("/api/v1/calls/").status_code == 200
