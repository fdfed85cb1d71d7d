"""The documents pages: the inbox panel on the home page, the list, the detail's actions."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from charter import notify
from charter.models import Obligation
from documents import services
from documents.models import InboxCheck, Notice, ReceivedDocument
from tests.conftest import kst
from tests.outbox import sent_email, sent_sms

from .helpers import received

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def wednesday():
    notify.outbox.clear()
    with time_machine.travel(kst(2026, 12, 2, 14), tick=False):
        yield
    notify.outbox.clear()


def test_the_home_page_has_three_inbox_buttons_with_todays_counts(staff_client, staff):
    services.inbox_check_record(channel="fax", by=staff.user, checked_at=kst(2026, 12, 2, 9))
    services.inbox_check_record(channel="fax", by=staff.user, checked_at=kst(2026, 12, 2, 12))
    page = staff_client.get("/").content.decode()
    assert 'name="channel" value="fax"' in page
    assert 'name="channel" value="email"' in page
    assert 'name="channel" value="post"' in page
    assert "팩스 2/3" in page
    assert "이메일 0/3" in page
    assert "우편 0/3" in page


def test_one_click_on_the_home_page_records_a_check_and_returns_home(staff_client, staff):
    response = staff_client.post(
        "/documents/inbox/check/", {"channel": "email", "next": "/"}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    check = InboxCheck.objects.get()
    assert (check.channel, check.staff, check.checked_at) == ("email", staff, kst(2026, 12, 2, 14))
    page = response.content.decode()
    assert "이메일 1/3" in page
    assert "이메일 확인을 기록했습니다" in page


def test_an_outside_next_address_is_not_followed(staff_client):
    response = staff_client.post(
        "/documents/inbox/check/", {"channel": "post", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/documents/inbox/"


def test_a_check_in_the_future_is_refused_on_the_page(staff_client):
    response = staff_client.post(
        "/documents/inbox/check/", {"channel": "fax", "checked_at": "2026-12-02T15:00"}
    )
    assert response.status_code == 400
    assert "미래" in response.content.decode()
    assert not InboxCheck.objects.exists()


def test_staff_register_confirm_and_notify_a_document_on_the_pages(staff_client, staff):
    response = staff_client.post(
        "/documents/new/",
        {
            "channel": "post",
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
            "customer_email": "",
            "description": "임대차계약서 사본",
            "received_at": "2026-12-02T13:30",
        },
    )
    document = ReceivedDocument.objects.get()
    assert response["Location"] == f"/documents/{document.pk}/"
    assert document.received_at == kst(2026, 12, 2, 13, 30)

    staff_client.post(f"/documents/{document.pk}/confirm/", {})
    assert Obligation.objects.for_standard("D2").get().due_at == kst(2026, 12, 2, 14, 30)

    response = staff_client.post(
        f"/documents/{document.pk}/notices/",
        {"kind": "receipt", "channel": "sms", "to": "", "confirm": "1"},
    )
    assert response.status_code == 302
    assert sent_sms()[0].to == "010-1234-5678"
    page = staff_client.get(f"/documents/{document.pk}/").content.decode()
    assert "수령 통보" in page
    assert "010-1234-5678" in page  # staff handling the customer see the number


def test_a_bad_phone_on_the_form_is_shown_on_its_field(staff_client):
    response = staff_client.post(
        "/documents/new/",
        {
            "channel": "fax",
            "customer_name": "홍길동",
            "customer_phone": "1234",
            "description": "서류",
        },
    )
    assert response.status_code == 400
    assert 'id="id_customer_phone_error"' in response.content.decode()
    assert not ReceivedDocument.objects.exists()


def test_blocked_documents_need_the_missing_items_on_the_page(staff_client, staff):
    document = received(staff)
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 10))
    response = staff_client.post(
        f"/documents/{document.pk}/incomplete/", {"processed_what_can": "on", "blocked": "on"}
    )
    assert response.status_code == 400
    assert 'id="id_missing_items_error"' in response.content.decode()

    staff_client.post(
        f"/documents/{document.pk}/incomplete/",
        {"processed_what_can": "on", "blocked": "on", "missing_items": "인감증명서"},
    )
    staff_client.post(
        f"/documents/{document.pk}/notices/",
        {"kind": "deficiency", "channel": "email", "confirm": "1"},
    )
    assert "인감증명서" in sent_email()[0].body
    assert Notice.objects.get().kind == "deficiency"


def test_a_notice_before_confirming_is_refused_on_the_page(staff_client, staff):
    document = received(staff)
    response = staff_client.post(
        f"/documents/{document.pk}/notices/", {"kind": "receipt", "channel": "sms"}
    )
    assert response.status_code == 400
    assert not Notice.objects.exists()


def test_the_list_masks_customers_and_does_not_query_per_row(staff_client, staff):
    for n in range(5):
        received(staff, customer_name=f"김철{n}수")
    with CaptureQueriesContext(connection) as queries:
        page = staff_client.get("/documents/?show=all").content.decode()
    assert "김**수" in page
    assert "010-****-5678" in page
    assert "010-1234-5678" not in page
    assert len(queries) < 13  # with the header's unread notifications (notices)


def test_the_list_shows_open_and_todays_documents(staff_client, staff):
    old = received(staff, description="어제 받은 서류", at=kst(2026, 12, 1, 10))
    services.document_confirm(document=old, by=staff.user, at=kst(2026, 12, 1, 10, 5))
    services.notice_send(
        document=old,
        kind="receipt",
        channel="phone",
        by=staff.user,
        sent_at=kst(2026, 12, 1, 10, 9),
    )
    received(staff, description="오늘 받은 서류", at=kst(2026, 12, 2, 9))
    open_page = staff_client.get("/documents/").content.decode()
    assert "오늘 받은 서류" in open_page and "어제 받은 서류" not in open_page
    today = staff_client.get("/documents/?show=today").content.decode()
    assert "오늘 받은 서류" in today and "어제 받은 서류" not in today


def test_the_menu_has_the_documents_pages(staff_client):
    page = staff_client.get("/").content.decode()
    assert 'href="/documents/inbox/"' in page
    assert 'href="/documents/"' in page


def test_the_home_panel_lists_documents_waiting_for_a_notice(staff_client, staff):
    document = received(staff, description="확인 대기 서류")
    done = received(staff, description="통보 끝난 서류")
    services.document_confirm(document=done, by=staff.user, at=kst(2026, 12, 2, 10))
    services.notice_send(
        document=done,
        kind="receipt",
        channel="phone",
        by=staff.user,
        sent_at=kst(2026, 12, 2, 10, 5),
    )
    page = staff_client.get("/").content.decode()
    assert f'href="/documents/{document.pk}/"' in page
    assert "통보 끝난 서류" not in page


def test_managers_see_the_detail_and_the_notice_texts_masked(client, staff, manager):
    document = received(staff)
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 10))
    services.notice_send(document=document, kind="receipt", channel="sms", by=staff.user)
    client.force_login(manager.user)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert "홍길동" not in page and "010-1234-5678" not in page and "hong@example.com" not in page
    assert "홍*동 고객님" in page
    assert "010-****-5678" in page


def confirmed_document(staff):
    document = received(staff, at=kst(2026, 12, 2, 13, 30))
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 13, 40))
    return document


def test_an_sms_notice_shows_its_preview_and_sends_nothing_until_confirmed(staff_client, staff):
    from notices.models import Message

    document = confirmed_document(staff)
    form = {"kind": "receipt", "channel": "sms", "to": "", "body": "서류를 잘 받았습니다."}
    response = staff_client.post(f"/documents/{document.pk}/notices/", form)
    page = response.content.decode()
    assert response.status_code == 200 and "안내 발송 확인" in page
    assert "서류를 잘 받았습니다." in page and "SMS (21바이트)" in page
    assert Message.objects.count() == 0 and not Notice.objects.exists()

    response = staff_client.post(f"/documents/{document.pk}/notices/", {**form, "confirm": "1"})
    assert response.status_code == 302
    assert Message.objects.count() == 1
    assert [m.body for m in sent_sms()] == ["서류를 잘 받았습니다."]


def test_the_preview_shows_the_standard_notice_when_no_text_is_written(staff_client, staff):
    document = confirmed_document(staff)
    expected = services.notice_text(document=document, kind="receipt", sender=staff)["body"]
    page = staff_client.post(
        f"/documents/{document.pk}/notices/", {"kind": "receipt", "channel": "email", "to": ""}
    ).content.decode()
    assert expected.splitlines()[0] in page and "네, 보냅니다" in page


def test_a_recorded_phone_notice_needs_no_confirmation(staff_client, staff):
    document = confirmed_document(staff)
    response = staff_client.post(
        f"/documents/{document.pk}/notices/", {"kind": "receipt", "channel": "phone", "to": ""}
    )
    assert response.status_code == 302 and Notice.objects.get().channel == "phone"


def test_an_sms_longer_than_an_lms_is_refused_in_korean(staff_client, staff):
    document = confirmed_document(staff)
    response = staff_client.post(
        f"/documents/{document.pk}/notices/",
        {"kind": "receipt", "channel": "sms", "to": "", "body": "가" * 1001, "confirm": "1"},
    )
    assert response.status_code == 400 and "2,000바이트" in response.content.decode()
    assert not Notice.objects.exists()


def test_the_notice_textarea_has_the_byte_counter(staff_client, staff):
    document = confirmed_document(staff)
    page = staff_client.get(f"/documents/{document.pk}/").content.decode()
    assert 'name="body"' in page and 'data-sms-limit="90"' in page
