"""GET /api/v1/obligations/ as an integrator syncs it: ids with display names, filtered by the
record an obligation is about and by what changed since the last sync; a bad value a 400."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from charter import services
from charter.models import Obligation
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_login(staff.user)
    yield client
    translation.activate(settings.LANGUAGE_CODE)


def memo(api, staff):
    response = api.post(
        "/api/v1/callbacks/",
        {
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
            "question": "보증 심사 결과",
            "department": staff.department.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    return response.json()["id"]


def standards(response):
    assert response.status_code == 200, response.json()
    return sorted(item["standard"] for item in response.json()["results"])


def test_obligations_give_ids_and_names(api, staff):
    with time_machine.travel(kst(2026, 12, 2, 10, 0), tick=False):
        memo(api, staff)
        item = api.get("/api/v1/obligations/").json()["results"][0]
    assert item["department"] == staff.department.pk
    assert item["department_name"] == staff.department.name
    assert item["responsible"] == staff.pk
    assert item["responsible_name"] == staff.name
    assert item["changed_at"] == "2026-12-02T10:00:00+09:00"


def test_filter_by_the_record_it_is_about(api, staff):
    with time_machine.travel(kst(2026, 12, 2, 10, 0), tick=False):
        first, second = memo(api, staff), memo(api, staff)
        assert standards(
            api.get(f"/api/v1/obligations/?subject_type=calls.callback&subject_id={first}")
        ) == ["P4"]
        mine = api.get(f"/api/v1/obligations/?subject_type=calls.callback&subject_id={second}")
        assert [o["subject_id"] for o in mine.json()["results"]] == [second]
        assert standards(api.get("/api/v1/obligations/?subject_type=calls.call")) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("subject_type=calls.nothing", "subject_type"),
        ("subject_type=auth.user", "subject_type"),
        ("subject_id=abc", "subject_id"),
        ("changed_since=yesterday", "changed_since"),
        ("changed_by=3", "changed_by"),
    ],
)
def test_an_unknown_value_is_a_400_naming_the_parameter(api, query, field):
    response = api.get(f"/api/v1/obligations/?{query}", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_changed_since_returns_what_was_written_after_the_last_sync(api, staff):
    with time_machine.travel(kst(2026, 12, 2, 10, 0), tick=False):
        memo(api, staff)
    last_sync = "2026-12-02T10:30:00%2B09:00"
    with time_machine.travel(kst(2026, 12, 2, 10, 45), tick=False):
        assert standards(api.get(f"/api/v1/obligations/?changed_since={last_sync}")) == []
    # The breach scan's set-based UPDATE is a change too.
    with time_machine.travel(kst(2026, 12, 2, 11, 5), tick=False):
        assert services.breach_scan() == 1
        changed = api.get(f"/api/v1/obligations/?changed_since={last_sync}").json()["results"]
    assert [(o["standard"], o["status"]) for o in changed] == [("P4", "breached")]
    assert changed[0]["changed_at"] == "2026-12-02T11:05:00+09:00"


def test_a_saved_change_stamps_changed_at(staff):
    with time_machine.travel(kst(2026, 12, 2, 10, 0), tick=False):
        obligation = services.obligation_open(
            standard="P4",
            subject=staff,
            department=staff.department,
            starts_at=kst(2026, 12, 2, 10),
        )
    with time_machine.travel(kst(2026, 12, 2, 10, 20), tick=False):
        services.obligation_meet(obligation=obligation, at=kst(2026, 12, 2, 10, 20))
    obligation = Obligation.objects.get(pk=obligation.pk)
    assert obligation.changed_at == kst(2026, 12, 2, 10, 20)
    assert Obligation.objects.changed_since(kst(2026, 12, 2, 10, 20)).count() == 1
    assert (
        Obligation.objects.changed_since(kst(2026, 12, 2, 10, 20) + dt.timedelta(seconds=1)).count()
        == 0
    )
