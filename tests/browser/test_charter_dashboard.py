"""The managers' dashboard in Chromium."""

import datetime as dt

from playwright.sync_api import expect

from charter import services
from charter.models import StaffMember
from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


def test_a_manager_reads_the_dashboard_of_their_department(page, demo, shot):
    staff = StaffMember.objects.get(user__username="staff1")
    now = services.timezone.now()
    services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=now - dt.timedelta(days=3),
        responsible=staff,
        note="콜백: 보증료 문의",
    )
    services.breach_scan()
    login(page, "manager1")
    page.get_by_role("link", name="현황판").click()
    expect(page.get_by_role("heading", name="이행 현황판 · 고객지원부")).to_be_visible()
    expect(page.get_by_role("heading", name="이행표준별 이행률")).to_be_visible()
    page.select_option("#days", "90")
    page.get_by_role("button", name="보기").click()
    expect(page.locator("table.compliance")).to_contain_text("P4")
    assert_accessible(page)
    shot("charter-dashboard")
