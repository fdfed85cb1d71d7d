"""The managers' dashboard and its drill-down in Chromium, at 1366 px and on a 390 px phone."""

import pytest
from playwright.sync_api import expect

from charter import services
from charter.models import Obligation, StaffMember
from tests.browser.conftest import BROWSER_DB, assert_accessible, login
from tests.conftest import kst

pytestmark = BROWSER_DB


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width} px wide"


@pytest.fixture
def late_callback(demo):
    staff = StaffMember.objects.get(user__username="staff1")
    obligation = services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=kst(2026, 12, 1, 10),  # due 11:00: late
        responsible=staff,
        note="콜백: 보증료 문의",
    )
    services.obligation_record(
        standard="P1",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 1, 14),
        kept=True,
        measured=1,
        responsible=staff,
    )
    services.breach_scan()
    return obligation


@pytest.mark.parametrize("width", [1366, 390])
def test_a_manager_drills_down_from_a_breach_and_waives_it(page, late_callback, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "manager1")
    if width == 390:  # the phone's header folds the menu behind a button
        page.locator("summary", has_text="메뉴").click()
    page.get_by_role("link", name="현황판").click()
    expect(page.get_by_role("heading", name="이행 현황판 · 고객지원부")).to_be_visible()
    expect(page.get_by_role("heading", name="이행표준별 이행률")).to_be_visible()
    table = page.locator("table.compliance")
    expect(table).to_contain_text("메모 후 1시간 이내 회신")
    p4 = table.locator("tr", has_text="P4")
    expect(p4.locator("td").nth(6)).to_contain_text("0.0%")
    assert_accessible(page)
    no_sideways_scroll(page)
    shot(f"charter-dashboard-{width}")

    page.select_option("#id_standard", "P4")
    page.get_by_role("button", name="보기").click()
    page.locator("table.compliance tbody tr", has_text="P4").locator("td").nth(3).get_by_role(
        "link"
    ).click()
    expect(page.get_by_role("heading", name="수치별 의무 목록 · 고객지원부")).to_be_visible()
    expect(page.locator("table.drill tbody tr")).to_have_count(1)
    assert_accessible(page)
    no_sideways_scroll(page)
    shot(f"charter-dashboard-drill-{width}")

    page.get_by_role("link", name=f"#{late_callback.pk}").click()
    page.get_by_role("textbox", name="면제 사유").fill("고객 요청으로 통화 일정 변경")
    page.get_by_role("button", name="면제").click()
    expect(page.get_by_role("heading", name="면제 확인")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="면제합니다").click()
    expect(page.get_by_text("면제했습니다")).to_be_visible()
    assert Obligation.objects.get(pk=late_callback.pk).status == "waived"
    page.goto("/dashboard/?standard=P4")
    expect(
        page.locator("table.compliance tbody tr", has_text="P4").locator("td").nth(4)
    ).to_have_text("1")


def test_an_executive_compares_departments(page, late_callback, shot):
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "executive1")
    page.goto("/dashboard/")
    ranking = page.locator("table.ranking")
    expect(ranking).to_contain_text("고객지원부")
    ranking.get_by_role("link", name="고객지원부").click()
    expect(page.get_by_role("heading", name="이행 현황판 · 고객지원부")).to_be_visible()
    expect(page.locator("table.per-staff")).to_contain_text("이민지")
    assert_accessible(page)
    shot("charter-dashboard-executive")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_trend_charts_have_their_numbers(page, late_callback, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "manager1")
    page.goto("/dashboard/")
    trends = page.locator("section", has=page.get_by_role("heading", name="추이", exact=True))
    expect(
        trends.get_by_role("img", name="P 전화로 고객을 응대하는 경우: 주간 이행률")
    ).to_be_visible()
    expect(
        trends.get_by_role("img", name="일별 미이행 건수, 2026-12-01 ~ 2026-12-31")
    ).to_be_visible()
    trends.get_by_text("수치 보기: 일별 미이행").click()
    daily = trends.locator("details", has_text="수치 보기: 일별 미이행").locator("table")
    expect(daily.locator("tbody tr")).to_have_count(1)
    expect(daily.locator("tbody tr")).to_contain_text("2026-12-01")
    assert_accessible(page)
    no_sideways_scroll(page)
    trends.scroll_into_view_if_needed()
    shot(f"charter-dashboard-trends-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_anyone_reads_the_public_results_from_the_charter(page, late_callback, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/charter/")
    page.get_by_role("link", name="고객서비스헌장 이행실적 보기 (평가연도별)").click()
    expect(page.get_by_role("heading", name="고객서비스헌장 이행실적", exact=True)).to_be_visible()
    current = page.locator("section", has_text="올해 평가연도 현재까지")
    p1 = current.locator("tr", has_text="P1")
    expect(p1.locator("td").nth(2)).to_have_text("100.0%")
    expect(page.locator("main")).not_to_contain_text("이민지")
    assert_accessible(page)
    no_sideways_scroll(page)
    shot(f"charter-results-{width}")
