from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


def test_demo_staff_logs_in_and_sees_the_home_page_in_korean_then_english(page, demo, shot):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert_accessible(page)
    shot("login-ko")
    login(page, "staff1")
    assert page.get_by_role("heading", name="내 업무").is_visible()
    assert page.get_by_text("고객지원부 대리 이민지").is_visible()
    assert_accessible(page)
    shot("home-ko")

    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="My work").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    shot("home-en")


def test_the_public_charter_page_is_accessible(page, demo, shot):
    page.goto("/charter/")
    assert page.get_by_role("heading", name="고객서비스헌장 - 고객응대 이행표준").is_visible()
    assert page.locator(".standards li").count() == 27
    assert_accessible(page)
    shot("charter-ko")


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page, demo):
    page.goto("/charter/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "본문 바로가기"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_staff_log_in_with_the_keyboard_alone(page, demo):
    page.goto("/accounts/login/")
    # The user name field has the focus when the page opens.
    expect(page.get_by_label("사용자 이름")).to_be_focused()
    page.keyboard.type("staff1")
    page.keyboard.press("Tab")
    page.keyboard.type("demo1234!")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="내 업무")).to_be_visible()
