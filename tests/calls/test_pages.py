"""The phone section's pages, through Django's test client (Korean by default)."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from calls import services
from calls.models import Call, Callback
from charter.models import Obligation
from tests import factories
from tests.conftest import kst

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 10, 30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def memo(staff, minutes_ago, **overrides):
    fields = {
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "question": "보증 문의",
        "by": staff.user,
        "created_at": timezone.now() - dt.timedelta(minutes=minutes_ago),
    }
    fields.update(overrides)
    return services.callback_open(**fields)


def log_form(staff, **overrides):
    data = {
        "rings": "2",
        "caller_number": "",
        "caller_name": "",
        "topic": "보증 문의",
        "greeting": "on",
        "repeated_back": "on",
        "closing": "on",
        "started_at": "2026-12-02T10:29",
        "extension": staff.extension,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_call_log_form_is_ready_for_the_keyboard_with_my_defaults(staff_client, staff):
    html = staff_client.get("/calls/log/").content.decode()
    assert re.search(r'<input[^>]*name="rings"[^>]*autofocus', html)
    assert 'value="2026-12-02T10:30"' in html
    assert f'value="{staff.extension}"' in html
    for tick in ("greeting", "repeated_back", "transferred", "closing", "missed"):
        checkbox = re.search(rf'<input[^>]*name="{tick}"[^>]*>', html).group(0)
        assert "checked" not in checkbox
    assert "받기 전 벨 횟수" in html


def test_logging_a_call_that_rang_4_times_shows_the_p1_breach(staff_client, staff):
    response = staff_client.post("/calls/log/", log_form(staff, rings="4"), follow=True)
    html = response.content.decode()
    assert "P1 위반: 벨 4회" in html
    assert "P2 준수" in html
    assert "P3 준수" in html
    call = Call.objects.get()
    assert call.logged_by == staff.user
    assert call.started_at == kst(2026, 12, 2, 10, 29)
    assert re.search(r'<input[^>]*name="rings"[^>]*autofocus', html)


def test_a_call_without_the_greeting_says_why_p1_was_breached(staff_client, staff):
    html = staff_client.post(
        "/calls/log/", log_form(staff, greeting=None), follow=True
    ).content.decode()
    assert "P1 위반: 소속·직급·성명 인사 누락" in html


def test_a_missed_call_logged_with_a_number_opens_a_memo(staff_client, staff):
    html = staff_client.post(
        "/calls/log/",
        log_form(staff, rings="6", missed="on", caller_number="010-2222-3333"),
        follow=True,
    ).content.decode()
    assert "P1 위반: 미응답 (벨 6회)" in html
    assert "회신 메모가 만들어졌습니다" in html
    assert Callback.objects.get().customer_phone == "010-2222-3333"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rings": "-1"}, "벨 횟수는 음수일 수 없습니다."),
        ({"extension": "0000"}, "쓰는 직원이 없습니다."),
        ({"started_at": "2026-12-02T11:30"}, "미래의 시각입니다."),
        ({"caller_number": "12"}, "전화번호를 입력하세요."),
    ],
)
def test_a_bad_call_log_shows_the_error_and_stores_nothing(staff_client, staff, overrides, message):
    response = staff_client.post("/calls/log/", log_form(staff, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Call.objects.exists()
    assert not Obligation.objects.exists()


def test_my_callbacks_are_sorted_by_time_left_and_overdue_ones_are_marked(staff_client, staff):
    fresh = memo(staff, 5, customer_name="김신규")
    overdue = memo(staff, 90, customer_name="이지연")
    colleague = factories.StaffMemberFactory(department=staff.department)
    memo(staff, 10, assigned_to=colleague, customer_name="남의메모")
    html = staff_client.get("/calls/callbacks/").content.decode()
    # A list: names masked (the memo's own page shows them in full).
    assert "이지연" not in html and "김신규" not in html
    assert html.index("이*연") < html.index("김*규")
    assert "남**모" not in html
    rows = re.findall(r"<tr( class=\"overdue\")?>\s*<td>(.*?)</td>", html, re.S)
    assert rows[0][0] and "기한 경과" in rows[0][1]
    assert not rows[1][0] and "기한 경과" not in rows[1][1]
    assert f"/calls/callbacks/{overdue.pk}/answer/" in html
    assert f"/calls/callbacks/{fresh.pk}/answer/" in html


def test_the_callbacks_list_costs_the_same_queries_for_3_or_30_memos(
    staff_client, staff, django_assert_max_num_queries
):
    for minutes in range(3):
        memo(staff, minutes)
    staff_client.get("/calls/callbacks/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        staff_client.get("/calls/callbacks/")
    for minutes in range(27):
        memo(staff, 3 + minutes)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get("/calls/callbacks/")
    assert response.content.decode().count("/answer/") == 30


def test_taking_a_memo_on_the_page_opens_p4_and_says_when_it_is_due(staff_client, staff):
    response = staff_client.post(
        "/calls/callbacks/new/",
        {
            "customer_name": "홍길동",
            "customer_phone": "010 1234 5678",
            "question": "보증서 발급",
            "assigned_to": staff.pk,
            "created_at": "2026-12-02T10:30",
        },
        follow=True,
    )
    assert "2026-12-02 11:30까지 고객에게 회신하세요" in response.content.decode()
    stored = Callback.objects.get()
    assert stored.customer_phone == "01012345678"
    assert stored.obligations.get().due_at == kst(2026, 12, 2, 11, 30)


def test_a_memo_with_a_wrong_phone_number_is_refused_on_the_page(staff_client, staff):
    response = staff_client.post(
        "/calls/callbacks/new/",
        {
            "customer_name": "홍길동",
            "customer_phone": "전화 없음",
            "question": "보증서 발급",
            "assigned_to": staff.pk,
            "created_at": "2026-12-02T10:30",
        },
    )
    assert "전화번호를 입력하세요" in response.content.decode()
    assert not Callback.objects.exists()


def test_answering_a_callback_in_one_step_and_a_second_time_is_refused(staff_client, staff):
    waiting = memo(staff, 20)
    url = f"/calls/callbacks/{waiting.pk}/answer/"
    page = staff_client.get(url).content.decode()
    assert "010-1234-5678" in page
    assert re.search(r'<textarea[^>]*name="summary"[^>]*autofocus', page)
    form = {
        "summary": "안내 완료",
        "greeting": "on",
        "identified": "on",
        "verified": "on",
        "answered_at": "2026-12-02T10:30",
    }
    html = staff_client.post(url, form, follow=True).content.decode()
    assert "회신을 기록했습니다." in html
    assert "P4 준수" in html
    assert "P6 준수" in html
    assert "회신할 메모가 없습니다." in html
    again = staff_client.post(url, {**form, "summary": "다시"})
    assert "이미" in again.content.decode()
    assert Callback.objects.get().summary == "안내 완료"


def test_a_p6_item_left_unticked_is_reported_as_a_p6_breach(staff_client, staff):
    waiting = memo(staff, 20)
    html = staff_client.post(
        f"/calls/callbacks/{waiting.pk}/answer/",
        {"summary": "안내 완료", "greeting": "on", "answered_at": "2026-12-02T10:30"},
        follow=True,
    ).content.decode()
    assert "P6 위반" in html


def test_todays_calls_list_my_department_only_masked_for_everyone(
    client, staff, manager, staff_client
):
    services.call_log(
        by=staff.user,
        started_at=kst(2026, 12, 2, 9, 10),
        answered_at=kst(2026, 12, 2, 9, 10, 15),
        rings=5,
        staff=staff,
        caller_number="010-9876-5432",
        caller_name="홍길동",
        greeting=True,
    )
    services.call_log(
        by=staff.user, started_at=kst(2026, 12, 1, 9, 10), answered_at=None, rings=3, staff=staff
    )
    elsewhere = factories.StaffMemberFactory(name="다른부서원")
    services.call_log(
        by=elsewhere.user,
        started_at=kst(2026, 12, 2, 9, 20),
        answered_at=None,
        rings=3,
        staff=elsewhere,
    )
    html = staff_client.get("/calls/").content.decode()
    assert "오늘 1건" in html
    assert "010-****-5432" in html and "홍*동" in html
    assert "010-9876-5432" not in html and "홍길동" not in html
    assert "다른부서원" not in html
    assert "P1 위반 1건" in html
    client.force_login(manager.user)
    masked = client.get("/calls/").content.decode()
    assert "010-****-5432" in masked
    assert "홍*동" in masked
    assert "010-9876-5432" not in masked


def test_the_home_page_shows_my_open_callbacks_with_time_left(staff_client, staff):
    memo(staff, 15, customer_name="박고객")
    memo(staff, 70, customer_name="최고객")
    html = staff_client.get("/").content.decode()
    assert "회신할 메모" in html
    assert "박*객" in html and "박고객" not in html
    assert "45분 남음" in html
    assert "기한 경과" in html
    assert 'href="/calls/log/"' in html
    assert 'href="/calls/callbacks/"' in html


def test_users_without_a_staff_record_or_rights_are_kept_out(client, db):
    assert client.get("/calls/log/").status_code == 302
    user = factories.UserFactory()
    client.force_login(user)
    assert client.get("/calls/log/").status_code == 403
    assert client.get("/calls/callbacks/").status_code == 403
