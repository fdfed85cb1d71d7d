"""The pages: the front desk's queue, absent-staff memos, assisted-visit bookings, field
visits, the menu and the home panel."""

import datetime as dt

import pytest
import time_machine

from charter.models import Obligation
from tests import factories
from tests.conftest import kst
from tests.visits.conftest import obligations
from visits import services
from visits.models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 10)


@pytest.fixture
def desk(staff_client):
    with time_machine.travel(NOW, tick=True):
        yield staff_client


def queue_url(department):
    return f"/visits/queue/{department.pk}/"


def post(client, department, **data):
    return client.post(queue_url(department), data, follow=True)


def test_a_morning_at_the_front_desk_records_an_out_of_order_call_as_a_breach(desk, department):
    """The acceptance story: numbers taken, called in order, one called out of turn without a
    reason (a V5 breach), served with estimates and completed with the conduct ticks."""
    for purpose in ("보증 상담", "서류 제출", "보증서 발급", ""):
        post(desk, department, action="take", purpose=purpose)
    assert list(Ticket.objects.values_list("number", flat=True).order_by("number")) == [1, 2, 3, 4]

    page = post(desk, department, action="call_next").content.decode()
    first = Ticket.objects.get(number=1)
    assert first.status == "called"
    post(desk, department, action="serve", ticket=first.pk, estimate_minutes="15")
    post(
        desk,
        department,
        action="complete",
        ticket=first.pk,
        greeted="on",
        greeted_first="on",
        asked_further="on",
    )

    fourth = Ticket.objects.get(number=4)
    page = post(
        desk, department, action="call", ticket=fourth.pk, priority_reason=""
    ).content.decode()
    assert "V5" in page  # the warning says it was recorded as a breach
    assert [o.status for o in obligations("V5", fourth)] == ["breached"]

    third = Ticket.objects.get(number=3)
    post(desk, department, action="call", ticket=third.pk, priority_reason="장애인 고객 우선 응대")
    assert [o.status for o in obligations("V5", third)] == ["met"]

    post(desk, department, action="serve", ticket=fourth.pk, estimate_minutes="")
    assert sorted(o.status for o in obligations("V5", fourth)) == ["breached", "breached"]

    page = desk.get(queue_url(department)).content.decode()
    assert 'class="ticket-number">2<' in page  # still waiting
    assert Obligation.objects.filter(standard__code__in=["V2", "V3", "V7"]).count() == 3


def test_the_queue_page_reads_a_full_day_in_a_fixed_number_of_queries(
    desk, department, staff, django_assert_max_num_queries
):
    def fill(count):
        for _ in range(count):
            ticket = services.ticket_take(department=department, by=staff.user)
            services.ticket_call(ticket=ticket, by=staff.user)
            services.ticket_serve(ticket=ticket, by=staff.user, estimate_minutes=10)
        for _ in range(count):
            services.ticket_take(department=department, by=staff.user)
        services.assisted_visit_create(
            customer_name="이순자",
            customer_phone="010-2345-6789",
            department=department,
            booked_at=NOW + dt.timedelta(hours=3),
            by=staff.user,
        )

    fill(2)
    with django_assert_max_num_queries(20) as small:
        assert desk.get(queue_url(department)).status_code == 200
    fill(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert desk.get(queue_url(department)).status_code == 200


def test_the_queue_home_sends_staff_to_their_own_department(desk, department):
    assert desk.get("/visits/queue/").url == queue_url(department)


def test_people_without_a_login_are_sent_to_the_login_page(client, department):
    assert client.get(queue_url(department)).url.startswith("/accounts/login/")


def test_the_menu_lists_the_visit_pages_for_staff(desk):
    page = desk.get("/").content.decode()
    for url in (
        "/visits/queue/",
        "/visits/memos/",
        "/visits/assisted/",
        "/visits/field/",
        "/visits/directory/",
    ):
        assert f'href="{url}"' in page


def test_a_memo_is_recorded_from_the_page_and_contacted(desk, staff, department):
    absent = factories.StaffMemberFactory(department=department)
    response = desk.post(
        "/visits/memos/",
        {
            "absent_staff": absent.pk,
            "reason": "trip",
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
            "matter": "보증 연장",
            "contact_at": "2026-12-02T15:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    memo = AbsenceMemo.objects.get()
    assert memo.contact_at == kst(2026, 12, 2, 15)
    desk.post("/visits/memos/contact/", {"memo": memo.pk})
    assert obligations("V4", memo)[0].status == "met"


def test_a_memo_with_neither_colleague_nor_time_shows_the_error_on_the_field(desk, department):
    absent = factories.StaffMemberFactory(department=department)
    response = desk.post(
        "/visits/memos/",
        {
            "absent_staff": absent.pk,
            "reason": "trip",
            "customer_name": "홍길동",
            "matter": "보증 연장",
        },
    )
    assert response.status_code == 200
    assert "contact_at" in response.context["form"].errors
    assert AbsenceMemo.objects.count() == 0


def test_bookings_are_made_and_assigned_from_the_page_and_shown_at_reception(
    desk, staff, department
):
    desk.post(
        "/visits/assisted/",
        {
            "customer_name": "이순자",
            "customer_phone": "010-2345-6789",
            "department": department.pk,
            "booked_at": "2026-12-02T14:00",
            "needs": "휠체어 이용",
        },
    )
    visit = AssistedVisit.objects.get()
    page = desk.get(queue_url(department)).content.decode()
    assert "휠체어 이용" in page
    desk.post("/visits/assisted/assign/", {"visit": visit.pk, "staff": staff.pk})
    page = desk.get(queue_url(department)).content.decode()
    assert staff.name in page.split('id="assisted-heading"')[1]
    assert obligations("V6", visit)[0].status == "met"


def test_a_booking_with_a_bad_phone_is_shown_on_the_field(desk, department):
    response = desk.post(
        "/visits/assisted/",
        {
            "customer_name": "이순자",
            "customer_phone": "1234",
            "department": department.pk,
            "booked_at": "2026-12-02T14:00",
        },
    )
    assert "customer_phone" in response.context["form"].errors
    assert AssistedVisit.objects.count() == 0


def test_managers_see_masked_customer_names_in_the_booking_list(client, department, staff):
    manager = factories.StaffMemberFactory(department=department, role="manager", rank_name="부장")
    with time_machine.travel(NOW, tick=False):
        services.assisted_visit_create(
            customer_name="이순자",
            customer_phone="010-2345-6789",
            department=department,
            booked_at=NOW + dt.timedelta(hours=3),
            by=staff.user,
        )
        client.force_login(manager.user)
        page = client.get("/visits/assisted/").content.decode()
    assert "이*자" in page and "이순자" not in page
    assert "010-****-6789" in page


def test_a_field_visit_is_planned_noticed_consented_and_recorded_from_the_pages(desk, staff):
    response = desk.post(
        "/visits/field/new/",
        {
            "company": "한빛식품",
            "contact_name": "오하늘",
            "purpose": "현장 실사",
            "scheduled_at": "2026-12-02T14:00",
            "staff": staff.pk,
        },
    )
    visit = FieldVisit.objects.get()
    assert response.url == f"/visits/field/{visit.pk}/"
    url = response.url
    desk.post(
        url,
        {"action": "notice", "notice-method": "phone", "notice-notified_at": "2026-12-02T10:00"},
    )
    desk.post(url, {"action": "consent", "consent-consented_at": "2026-12-02T10:00"})
    assert obligations("S1", visit)[0].status == "met"
    future = desk.post(
        url, {"action": "record", "record-arrived_at": "2026-12-02T14:05", "record-id_shown": "on"}
    )
    assert "arrived_at" in future.context["record_form"].errors
    with time_machine.travel(kst(2026, 12, 2, 16), tick=False):
        desk.post(
            url,
            {
                "action": "record",
                "record-arrived_at": "2026-12-02T14:05",
                "record-id_shown": "on",
                "record-results_explained": "on",
                "record-card_left": "on",
                "record-closing_done": "on",
            },
        )
    visit.refresh_from_db()
    assert visit.minutes_late == 5
    assert "한빛식품" in desk.get("/visits/field/?mine=1").content.decode()


def test_the_home_panel_shows_my_field_visits_today_and_my_customers_to_contact(
    desk, staff, colleague
):
    services.field_visit_create(
        company="다온카페",
        contact_name="서민호",
        purpose="사후 관리",
        scheduled_at=kst(2026, 12, 2, 15),
        staff=staff,
        by=staff.user,
    )
    services.absence_memo_create(
        absent_staff=staff,
        reason="field",
        customer_name="홍길동",
        customer_phone="010-1234-5678",
        matter="보증 한도 증액 상담",
        by=colleague.user,
        contact_at=kst(2026, 12, 2, 17),
    )
    page = desk.get("/").content.decode()
    panel = page.split('id="visits-panel-heading"')[1]
    assert "다온카페" in panel
    assert "보증 한도 증액 상담" in panel
