"""Obligation rows say what they are about (issue 17, item 5): the kind of record, the customer
masked and the matter, as a link to the record; the obligation page links back to it; the
staff home costs the same queries for 1 row as for 20."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from calls import services as calls_services
from charter.models import Obligation
from tests.conftest import kst

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 10, 30)
CUSTOMERS = [
    ("홍길동", "보증 한도 문의"),
    ("김영희", "상환 일정 변경"),
    ("박철수", "서류 보완 방법"),
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def memo(staff, name="홍길동", question="보증 한도 문의", minutes_ago=10):
    return calls_services.callback_open(
        by=staff.user,
        customer_name=name,
        customer_phone="010-1234-5678",
        question=question,
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def test_three_callback_memos_on_my_work_name_three_customers_and_questions(staff_client, staff):
    memos = [memo(staff, name, question) for name, question in CUSTOMERS]
    page = staff_client.get("/").content.decode()
    assert "회신 메모 · 홍*동 · 보증 한도 문의" in page
    assert "회신 메모 · 김*희 · 상환 일정 변경" in page
    assert "회신 메모 · 박*수 · 서류 보완 방법" in page
    assert "홍길동" not in page  # a list shows the name masked
    for callback in memos:
        assert f'href="{callback.get_absolute_url()}" class="row-about"' in page


def test_the_obligation_page_links_back_to_its_record(staff_client, staff):
    callback = memo(staff)
    obligation = Obligation.objects.for_subject(callback).get(standard__code="P4")
    page = staff_client.get(obligation.get_absolute_url()).content.decode()
    assert f'<a href="{callback.get_absolute_url()}" class="row-about">회신 메모 · 홍*동' in page
    assert staff_client.get(callback.get_absolute_url()).status_code == 200


def test_a_phone_number_in_the_question_is_masked_in_the_row(staff_client, staff):
    memo(staff, question="010-9876-5432로 연락 바람")
    page = staff_client.get("/").content.decode()
    assert "9876" not in page and "010-****-5432" in page


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get("/").status_code == 200
    return len(context.captured_queries)


def test_my_work_costs_the_same_queries_for_one_row_as_for_twenty(staff_client, staff):
    memo(staff, minutes_ago=30)
    one = home_queries(staff_client)
    for n in range(19):
        memo(staff, name=f"고객{n}", question=f"문의 {n}", minutes_ago=29 - n)
    assert Obligation.objects.of_staff(staff).outstanding().count() == 20
    assert home_queries(staff_client) == one
