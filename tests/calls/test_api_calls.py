"""POST/GET /api/v1/calls/: call records from the phone system."""

import pytest
import time_machine

from calls.models import Call, Callback
from charter.models import Obligation
from tests.conftest import kst

pytestmark = pytest.mark.django_db

URL = "/api/v1/calls/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        yield


def record(**overrides):
    body = {
        "started_at": "2026-12-02T10:00:00+09:00",
        "answered_at": "2026-12-02T10:00:12+09:00",
        "rings": 4,
        "caller_number": "010-1234-5678",
        "topic": "보증 문의",
        "greeting": True,
        "repeated_back": True,
        "closing": True,
    }
    body.update(overrides)
    body = {key: value for key, value in body.items() if value != "-"}
    return body


def post(api, body, language="ko"):
    return api.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE=language)


def test_a_call_record_by_extension_is_logged_with_its_obligations(api, staff):
    response = post(api, record(extension=staff.extension))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["assigned_to"] == staff.pk
    assert body["department"] == staff.department.pk
    assert body["rings"] == 4
    outcome = {o["standard"]: o for o in body["obligations"]}
    assert outcome["P1"]["status"] == "breached"
    assert outcome["P1"]["measured"] == 4
    assert outcome["P2"]["status"] == "met"
    assert outcome["P3"]["status"] == "met"
    assert outcome["P5"]["status"] == "met"
    assert body["callback"] is None


def test_a_call_record_by_staff_id_is_logged(api, staff):
    response = post(api, record(assigned_to=staff.pk, rings=2))
    assert response.status_code == 201
    assert {o["standard"]: o["status"] for o in response.json()["obligations"]}["P1"] == "met"


def test_a_missed_call_from_a_known_number_comes_back_with_its_memo(api, staff):
    response = post(api, record(extension=staff.extension, answered_at=None, rings=8))
    assert response.status_code == 201
    body = response.json()
    assert [o["standard"] for o in body["obligations"]] == ["P1"]
    memo = Callback.objects.get(pk=body["callback"])
    assert memo.customer_phone == "010-1234-5678"


ERRORS = [
    (
        {"rings": -1},
        "rings",
        "이 값이 0보다 크거나 같은지 확인하세요.",
        "Ensure this value is greater than or equal to 0.",
    ),
    (
        {"answered_at": "2026-12-02T09:59:00+09:00"},
        "answered_at",
        "응답 시각은 벨이 울리기 시작한 시각보다 앞설 수 없습니다.",
        "A call cannot be answered before it started ringing.",
    ),
    (
        {"started_at": "2026-12-02T11:00:00+09:00", "answered_at": None},
        "started_at",
        "미래의 시각입니다.",
        "This time is in the future.",
    ),
    (
        {"extension": "9999"},
        "extension",
        "내선번호 “9999”: 이 번호를 쓰는 직원이 없습니다.",
        "No staff member has the extension “9999”.",
    ),
    (
        {"caller_number": "123"},
        "caller_number",
        "010-1234-5678이나 031-259-7700 같은 전화번호를 입력하세요.",
        "Enter a phone number such as 010-1234-5678 or 031-259-7700.",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "korean", "english"), ERRORS)
def test_bad_records_get_a_400_on_the_field_in_the_requested_language(
    api, staff, overrides, field, korean, english
):
    body = record(**{"extension": staff.extension, **overrides})
    korean_response = post(api, body, "ko")
    english_response = post(api, body, "en")
    assert korean_response.status_code == english_response.status_code == 400
    assert korean_response.json()[field] == [korean]
    assert english_response.json()[field] == [english]
    assert not Call.objects.exists()
    assert not Obligation.objects.exists()


def test_a_record_without_extension_or_staff_is_refused_from_the_phone_system(phone_system):
    system, _user = phone_system
    response = post(system, record(), "en")
    assert response.status_code == 400
    assert response.json()["extension"] == ["Give the extension or the staff member."]
    assert not Call.objects.exists()


def test_staff_without_extension_or_staff_log_their_own_call(api, staff):
    response = post(api, record())
    assert response.status_code == 201, response.json()
    assert response.json()["assigned_to"] == staff.pk
    assert Call.objects.get().logged_by == staff.user


def test_it_lists_and_shows_calls(api, staff):
    created = post(api, record(extension=staff.extension)).json()
    listed = api.get(URL).json()["results"]
    assert [c["id"] for c in listed] == [created["id"]]
    assert listed[0]["caller_number"] == "010-****-5678"  # a list: masked
    detail = api.get(f"{URL}{created['id']}/").json()
    assert detail["topic"] == "보증 문의"
    assert detail["caller_number"] == "010-1234-5678"


def test_managers_see_masked_caller_numbers(api, manager_api, staff):
    post(api, record(extension=staff.extension, caller_name="홍길동"))
    item = manager_api.get(URL).json()["results"][0]
    assert item["caller_number"] == "010-****-5678"
    assert item["caller_name"] == "홍*동"


def test_anonymous_integrators_are_refused(client):
    assert client.post(URL, record(), content_type="application/json").status_code in (401, 403)
    assert not Call.objects.exists()


def test_the_api_schema_still_validates(api):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert "/api/v1/calls/" in schema["paths"]
    assert "/api/v1/callbacks/{id}/answer/" in schema["paths"]
    assert api.get("/api/schema/").status_code == 200


@pytest.mark.parametrize(
    ("language", "message"),
    [("ko", "알 수 없는 항목입니다"), ("en", "Unknown field")],
)
def test_an_unknown_field_is_refused_by_name_and_nothing_is_stored(api, staff, language, message):
    body = record(extension=staff.extension, ringz=3, assigned_to_name="x")
    response = post(api, body, language=language)
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"ringz", "assigned_to_name"}
    assert message in errors["ringz"][0]
    assert not Call.objects.exists()


def test_a_read_only_field_sent_is_refused_too(api, staff):
    response = post(api, record(extension=staff.extension, obligations=[]))
    assert response.status_code == 400
    assert set(response.json()) == {"obligations"}
    assert not Call.objects.exists()
