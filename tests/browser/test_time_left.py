"""내 업무 says the time left in words (남음/지남, 근무시간 기준) with a late row marked in words
as well as colour; accessible and without sideways scroll at 1366 and 390 px."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


@pytest.mark.parametrize("width", [1366, 390])
def test_my_work_shows_time_left_and_late_rows(page, demo, shot, width):
    from charter import services
    from charter.models import StaffMember

    staff = StaffMember.objects.get(user__username="staff1")
    for starts in (timezone.now() - dt.timedelta(days=3), timezone.now()):
        services.obligation_open(
            standard="P4",
            subject=staff,
            department=staff.department,
            starts_at=starts,
            responsible=staff,
        )
    page.set_viewport_size({"width": width, "height": 844})
    login(page, "staff1")
    rows = page.locator("#open-heading ~ table tbody tr")
    assert rows.count() == 2
    late = rows.nth(0)
    assert "overdue" in late.get_attribute("class")
    assert "기한 경과" in late.inner_text() and "지남" in late.inner_text()
    assert "근무시간 기준" in late.inner_text()
    assert "남음" in rows.nth(1).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    shot(f"time-left-home-{width}")
