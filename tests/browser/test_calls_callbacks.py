"""My callbacks: sorted by time left, overdue ones marked, answered in one step."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


@pytest.fixture
def demo(db):
    """The demo organisation and the calls demo (a few weeks of records)."""
    from charter.demo import seed_demo

    seed_demo(sections=("calls",))


def test_staff_answer_a_callback_with_the_keyboard(page, demo, shot):
    login(page, "staff1")
    expect(page.get_by_role("heading", name="회신할 메모")).to_be_visible()
    shot("calls-home-panel-ko")
    page.goto("/calls/callbacks/")
    expect(page.get_by_role("heading", name="내 회신 목록")).to_be_visible()
    waiting = page.locator("table.calls-callbacks tbody tr")
    before = waiting.count()
    assert before >= 3
    assert_accessible(page)
    shot("calls-callbacks-ko")

    waiting.first.get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="고객에게 회신")).to_be_visible()
    assert page.evaluate("document.activeElement.name") == "summary"
    assert_accessible(page)
    shot("calls-callback-answer-ko")
    page.keyboard.type("보증 심사 결과를 안내했습니다.")
    for _tick in ("greeting", "identified", "verified"):
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
    page.get_by_role("button", name="회신 기록").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("회신을 기록했습니다")
    expect(page.get_by_role("status")).to_contain_text("P6 준수")
    expect(waiting).to_have_count(before - 1)
    assert_accessible(page)
    shot("calls-callbacks-after-ko")


def test_taking_a_callback_memo_is_accessible(page, demo, shot):
    login(page, "staff1")
    page.goto("/calls/callbacks/new/")
    assert page.evaluate("document.activeElement.name") == "customer_name"
    page.keyboard.type("김고객")
    page.keyboard.press("Tab")
    page.keyboard.type("없는 번호")
    page.keyboard.press("Tab")
    page.keyboard.type("보증서 재발급")
    page.get_by_role("button", name="메모 저장").click()
    expect(page.locator(".has-error")).to_contain_text("전화번호를 입력하세요")
    assert_accessible(page)
    shot("calls-callback-new-error-ko")
