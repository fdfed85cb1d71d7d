"""integration_client_create and _revoke: a dedicated user per client, made and revoked by
admins only."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from integrations import services
from integrations.endpoints import endpoint_choices, endpoint_names
from integrations.models import IntegrationClient
from tests import factories
from tests.conftest import kst

pytestmark = pytest.mark.django_db


def make(by, department, **overrides):
    arguments = {
        "name": "Phone system",
        "departments": [department],
        "endpoints": ["call-create", "callback-create"],
        "by": by,
        **overrides,
    }
    return services.integration_client_create(**arguments)


def test_a_client_gets_its_own_user_without_a_password_in_the_group_system(superuser, department):
    client, key = make(superuser, department)
    user = client.user
    assert user.username == "system-phone-system"
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["system"]
    assert not user.is_staff and not user.is_superuser
    assert list(client.departments.all()) == [department]
    assert client.endpoints == ["call-create", "callback-create"]
    assert key.startswith(f"{client.prefix}.")
    assert client.is_valid(key)


def test_the_user_is_named_after_the_client_or_else_its_id(superuser, department):
    korean, _key = make(superuser, department, name="전화 시스템")
    assert korean.user.username == "system-전화-시스템"
    again, _key = make(superuser, department, name="전화 시스템")
    assert again.user.username == f"system-{again.pk}"
    symbols, _key = make(superuser, department, name="!!!")
    assert symbols.user.username == f"system-{symbols.pk}"


def test_the_group_system_comes_from_the_migration():
    assert Group.objects.filter(name="system").exists()


def test_members_of_the_group_admin_may_make_and_revoke_keys(department, roles):
    admin = factories.UserFactory(role="admin")
    client, _key = make(admin, department)
    services.integration_client_revoke(client=client, by=admin)
    client.refresh_from_db()
    assert client.revoked
    assert not client.user.is_active


@pytest.mark.parametrize("role", ["staff", "manager", None])
def test_nobody_else_may_make_or_revoke_keys(department, superuser, role):
    user = factories.UserFactory(role=role)
    with pytest.raises(PermissionDenied, match="관리자만"):
        make(user, department)
    client, _key = make(superuser, department)
    with pytest.raises(PermissionDenied):
        services.integration_client_revoke(client=client, by=user)
    client.refresh_from_db()
    assert not client.revoked


def test_revoking_twice_changes_nothing(superuser, department):
    client, _key = make(superuser, department)
    services.integration_client_revoke(client=client, by=superuser)
    services.integration_client_revoke(client=client, by=superuser)
    client.refresh_from_db()
    assert client.revoked


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"endpoints": ["call-create", "call-nonsense"]}, "endpoints"),
        ({"endpoints": []}, "endpoints"),
        ({"departments": []}, "departments"),
        ({"name": "  "}, "name"),
        ({"expiry_date": kst(2026, 12, 2, 10, 0)}, "expiry_date"),
    ],
)
def test_bad_input_makes_nothing(superuser, department, overrides, field):
    with pytest.raises(ValidationError) as error:
        make(superuser, department, **overrides)
    assert field in error.value.error_dict
    assert not IntegrationClient.objects.exists()
    assert not superuser._meta.model.objects.filter(username__startswith="system-").exists()


def test_the_endpoints_are_read_from_the_router_and_the_urlconf():
    names = endpoint_names()
    assert {"call-create", "callback-create", "callback-answer", "obligation-pause"} <= names
    assert {"call-list", "call-retrieve", "compliance"} <= names
    assert "call-destroy" not in names  # the calls viewset has no destroy
    labels = dict(endpoint_choices())
    assert labels["call-create"] == "call-create · POST /api/v1/calls/"
    assert labels["callback-answer"] == "callback-answer · POST /api/v1/callbacks/{id}/answer/"
    assert labels["compliance"] == "compliance · GET /api/v1/compliance/"
