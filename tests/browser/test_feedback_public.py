"""The public opinion/complaint form and tracking page, and staff answering from their list:
submit -> tracking number -> staff send a progress notice -> the customer sees it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


@pytest.fixture
def feedback_demo(db, monkeypatch):
    import charter.demo

    charter.demo.seed_demo(sections=("feedback",))


def test_a_customer_submits_a_complaint_and_sees_the_progress_notice_staff_send(
    page, feedback_demo, shot
):
    page.goto("/feedback/submit/")
    expect(page.get_by_role("heading", name="고객의견·불편 접수")).to_be_visible()
    assert_accessible(page)
    shot("feedback-submit-ko")

    page.get_by_label("불편·불만").check()
    page.get_by_role("combobox", name="부서", exact=True).select_option(label="고객지원부")
    page.get_by_role("textbox", name="제목", exact=True).fill("지점 안내 전화번호가 틀립니다")
    page.get_by_role("textbox", name="내용", exact=True).fill(
        "홈페이지의 수원지점 번호로 걸면 다른 곳이 받습니다."
    )
    page.get_by_role("textbox", name="성명", exact=True).fill("김민수")
    page.get_by_role("textbox", name="이메일", exact=True).fill("minsu@example.com")
    page.get_by_role("button", name="보내기").click()
    # Consent is required: the form comes back with the reason, typed values kept.
    expect(page.get_by_text("계속하시려면 개인정보 수집에 동의해 주십시오.")).to_be_visible()
    expect(page.get_by_role("textbox", name="제목", exact=True)).to_have_value(
        "지점 안내 전화번호가 틀립니다"
    )
    assert_accessible(page)
    shot("feedback-submit-error-ko")
    page.get_by_label(re.compile("성명과 연락처를 수집하는 데 동의합니다")).check()
    page.get_by_role("button", name="보내기").click()

    expect(page.get_by_role("heading", name="접수되었습니다. 감사합니다")).to_be_visible()
    number = page.locator("#tracking-number").inner_text().strip()
    assert re.fullmatch(r"GC-\d{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", number)
    assert_accessible(page)
    shot("feedback-submitted-ko")

    page.get_by_role("link", name="처리 상황 조회").click()
    addresses = []  # every address the browser asks for while the customer looks it up
    page.on("request", lambda request: addresses.append((request.method, request.url)))
    page.get_by_role("textbox", name="접수번호", exact=True).fill(number)
    page.get_by_role("textbox", name="접수 시 적은 전화번호 또는 이메일").fill("minsu@example.com")
    page.get_by_role("button", name="조회").click()
    expect(page.get_by_text("아직 답변이 없습니다.", exact=False)).to_be_visible()
    # The form posted; the contact went in the body, never in an address.
    assert ("POST", page.url) in addresses and page.url.endswith("/feedback/track/")
    assert not [url for _method, url in addresses if "minsu" in url or "contact" in url]
    assert_accessible(page)
    shot("feedback-track-empty-ko")

    # Staff of customer support find it in their list and send a progress notice.
    staff_page = page.context.browser.new_context(
        base_url=page.url.split("/feedback")[0]
    ).new_page()
    login(staff_page, "staff1")
    staff_page.goto("/feedback/")
    expect(staff_page.get_by_role("heading", name="고객의견·불만")).to_be_visible()
    assert_accessible(staff_page)
    staff_page.screenshot(path="var/screenshots/feedback-list-ko.png", full_page=True)
    staff_page.get_by_role("link", name=number).click()
    expect(staff_page.get_by_role("heading", name="지점 안내 전화번호가 틀립니다")).to_be_visible()
    staff_page.get_by_role("combobox", name="안내 종류").select_option(label="처리경과 안내")
    staff_page.get_by_role("combobox", name="안내 방법").select_option(label="이메일")
    staff_page.get_by_role("textbox", name="고객에게 보낼 내용").fill(
        "담당 부서에서 홈페이지 번호를 고치고 있습니다."
    )
    staff_page.get_by_role("button", name="보내기").click()
    expect(staff_page.locator(".reply")).to_contain_text(
        "담당 부서에서 홈페이지 번호를 고치고 있습니다."
    )
    assert_accessible(staff_page)
    staff_page.screenshot(path="var/screenshots/feedback-detail-ko.png", full_page=True)
    staff_page.context.close()

    # The customer looks again and sees it.
    page.goto("/feedback/track/")
    page.get_by_role("textbox", name="접수번호", exact=True).fill(number.lower())
    page.get_by_role("textbox", name="접수 시 적은 전화번호 또는 이메일").fill("MINSU@example.com")
    page.get_by_role("button", name="조회").click()
    expect(page.locator(".reply")).to_contain_text("처리경과 안내")
    expect(page.locator(".reply")).to_contain_text("담당 부서에서 홈페이지 번호를 고치고 있습니다.")
    assert_accessible(page)
    shot("feedback-track-reply-ko")


def test_a_wrong_number_says_not_found_without_saying_which(page, feedback_demo, shot):
    page.goto("/feedback/track/")
    page.get_by_role("textbox", name="접수번호", exact=True).fill("GC-2026-AAAA-BBBB-CCCC")
    page.get_by_role("textbox", name="접수 시 적은 전화번호 또는 이메일").fill("010-1234-5678")
    page.get_by_role("button", name="조회").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "이 접수번호와 연락처로 찾은 내용이 없습니다."
    )
    assert_accessible(page)
    shot("feedback-track-not-found-ko")


def test_the_form_in_english_and_with_the_keyboard(page, feedback_demo, shot):
    page.goto("/feedback/submit/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Send an opinion or a complaint")).to_be_visible()
    assert_accessible(page)
    shot("feedback-submit-en")
    # The hidden honeypot is never a keyboard stop.
    for _i in range(40):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") != "website"


def test_staff_pages_home_panel_and_contests(page, feedback_demo, shot):
    login(page, "staff1")
    expect(page.get_by_role("heading", name="기한이 다가오는 고객의견·불만")).to_be_visible()
    shot("feedback-home-ko")
    page.goto("/feedback/?department=all")
    expect(page.locator("tr.overdue").first).to_be_visible()
    assert_accessible(page)
    shot("feedback-list-all-ko")
    page.goto("/feedback/contests/")
    page.get_by_role("link", name="2027 고객만족 아이디어 공모전").click()
    expect(page.get_by_role("heading", name="포상규정")).to_be_visible()
    assert_accessible(page)
    shot("feedback-contest-ko")
    page.goto("/feedback/new/")
    assert_accessible(page)
    shot("feedback-new-ko")
