"""/api/v1/callbacks/: callback memos taken and answered by other systems."""

import pytest
import time_machine

from calls.models import Callback
from charter.models import Obligation
from tests.conftest import kst

pytestmark = pytest.mark.django_db

URL = "/api/v1/callbacks/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        yield


def memo_body(staff, **overrides):
    body = {
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "question": "보증 심사 결과",
        "department": staff.department.pk,
        "created_at": "2026-12-02T10:00:00+09:00",
    }
    body.update(overrides)
    return body


def answer_body(**overrides):
    body = {
        "answered_at": "2026-12-02T10:20:00+09:00",
        "summary": "결과를 안내했습니다.",
        "greeting": True,
        "identified": True,
        "verified": True,
    }
    body.update(overrides)
    return body


def test_taking_a_memo_returns_its_p4_deadline(api, staff):
    response = api.post(URL, memo_body(staff), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["due_at"] == "2026-12-02T11:00:00+09:00"
    assert body["taken_by"] == body["assigned_to"] == staff.pk
    assert [(o["standard"], o["status"]) for o in body["obligations"]] == [("P4", "open")]


def test_answering_a_memo_meets_p4_and_records_p6(api, staff):
    memo = api.post(URL, memo_body(staff), format="json").json()
    response = api.post(f"{URL}{memo['id']}/answer/", answer_body(), format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["answered_by"] == staff.pk
    assert {o["standard"]: o["status"] for o in body["obligations"]} == {"P4": "met", "P6": "met"}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ko", "010-1234-5678이나 031-259-7700 같은 전화번호를 입력하세요."),
        ("en", "Enter a phone number such as 010-1234-5678 or 031-259-7700."),
    ],
)
def test_a_phone_number_that_is_not_one_gets_a_400(api, staff, language, message):
    response = api.post(
        URL, memo_body(staff, customer_phone="안녕"), format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert response.json()["customer_phone"] == [message]
    assert not Callback.objects.exists()
    assert not Obligation.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [("ko", "미래의 시각입니다."), ("en", "This time is in the future.")],
)
def test_a_memo_in_the_future_gets_a_400(api, staff, language, message):
    body = memo_body(staff, created_at="2026-12-02T12:00:00+09:00")
    response = api.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json()["created_at"] == [message]
    assert not Callback.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ko", "이 콜백은 이미 2026-12-02 10:20에 처리되었습니다."),
        ("en", "This callback was already answered at 2026-12-02 10:20."),
    ],
)
def test_answering_twice_gets_a_400_and_changes_nothing(api, staff, language, message):
    memo = api.post(URL, memo_body(staff), format="json").json()
    api.post(f"{URL}{memo['id']}/answer/", answer_body(), format="json")
    response = api.post(
        f"{URL}{memo['id']}/answer/",
        answer_body(answered_at="2026-12-02T10:25:00+09:00", summary="again"),
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json()["answered_at"] == [message]
    stored = Callback.objects.get()
    assert stored.summary == "결과를 안내했습니다."
    assert stored.obligations.count() == 2


def test_an_answer_before_the_memo_gets_a_400_and_the_memo_stays_open(api, staff):
    memo = api.post(URL, memo_body(staff), format="json").json()
    response = api.post(
        f"{URL}{memo['id']}/answer/",
        answer_body(answered_at="2026-12-02T09:00:00+09:00"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["answered_at"] == [
        "A callback cannot be answered before the memo was taken."
    ]
    assert Callback.objects.get().answered_at is None


def test_the_list_masks_personal_data_and_one_memo_shows_it_to_staff_only(api, manager_api, staff):
    created = api.post(URL, memo_body(staff), format="json").json()
    for client in (api, manager_api):
        listed = client.get(URL).json()["results"][0]
        assert listed["customer_name"] == "홍*동"
        assert listed["customer_phone"] == "010-****-5678"
    mine = api.get(f"{URL}{created['id']}/").json()
    assert mine["customer_name"] == "홍길동"
    assert mine["customer_phone"] == "010-1234-5678"
    masked = manager_api.get(f"{URL}{created['id']}/").json()
    assert masked["customer_name"] == "홍*동"
    assert masked["customer_phone"] == "010-****-5678"


def test_the_list_filters_open_memos(api, staff):
    first = api.post(URL, memo_body(staff), format="json").json()
    api.post(URL, memo_body(staff), format="json")
    api.post(f"{URL}{first['id']}/answer/", answer_body(), format="json")
    waiting = api.get(URL, {"answered": "false"}).json()["results"]
    assert first["id"] not in [m["id"] for m in waiting]
    assert len(waiting) == 1
