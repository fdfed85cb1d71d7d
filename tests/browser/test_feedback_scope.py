"""Department scope in the browser: 고객지원부 hands an opinion over to 보증지원부; it leaves
their list and appears in 보증지원부's, whose staff see the customer on its page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


@pytest.fixture
def feedback_demo(db, monkeypatch):
    import charter.demo

    charter.demo.seed_demo(sections=("feedback",))


def test_a_hand_over_moves_an_opinion_to_the_receivers_list(page, feedback_demo, shot):
    from feedback.models import Feedback

    item = Feedback.objects.get(title="상담 예약 문자 알림 요청")  # 고객지원부, overdue
    login(page, "staff1")
    page.goto("/feedback/")
    page.get_by_role("link", name=item.tracking_number).click()
    expect(page.get_by_role("heading", name=item.title)).to_be_visible()
    page.get_by_role("combobox", name="부서", exact=True).select_option(label="보증지원부")
    page.get_by_role("combobox", name="담당자", exact=True).select_option(label="---------")
    page.get_by_role("button", name="배정").click()
    expect(page.get_by_text("보증지원부에 이관했습니다")).to_be_visible()
    expect(page.get_by_role("link", name=item.tracking_number)).to_have_count(0)
    assert_accessible(page)
    shot("feedback-handed-over-ko")

    receiver = page.context.browser.new_context(base_url=page.url.split("/feedback")[0]).new_page()
    login(receiver, "staff6")
    receiver.goto("/feedback/")
    receiver.get_by_role("link", name=item.tracking_number).click()
    expect(receiver.get_by_role("heading", name=item.title)).to_be_visible()
    expect(receiver.get_by_text(item.customer_name)).to_be_visible()  # their customer now
    receiver.context.close()

    # The sender's link to it is gone: a 404, its existence not revealed.
    response = page.goto(f"/feedback/{item.pk}/")
    assert response.status == 404
