"""The login page, the home page and the public charter page."""

import pytest
import time_machine

from charter import services
from tests.conftest import kst

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_the_korean_login_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    page = response.content.decode()
    assert '<html lang="ko">' in page
    assert "로그인" in page


def test_an_english_browser_still_gets_korean_pages_until_it_switches(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert '<html lang="ko">' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page


def test_staff_log_in_and_see_their_open_obligations_overdue_first(client, staff):
    services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=kst(2026, 12, 2, 10),
        responsible=staff,
        note="콜백: 보증 한도 문의",
    )
    with time_machine.travel(kst(2026, 12, 2, 12), tick=False):
        response = client.post(
            "/accounts/login/",
            {"username": staff.user.username, "password": "pass-word-123"},
            follow=True,
        )
    page = response.content.decode()
    assert "내 업무" in page
    assert "콜백: 보증 한도 문의" in page
    assert "기한 지남" in page  # 2026-12-02 11:00 has passed


def test_the_public_charter_page_lists_every_standard(client):
    page = client.get("/charter/").content.decode()
    assert page.count('class="code"') == 27
    assert "전화벨이 3번 이상 울리기 전에" in page
