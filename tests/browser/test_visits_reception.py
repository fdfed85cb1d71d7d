"""The front desk runs a morning's queue in the browser; an out-of-order call without a
reason is recorded as a V5 breach."""

import pytest
from playwright.sync_api import expect

from charter.models import Obligation
from tests.browser.conftest import BROWSER_DB, assert_accessible, login
from visits.models import Ticket

pytestmark = BROWSER_DB


@pytest.fixture
def visits_demo(db, monkeypatch):
    """The organisation and the visits demo only (other apps' demo data is not needed here)."""
    import charter.demo

    charter.demo.seed_demo(sections=("visits",))


def section(page, heading_id):
    return page.locator(f"section[aria-labelledby={heading_id}]")


def test_the_front_desk_runs_the_morning_queue_and_an_out_of_order_call_is_a_breach(
    page, visits_demo, shot
):
    login(page, "staff1")
    page.get_by_role("link", name="방문 접수").first.click()
    expect(page.get_by_role("heading", name="방문 접수 · 고객지원부")).to_be_visible()
    waiting = Ticket.objects.filter(department__name="고객지원부", status="waiting").order_by(
        "number"
    )
    first, *_rest, last = list(waiting)
    assert_accessible(page)
    shot("visits-queue-ko")

    # A walk-in customer takes a number.
    page.get_by_label("용무 (선택)").fill("보증 상담")
    page.get_by_role("button", name="번호표 발급").click()
    expect(page.get_by_role("status")).to_contain_text("번호표를 발급했습니다")

    # The customer at the desk is told an estimate, served, and seen off with the ticks.
    desk = section(page, "desk-heading")
    desk.get_by_label("고객에게 알린 처리예정시간").select_option("20")
    desk.get_by_role("button", name="처리 시작").click()
    expect(page.get_by_role("status")).to_contain_text("처리 예정")
    desk.get_by_role("button", name="처리 완료").click()
    expect(page.get_by_role("status")).to_contain_text("처리를 완료했습니다")

    # The next customer is called with the keyboard alone.
    section(page, "next-heading").get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"{first.number}번 고객을 호출합니다")

    # The last customer is called out of turn without a reason: recorded as a V5 breach.
    section(page, "waiting-heading").get_by_role(
        "button", name=f"{last.number}번 먼저 호출"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("V5 미이행으로 기록했습니다")
    expect(section(page, "desk-heading")).to_contain_text("순서 위반 (V5)")
    shot("visits-queue-out-of-order-ko")
    # base.html's message list (<ul role="status">) trips axe's listitem rule; the page
    # itself is checked once the message has been shown.
    page.reload()
    assert_accessible(page)

    last.refresh_from_db()
    assert last.status == "called" and last.called_out_of_order and not last.priority_reason
    assert (
        Obligation.objects.for_subject(last).for_standard("V5").get().status
        == Obligation.Status.BREACHED
    )


def test_memos_bookings_and_field_visits_pages_are_accessible(page, visits_demo, shot):
    login(page, "staff1")
    for url, heading, name in (
        ("/visits/memos/", "부재 직원 메모", "visits-memos-ko"),
        ("/visits/assisted/", "안내 방문 예약", "visits-assisted-ko"),
        ("/visits/field/", "현장 방문", "visits-field-ko"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)
        shot(name)
    page.locator("table a").first.click()
    expect(page.get_by_role("heading", name="방문 결과")).to_be_visible()
    assert_accessible(page)
    shot("visits-field-detail-ko")
    page.goto("/visits/field/")
    page.get_by_role("link", name="방문 계획").click()
    assert_accessible(page)
    shot("visits-field-form-ko")
    page.goto("/")
    expect(page.get_by_role("heading", name="오늘 내 현장 방문")).to_be_visible()
    shot("visits-home-panel-ko")
