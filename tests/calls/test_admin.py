"""Calls and callback memos in the Django admin: readable, with history, not hand-made."""

import pytest
import time_machine
from django.contrib.auth import get_user_model

from calls import services
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345!")
    client.force_login(admin)
    return client


@time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False)
def test_admins_read_calls_and_memos_with_their_history_but_cannot_add_them(admin_client, staff):
    call = services.call_log(
        by=staff.user,
        started_at=kst(2026, 12, 2, 10),
        answered_at=None,
        rings=4,
        staff=staff,
        caller_number="010-1234-5678",
    )
    memo = call.callback
    for url in (
        "/admin/calls/call/",
        f"/admin/calls/call/{call.pk}/change/",
        f"/admin/calls/call/{call.pk}/history/",
        "/admin/calls/callback/",
        f"/admin/calls/callback/{memo.pk}/change/",
        f"/admin/calls/callback/{memo.pk}/history/",
    ):
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get("/admin/calls/call/add/").status_code == 403
    assert admin_client.get(f"/admin/calls/callback/{memo.pk}/delete/").status_code == 403
