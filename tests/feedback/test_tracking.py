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


# -- No contact in an address: the page's form posts, the API takes POST only ----------------

API = "/api/v1/feedback/track/"


@pytest.fixture
def lookups(monkeypatch):
    """Every lookup made, as (number, contact)."""
    from feedback import services

    made = []
    real = services.feedback_track

    def spy(*, number, contact):
        made.append((number, contact))
        return real(number=number, contact=contact)

    monkeypatch.setattr(services, "feedback_track", spy)
    return made


def _addresses(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


def test_the_page_form_posts_with_its_csrf_token_to_an_address_without_a_query(item):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get(URL).content.decode()
    (form,) = [f for f in re.findall(r"<form[^>]*>", page) if "track" in f]
    assert 'method="post"' in form
    assert re.search(r'action="([^"]*)"', form).group(1) == URL
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    lookup = {"number": item.tracking_number, "contact": "010-1234-5678"}
    assert client.post(URL, lookup).status_code == 403  # no token: refused
    response = client.post(URL, {**lookup, "csrfmiddlewaretoken": token})
    # The answer is the POST's own response: no redirect to an address carrying the contact.
    assert response.status_code == 200 and "Location" not in response.headers
    html = response.content.decode()
    assert item.title in html
    for address in _addresses(html):
        assert "1234" not in address and "contact" not in address and "@" not in address


def test_a_number_and_contact_in_the_page_address_are_not_looked_up(client, item, lookups):
    # The page sends the visitor to its plain address: no link on it carries the contact on.
    response = client.get(URL, {"number": item.tracking_number, "contact": "01012345678"})
    assert response.status_code == 302 and response.headers["Location"] == URL
    page = client.get(response.headers["Location"]).content.decode()
    assert item.title not in page and "01012345678" not in page
    assert lookups == []


def test_the_api_refuses_a_get_with_the_contact_and_looks_nothing_up(item, lookups, settings):
    from rest_framework.test import APIClient

    settings.FEEDBACK_TRACK_RATE = (1, 600)
    client = APIClient()
    query = {"number": item.tracking_number, "contact": "010-1234-5678"}
    response = client.get(API, query)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST, OPTIONS"
    assert response.json() == {
        "detail": "접수번호와 연락처는 주소(URL)가 아니라 POST 요청의 본문에 담아 보내 주세요. "
        "주소는 접속 기록에 남습니다."
    }
    assert item.title not in response.content.decode()
    english = client.get(API, query, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 405
    assert "in the body of a POST request" in english.json()["detail"]
    assert lookups == []
    # Refusals did not use up the client's lookups (the rate allows one).
    assert client.post(API, query, format="json").status_code == 200


def test_the_api_refuses_a_post_with_the_contact_in_its_address(item, lookups):
    from rest_framework.test import APIClient

    body = {"number": item.tracking_number, "contact": "010-1234-5678"}
    response = APIClient().post(
        f"{API}?contact=01012345678", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "not in the address" in response.json()["detail"]
    assert item.title not in response.content.decode()
    assert lookups == []


def test_the_api_post_finds_by_number_and_contact_and_says_not_found_alike(item):
    from rest_framework.test import APIClient

    client = APIClient()
    by_phone = client.post(
        API, {"number": item.tracking_number, "contact": "01012345678"}, format="json"
    )
    assert by_phone.status_code == 200
    assert by_phone.json()["title"] == item.title and by_phone.json()["status"] == "received"
    assert "customer_phone" not in by_phone.json() and "customer_email" not in by_phone.json()
    by_email = client.post(API, {"number": item.tracking_number, "contact": "HONG@example.com"})
    assert by_email.status_code == 200  # a form-encoded body too

    wrong_number = client.post(
        API, {"number": "GC-2026-AAAA-BBBB-CCCC", "contact": "010-1234-5678"}, format="json"
    )
    wrong_contact = client.post(
        API, {"number": item.tracking_number, "contact": "010-9999-9999"}, format="json"
    )
    assert wrong_number.status_code == wrong_contact.status_code == 404
    assert wrong_number.json() == wrong_contact.json()
    assert wrong_number.json() == {"detail": "이 접수번호와 연락처로 찾은 내용이 없습니다."}


def test_the_api_post_needs_both_fields_and_stays_rate_limited(item, settings):
    from rest_framework.test import APIClient

    client = APIClient()
    missing = client.post(API, {"number": item.tracking_number}, format="json")
    assert missing.status_code == 400 and "contact" in missing.json()

    settings.FEEDBACK_TRACK_RATE = (3, 600)
    for _i in range(2):
        client.post(API, {"number": "GC-2026-AAAA-BBBB-CCCC", "contact": "x"}, format="json")
    right = {"number": item.tracking_number, "contact": "010-1234-5678"}
    assert client.post(API, right, format="json").status_code == 429
