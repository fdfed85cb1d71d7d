"""Log-ins as the 안전성 확보조치 기준 asks: repeated failures lock the account and the address
(django-axes), an idle session ends, the API limits how fast anyone may call it, and every
log-in and log-out is on record. Log-ins go through the real form (axes needs the request)."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from config.settings import base
from integrations import services as integrations
from tests.conftest import kst

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's
WRONG = "wrong-guess-42"
ADDRESS = "10.20.30.40"
# A page that needs a log-in ("/" is the public front door for visitors).
HOME = "/calls/callbacks/"


@pytest.fixture(autouse=True)
def _configured_sessions(settings):
    """The session settings that production runs with (config/settings/test.py relaxes them
    for the rest of the suite)."""
    settings.SESSION_COOKIE_AGE = base.SESSION_COOKIE_AGE
    settings.SESSION_SAVE_EVERY_REQUEST = base.SESSION_SAVE_EVERY_REQUEST


@pytest.fixture(autouse=True)
def _fresh_counts():
    """Throttle counts live in the shared cache, not in the database that each test rolls
    back."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def user(staff):
    return staff.user


def log_in(client, username, password, address=ADDRESS, **extra):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def logged_in(client, address=ADDRESS) -> bool:
    response = client.get(HOME, REMOTE_ADDR=address)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
        return False
    assert response.status_code == 200
    return True


def locked(response) -> bool:
    return response.status_code == 429 and "로그인 잠김" in response.content.decode()


# -- Lockout ------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_and_the_right_one_is_then_refused(client, user, frozen):
    for _attempt in range(4):
        response = log_in(client, user.username, WRONG)
        assert response.status_code == 200  # the form again, with its error
        assert not locked(response)
    assert locked(log_in(client, user.username, WRONG))  # the fifth

    assert locked(log_in(client, user.username, PASSWORD))
    assert not logged_in(client)


def test_four_wrong_passwords_do_not_lock(client, user, frozen):
    for _attempt in range(4):
        log_in(client, user.username, WRONG)
    response = log_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_account_is_locked_whatever_the_address(client, user, frozen):
    for n in range(5):
        log_in(client, user.username, WRONG, address=f"10.0.0.{n + 1}")
    assert locked(log_in(client, user.username, PASSWORD, address="10.0.0.99"))
    assert not logged_in(client, address="10.0.0.99")


def test_an_address_that_tried_many_accounts_is_locked_for_all(client, user, frozen):
    for n in range(5):
        log_in(client, f"guess{n}", WRONG)
    assert locked(log_in(client, user.username, PASSWORD))
    # The same account from elsewhere is not locked: its own failures are none.
    assert log_in(Client(), user.username, PASSWORD, address="10.9.9.9").status_code == 302


def test_axes_reset_unlocks_the_account(client, user, frozen):
    for _attempt in range(5):
        log_in(client, user.username, WRONG)
    assert locked(log_in(client, user.username, PASSWORD))

    call_command("axes_reset_username", user.username)

    assert log_in(client, user.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_an_admin_unlocks_the_account_in_the_admin(client, user, admin_user, frozen):
    for _attempt in range(5):
        log_in(client, user.username, WRONG)
    assert locked(log_in(client, user.username, PASSWORD))

    admin = Client()
    admin.force_login(admin_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin.get(changelist, {"locked_out": "yes"})
    assert user.username in page.content.decode()
    rows = list(AccessAttempt.objects.filter(username=user.username).values_list("pk", flat=True))
    response = admin.post(
        changelist, {"action": "delete_selected", "_selected_action": rows, "post": "yes"}
    )
    assert response.status_code == 302

    assert log_in(client, user.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_lock_lifts_after_the_cool_off_without_attempts(client, user, frozen):
    for _attempt in range(5):
        log_in(client, user.username, WRONG)
    frozen.shift(dt.timedelta(minutes=29))
    assert locked(log_in(client, user.username, PASSWORD))  # and the wait starts again
    frozen.shift(dt.timedelta(minutes=29))
    assert locked(log_in(client, user.username, PASSWORD))
    frozen.shift(dt.timedelta(minutes=31))
    assert log_in(client, user.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_locked_log_in_says_so_in_korean_on_the_sites_page(client, user, frozen):
    for _attempt in range(5):
        log_in(client, user.username, WRONG)
    response = log_in(client, user.username, PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="ko">' in page
    assert "<title>로그인 잠김 · 경기신용보증재단</title>" in page
    assert '<header class="site-header">' in page  # the site's layout
    assert '<div class="error-summary" role="alert">' in page
    assert "로그인에 5번 실패하여 이 계정 또는 이 접속 주소의 로그인이 잠겼습니다." in page
    assert "마지막 시도 후 30분이 지나면 다시 로그인할 수 있습니다." in page
    assert "시스템 관리자에게 요청하세요" in page
    assert 'name="password"' not in page  # no form that would only extend the lock


def test_a_locked_log_in_in_english(client, user, frozen):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _attempt in range(5):
        log_in(client, user.username, WRONG)
    page = log_in(client, user.username, PASSWORD).content.decode()
    assert "Log-in locked" in page
    assert "After 5 failed log-ins, logging in with this account" in page
    assert "30 minutes after the last attempt" in page


# -- Idle timeout -------------------------------------------------------------------------


def test_an_idle_session_is_sent_to_the_log_in_page(client, user, frozen):
    assert log_in(client, user.username, PASSWORD).status_code == 302
    assert logged_in(client)
    frozen.shift(dt.timedelta(minutes=31))

    response = client.get(HOME, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={HOME}"


def test_an_active_session_stays_logged_in(client, user, frozen):
    assert log_in(client, user.username, PASSWORD).status_code == 302
    frozen.shift(dt.timedelta(minutes=20))
    assert logged_in(client)
    frozen.shift(dt.timedelta(minutes=20))
    assert logged_in(client)  # 40 minutes after logging in, 20 after the last page
    frozen.shift(dt.timedelta(minutes=31))
    assert not logged_in(client)


# -- API throttles ------------------------------------------------------------------------


@pytest.fixture
def low_rates(monkeypatch):
    """DRF reads the rates once, into the class: patch them there."""
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"}
    )


@pytest.fixture
def system_group(db):
    group, _created = Group.objects.get_or_create(name=integrations.SYSTEM_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="calls", codename="view_call")
    )
    return group


def key_of(name, staff, admin_user):
    _client, key = integrations.integration_client_create(
        name=name, departments=[staff.department], endpoints=["call-list"], by=admin_user
    )
    return key


def call_list(key, language="ko", address=ADDRESS):
    return Client().get(
        "/api/v1/calls/",
        HTTP_AUTHORIZATION=f"Api-Key {key}",
        HTTP_ACCEPT_LANGUAGE=language,
        REMOTE_ADDR=address,
    )


def test_an_integration_client_over_its_rate_gets_a_json_429(
    low_rates, system_group, staff, admin_user, frozen
):
    phone, mail = key_of("Phone", staff, admin_user), key_of("Mail", staff, admin_user)
    assert [call_list(phone).status_code for _n in range(3)] == [200, 200, 200]

    refused = call_list(phone)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["detail"].startswith("요청이 제한되었습니다.")
    assert int(refused["Retry-After"]) > 0
    assert call_list(phone, language="en").json()["detail"].startswith("Request was throttled.")

    # Each client has its own count, even from the same address.
    assert call_list(mail).status_code == 200
    # A minute later the client may call again.
    frozen.shift(dt.timedelta(seconds=61))
    assert call_list(phone).status_code == 200


def test_a_staff_member_over_the_rate_gets_a_429(frozen, low_rates, staff_client):
    statuses = [staff_client.get("/api/v1/calls/").status_code for _n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_anonymous_callers_of_the_tracking_api_are_throttled_per_address(low_rates, frozen):
    def track(address):
        return Client().post(
            "/api/v1/feedback/track/",
            {"number": "F-0000", "contact": "010-0000-0000"},
            content_type="application/json",
            REMOTE_ADDR=address,
            # A client-written header does not make a new caller.
            HTTP_X_FORWARDED_FOR=f"192.0.2.{len(seen)}",
        )

    seen = []
    for _n in range(2):
        seen.append(track(ADDRESS).status_code)
    assert seen == [404, 404]
    refused = track(ADDRESS)
    assert refused.status_code == 429
    assert "요청이 제한되었습니다." in refused.json()["detail"]
    assert track("10.99.0.1").status_code == 404  # another address

    # The counts are in the shared cache (CACHES["default"]): emptied, the caller may go on.
    cache.clear()
    assert track(ADDRESS).status_code == 404


def test_an_integration_key_request_is_never_a_log_in_failure(
    client, system_group, staff, admin_user, frozen
):
    key = key_of("Phone", staff, admin_user)
    for _n in range(10):
        assert call_list("not-a-key.at-all", address=ADDRESS).status_code in (401, 403)
        assert call_list(key, address=ADDRESS).status_code == 200

    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()
    assert not AccessLog.objects.exists()  # nor a log-in
    assert log_in(client, staff.user.username, PASSWORD, address=ADDRESS).status_code == 302


# -- The record of log-ins ----------------------------------------------------------------


def test_log_in_and_log_out_are_in_the_access_log(client, user, admin_user, frozen):
    log_in(client, user.username, PASSWORD, HTTP_USER_AGENT="Chromium test")
    frozen.shift(dt.timedelta(minutes=12))
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)

    entry = AccessLog.objects.get(username=user.username)
    assert entry.ip_address == ADDRESS
    assert entry.user_agent == "Chromium test"
    assert entry.attempt_time == kst(2026, 12, 2, 10, 0)
    assert entry.logout_time == kst(2026, 12, 2, 10, 12)

    admin = Client()
    admin.force_login(admin_user)
    page = admin.get(reverse("admin:axes_accesslog_changelist")).content.decode()
    assert user.username in page and ADDRESS in page
    assert admin.get(reverse("admin:axes_accesslog_add")).status_code == 403


def test_a_failed_log_in_is_recorded_without_the_password(client, user, frozen):
    log_in(client, user.username, WRONG)

    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address) == (user.username, ADDRESS)
    assert failure.attempt_time == kst(2026, 12, 2, 10, 0)
    attempt = AccessAttempt.objects.get()
    stored = " ".join(
        str(value)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
        for row in model.objects.values()
        for value in row.values()
    )
    assert WRONG not in stored
    assert "password=********************" in attempt.post_data
