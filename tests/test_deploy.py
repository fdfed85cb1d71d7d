"""Production settings (config/settings/production.py), loaded in a fresh process each as a
server would load them: Django's deploy check passes, HTTPS is enforced, and every setting that
would lose customers' notices, count the rate limit per worker, weaken signing or create the demo
log-ins is refused. Then the HTTP SMS gateway backend against a gateway on this machine."""

import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings

from charter import notify, services
from charter.demo import seed_demo
from tests.conftest import kst
from tests.outbox import deliver_all, sent_sms

ROOT = Path(__file__).resolve().parent.parent
KEY = "kq7#Vz0p!xR2m@c9Lw4^tB8n$Yd6&Hf3*Js1(Ge5)Ua-Xi_Qo=Ek+Zr"  # 55 characters
# Throwaway production variables: nothing here is reached (no request, no database query).
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": KEY,
    "DJANGO_ALLOWED_HOSTS": "charter.example.org",
    "DATABASE_URL": "postgres://charter@127.0.0.1:5432/charter_deploy_check",
    "CACHE_URL": "redis://127.0.0.1:6379/9",
    "EMAIL_URL": "smtp+tls://charter:secret@mail.example.org:587",
    "CHARTER_SMS_BACKEND": "charter.notify.HttpSmsBackend",
    "CHARTER_SMS_URL": "https://sms.example.org/v1/messages",
}


def run(args: list[str], **variables: str | None) -> subprocess.CompletedProcess:
    """`python <args>` in the checkout with PRODUCTION's variables changed by `variables`
    (None: unset), and nothing else of this test run's environment (its DATABASE_URL...)."""
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}  # noqa: S108
    for name, value in {**PRODUCTION, **variables}.items():
        if value is not None:
            environment[name] = value
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def load(code: str = "", **variables: str | None) -> subprocess.CompletedProcess:
    return run(["-c", f"import django\ndjango.setup()\n{code}"], **variables)


def test_the_deploy_check_passes_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_would_see_a_missing_https_redirect():
    """The check in .ci/run is not blind: switching the redirect off is reported."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


SECURITY_SETTINGS = (
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


def production_security(**variables: str) -> dict:
    code = (
        "import json\nfrom django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = load(code, **variables)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.mark.django_db
def test_production_sends_http_to_https_and_tells_browsers_to_stay_there(client):
    with override_settings(**production_security()):
        plain = client.get("/accounts/login/", headers={"host": "charter.example.org"})
        assert plain.status_code == 301
        assert plain["Location"] == "https://charter.example.org/accounts/login/"
        # Behind the TLS-terminating proxy, which says so in X-Forwarded-Proto.
        secure = client.get(
            "/accounts/login/",
            headers={"host": "charter.example.org", "x-forwarded-proto": "https"},
        )
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert secure.cookies["csrftoken"]["secure"]
    assert "default-src 'self'" in secure["Content-Security-Policy"]


def test_the_https_settings_can_be_switched_for_the_proxy_and_the_domain():
    values = production_security(
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_HSTS_SECONDS="3600",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="false",
        DJANGO_HSTS_PRELOAD="true",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DJANGO_SECRET_KEY": "x"}, "DJANGO_SECRET_KEY must be at least 50"),
        ({"DJANGO_SECRET_KEY": KEY[:49]}, "DJANGO_SECRET_KEY must be at least 50"),
        ({"DJANGO_SECRET_KEY": "ab" * 30}, "DJANGO_SECRET_KEY must be at least 50"),
        ({"DJANGO_SECRET_KEY": "django-insecure-" + KEY}, "DJANGO_SECRET_KEY must be at least"),
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set"),
        ({"DATABASE_URL": None}, "DATABASE_URL pointing at PostgreSQL"),
        # No e-mail set up: the default is the (masking) console backend.
        ({"EMAIL_URL": None}, "which delivers no e-mail"),
        (
            {
                "EMAIL_URL": None,
                "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            },
            "which delivers no e-mail",
        ),
        (
            {
                "EMAIL_URL": None,
                "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            },
            "which delivers no e-mail",
        ),
        ({"EMAIL_URL": "consolemail://"}, "which delivers no e-mail"),
        ({"CHARTER_SMS_BACKEND": None}, "charter.notify.ConsoleSmsBackend, which delivers no SMS"),
        (
            {"CHARTER_SMS_BACKEND": "charter.notify.LocmemSmsBackend"},
            "charter.notify.LocmemSmsBackend, which delivers no SMS",
        ),
        ({"CHARTER_SMS_URL": None}, "HttpSmsBackend needs CHARTER_SMS_URL, an https://"),
        ({"CHARTER_SMS_URL": "http://sms.example.org/"}, "HttpSmsBackend needs CHARTER_SMS_URL"),
        ({"CACHE_URL": None}, "CACHE_URL pointing at a cache shared by every worker"),
        ({"CACHE_URL": "locmemcache://"}, "CACHE_URL pointing at a cache shared by every worker"),
        ({"CACHE_URL": "dummycache://"}, "CACHE_URL pointing at a cache shared by every worker"),
    ],
    ids=[
        "one-character key",
        "49-character key",
        "two distinct characters",
        "django-insecure key",
        "no key",
        "no allowed hosts",
        "SQLite",
        "no e-mail set up",
        "console e-mail",
        "locmem e-mail",
        "console e-mail by URL",
        "console SMS",
        "locmem SMS",
        "SMS gateway without URL",
        "SMS gateway over plain http",
        "no cache",
        "locmem cache",
        "dummy cache",
    ],
)
def test_production_refuses_to_start(variables, message):
    result = load(**variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_a_50_character_key():
    assert load(DJANGO_SECRET_KEY=KEY[:50]).returncode == 0


# -- Content-Security-Policy (every environment; tests/browser/test_csp.py runs the pages) ---


@pytest.mark.django_db
def test_pages_allow_no_inline_script_and_the_api_docs_run_theirs_by_nonce(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    docs = client.get("/api/docs/")
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", docs["Content-Security-Policy"])
    assert nonce, docs["Content-Security-Policy"]
    assert f'<script nonce="{nonce.group(1)}">' in docs.content.decode()
    assert client.get("/api/docs/")["Content-Security-Policy"] != docs["Content-Security-Policy"]


def test_the_policy_can_be_tried_in_report_only_mode(tmp_path):
    code = (
        "from django.test import Client\n"
        "response = Client().get('/accounts/login/')\n"
        "print(sorted(name for name in response.headers if 'Security-Policy' in name))"
    )
    variables = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",  # an empty one of its own
        "CELERY_BROKER_URL": "memory://",  # no queue folder of its own under var/
    }
    enforced = load(code, **variables)
    report_only = load(code, DJANGO_CSP_REPORT_ONLY="true", **variables)
    assert "['Content-Security-Policy']" in enforced.stdout, enforced.stderr
    assert "['Content-Security-Policy-Report-Only']" in report_only.stdout, report_only.stderr


# Counts the .env files base.py reads (the checkout's .env is a developer's, not ours to write).
COUNT_DOT_ENV_READS = """
import environ
reads = []
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: reads.append(args))
import django
django.setup()
print("dot-env reads:", len(reads))
"""


@pytest.mark.parametrize(
    ("variables", "reads"),
    [
        ({}, 0),
        ({"DJANGO_READ_DOT_ENV_FILE": "true"}, 1),
        ({"DJANGO_SETTINGS_MODULE": "config.settings.local"}, 1),
        ({"DJANGO_SETTINGS_MODULE": "config.settings.test", "CELERY_BROKER_URL": "memory://"}, 1),
        ({"DJANGO_SETTINGS_MODULE": "config.settings.local", "DJANGO_READ_DOT_ENV_FILE": "no"}, 0),
    ],
    ids=["production", "production, asked to", "local", "test", "local, asked not to"],
)
def test_dot_env_is_read_only_where_it_should_be(variables, reads):
    result = run(["-c", COUNT_DOT_ENV_READS], **variables)
    assert result.returncode == 0, result.stderr
    assert f"dot-env reads: {reads}" in result.stdout


# -- seed_demo -----------------------------------------------------------------------------


def test_seed_demo_refuses_to_run_under_production_settings():
    result = run(["manage.py", "seed_demo"])
    assert result.returncode == 1
    assert "CommandError: seed_demo refuses to run under production settings" in result.stderr


@pytest.mark.django_db
@override_settings(DEMO_DATA_ALLOWED=False)
def test_where_demo_data_is_not_allowed_no_demo_log_in_is_created():
    with pytest.raises(CommandError, match="refuses to run under production settings"):
        call_command("seed_demo")
    with pytest.raises(ImproperlyConfigured):
        seed_demo(sections=())
    assert not get_user_model().objects.filter(username__in=["admin", "staff1"]).exists()


@pytest.mark.django_db
def test_seed_demo_still_creates_the_demo_log_ins_elsewhere():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo1234!")


# -- charter.notify.HttpSmsBackend against a gateway on this machine -----------------------


class Gateway:
    """An SMS gateway on 127.0.0.1 that answers with `statuses` in turn (then 200) and keeps
    what it was sent."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.received: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                gateway.received.append(
                    {"headers": dict(self.headers), "json": json.loads(self.rfile.read(length))}
                )
                status = gateway.statuses.pop(0) if gateway.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def gateway_backend(gateway: Gateway) -> notify.HttpSmsBackend:
    backend = notify.HttpSmsBackend(url=gateway.url, token="t0ken", sender="1577-5900")
    backend.backoff = 0
    return backend


def test_each_message_reaches_the_gateway_as_json_with_its_own_idempotency_key():
    messages = [
        notify.SmsMessage(to="010-1234-5678", body="처리기간이 연장되었습니다."),
        notify.SmsMessage(to="010-8765-4321", body="접수되었습니다."),
    ]
    with Gateway() as gateway:
        assert gateway_backend(gateway).send_messages(messages) == 2
    assert [request["json"] for request in gateway.received] == [
        {"to": "010-1234-5678", "body": "처리기간이 연장되었습니다.", "sender": "1577-5900"},
        {"to": "010-8765-4321", "body": "접수되었습니다.", "sender": "1577-5900"},
    ]
    headers = [request["headers"] for request in gateway.received]
    assert {h["Authorization"] for h in headers} == {"Bearer t0ken"}
    assert {h["Content-Type"] for h in headers} == {"application/json"}
    assert headers[0]["Idempotency-Key"] != headers[1]["Idempotency-Key"]


def test_a_failed_attempt_is_sent_again_with_the_same_idempotency_key():
    message = notify.SmsMessage(to="010-1234-5678", body="접수되었습니다.")
    with Gateway(statuses=[503, 429]) as gateway:
        assert gateway_backend(gateway).send_messages([message]) == 1
    keys = [request["headers"]["Idempotency-Key"] for request in gateway.received]
    assert len(keys) == 3 and len(set(keys)) == 1


@pytest.mark.parametrize(
    ("statuses", "attempts", "answer"),
    [([400], 1, "HTTP 400"), ([503, 502, 500], 3, "HTTP 500"), ([302], 1, "HTTP 302")],
    ids=["refused", "down", "redirected"],
)
def test_a_message_the_gateway_does_not_take_is_an_error(statuses, attempts, answer):
    message = notify.SmsMessage(to="010-1234-5678", body="접수되었습니다.")
    with Gateway(statuses=statuses) as gateway, pytest.raises(notify.SmsDeliveryError) as error:
        gateway_backend(gateway).send_messages([message])
    assert len(gateway.received) == attempts
    assert answer in str(error.value)
    assert "5678" not in str(error.value) and "접수" not in str(error.value)


def test_an_unreachable_gateway_is_an_error():
    with Gateway() as gateway:
        url = gateway.url
    backend = notify.HttpSmsBackend(url=url)  # nothing listens there any more
    backend.backoff = 0
    with pytest.raises(notify.SmsDeliveryError, match="no answer"):
        backend.send_messages([notify.SmsMessage(to="010-1234-5678", body="접수되었습니다.")])


@pytest.mark.django_db
def test_a_customers_extension_notice_goes_out_through_the_gateway(staff):
    obligation = services.obligation_open(
        standard="F1", subject=staff, department=staff.department, starts_at=kst(2026, 12, 1, 10)
    )
    gateway = Gateway()
    with (
        gateway,
        override_settings(
            SMS_BACKEND="charter.notify.HttpSmsBackend",
            SMS_GATEWAY_URL=gateway.url,
            SMS_SENDER="1577-5900",
        ),
        time_machine.travel(kst(2026, 12, 7, 10), tick=False),
    ):
        services.obligation_extend(
            obligation=obligation,
            by=staff.user,
            due_at=kst(2026, 12, 15, 10),
            reason="검토 기관 회신 지연",
            notice_channel="sms",
            notice_to="010-1234-5678",
        )
        deliver_all()  # the outbox, as the worker does after commit
    assert len(gateway.received) == 1
    sent = gateway.received[0]["json"]
    assert sent["to"] == "010-1234-5678"
    assert "2026-12-15 10:00" in sent["body"]
    assert sent_sms() == []  # not the test backend: the gateway


def test_the_gateway_backend_takes_no_other_scheme():
    with pytest.raises(notify.SmsDeliveryError, match="must be http"):
        notify.HttpSmsBackend(url="file:///etc/passwd")
