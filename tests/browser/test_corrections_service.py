"""Corrections in the browser: the rank rule on the correction form (in whose name), the list of
one department, the defect steps."""

import re

import pytest
from playwright.sync_api import expect

from corrections.models import HandlingDefect, ServiceCorrection
from tests.browser.conftest import ARTIFACTS, BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


@pytest.fixture
def demo(db):
    """The demo organisation and the corrections demo (a few weeks of records)."""
    from charter.demo import seed_demo

    seed_demo(sections=("corrections",))


def test_a_correction_by_an_equal_rank_is_refused_next_to_the_field_then_a_higher_rank_corrects(
    page, demo, shot
):
    # The open demo report is about 최유나 (사원); 한지민 is also 사원, 이민지 is 대리.
    report = ServiceCorrection.objects.open().select_related("staff_involved").get()
    assert report.staff_involved.name == "최유나"
    login(page, "staff1")
    expect(page.get_by_role("heading", name="시정할 일")).to_be_visible()
    page.locator(".corrections-panel").screenshot(path=str(ARTIFACTS / "corrections-home-ko.png"))
    page.get_by_role("link", name="최유나 직원의 응대 시정").click()
    expect(page.get_by_role("heading", name=f"불친절 신고 C1-{report.pk}")).to_be_visible()
    # Staff record the correction in their own name only: the picker offers just themselves.
    expect(page.get_by_label("시정한 직원").locator("option")).to_have_text(
        ["이민지 (대리, 고객지원부)"]
    )
    assert_accessible(page)
    shot("corrections-service-detail-ko")

    # Their manager may record it for a colleague of the department, of a higher rank.
    login(page, "manager1")
    page.goto(f"/corrections/service/{report.pk}/")
    page.get_by_label("시정한 직원").select_option(label="한지민 (사원, 고객지원부)")
    page.get_by_label("시정 조치 내용").fill("해당 직원 면담 및 응대 교육")
    page.get_by_label("통보 방법").select_option(label="전화")
    page.get_by_label("고객 통보 내용").fill("시정 조치 결과를 알려 드립니다.")
    page.get_by_label("사과 내용").fill("불편을 드려 죄송합니다.")
    page.get_by_role("button", name="시정 기록").click()

    error = page.locator("#id_corrected_by_error")
    expect(error).to_contain_text("최유나(사원)보다 상위 직급의 직원이 해야 합니다")
    expect(error).to_contain_text("한지민 님의 직급은 사원입니다")
    # The message sits right under the field, inside the same field block.
    field = page.locator(".field", has=page.get_by_label("시정한 직원"))
    expect(field.locator(".error")).to_have_count(1)
    expect(page.get_by_label("시정한 직원")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("시정한 직원")).to_have_accessible_description(
        re.compile("최유나\\(사원\\)보다 상위 직급의 직원이 해야 합니다")
    )
    expect(page.get_by_role("alert")).to_contain_text("시정한 직원")
    assert_accessible(page)
    shot("corrections-service-refused-ko")
    report.refresh_from_db()
    assert report.corrected_at is None

    # What was typed is kept; choose a higher rank and submit again.
    expect(page.get_by_label("시정 조치 내용")).to_have_value("해당 직원 면담 및 응대 교육")
    page.get_by_label("시정한 직원").select_option(label="이민지 (대리, 고객지원부)")
    page.get_by_role("button", name="시정 기록").click()
    expect(page.get_by_role("status")).to_contain_text("시정, 통보, 사과를 기록했습니다.")
    expect(page.get_by_text("기한 내")).to_be_visible()
    assert_accessible(page)
    shot("corrections-service-corrected-ko")
    report.refresh_from_db()
    assert report.corrected_by.name == "이민지"


def test_the_corrections_list_is_accessible_in_korean_and_english(page, demo, shot):
    # 수원지점 corrected one report and one defect late; the list shows its own records only.
    login(page, "staff13")
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="시정 조치").click()
    expect(page.get_by_role("heading", name="시정 조치", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="시정할 불친절 신고 (C1)")).to_be_visible()
    expect(page.get_by_text("기한 초과").first).to_be_visible()
    expect(page.get_by_text("이도현 (대리)").first).to_be_visible()
    expect(page.get_by_text("최유나")).to_have_count(0)  # 고객지원부's report
    expect(page.get_by_text("2026-민원-0412")).to_have_count(0)  # 고객지원부's defect
    assert_accessible(page)
    shot("corrections-list-ko")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Service reports to correct (C1)")).to_be_visible()
    assert_accessible(page)
    shot("corrections-list-en")


def test_a_defect_is_recorded_corrected_and_notified_with_the_keyboard(page, demo, shot):
    login(page, "staff1")
    page.goto("/corrections/defects/new/")
    assert_accessible(page)
    shot("corrections-defect-report-ko")
    page.get_by_label("민원 번호").fill("2026-민원-0500")
    page.get_by_label("하자 내용").fill("회신문에 처리 기한을 잘못 기재함")
    page.get_by_label("담당 직원").select_option(label="이민지 (대리, 고객지원부)")
    # Enter in a text field submits the form, as anywhere else.
    page.get_by_label("고객 성명").fill("홍길동")
    page.get_by_label("고객 성명").press("Enter")
    expect(page.get_by_role("heading", name="1단계: 시정 기록")).to_be_visible()

    # Notifying first is not offered; the correction step comes first.
    page.get_by_label("시정 내용").fill("수정 회신문을 다시 발송함")
    page.get_by_role("button", name="시정 기록").click()
    expect(page.get_by_role("heading", name="2단계: 고객 통보")).to_be_visible()
    assert_accessible(page)
    shot("corrections-defect-notify-ko")
    page.get_by_label("통보 방법").select_option(label="전화")
    page.get_by_label("고객 통보 내용").fill("정정 결과를 전화로 안내함")
    page.get_by_role("button", name="통보 기록").click()
    expect(page.get_by_role("status")).to_contain_text("고객 통보를 기록했습니다.")
    defect = HandlingDefect.objects.get(case_reference="2026-민원-0500")
    assert defect.notified_at is not None
