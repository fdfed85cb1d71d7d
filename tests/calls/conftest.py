import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api_client_for(user) -> APIClient:
    client = APIClient()
    token = Token.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(staff):
    return api_client_for(staff.user)


@pytest.fixture
def manager_api(manager):
    return api_client_for(manager.user)
