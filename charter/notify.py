"""Sending notices to customers: e-mail through Django's e-mail framework, SMS through a
pluggable backend chosen by the `SMS_BACKEND` setting (like `EMAIL_BACKEND`).

A real gateway is a class with `send_messages(messages) -> int` taking `SmsMessage` objects;
point `SMS_BACKEND` at it. The defaults write to the console (`make run`) or keep messages in
`charter.notify.outbox` (tests). Message bodies are never logged by this module. The console
backends (`ConsoleSmsBackend`, and `MaskingConsoleEmailBackend` for `EMAIL_BACKEND`) print the
recipient masked, and every phone number and e-mail address in the message masked
(config.logging.mask_personal_data), so a developer's or a demo's console holds no contacts.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend
from django.utils.module_loading import import_string

from charter.privacy import mask_contact, mask_email, mask_name
from config.logging import mask_personal_data

outbox: list[SmsMessage] = []


@dataclass
class SmsMessage:
    """One SMS. `key`: the outbox row's idempotency key (the same on every attempt);
    `gateway_id`: set by a backend that learns the gateway's id for the message."""

    to: str
    body: str
    key: str = ""
    gateway_id: str = ""


class ConsoleSmsBackend:
    """Prints each message, the number it goes to and any phone number or e-mail address in it
    masked: [SMS to 010-****-5678]."""

    def __init__(self, stream=None):
        self.stream = stream

    def send_messages(self, messages: list[SmsMessage]) -> int:
        stream = self.stream or sys.stdout
        for message in messages:
            to, body = mask_contact(message.to), mask_personal_data(message.body)
            stream.write(f"[SMS to {to}]\n{body}\n")
        return len(messages)


def _masked_address(value: str) -> str:
    """홍길동 <hong@example.com> -> 홍*동 <h***@example.com>."""
    name, address = parseaddr(value or "")
    if not address:
        return mask_personal_data(value or "")
    return f"{mask_name(name)} <{mask_email(address)}>" if name else mask_email(address)


class MaskingConsoleEmailBackend(ConsoleEmailBackend):
    """Django's console e-mail backend, readable and masked: the sender and recipients (names
    and addresses), and every phone number and e-mail address in the subject, the body and its
    alternatives (HTML), are masked; attachments are listed by name only."""

    def write_message(self, message):
        lines = [
            f"Subject: {mask_personal_data(message.subject)}",
            f"From: {_masked_address(message.from_email)}",
        ]
        for header, addresses in (
            ("To", message.to),
            ("Cc", message.cc),
            ("Bcc", message.bcc),
            ("Reply-To", message.reply_to),
        ):
            if addresses:
                lines.append(f"{header}: {', '.join(map(_masked_address, addresses))}")
        lines += ["", mask_personal_data(message.body)]
        for content, mimetype in getattr(message, "alternatives", []):
            lines += ["", f"[{mimetype}]", mask_personal_data(str(content))]
        for attachment in message.attachments:
            name = attachment[0] if isinstance(attachment, tuple) else attachment.get_filename()
            lines.append(f"[attachment: {mask_personal_data(name or '')}]")
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")


class LocmemSmsBackend:
    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


class SmsDeliveryError(Exception):
    """The SMS gateway did not take a message. `permanent`: it refused it (trying again will not
    help); otherwise the outbox tries again later."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer (an error), never a GET that "succeeds"


class HttpSmsBackend:
    """An SMS gateway over HTTP(S): one POST of JSON {"to", "body", "sender"} per message to
    settings.SMS_GATEWAY_URL (CHARTER_SMS_URL), with `Authorization: Bearer <SMS_GATEWAY_TOKEN>`
    when a token is set and an `Idempotency-Key` header of its own per message. A failed attempt
    (no answer, a time-out, 429 or 5xx) is tried again with the same key, so a gateway that
    honours the key sends the message once; any other answer but 2xx, or the last failure,
    raises SmsDeliveryError. Neither the number nor the text is ever logged or put in an
    error."""

    idempotent = True  # each message's key goes with it: a repeat is sent once by the gateway
    attempts = 3
    backoff = 1.0  # seconds before the second attempt, doubled before each next one

    def __init__(self, *, url=None, token=None, sender=None, timeout=None):
        self.url = url or getattr(settings, "SMS_GATEWAY_URL", "")
        self.token = token if token is not None else getattr(settings, "SMS_GATEWAY_TOKEN", "")
        self.sender = sender if sender is not None else getattr(settings, "SMS_SENDER", "")
        self.timeout = timeout or getattr(settings, "SMS_GATEWAY_TIMEOUT", 10)
        if not self.url.startswith(("https://", "http://")):
            raise SmsDeliveryError("The SMS gateway URL (CHARTER_SMS_URL) must be http(s)://.")
        self.opener = urllib.request.build_opener(_NoRedirect)

    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            payload = {"to": message.to, "body": message.body, "sender": self.sender}
            answer = self._post(json.dumps(payload).encode(), key=message.key or str(uuid.uuid4()))
            message.gateway_id = str(answer.get("id") or answer.get("message_id") or "")
        return len(messages)

    def _post(self, data: bytes, *, key: str) -> dict:
        """POST with retries; returns the gateway's JSON answer ({} when it is not JSON)."""
        headers = {"Content-Type": "application/json", "Idempotency-Key": key}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        failure = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    status, content = response.status, response.read(65536)
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as error:  # no connection, a time-out (URLError is an OSError)
                failure = f"no answer ({type(error).__name__})"
                continue
            if 200 <= status < 300:
                try:
                    answer = json.loads(content or b"{}")
                except ValueError:
                    answer = {}
                return answer if isinstance(answer, dict) else {}
            failure = f"HTTP {status}"
            if status != 429 and status < 500:
                raise SmsDeliveryError(
                    f"The SMS gateway refused the message: {failure}.", permanent=True
                )
        raise SmsDeliveryError(f"The SMS gateway did not take the message: {failure}.")


def sms_backend_class():
    return import_string(settings.SMS_BACKEND)


def sms_backend():
    """The configured SMS backend. Only the outbox (notices.services) sends: an action queues
    its messages with notices.services.message_queue."""
    return sms_backend_class()()
