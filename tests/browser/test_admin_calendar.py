"""The calendar editor in the admin (issue 17, item 7): every input, select and delete box of
the week-frame rows has an accessible name, and axe-core finds nothing on the page."""

from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


def test_the_calendar_editor_names_every_field(page, demo, shot):
    from charter.models import Calendar

    calendar = Calendar.objects.get(is_default=True)
    login(page, "admin")
    page.goto(f"/admin/charter/calendar/{calendar.pk}/change/")
    expect(page.locator("select[name$='-0-weekday']")).to_have_attribute("aria-label", "요일 (1행)")
    expect(page.locator("input[name$='-0-DELETE']")).to_have_attribute("aria-label", "삭제 (1행)")
    shot("admin-calendar-1366")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shot("admin-calendar-390")
