"""Calendars in the admin, the year's holiday list, pause/resume on the obligation page and
the calendar feed, in Chromium."""

import datetime as dt

from icalendar import Calendar as ICalendar
from playwright.sync_api import expect

from charter import services
from charter.models import Calendar, Obligation, StaffMember
from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


def test_an_admin_adds_a_lunch_break_to_the_default_calendar(page, demo, shot):
    login(page, "admin")
    calendar = Calendar.objects.default()
    page.goto(f"/admin/charter/calendar/{calendar.pk}/change/")
    monday_end = page.locator("#id_periods-0-end")
    monday_end.fill("12:00")
    extra = calendar.periods.count()
    page.select_option(f"#id_periods-{extra}-weekday", "0")
    page.fill(f"#id_periods-{extra}-start", "13:00")
    page.fill(f"#id_periods-{extra}-end", "18:00")
    shot("charter-admin-calendar")
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("변경을 마쳤습니다")
    assert list(calendar.periods.filter(weekday=0).values_list("start", "end")) == [
        (dt.time(9), dt.time(12)),
        (dt.time(13), dt.time(18)),
    ]
    # Overlapping frames are refused with a message, and nothing changes.
    page.goto(f"/admin/charter/calendar/{calendar.pk}/change/")
    page.select_option(f"#id_periods-{extra + 1}-weekday", "0")
    page.fill(f"#id_periods-{extra + 1}-start", "11:00")
    page.fill(f"#id_periods-{extra + 1}-end", "14:00")
    page.get_by_role("button", name="저장", exact=True).click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.get_by_text("근무시간이 겹칩니다").first).to_be_visible()
    assert calendar.periods.filter(weekday=0).count() == 2


def test_an_admin_reads_the_non_working_days_of_a_year(page, demo, shot):
    login(page, "admin")
    calendar = Calendar.objects.default()
    page.goto(f"/admin/charter/calendar/{calendar.pk}/change/")
    page.get_by_role("link", name="연도별 목록").click()
    page.select_option("#year", "2026")
    page.get_by_role("button", name="보기").click()
    table = page.locator("#holidays")
    expect(table).to_contain_text("2026-09-25")
    expect(table).to_contain_text("추석")
    expect(table).to_contain_text("공휴일(holidays 패키지)")
    shot("charter-admin-holidays-2026")


def test_staff_pause_and_resume_an_opinion_from_its_page(page, demo, shot):
    staff = StaffMember.objects.get(user__username="staff1")
    opinion = services.obligation_open(
        standard="F1",
        subject=staff,
        department=staff.department,
        starts_at=services.timezone.now() - dt.timedelta(days=2),
        responsible=staff,
        note="의견: 보증 심사 기간 문의",
    )
    login(page, "staff1")
    page.get_by_role("link", name="F1").click()
    expect(page.get_by_role("heading", name=f"F1 · 처리 기한 #{opinion.pk}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="일시중지", exact=True).click()
    expect(page.get_by_text("이 필드는 필수 항목입니다.")).to_be_visible()
    page.get_by_label("일시중지 사유").fill("보완 서류 요청")
    page.get_by_role("button", name="일시중지", exact=True).click()
    expect(page.get_by_text("일시중지했습니다.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("일시중지")
    shot("charter-obligation-paused")
    page.get_by_role("button", name="재개", exact=True).click()
    expect(page.get_by_text("재개했습니다.")).to_be_visible()
    history = page.get_by_role("table")
    expect(history).to_contain_text("보완 서류 요청")
    expect(history).to_contain_text("재개")
    assert_accessible(page)
    shot("charter-obligation-resumed")
    assert Obligation.objects.get(pk=opinion.pk).status == "open"


def test_the_calendar_feed_opens_in_a_calendar_parser(page, demo):
    response = page.request.get("/charter/calendar.ics")
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    feed = ICalendar.from_ical(response.body())
    names = {str(event.get("summary")) for event in feed.walk("VEVENT")}
    assert "추석" in names
    assert "기독탄신일" in names
