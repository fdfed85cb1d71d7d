"""What schemathesis (`make api-fuzz`) found, each kept fixed: query values that were silently
ignored or a 500, text fields that took numbers, and responses that broke their schema."""

import re

import pytest
import time_machine
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from calls.models import Callback
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False):
        yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_login(staff.user)
    return client


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize("value", ["AAA", "0", "-5254", "501", "1.5"])
def test_a_page_size_that_is_not_1_to_500_is_a_400_naming_it(api, value):
    response = api.get(f"/api/v1/calls/?page_size={value}", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert response.json() == {"page_size": ["1부터 500까지의 정수를 넣어 주십시오."]}


def test_a_page_size_within_the_bounds_is_taken(api):
    assert api.get("/api/v1/calls/?page_size=500").status_code == 200


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        # Was a 500: OverflowError converting to an SQLite integer.
        ("/api/v1/calls/?department=-2.4929474216088923e%2B174", "department", "번호(정수)를"),
        ("/api/v1/feedback/complaints/?department=AAA", "department", "번호(정수)를"),
        ("/api/v1/absence-memos/?department=AAA", "department", "번호(정수)를"),
        # Was ignored: every call listed.
        ("/api/v1/calls/?missed=AAA", "missed", "true 또는 false를"),
        ("/api/v1/callbacks/?answered=AAA", "answered", "true 또는 false를"),
        ("/api/v1/calls/?started_before=", "started_before", "값을 넣거나"),
    ],
)
def test_a_query_value_a_filter_cannot_use_is_a_400_naming_it(api, query, name, message):
    response = api.get(query, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert list(response.json()) == [name]
    assert message in response.json()[name][0]


def test_an_id_of_no_visible_department_lists_nothing(api, staff, other_department):
    """Was a 400 "not a valid choice": now the same answer as for a department of the
    caller's without records, so the id's existence is not revealed."""
    for department in (0, other_department.pk):
        response = api.get(f"/api/v1/absence-memos/?department={department}")
        assert response.status_code == 200
        assert response.json()["results"] == []
    mine = api.get(f"/api/v1/absence-memos/?department={staff.department.pk}")
    assert mine.status_code == 200


def test_a_text_field_given_a_number_is_a_400_and_nothing_is_stored(api, staff):
    body = {
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "question": 0,
        "department": staff.department.pk,
    }
    response = api.post("/api/v1/callbacks/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"question": ["Not a valid string."]}
    assert not Callback.objects.exists()


def test_read_only_fields_say_in_the_schema_that_they_may_be_null_or_blank(schema):
    components = schema["components"]["schemas"]
    assert components["AssistedVisit"]["properties"]["assigned_to"]["nullable"] is True
    assert components["DepartmentReference"]["properties"]["calendar_name"]["nullable"] is True
    cause = components["Feedback"]["properties"]["cause"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in cause["oneOf"]


def test_times_of_day_are_documented_as_the_api_writes_them(api, schema):
    start = schema["components"]["schemas"]["Frame"]["properties"]["start"]
    assert "format" not in start
    calendars = api.get("/api/v1/calendars/").json()["results"]
    frames = [frame for calendar in calendars for frame in calendar["frames"]]
    assert frames
    assert all(re.match(start["pattern"], frame["start"]) for frame in frames)


def test_every_write_documents_the_json_only_415(schema):
    for path, operations in schema["paths"].items():
        if "post" in operations:
            assert "415" in operations["post"]["responses"], path
