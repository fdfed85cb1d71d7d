"""Receipt (D2) and deficiency (D4) notices: sent by e-mail or SMS from the app, or recorded
as a phone call, post or fax; each meets its obligation."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from charter import notify
from charter.models import Obligation
from charter.services import breach_scan
from documents import services
from documents.models import Notice
from tests.conftest import kst
from tests.outbox import sent_email, sent_sms

from .helpers import obligation, received

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    notify.outbox.clear()
    yield
    notify.outbox.clear()


@pytest.fixture
def confirmed(staff):
    with time_machine.travel(kst(2026, 12, 2, 10), tick=False):
        document = received(staff, at=kst(2026, 12, 2, 9, 40))
        services.document_confirm(document=document, by=staff.user)
    return document


def test_a_receipt_notice_by_sms_lands_in_the_outbox_and_meets_d2(staff, confirmed):
    with time_machine.travel(kst(2026, 12, 2, 10, 12), tick=False):
        notice = services.notice_send(
            document=confirmed, kind="receipt", channel="sms", by=staff.user
        )
    assert [m.to for m in sent_sms()] == ["010-1234-5678"]
    assert "홍길동 고객님" in sent_sms()[0].body
    assert "잘 받았습니다" in sent_sms()[0].body
    assert notice.sent_from_app
    d2 = obligation(confirmed, "D2")
    assert d2.status == Obligation.Status.MET
    assert d2.met_at == kst(2026, 12, 2, 10, 12)


def test_a_receipt_notice_by_e_mail_lands_in_the_mail_outbox(staff, confirmed):
    with time_machine.travel(kst(2026, 12, 2, 10, 20), tick=False):
        services.notice_send(document=confirmed, kind="receipt", channel="email", by=staff.user)
    assert len(sent_email()) == 1
    assert sent_email()[0].to == ["hong@example.com"]
    assert "서류를 받았습니다" in sent_email()[0].subject
    assert obligation(confirmed, "D2").status == Obligation.Status.MET


def test_a_receipt_notice_after_30_business_minutes_is_a_late_breach(staff, confirmed):
    with time_machine.travel(kst(2026, 12, 2, 10, 31), tick=False):
        services.notice_send(document=confirmed, kind="receipt", channel="sms", by=staff.user)
    d2 = obligation(confirmed, "D2")
    assert d2.status == Obligation.Status.BREACHED
    assert d2.breached_at == kst(2026, 12, 2, 10, 30)


def test_a_receipt_notice_not_sent_is_breached_by_the_scan(staff, confirmed):
    breach_scan(now=kst(2026, 12, 2, 10, 31))
    assert obligation(confirmed, "D2").status == Obligation.Status.BREACHED


def test_a_phone_call_is_recorded_at_its_time_and_nothing_is_sent(staff, confirmed):
    with time_machine.travel(kst(2026, 12, 2, 11), tick=False):
        notice = services.notice_send(
            document=confirmed,
            kind="receipt",
            channel="phone",
            by=staff.user,
            sent_at=kst(2026, 12, 2, 10, 25),
        )
    assert not notice.sent_from_app
    assert sent_sms() == [] and sent_email() == []
    assert obligation(confirmed, "D2").met_at == kst(2026, 12, 2, 10, 25)


def test_a_notice_before_the_documents_were_confirmed_is_refused(staff):
    with time_machine.travel(kst(2026, 12, 2, 10), tick=False):
        document = received(staff, at=kst(2026, 12, 2, 9, 40))
        with pytest.raises(ValidationError) as error:
            services.notice_send(document=document, kind="receipt", channel="sms", by=staff.user)
        assert "sent_at" in error.value.message_dict
        services.document_confirm(document=document, by=staff.user)
        with pytest.raises(ValidationError) as error:
            services.notice_send(
                document=document,
                kind="receipt",
                channel="phone",
                by=staff.user,
                sent_at=kst(2026, 12, 2, 9, 50),
            )
        assert "sent_at" in error.value.message_dict
    assert not Notice.objects.exists()
    assert sent_sms() == []


def test_a_bad_phone_number_sends_nothing_and_stores_nothing(staff, confirmed):
    with (
        time_machine.travel(kst(2026, 12, 2, 10, 5), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        services.notice_send(
            document=confirmed, kind="receipt", channel="sms", by=staff.user, to="123"
        )
    assert "to" in error.value.message_dict
    assert not Notice.objects.exists()
    assert sent_sms() == []
    assert obligation(confirmed, "D2").status == Obligation.Status.OPEN


def test_a_deficiency_notice_lists_the_missing_items_and_meets_d4(staff, confirmed):
    with time_machine.travel(kst(2026, 12, 2, 11), tick=False):
        services.document_mark_incomplete(
            document=confirmed,
            by=staff.user,
            processed_what_can=True,
            blocked=True,
            missing_items="국세 완납증명서\n법인 등기사항전부증명서",
            how_to_prepare="홈택스에서 발급받아 팩스로 보내 주세요.",
        )
    with time_machine.travel(kst(2026, 12, 3, 9, 30), tick=False):
        services.notice_send(document=confirmed, kind="deficiency", channel="email", by=staff.user)
    body = sent_email()[0].body
    assert "국세 완납증명서" in body and "법인 등기사항전부증명서" in body
    assert "홈택스에서 발급받아" in body
    d4 = obligation(confirmed, "D4")
    assert d4.status == Obligation.Status.MET
    assert d4.met_at == kst(2026, 12, 3, 9, 30)
    confirmed.refresh_from_db()
    assert confirmed.deficiency_notified_at == kst(2026, 12, 3, 9, 30)


def test_a_deficiency_notice_for_documents_not_blocked_is_refused(staff, confirmed):
    with (
        time_machine.travel(kst(2026, 12, 2, 11), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        services.notice_send(document=confirmed, kind="deficiency", channel="sms", by=staff.user)
    assert "kind" in error.value.message_dict


def test_a_deficiency_notice_a_day_and_a_half_later_is_late(staff, confirmed):
    with time_machine.travel(kst(2026, 12, 2, 11), tick=False):
        services.document_mark_incomplete(
            document=confirmed,
            by=staff.user,
            processed_what_can=False,
            blocked=True,
            missing_items="인감증명서",
        )
    with time_machine.travel(kst(2026, 12, 3, 16), tick=False):
        services.notice_send(
            document=confirmed,
            kind="deficiency",
            channel="post",
            by=staff.user,
            to="경기도 수원시",
            sent_at=kst(2026, 12, 3, 15),
        )
    assert obligation(confirmed, "D4").status == Obligation.Status.BREACHED
