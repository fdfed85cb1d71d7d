"""The outbox: every message is queued with the action that sends it, delivered after commit,
once, and a gateway that is down fails no page. Against a real SMTP server (aiosmtpd) on
127.0.0.1 and a real HTTP SMS gateway (tests/test_deploy.py's)."""

import datetime as dt

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.contrib.admin.sites import site
from django.core import mail
from django.utils import timezone

from charter import services as charter_services
from charter.notifications import notify_breaches
from documents import services as documents
from feedback import services as feedback_services
from feedback.models import Feedback
from notices import services
from notices.models import Message
from tests import factories
from tests.conftest import kst
from tests.documents.helpers import received
from tests.feedback.helpers import opinion
from tests.outbox import deliver_all
from tests.test_deploy import Gateway

pytestmark = pytest.mark.django_db


class Inbox:
    """A real SMTP server on 127.0.0.1 that keeps what it accepts; `refuse` addresses get a
    550 at RCPT."""

    def __init__(self, port, refuse=()):
        self.port, self.refuse, self.received = port, set(refuse), []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((tuple(envelope.rcpt_tos), envelope.content.decode()))
        return "250 Message accepted"

    def __enter__(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def to(self):
        return sorted(address for rcpt, _content in self.received for address in rcpt)


def form(staff):
    return {
        "kind": "opinion",
        "department": staff.department.pk,
        "title": "상담 대기시간",
        "text": "대기 안내가 있으면 좋겠습니다.",
        "customer_name": "홍길동",
        "customer_phone": "",
        "customer_email": "hong@example.com",
        "consent": "on",
    }


@pytest.fixture
def wednesday():
    with time_machine.travel(kst(2026, 12, 2, 14), tick=False):
        yield


def test_with_the_smtp_server_down_the_form_a_reply_and_a_receipt_succeed_and_go_out_once_later(
    client, staff, smtp_port, wednesday, django_capture_on_commit_callbacks
):
    staff.user.email = "minji@gcgf.example"
    staff.user.save()
    # The public form (the department is told), a staff reply, a receipt notice: each page
    # answers as usual though the SMTP server refuses connections.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/feedback/submit/",
            form(staff),
        )
    assert response.status_code == 302 and response["Location"] == "/feedback/submit/done/"
    item = Feedback.objects.get()
    client.force_login(staff.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/feedback/{item.pk}/reply/",
            {"kind": "result", "text": "안내 화면을 설치하겠습니다.", "channel": "email"},
        )
    assert response.status_code == 302
    document = received(staff, at=kst(2026, 12, 2, 13, 30))
    documents.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 13, 40))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/documents/{document.pk}/notices/",
            {"kind": "receipt", "channel": "email", "to": "", "confirm": "1"},
        )
    assert response.status_code == 302

    queued = Message.objects.order_by("pk")
    assert [(m.kind, m.status, m.attempts) for m in queued] == [
        ("new_feedback", "queued", 1),
        ("reply", "queued", 1),
        ("receipt", "queued", 1),
    ]
    assert all(m.last_error == "ConnectionRefusedError" for m in queued)
    assert services.messages_deliver() == {}  # not before their delay

    with Inbox(smtp_port) as inbox:
        assert deliver_all() == {"sent": 3}
        assert deliver_all() == {}  # nothing is sent twice
    assert inbox.to() == ["hong@example.com", "hong@example.com", "minji@gcgf.example"]
    assert {m.status for m in Message.objects.all()} == {"sent"}
    message_ids = set(Message.objects.values_list("gateway_id", flat=True))
    assert all(
        f"Message-ID: {mid}" in content
        for mid in message_ids
        for _r, content in [next(r for r in inbox.received if mid in r[1])]
    )


def test_a_refused_address_fails_alone_and_every_other_departments_breach_e_mail_goes_out(
    smtp_port, wednesday
):
    departments = [factories.DepartmentFactory() for _ in range(3)]
    addresses = []
    for number, department in enumerate(departments):
        address = f"boss{number}@gcgf.example"
        factories.StaffMemberFactory(
            department=department, role="manager", rank_name="부장", user__email=address
        )
        addresses.append(address)
        staff = factories.StaffMemberFactory(department=department, role="staff")
        charter_services.obligation_record(
            standard="P1",
            subject=staff,
            department=department,
            at=kst(2026, 12, 2, 10),
            kept=False,
            measured=4,
        )
    assert notify_breaches(now=kst(2026, 12, 2, 13)) == 3
    with Inbox(smtp_port, refuse={addresses[0]}) as inbox:
        assert deliver_all() == {"sent": 2, "failed": 1}
    assert inbox.to() == addresses[1:]
    failed = Message.objects.get(status="failed")
    assert failed.to == addresses[0] and "550" in failed.last_error
    assert deliver_all() == {}  # a refused address is not tried again


def test_a_temporary_gateway_error_is_tried_again_later_with_the_same_key(settings, staff):
    gateway = Gateway(statuses=[503, 503, 503])  # the backend's own three attempts fail
    with gateway:
        settings.SMS_BACKEND = "charter.notify.HttpSmsBackend"
        settings.SMS_GATEWAY_URL = gateway.url
        message = services.message_queue(
            kind="reply", channel="sms", to="010-1234-5678", body="회신드립니다."
        )
        import charter.notify

        charter.notify.HttpSmsBackend.backoff = 0
        try:
            assert services.messages_deliver() == {"retried": 1}
            message.refresh_from_db()
            assert (message.status, message.attempts) == ("queued", 1)
            assert message.next_attempt_at > timezone.now()
            assert services.messages_deliver() == {}  # waits for its delay
            with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=1)):
                assert services.messages_deliver() == {"sent": 1}
        finally:
            charter.notify.HttpSmsBackend.backoff = 1.0
    keys = {request["headers"]["Idempotency-Key"] for request in gateway.received}
    assert keys == {str(message.key)}  # one key, four requests: the gateway sends it once
    assert len(gateway.received) == 4


def test_a_refusing_gateway_fails_the_message_at_once(settings):
    with Gateway(statuses=[400]) as gateway:
        settings.SMS_BACKEND = "charter.notify.HttpSmsBackend"
        settings.SMS_GATEWAY_URL = gateway.url
        message = services.message_queue(
            kind="reply", channel="sms", to="010-1234-5678", body="회신드립니다."
        )
        assert services.messages_deliver() == {"failed": 1}
    message.refresh_from_db()
    assert (message.status, message.last_error) == (
        "failed",
        "The SMS gateway refused the message: HTTP 400.",
    )


def test_a_message_a_dead_worker_left_sending_is_never_sent_twice_by_e_mail():
    message = services.message_queue(kind="warning", channel="email", to="a@gcgf.example", body="-")
    claimed = timezone.now() - services.LEASE - dt.timedelta(seconds=1)
    Message.objects.filter(pk=message.pk).update(status="sending", claimed_at=claimed, attempts=1)
    assert services.messages_deliver() == {"uncertain": 1}
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == "uncertain"


def test_through_a_gateway_that_honours_the_key_it_is_sent_again_with_that_key(settings):
    with Gateway() as gateway:
        settings.SMS_BACKEND = "charter.notify.HttpSmsBackend"
        settings.SMS_GATEWAY_URL = gateway.url
        message = services.message_queue(
            kind="reply", channel="sms", to="010-1234-5678", body="회신드립니다."
        )
        claimed = timezone.now() - services.LEASE - dt.timedelta(seconds=1)
        Message.objects.filter(pk=message.pk).update(status="sending", claimed_at=claimed)
        assert services.messages_deliver() == {"requeued": 1, "sent": 1}
    assert [r["headers"]["Idempotency-Key"] for r in gateway.received] == [str(message.key)]


def test_a_message_of_a_rolled_back_action_is_never_sent(staff, wednesday):
    document = received(staff, at=kst(2026, 12, 2, 13, 30))
    documents.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 13, 40))
    with pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            documents.notice_send(document=document, by=staff.user, kind="receipt", channel="sms")
            raise RuntimeError("the action fails after queueing")
    assert not Message.objects.exists()
    assert deliver_all() == {}


def test_the_broker_down_fails_no_page_and_the_message_waits_in_the_queue(
    client, staff, settings, django_capture_on_commit_callbacks, broker_down
):
    staff.user.email = "minji@gcgf.example"
    staff.user.save()
    settings.NOTICES_DELIVERY = "celery"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/feedback/submit/", form(staff))
    assert len(callbacks) == 1  # the hand-over was attempted, failed, and was only logged
    assert response.status_code == 302  # the citizen gets the tracking number
    [message] = Message.objects.all()
    assert (message.kind, message.status, message.attempts) == ("new_feedback", "queued", 0)
    assert deliver_all() == {"sent": 1}  # the beat run, once the broker is back


def test_the_admin_lists_every_message_masked_and_retries_a_failed_one(
    client, admin_user, department
):
    message = services.message_queue(
        kind="reply",
        channel="sms",
        to="010-1234-5678",
        body="홍길동 고객님께 회신드립니다.",
        department=department,
    )
    Message.objects.filter(pk=message.pk).update(status="failed", last_error="HTTP 400")
    client.force_login(admin_user)
    page = client.get("/admin/notices/message/").content.decode()
    assert "010-****-5678" in page and "010-1234-5678" not in page
    assert "HTTP 400" in page
    response = client.post(
        "/admin/notices/message/",
        {"action": "retry", "_selected_action": [message.pk]},
        follow=True,
    )
    assert "메시지 1건을 다시 보냅니다." in response.content.decode()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 0)
    assert deliver_all() == {"sent": 1}
    assert Message in site._registry


def test_staff_see_on_the_record_whether_the_message_is_queued_sent_or_failed(
    staff_client, staff, wednesday
):
    document = received(staff, at=kst(2026, 12, 2, 13, 30))
    documents.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 13, 40))
    documents.notice_send(document=document, by=staff.user, kind="receipt", channel="sms")
    page = staff_client.get(f"/documents/{document.pk}/").content.decode()
    assert "문자(SMS) 발송 대기" in page
    deliver_all()
    page = staff_client.get(f"/documents/{document.pk}/").content.decode()
    assert "문자(SMS) 발송 완료 14:00" in page
    item = opinion(staff.department, kst(2026, 12, 1, 10))
    reply = feedback_services.feedback_reply(
        feedback=item,
        kind="result",
        text="검토 결과를 안내드립니다.",
        channel="email",
        by=staff.user,
    )
    Message.objects.filter(pk__in=Message.objects.about(reply)).update(status="failed")
    page = staff_client.get(f"/feedback/{item.pk}/").content.decode()
    assert "이메일 발송 실패" in page
