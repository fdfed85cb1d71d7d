"""No customer's phone number or e-mail address in the logs or on the console: the masking filter
of the real LOGGING (config/settings/base.py, config.logging), the console SMS backend and the
console e-mail backend that `make run` uses."""

import copy
import io
import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils.log import configure_logging

from charter import notify
from config.logging import mask_personal_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def log():
    """The root handler of the production LOGGING, writing to a string: its text so far."""
    from config.settings import base

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logging.config.dictConfig(copy.deepcopy(base.LOGGING))
    (handler,) = root.handlers
    stream = io.StringIO()
    handler.setStream(stream)
    yield stream.getvalue
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)  # the test settings' again
    handlers, level = saved
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("010-1234-5678", "010-****-5678"),
        ("01012345678", "010-****-5678"),
        ("010 1234 5678", "010-****-5678"),
        ("031-259-7700", "031-****-7700"),
        ("1577-5900", "157-****-5900"),
        ("+82 10-1234-5678", "821-****-5678"),
        ("연락처01012345678입니다", "연락처010-****-5678입니다"),
        ("minsu@example.com", "m***@example.com"),
        ("hong.gil-dong+tag@mail.example.co.kr", "h***@mail.example.co.kr"),
        (
            "?number=GC-2026-2345&contact=minsu%40example.com",
            "?number=GC-2026-2345&contact=m***@example.com",
        ),
        ("contact=010%201234%205678", "contact=010-****-5678"),
        # Not phone numbers: a tracking number, a date and time, an address, sizes.
        ("GC-2026-2345-6789-2345", "GC-2026-2345-6789-2345"),
        ("2026-11-25 17:16:00 10.0.2.15 200 15234", "2026-11-25 17:16:00 10.0.2.15 200 15234"),
        # Masked text stays as it is.
        ("010-****-5678 m***@example.com", "010-****-5678 m***@example.com"),
    ],
)
def test_phone_numbers_and_e_mail_addresses_are_found_in_free_text(text, masked):
    assert mask_personal_data(text) == masked


def test_a_contact_in_the_message_is_masked(log):
    logging.getLogger("feedback").warning("Call back 010-1234-5678 or write to minsu@example.com")
    assert log() == "Call back 010-****-5678 or write to m***@example.com\n"


def test_a_contact_in_the_arguments_is_masked(log):
    logging.getLogger("charter.retention").info(
        "Lookup by %s for %r (%d tries)", "01012345678", ["hong@example.com"], 3
    )
    assert log() == "Lookup by 010-****-5678 for ['h***@example.com'] (3 tries)\n"


def test_a_contact_in_an_exception_is_masked(log):
    try:
        raise ValueError("no customer with 031-259-7700 or hong@example.com")
    except ValueError:
        logging.getLogger("documents").exception("Lookup failed for %s", "010-1234-5678")
    text = log()
    assert text.startswith("Lookup failed for 010-****-5678\nTraceback (most recent call last):")
    assert "ValueError: no customer with 031-****-7700 or h***@example.com" in text
    assert "259-7700" not in text and "hong@" not in text and "1234-5678" not in text


def test_django_s_access_log_and_request_log_go_through_the_mask_once(log):
    request_line = (
        "GET /api/v1/feedback/track/?number=GC-2026-AAAA-BBBB-CCCC&contact=minsu%40example.com "
        "HTTP/1.1"
    )
    logging.getLogger("django.server").info('"%s" %s %s', request_line, "405", "120")
    logging.getLogger("django.request").warning("Bad Request: /track/?contact=01012345678")
    assert log() == (
        '"GET /api/v1/feedback/track/?number=GC-2026-AAAA-BBBB-CCCC&contact=m***@example.com '
        'HTTP/1.1" 405 120\n'
        "Bad Request: /track/?contact=010-****-5678\n"
    )


def test_the_console_sms_backend_prints_masked(settings, capsys):
    settings.SMS_BACKEND = "charter.notify.ConsoleSmsBackend"
    sent = notify.sms_backend().send_messages(
        [
            notify.SmsMessage(
                to="010-1234-5678",
                body="[보증재단] 접수하신 민원을 처리 중입니다. 문의 031-259-7700, help@gcgf.or.kr",
            )
        ]
    )
    assert sent == 1
    assert capsys.readouterr().out == (
        "[SMS to 010-****-5678]\n"
        "[보증재단] 접수하신 민원을 처리 중입니다. 문의 031-****-7700, h***@gcgf.or.kr\n"
    )


def test_the_console_e_mail_backend_prints_masked_and_readable(settings, capsys):
    settings.EMAIL_BACKEND = "charter.notify.MaskingConsoleEmailBackend"
    message = mail.EmailMultiAlternatives(
        subject="민원 처리 안내",
        body="김민수 님, 회신 번호 010-1234-5678 로 연락드리겠습니다.",
        from_email="charter@gcgf.or.kr",
        to=["김민수 <minsu@example.com>"],
        cc=["hong@example.com"],
    )
    message.attach_alternative("<p>회신 번호 <b>010-1234-5678</b></p>", "text/html")
    assert message.send() == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "Subject: 민원 처리 안내\n"
        "From: c***@gcgf.or.kr\n"
        "To: 김*수 <m***@example.com>\n"
        "Cc: h***@example.com\n"
        "\n"
        "김민수 님, 회신 번호 010-****-5678 로 연락드리겠습니다.\n"
        "\n"
        "[text/html]\n"
        "<p>회신 번호 <b>010-****-5678</b></p>\n"
    )
    assert "minsu" not in out and "hong@" not in out and "1234-5678" not in out


def test_make_run_prints_e_mails_masked(tmp_path):
    """The local settings' default e-mail backend, as a developer's console shows it."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "sendtestemail", "minsu@example.com"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "To: m***@example.com" in result.stdout
    assert "minsu" not in result.stdout + result.stderr
