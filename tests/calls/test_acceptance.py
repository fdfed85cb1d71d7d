"""The issue's acceptance story, end to end through the pages."""

import datetime as dt

import pytest
import time_machine

from charter.models import Obligation
from charter.services import breach_scan
from tests.conftest import kst

pytestmark = pytest.mark.django_db


def test_a_ringing_phone_a_memo_an_hour_of_business_time_and_a_late_callback(staff_client, staff):
    with time_machine.travel(kst(2026, 12, 2, 16, 40), tick=False) as traveller:
        # The phone rang 4 times: the P1 breach shows right after logging.
        html = staff_client.post(
            "/calls/log/",
            {
                "rings": "4",
                "topic": "보증 심사",
                "greeting": "on",
                "repeated_back": "on",
                "closing": "on",
                "started_at": "2026-12-02T16:39",
                "extension": staff.extension,
            },
            follow=True,
        ).content.decode()
        assert "P1 위반: 벨 4회" in html

        # The answer needs the person in charge: a callback memo, due one business hour later.
        staff_client.post(
            "/calls/callbacks/new/",
            {
                "customer_name": "홍길동",
                "customer_phone": "010-1234-5678",
                "question": "심사 결과 문의",
                "assigned_to": staff.pk,
                "created_at": "2026-12-02T16:40",
            },
        )
        p4 = Obligation.objects.for_standard("P4").get()
        assert p4.due_at == kst(2026, 12, 2, 17, 40)
        assert "기한 경과" not in staff_client.get("/calls/callbacks/").content.decode()

        # An hour of business time passes; the scan flags it; my callbacks show it overdue.
        traveller.shift(dt.timedelta(hours=1, minutes=1))
        assert breach_scan() == 1
        page = staff_client.get("/calls/callbacks/").content.decode()
        assert '<tr class="overdue">' in page
        assert "기한 경과" in page

        # Answered now, it stays a (late) breach.
        html = staff_client.post(
            f"/calls/callbacks/{p4.object_id}/answer/",
            {
                "summary": "심사 결과를 안내했습니다.",
                "greeting": "on",
                "identified": "on",
                "verified": "on",
                "answered_at": "2026-12-02T17:41",
            },
            follow=True,
        ).content.decode()
        assert "P4 위반: 회신 지연" in html
        p4.refresh_from_db()
        assert p4.status == "breached"
        assert p4.met_at == kst(2026, 12, 2, 17, 41)
        assert p4.breached_at == kst(2026, 12, 2, 17, 40)
