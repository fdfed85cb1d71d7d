"""The satisfaction survey in a browser: the question on /charter/, answered with the keyboard,
thanked; the reply's one-question page; axe-clean and no sideways scroll at 390 px."""

import pytest
from playwright.sync_api import expect

from charter.models import SatisfactionResponse
from tests.browser.conftest import BROWSER_DB, assert_accessible

pytestmark = BROWSER_DB


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("width", [1280, 390])
def test_a_visitor_answers_the_charter_pages_question(page, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/charter/")
    question = page.get_by_role("group", name="열람하신 정보에 대해 만족하십니까?")
    expect(question).to_be_visible()
    assert_accessible(page)
    if width == 390:
        _no_sideways_scroll(page)
    shot(f"charter-survey-{width}")

    page.get_by_label("매우 만족", exact=True).focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # to 만족
    page.get_by_role("button", name="응답 보내기").press("Enter")
    expect(page.get_by_text("응답해 주셔서 감사합니다.")).to_be_visible()
    assert_accessible(page)
    if width == 390:
        _no_sideways_scroll(page)
    shot(f"charter-survey-thanks-{width}")
    assert list(SatisfactionResponse.objects.values_list("score", "source")) == [(4, "charter")]


def test_the_reply_link_asks_once(page, shot, department):
    from charter.survey import satisfaction_link

    link = satisfaction_link(about=department, department=department)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(link)
    expect(page.get_by_role("group", name="저희 재단의 답변에 만족하십니까?")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)
    shot("survey-reply-390")
    page.get_by_label("보통", exact=True).check()
    page.get_by_role("button", name="응답 보내기").click()
    expect(page.get_by_text("응답이 기록되었습니다.", exact=False)).to_be_visible()
    assert_accessible(page)
    page.goto(link[:-3] + "xx/")
    expect(page.get_by_role("heading", name="유효하지 않은 설문 링크입니다")).to_be_visible()
    assert_accessible(page)
