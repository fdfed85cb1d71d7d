"""The document notice's confirm step in Chromium: the preview is axe clean, fits 390 px, and
nothing is sent before the confirmation; the staff home's rows say what they are about."""

from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


def test_the_notice_preview_and_my_work(page, demo, shot):
    from charter import notify
    from charter.models import StaffMember
    from documents import services
    from tests.documents.helpers import received

    staff = StaffMember.objects.get(user__username="staff1")
    document = received(staff)
    services.document_confirm(document=document, by=staff.user)
    notify.outbox.clear()
    login(page, "staff1")
    page.goto(f"/documents/{document.pk}/")
    page.locator("#id_kind").select_option("receipt")
    page.locator("#id_channel").select_option("sms")
    page.locator("#id_body").fill("서류를 잘 받았습니다. 검토 후 연락드리겠습니다.")
    expect(page.locator(".sms-counter")).to_be_visible()
    page.get_by_role("button", name="통보 발송·기록").click()
    expect(page.get_by_role("heading", name="안내 발송 확인")).to_be_visible()
    assert notify.outbox == []
    expect(page.locator("dl.facts")).to_contain_text("접수 서류")
    shot("documents-notice-confirm-1366")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    shot("documents-notice-confirm-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/")
    expect(page.locator("a.row-about").first).to_be_visible()
    shot("my-work-rows-1366")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("th.col-due")).to_be_hidden()  # the time left says the date too
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    shot("my-work-rows-390")
