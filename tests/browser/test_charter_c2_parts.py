"""C2's two parts on the dashboard and the public results, in Chromium at 1366 and 390 px."""

import pytest
from playwright.sync_api import expect

from charter.models import StaffMember
from corrections import services
from tests.browser.conftest import BROWSER_DB, assert_accessible, login
from tests.browser.test_charter_dashboard import no_sideways_scroll
from tests.conftest import kst

pytestmark = BROWSER_DB


@pytest.fixture
def notified_late(demo):
    """Corrected in time, the customer told half an hour after the follow-up's hour."""
    staff = StaffMember.objects.get(user__username="staff1")
    defect = services.handling_defect_report(
        case_reference="민원-C2",
        what="답변서 누락",
        discovered_at=kst(2026, 12, 1, 10),
        responsible=staff,
        by=staff.user,
    )
    services.handling_defect_correct(
        defect=defect, by=staff.user, at=kst(2026, 12, 2, 10), correction="답변서 재발송"
    )
    services.handling_defect_notify(
        defect=defect, by=staff.user, at=kst(2026, 12, 2, 11, 30), channel="phone", text="안내함"
    )
    return defect


@pytest.mark.parametrize("width", [1366, 390])
def test_the_dashboard_shows_c2_fix_and_c2_notice_apart(page, notified_late, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "manager1")
    page.goto("/dashboard/")
    table = page.locator("table.compliance")
    fix = table.locator("tr", has_text="C2 시정")
    notice = table.locator("tr", has_text="C2 통보")
    expect(fix.locator("td").nth(6)).to_contain_text("100.0%")
    expect(notice.locator("td").nth(6)).to_contain_text("0.0%")
    assert_accessible(page)
    no_sideways_scroll(page)
    shot(f"charter-c2-parts-{width}")
    notice.locator("td").nth(3).get_by_role("link").click()
    expect(page.locator("main")).to_contain_text("C2 통보")
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)


def test_the_public_results_list_both_parts(page, notified_late):
    page.goto("/charter/results/")
    current = page.locator("section", has_text="올해 평가연도 현재까지")
    expect(current.locator("tr", has_text="C2 시정")).to_have_count(1)
    expect(current.locator("tr", has_text="C2 통보")).to_have_count(1)
    assert_accessible(page)
