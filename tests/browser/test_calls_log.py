"""Logging a call with the keyboard alone, and the pages of today's calls."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


@pytest.fixture
def demo(db):
    """The demo organisation and the calls demo (a few weeks of records)."""
    from charter.demo import seed_demo

    seed_demo(sections=("calls",))


def test_staff_log_a_call_with_the_keyboard_alone_and_see_the_p1_breach(page, demo, shot):
    login(page, "staff1")
    page.goto("/calls/log/")
    assert page.evaluate("document.activeElement.name") == "rings"
    assert_accessible(page)
    shot("calls-log-ko")
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    page.keyboard.type("010-2345-6789")
    page.keyboard.press("Tab")
    page.keyboard.type("홍길동")
    page.keyboard.press("Tab")
    page.keyboard.type("보증 심사 문의")
    for _tick in ("greeting", "repeated_back"):
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
    page.keyboard.press("Tab")  # transferred: left unticked
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # closing
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # from the topic field: submits the form
    result = page.get_by_role("status")
    expect(result).to_contain_text("P1 위반: 벨 4회")
    expect(result).to_contain_text("P2 준수")
    expect(result).to_contain_text("P3 준수")
    expect(result).to_contain_text("P5 준수")
    # Ready for the next call: the rings field has the focus again.
    assert page.evaluate("document.activeElement.name") == "rings"
    assert_accessible(page)
    shot("calls-log-result-ko")


def test_todays_calls_of_the_department_are_accessible(page, demo, shot):
    login(page, "staff1")
    page.goto("/calls/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("오늘의 전화")
    assert_accessible(page)
    shot("calls-today-ko")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today's calls")
    assert_accessible(page)
    shot("calls-today-en")
