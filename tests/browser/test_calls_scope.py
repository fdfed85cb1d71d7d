"""Department scope on the phone pages: lists masked, one memo in full for its department's
staff, a manager recording a colleague's callback, an executive reading every department."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


@pytest.fixture
def demo(db):
    """The demo organisation and the calls demo (a few weeks of records)."""
    from charter.demo import seed_demo

    seed_demo(sections=("calls",))


def first_open_memo_of(username):
    from calls.models import Callback

    return Callback.objects.open().filter(assigned_to__user__username=username).first()


def test_staff_see_masks_in_the_list_and_the_customer_in_full_on_the_memo(page, demo):
    memo = first_open_memo_of("staff1")
    login(page, "staff1")
    page.goto("/calls/callbacks/")
    table = page.locator("table.calls-callbacks")
    expect(table).to_contain_text("****")
    expect(table).not_to_contain_text(memo.customer_phone)
    page.goto(f"/calls/callbacks/{memo.pk}/answer/")
    expect(page.locator("dl.calls-memo")).to_contain_text(memo.customer_phone)
    expect(page.get_by_label("회신한 직원")).to_have_count(0)  # staff answer as themselves


def test_a_manager_records_a_colleagues_callback_with_the_picker(page, demo, shot):
    memo = first_open_memo_of("staff1")
    login(page, "manager1")
    page.goto(f"/calls/callbacks/{memo.pk}/answer/")
    expect(page.locator("dl.calls-memo")).not_to_contain_text(memo.customer_phone)
    page.get_by_label("고객에게 안내한 내용").fill("보증 심사 결과를 안내했습니다.")
    page.get_by_label("회신한 직원").select_option(label=memo.assigned_to.__str__())
    assert_accessible(page)
    shot("calls-callback-answer-manager-ko")
    page.get_by_role("button", name="회신 기록").click()
    expect(page.get_by_role("status")).to_contain_text("회신을 기록했습니다")
    memo.refresh_from_db()
    assert memo.answered_by == memo.assigned_to


def test_an_executive_reads_every_departments_calls_and_changes_nothing(page, demo, shot):
    login(page, "executive1")
    page.goto("/calls/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("모든 부서")
    expect(page.get_by_label("부서")).to_be_visible()
    assert_accessible(page)
    shot("calls-today-executive-ko")
    page.goto("/calls/callbacks/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("회신 대기 메모")
    page.locator("table.calls-callbacks tbody tr").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="고객에게 회신")).to_be_visible()
    expect(page.get_by_role("button", name="회신 기록")).to_have_count(0)
    assert_accessible(page)
    shot("calls-callback-executive-ko")
