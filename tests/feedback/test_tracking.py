"""The public tracking page, and the acceptance story: a customer submits a complaint, gets a
tracking number and sees the progress notice once staff send it."""

import re

import pytest

from feedback.models import Feedback
from tests.conftest import kst

from .helpers import complaint

pytestmark = pytest.mark.django_db

URL = "/feedback/track/"


@pytest.fixture
def item(department):
    return complaint(department, kst(2026, 10, 1, 10))


def test_the_right_number_and_phone_show_the_status(client, item):
    response = client.post(URL, {"number": item.tracking_number, "contact": "01012345678"})
    assert response.status_code == 200
    page = response.content.decode()
    assert item.title in page
    assert "접수" in page


def test_the_number_is_forgiving_of_case_and_spaces_and_the_e_mail_of_case(client, item):
    response = client.post(
        URL, {"number": f" {item.tracking_number.lower()} ", "contact": "HONG@example.com"}
    )
    assert response.status_code == 200


def test_a_wrong_number_and_a_wrong_contact_give_the_same_answer(client, item):
    wrong_number = client.post(
        URL, {"number": "GC-2026-AAAA-BBBB-CCCC", "contact": "010-1234-5678"}
    )
    wrong_contact = client.post(URL, {"number": item.tracking_number, "contact": "010-9999-9999"})
    assert wrong_number.status_code == wrong_contact.status_code == 404

    # Apart from what was typed back into the form and the CSRF token, the pages are identical.
    def strip(response):
        return re.sub(r'value="[^"]*"', "", response.content.decode())

    assert strip(wrong_number) == strip(wrong_contact)
    assert "찾은 내용이 없습니다" in strip(wrong_number)
    assert item.title not in wrong_contact.content.decode()


def test_tracking_is_rate_limited(client, item, settings):
    settings.FEEDBACK_TRACK_RATE = (3, 600)
    for _i in range(3):
        client.post(URL, {"number": "GC-2026-AAAA-BBBB-CCCC", "contact": "0101234567"})
    response = client.post(URL, {"number": item.tracking_number, "contact": "010-1234-5678"})
    assert response.status_code == 429


def test_a_customer_submits_a_complaint_and_sees_the_progress_notice_staff_send(
    client, staff, django_capture_on_commit_callbacks
):
    # The customer submits on the public form.
    response = client.post(
        "/feedback/submit/",
        {
            "kind": "complaint",
            "department": staff.department.pk,
            "title": "지점 안내 전화번호가 틀립니다",
            "text": "홈페이지의 수원지점 번호로 걸면 다른 곳이 받습니다.",
            "customer_name": "김민수",
            "customer_phone": "",
            "customer_email": "minsu@example.com",
            "consent": "on",
        },
        follow=True,
    )
    number = Feedback.objects.get().tracking_number
    assert number in response.content.decode()
    lookup = {"number": number, "contact": "minsu@example.com"}
    assert "아직 답변이 없습니다" in client.post(URL, lookup).content.decode()

    # Staff send a progress notice from the detail page.
    from django.test import Client

    desk = Client()
    desk.force_login(staff.user)
    item = Feedback.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        sent = desk.post(
            f"/feedback/{item.pk}/reply/",
            {
                "kind": "progress",
                "channel": "email",
                "text": "담당 부서에서 번호를 고치는 중입니다.",
            },
        )
    assert sent.status_code == 302

    # The customer sees it.
    page = client.post(URL, lookup).content.decode()
    assert "담당 부서에서 번호를 고치는 중입니다." in page
    assert "처리경과" in page or "진행" in page
