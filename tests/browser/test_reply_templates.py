"""Reply templates on the opinion's reply form in Chromium: the select fills the textarea (and
the SMS byte counter follows), the plain list is there to read, and axe-core finds nothing."""

from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


def test_a_template_fills_the_reply_and_the_page_is_accessible(page, demo, shot):
    from charter.models import Department, ReplyTemplate, StaffMember
    from tests.conftest import kst
    from tests.feedback.helpers import opinion

    staff = StaffMember.objects.get(user__username="staff1")
    item = opinion(Department.objects.get(pk=staff.department_id), kst(2026, 12, 1, 10))
    template = ReplyTemplate.objects.offered("F").first()
    login(page, "staff1")
    page.goto(f"/feedback/{item.pk}/")
    page.get_by_label("예문으로 시작").select_option(label=template.title)
    expect(page.get_by_label("고객에게 보낼 내용")).to_have_value(template.body)
    expect(page.locator(".reply-templates-list summary")).to_have_text("답변 예문")
    shot("reply-templates-1366")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    shot("reply-templates-390")
