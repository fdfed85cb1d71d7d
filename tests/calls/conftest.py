import pytest
from rest_framework.test import APIClient


def api_client_for(user) -> APIClient:
    """The API as `user`, through a session (as the browser's pages call it)."""
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def api(staff):
    return api_client_for(staff.user)


@pytest.fixture
def manager_api(manager):
    return api_client_for(manager.user)


@pytest.fixture
def phone_system(department, admin_user):
    """The phone system: an integration client for `department`, called with its API key.
    Returns (APIClient, the client's system user)."""
    from integrations.services import integration_client_create

    client, key = integration_client_create(
        name="전화 시스템",
        departments=[department],
        endpoints=["call-create", "call-list", "call-retrieve", "callback-create"],
        by=admin_user,
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return api, client.user
