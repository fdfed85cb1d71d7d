import json

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from integrations import services
from tests.conftest import kst

# What the phone system needs of the group "system" (charter.roles is to grant them; given here
# so that these tests do not depend on it).
PHONE_SYSTEM_PERMISSIONS = ["add_call", "add_callback", "view_call", "view_callback"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False) as traveller:
        yield traveller


@pytest.fixture
def system_group(db):
    group, _created = Group.objects.get_or_create(name=services.SYSTEM_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="calls", codename__in=PHONE_SYSTEM_PERMISSIONS
        )
    )
    return group


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345!")


@pytest.fixture
def phone_system(system_group, superuser, staff):
    """(client, key): the phone system, for the department of `staff`."""
    return services.integration_client_create(
        name="Phone system",
        departments=[staff.department],
        endpoints=["call-create", "callback-create"],
        by=superuser,
    )


class KeyClient:
    """The Django test client speaking JSON with `Authorization: Api-Key <key>`."""

    def __init__(self, key, language="ko"):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}", "HTTP_ACCEPT_LANGUAGE": language}

    def get(self, url, **params):
        return self.client.get(url, params, **self.headers)

    def post(self, url, body):
        return self.client.post(
            url, json.dumps(body), content_type="application/json", **self.headers
        )


def call_record(staff, **overrides):
    """A call record as the phone system sends it (tests/calls/test_api_calls.py)."""
    body = {
        "started_at": "2026-12-02T10:00:00+09:00",
        "answered_at": "2026-12-02T10:00:12+09:00",
        "rings": 2,
        "extension": staff.extension,
        "caller_number": "010-1234-5678",
        "topic": "보증 문의",
        "greeting": True,
        "repeated_back": True,
        "closing": True,
    }
    body.update(overrides)
    return body
