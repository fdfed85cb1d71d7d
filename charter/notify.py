"""Sending notices to customers: e-mail through Django's e-mail framework, SMS through a
pluggable backend chosen by the `SMS_BACKEND` setting (like `EMAIL_BACKEND`).

A real gateway is a class with `send_messages(messages) -> int` taking `SmsMessage` objects;
point `SMS_BACKEND` at it. The defaults write to the console (`make run`) or keep messages in
`charter.notify.outbox` (tests). Message bodies are never logged by this module beyond what the
console backend prints on a developer machine.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

outbox: list[SmsMessage] = []


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class ConsoleSmsBackend:
    def send_messages(self, messages: list[SmsMessage]) -> int:
        for message in messages:
            sys.stdout.write(f"[SMS to {message.to}]\n{message.body}\n")
        return len(messages)


class LocmemSmsBackend:
    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def sms_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, body: str) -> int:
    return sms_backend().send_messages([SmsMessage(to=to, body=body)])


def send_email(*, to: str, subject: str, body: str) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
