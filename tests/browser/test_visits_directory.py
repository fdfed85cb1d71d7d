"""The public staff directory with the seating chart (V1): no login, readable as text."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible

pytestmark = BROWSER_DB


@pytest.fixture
def visits_demo(db, monkeypatch):
    import charter.demo

    charter.demo.seed_demo(sections=("visits",))


def test_a_customer_finds_the_person_in_charge_and_their_seat_without_logging_in(
    page, visits_demo, shot
):
    page.goto("/visits/directory/")
    expect(page.get_by_role("heading", name="직원 안내", exact=True)).to_be_visible()
    expect(page.get_by_text("이민지")).to_be_visible()
    assert_accessible(page)
    shot("visits-directory-ko")

    page.get_by_role("link", name="고객지원부 좌석배치도").click()
    chart = page.get_by_role("table", name="고객지원부 좌석배치도")
    expect(chart).to_be_visible()
    # 이민지 sits in row 2, seat 1: the cell under "1번 좌석" in the row headed "2열".
    row = chart.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2열"))
    expect(row.get_by_role("cell").first).to_contain_text("이민지")
    assert_accessible(page)
    shot("visits-directory-department-ko")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Customer Support · Staff directory")).to_be_visible()
    assert_accessible(page)
    shot("visits-directory-department-en")
