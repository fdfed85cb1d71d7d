"""Recording after the fact: a notice already sent keeps its time and its D2 result, and is
not sent again."""

import pytest
import time_machine
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from charter.models import Obligation
from charter.services import breach_scan
from documents.models import Notice
from tests.conftest import kst
from tests.outbox import sent_email, sent_sms

pytestmark = pytest.mark.django_db

DOCUMENT = {
    "channel": "email",
    "customer_name": "홍길동",
    "customer_phone": "010-1234-5678",
    "customer_email": "hong@example.com",
    "description": "보증 신청서",
    "received_at": "2026-12-02T09:40:00+09:00",
}


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_login(staff.user)
    yield client
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def confirmed(api):
    with time_machine.travel(kst(2026, 12, 2, 9, 50), tick=False):
        pk = api.post("/api/v1/documents/", DOCUMENT, format="json").json()["id"]
        response = api.post(f"/api/v1/documents/{pk}/confirm/", {}, format="json")
        assert response.status_code == 200, response.json()
    return pk


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_a_receipt_recorded_later_keeps_its_time_and_a_kept_d2(api, confirmed, channel):
    d2 = Obligation.objects.for_standard("D2").get()
    assert d2.due_at < kst(2026, 12, 2, 15)
    # The gateway sent it at 10:05; its record reaches the API in the afternoon, after the
    # deadline and after the scan.
    with time_machine.travel(kst(2026, 12, 2, 15), tick=False):
        assert breach_scan() >= 1
        response = api.post(
            f"/api/v1/documents/{confirmed}/notices/",
            {"kind": "receipt", "channel": channel, "sent_at": "2026-12-02T10:05:00+09:00"},
            format="json",
        )
    assert response.status_code == 201, response.json()
    assert response.json()["sent_at"] == "2026-12-02T10:05:00+09:00"
    assert response.json()["sent_from_app"] is False
    assert sent_sms() == [] and sent_email() == []  # already sent: not sent twice
    d2.refresh_from_db()
    assert (d2.status, d2.met_at) == (Obligation.Status.MET, kst(2026, 12, 2, 10, 5))


def test_without_sent_at_the_app_sends_it_now(api, confirmed):
    with time_machine.travel(kst(2026, 12, 2, 10, 10), tick=False):
        response = api.post(
            f"/api/v1/documents/{confirmed}/notices/",
            {"kind": "receipt", "channel": "sms"},
            format="json",
        )
    assert response.status_code == 201
    assert response.json()["sent_from_app"] is True
    assert len(sent_sms()) == 1


@pytest.mark.parametrize(
    ("sent_at", "message"),
    [
        ("2026-12-02T10:30:00+09:00", "future"),
        ("2026-12-02T09:45:00+09:00", "before the documents were confirmed"),
    ],
)
def test_a_sent_at_in_the_future_or_before_confirmation_is_a_400(api, confirmed, sent_at, message):
    with time_machine.travel(kst(2026, 12, 2, 10, 10), tick=False):
        response = api.post(
            f"/api/v1/documents/{confirmed}/notices/",
            {"kind": "receipt", "channel": "email", "sent_at": sent_at},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    assert message in response.json()["sent_at"][0]
    assert not Notice.objects.exists()
    assert sent_email() == []
