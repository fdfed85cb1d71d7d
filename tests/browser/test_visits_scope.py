"""A customer to call back: staff of the department open the memo and see the number in full
(the opening is recorded); another department's staff cannot open it; the manager sees masks."""

import pytest
from playwright.sync_api import expect

from charter.models import AccessRecord
from tests.browser.conftest import BROWSER_DB, assert_accessible, login
from visits.models import AbsenceMemo

pytestmark = BROWSER_DB


@pytest.fixture
def visits_demo(db, monkeypatch):
    import charter.demo

    charter.demo.seed_demo(sections=("visits",))


def memo_of_staff1():
    return AbsenceMemo.objects.awaiting_contact().get(absent_staff__user__username="staff1")


def test_staff_call_back_a_customer_from_the_memo_and_others_cannot_open_it(
    page, visits_demo, shot
):
    memo = memo_of_staff1()
    login(page, "staff1")
    # 내 업무's row names the record, the customer masked and the matter, and opens the memo.
    page.get_by_role("link", name="부재 직원 메모 · 홍*동 · 보증 한도 증액 상담").click()
    expect(page.get_by_role("heading", name="부재 직원 메모")).to_be_visible()
    expect(page.get_by_text("홍길동 · 010-1234-5678")).to_be_visible()
    assert_accessible(page)
    shot("visits-memo-detail-ko")
    assert AccessRecord.objects.filter(object_id=memo.pk, user__username="staff1").count() == 1

    page.get_by_role("button", name="지금 고객에게 연락함").click()
    expect(page.get_by_role("status")).to_contain_text("연락을 기록했습니다")
    memo.refresh_from_db()
    assert memo.contacted_by.user.username == "staff1"

    page.context.clear_cookies()
    login(page, "staff6")  # 보증지원부
    response = page.goto(f"/visits/memos/{memo.pk}/")
    assert response.status == 404

    page.context.clear_cookies()
    login(page, "manager1")  # 고객지원부's manager: masked
    page.goto(f"/visits/memos/{memo.pk}/")
    expect(page.get_by_text("홍*동 · 010-****-5678")).to_be_visible()
    assert not AccessRecord.objects.filter(user__username="manager1").exists()
