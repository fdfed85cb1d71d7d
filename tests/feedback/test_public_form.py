"""The public submission form: no login, a tracking number, and protection against abuse."""

import re

import pytest
from django.test import Client

from feedback.models import Feedback
from feedback.services import TRACKING_ALPHABET, tracking_number_new
from tests.outbox import sent_email

pytestmark = pytest.mark.django_db

URL = "/feedback/submit/"


def form(**extra):
    data = {
        "kind": "complaint",
        "department": "",
        "title": "상담 대기시간이 너무 깁니다",
        "text": "지난주 방문 때 40분 넘게 기다렸습니다.",
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "customer_email": "",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def test_the_form_is_public_and_in_korean(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "의견" in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_customer_submits_and_sees_the_tracking_number(client, department, staff):
    response = client.post(URL, form(department=department.pk), follow=True)
    item = Feedback.objects.get()
    assert response.redirect_chain[-1][0] == "/feedback/submit/done/"
    assert item.tracking_number in response.content.decode()
    assert item.channel == "web"
    assert item.department == department
    assert item.consent_at is not None


def test_without_a_department_it_goes_to_the_first_department(client, department):
    client.post(URL, form())
    assert Feedback.objects.get().department == department


def test_a_post_without_the_csrf_token_is_refused(department):
    response = Client(enforce_csrf_checks=True).post(URL, form())
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_a_filled_honeypot_stores_nothing(client, department):
    response = client.post(URL, form(website="http://spam.example"))
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_consent_is_required(client, department):
    data = form()
    del data["consent"]
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "개인정보" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_phone_or_an_e_mail_is_required(client, department):
    response = client.post(URL, form(customer_phone="", customer_email=""))
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_a_bad_phone_number_is_refused(client, department):
    response = client.post(URL, form(customer_phone="12345"))
    assert response.status_code == 400
    assert "010-1234-5678" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("field", "length"), [("title", 201), ("text", 4001), ("customer_name", 51)]
)
def test_size_limits(client, department, field, length):
    response = client.post(URL, form(**{field: "가" * length}))
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_the_sixth_post_in_ten_minutes_from_one_address_is_refused(client, department):
    for _i in range(5):
        assert client.post(URL, form()).status_code == 302
    response = client.post(URL, form())
    assert response.status_code == 429
    assert Feedback.objects.count() == 5
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(URL, form()).status_code == 302


def test_the_department_is_told_by_e_mail_without_personal_data_in_the_subject(
    client, department, staff, django_capture_on_commit_callbacks
):
    staff.user.email = "minji@gcgf.or.kr"
    staff.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form(department=department.pk))
    item = Feedback.objects.get()
    assert len(sent_email()) == 1
    message = sent_email()[0]
    assert message.to == ["minji@gcgf.or.kr"]
    assert item.tracking_number in message.subject
    assert "홍길동" not in message.subject and "010" not in message.subject
    assert "홍길동" not in message.body and "1234-5678" not in message.body
    assert f"/feedback/{item.pk}/" in message.body


def test_the_settings_address_is_told_too(
    client, department, settings, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_NOTIFY_EMAIL = "voc@gcgf.or.kr"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form())
    assert [m.to for m in sent_email()] == [["voc@gcgf.or.kr"]]


def test_tracking_numbers_are_readable_random_and_unique(client, department):
    for _i in range(3):
        client.post(URL, form())
    numbers = list(Feedback.objects.values_list("tracking_number", flat=True))
    assert len(set(numbers)) == 3
    pattern = re.compile(
        rf"^GC-\d{{4}}-[{TRACKING_ALPHABET}]{{4}}-[{TRACKING_ALPHABET}]{{4}}-[{TRACKING_ALPHABET}]{{4}}$"
    )
    assert all(pattern.match(n) for n in numbers)
    # Not a sequence: 2,000 draws never repeat and spread over the alphabet.
    draws = {tracking_number_new(year=2026) for _i in range(2000)}
    assert len(draws) == 2000
    assert set("".join(d[8:] for d in draws)) - {"-"} == set(TRACKING_ALPHABET)


def test_the_done_page_without_a_submission_goes_back_to_the_form(client):
    response = client.get("/feedback/submit/done/")
    assert response.status_code == 302
    assert response["Location"] == URL
