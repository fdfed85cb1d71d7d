"""The login page, the home page and the public charter page."""

import pytest
import time_machine

from charter import services
from tests.conftest import kst

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_gets_the_korean_front_door_with_a_log_in_link(client):
    page = client.get("/").content.decode()
    assert '<html lang="ko">' in page
    assert 'href="/accounts/login/"' in page and "로그인" in page


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
    assert "기한 경과" in page  # 2026-12-02 11:00 has passed


def test_a_deadline_inside_its_warning_window_is_marked_due_soon(client, staff):
    services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=kst(2026, 12, 2, 10),
        responsible=staff,
        note="콜백: 보증료",
    )
    client.force_login(staff.user)
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        assert "마감 임박" not in client.get("/").content.decode()
    with time_machine.travel(kst(2026, 12, 2, 10, 50), tick=False):
        assert "마감 임박" in client.get("/").content.decode()


def test_the_public_charter_page_lists_every_standard(client):
    page = client.get("/charter/").content.decode()
    assert page.count('class="code"') == 27
    assert "전화벨이 3번 이상 울리기 전에" in page


def test_a_deadline_the_scan_breached_stays_on_the_home_page_until_it_is_done(client, staff):
    from charter.models import Obligation

    memo = services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=kst(2026, 12, 2, 10),
        responsible=staff,
        note="콜백: 대출 상담",
    )
    services.obligation_record(
        standard="P2",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 2, 10),
        kept=False,
        responsible=staff,
        note="재확인 안 함",
    )
    services.breach_scan(now=kst(2026, 12, 2, 12))
    client.force_login(staff.user)
    with time_machine.travel(kst(2026, 12, 2, 12), tick=False):
        page = client.get("/").content.decode()
    assert "콜백: 대출 상담" in page and "기한 경과" in page
    assert "재확인 안 함" not in page  # a checklist breach has nothing left to do
    services.obligation_meet(obligation=Obligation.objects.get(pk=memo.pk), at=kst(2026, 12, 2, 13))
    assert "콜백: 대출 상담" not in client.get("/").content.decode()
