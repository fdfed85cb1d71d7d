"""The outbox on real worker processes (tests/workers.py), PostgreSQL and Redis only (CI stage 2):
a worker killed with SIGKILL in the middle of a batch loses nothing and sends nothing twice.

The gateways are real servers on 127.0.0.1 that keep their own record: an SMTP server (aiosmtpd)
that counts each Message-ID it accepted, and an HTTP SMS gateway that honours Idempotency-Key
(a repeated key is answered but not sent again). Either one stalls on a chosen message *after*
taking it, the worst moment: the gateway has it, the worker has not recorded it."""

import asyncio
import datetime as dt
import email
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.db.models import Count

from notices import services
from notices.models import Message
from notices.tasks import deliver
from tests.workers import wait_for

pytestmark = pytest.mark.requires_pg_redis

EACH = 6  # e-mails and SMS in the batch, alternating
STALL_AT = 3  # the gateway stalls on its third message


class Stall:
    """Stall on the `at`-th message (counting from 1) until released; `reached` tells when."""

    def __init__(self, at):
        self.at, self.seen = at, 0
        self.reached, self.released = threading.Event(), threading.Event()

    def count(self) -> bool:
        self.seen += 1
        if self.seen == self.at:
            self.reached.set()
            return True
        return False


class SmsGateway:
    """An HTTP SMS gateway that sends each Idempotency-Key once: `sent` counts the messages it
    sent per key, `requests` every request per key."""

    def __init__(self, stall=None):
        self.sent, self.requests, self.stall = Counter(), Counter(), stall
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                key = self.headers["Idempotency-Key"]
                gateway.requests[key] += 1
                if not gateway.sent[key]:
                    gateway.sent[key] += 1
                    if gateway.stall and gateway.stall.count():
                        gateway.stall.released.wait(30)
                body = json.dumps({"id": f"gw-{key}"}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the worker that asked is dead

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1/messages"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        if self.stall:
            self.stall.released.set()
        self.server.shutdown()
        self.server.server_close()


class MailServer:
    """A real SMTP server: `received` counts the messages it accepted per Message-ID."""

    def __init__(self, port, stall=None):
        self.port, self.stall, self.received = port, stall, Counter()

    async def handle_DATA(self, server, session, envelope):
        message_id = email.message_from_bytes(envelope.content)["Message-ID"]
        self.received[message_id] += 1
        if self.stall and self.stall.count():
            while not self.stall.released.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted"

    def __enter__(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc):
        if self.stall:
            self.stall.released.set()
        self.controller.stop()


def batch():
    """EACH e-mails and EACH SMS, alternating, queued in one action: one hand-over, one task."""
    rows = []
    for n in range(1, EACH + 1):
        rows.append(
            services.message_build(
                kind="reply", channel="email", to=f"c{n}@example.com", subject="회신", body="-"
            )
        )
        rows.append(
            services.message_build(kind="reply", channel="sms", to=f"010-0000-{n:04d}", body="-")
        )
    return services.messages_queue(messages=rows)


@pytest.mark.parametrize("stalls", ["sms", "email"])
def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    worker_process, settings, smtp_port, admin_user, client, stalls
):
    stall = Stall(STALL_AT)
    with (
        SmsGateway(stall if stalls == "sms" else None) as sms,
        MailServer(smtp_port, stall if stalls == "email" else None) as smtp,
    ):
        env = {
            "DJANGO_SETTINGS_MODULE": "tests.outbox_worker_settings",
            "TEST_SMTP_PORT": str(smtp_port),
            "TEST_SMS_URL": sms.url,
        }
        first = worker_process(env=env)
        settings.NOTICES_DELIVERY = "celery"  # the hand-over after commit goes to the worker
        rows = batch()
        assert stall.reached.wait(20), first.output()
        first.kill()  # SIGKILL with the gateway holding one message

        # One row is left "sending", the ones before it sent, the ones after it queued.
        statuses = Counter(Message.objects.values_list("status", flat=True))
        assert statuses["sending"] == 1, statuses
        assert statuses["sent"] == 2 * STALL_AT - (1 if stalls == "sms" else 2)
        assert statuses["queued"] == 2 * EACH - 1 - statuses["sent"]
        [abandoned] = Message.objects.filter(status="sending")
        assert abandoned.channel == stalls
        stall.released.set()

        # Its lease runs out (the dead worker cannot be on it any more); a new worker and
        # beat's delivery run finish the batch.
        Message.objects.filter(pk=abandoned.pk).update(
            claimed_at=abandoned.claimed_at - services.LEASE - dt.timedelta(seconds=1)
        )
        worker_process(env=env)
        deliver.apply_async()

        def settled():
            return not Message.objects.filter(status__in=["queued", "sending"]).exists()

        assert wait_for(settled, timeout=30)

    keys = {str(row.key) for row in Message.objects.filter(channel="sms")}
    assert sms.sent == Counter(dict.fromkeys(keys, 1))  # every SMS sent once, by the gateway
    message_ids = set(Message.objects.filter(channel="email").values_list("gateway_id", flat=True))
    abandoned.refresh_from_db()
    if stalls == "sms":
        # The gateway honours the key: the abandoned SMS went again, with its key, and was
        # sent once; everything is sent.
        assert sms.requests[str(abandoned.key)] == 2
        assert abandoned.status == "sent" and abandoned.attempts == 2
        assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
        assert smtp.received == Counter(dict.fromkeys(message_ids, 1))
    else:
        # The SMTP server took the abandoned e-mail but the worker died before its answer: the
        # machine cannot know, so the row is uncertain and never sent again.
        assert abandoned.status == "uncertain" and abandoned.attempts == 1
        assert Counter(Message.objects.values_list("status", flat=True)) == {
            "sent": 2 * EACH - 1,
            "uncertain": 1,
        }
        assert len(smtp.received) == EACH and set(smtp.received.values()) == {1}
        message_ids.discard("")
        assert len(message_ids) == EACH - 1 and message_ids <= set(smtp.received)
        # The admin shows it for a person to check, with the address masked.
        client.force_login(admin_user)
        page = client.get("/admin/notices/message/?status=uncertain").content.decode()
        assert "발송 여부 확인 필요" in page and "선택한 실패·확인 필요 메시지 다시 보내기" in page
        assert abandoned.to not in page
    assert Message.objects.values("key").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert len(rows) == 2 * EACH
