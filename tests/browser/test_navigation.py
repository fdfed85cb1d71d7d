"""The main menu (charter.registry + includes/nav.html) in Chromium: grouped by section, the
current page marked, my open items counted, folded on a 390 px phone, keyboard focus visible,
axe-core clean and no sideways scroll, for staff, manager, admin and a visitor."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB

ROLES = ["staff1", "manager1", "admin", None]


@pytest.fixture
def calls_demo(db):
    from charter.demo import seed_demo

    seed_demo(sections=("calls",))


def no_sideways_scroll(page, width):
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.mark.parametrize("who", ROLES)
def test_the_menu_at_1366_px(page, calls_demo, shot, who):
    page.set_viewport_size({"width": 1366, "height": 900})
    if who:
        login(page, who)
    page.goto("/" if who else "/charter/")
    nav = page.get_by_role("navigation", name="주 메뉴")
    expect(nav).to_be_visible()
    current = nav.locator('[aria-current="page"]')
    expect(current).to_have_count(1)
    expect(current).to_have_text("내 업무" if who else "고객서비스헌장")
    if who == "staff1":
        expect(nav.get_by_text("전화", exact=False).first).to_be_visible()
        expect(nav.get_by_role("link", name="전화응대 기록")).to_be_visible()
    if who == "manager1":
        expect(nav.get_by_text("현황·보고")).to_be_visible()
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    assert_accessible(page)
    no_sideways_scroll(page, 1366)
    shot(f"nav-1366-{who or 'anonymous'}")


@pytest.mark.parametrize("who", ROLES)
def test_the_menu_folds_on_a_phone(page, calls_demo, shot, who):
    page.set_viewport_size({"width": 390, "height": 844})
    if who:
        login(page, who)
    page.goto("/" if who else "/charter/")
    header = page.locator("header.site-header").bounding_box()
    shot(f"nav-390-{who or 'anonymous'}-header")
    assert header["height"] < 130
    menu = page.locator("#site-menu")
    expect(menu.locator(".nav-groups")).to_be_hidden()
    shot(f"nav-390-{who or 'anonymous'}-folded")
    page.get_by_text("메뉴", exact=True).click()
    expect(menu.locator(".nav-groups")).to_be_visible()
    no_sideways_scroll(page, 390)
    assert_accessible(page)
    shot(f"nav-390-{who or 'anonymous'}-open")
