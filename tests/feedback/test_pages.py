"""Staff pages: the list with time left and overdue marks, masking, the detail's actions, the
home panel and contests."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from charter.models import Obligation
from feedback.models import Contest, Feedback
from tests.conftest import kst
from tests.factories import DepartmentFactory, StaffMemberFactory

from .helpers import complaint, opinion

pytestmark = pytest.mark.django_db


def test_the_list_shows_time_left_and_marks_overdue_items(staff_client, staff):
    late = opinion(staff.department, kst(2026, 10, 1, 10), title="늦은 의견")
    fresh = opinion(staff.department, kst(2026, 10, 7, 10), title="새 의견")
    with time_machine.travel(kst(2026, 10, 9, 10), tick=False):
        page = staff_client.get("/feedback/").content.decode()
    assert "늦은 의견" in page and "새 의견" in page
    assert page.index(late.tracking_number) < page.index(fresh.tracking_number)
    assert page.count('class="overdue"') == 1
    assert "기한 경과" in page
    assert "5일" in page  # fresh: due 10-14 10:00, five days left


def test_staff_see_their_department_by_default_and_never_another(staff_client, staff):
    opinion(staff.department, kst(2026, 10, 1, 10), title="우리 부서 의견")
    other = DepartmentFactory()
    opinion(other, kst(2026, 10, 1, 10), title="다른 부서 의견")
    page = staff_client.get("/feedback/").content.decode()
    assert "우리 부서 의견" in page and "다른 부서 의견" not in page
    page = staff_client.get("/feedback/?department=all").content.decode()
    assert "우리 부서 의견" in page and "다른 부서 의견" not in page
    assert other.name not in page  # not offered in the department filter either
    page = staff_client.get(f"/feedback/?department={other.pk}").content.decode()
    assert "다른 부서 의견" not in page and "우리 부서 의견" not in page


def test_the_list_masks_customers_for_staff_and_managers_alike(client, staff, manager):
    opinion(staff.department, kst(2026, 10, 1, 10))
    for member in (staff, manager):
        client.force_login(member.user)
        page = client.get("/feedback/").content.decode()
        assert "홍길동" not in page and "홍*동" in page
        assert "010-1234-5678" not in page and "010-****-5678" in page


def test_staff_see_the_customer_in_full_on_the_item_page(staff_client, staff):
    item = opinion(staff.department, kst(2026, 10, 1, 10))
    page = staff_client.get(f"/feedback/{item.pk}/").content.decode()
    assert "홍길동" in page and "010-1234-5678" in page and "hong@example.com" in page


def test_the_detail_masks_for_managers_too(client, staff, manager):
    item = opinion(staff.department, kst(2026, 10, 1, 10))
    client.force_login(manager.user)
    page = client.get(f"/feedback/{item.pk}/").content.decode()
    assert "hong@example.com" not in page and "h***@example.com" in page


def test_the_list_costs_the_same_number_of_queries_for_3_or_30_items(staff_client, staff):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get("/feedback/?state=all").status_code == 200
        return len(queries)

    for _i in range(3):
        opinion(staff.department, kst(2026, 10, 1, 10), assignee=staff)
    few = count()
    for _i in range(27):
        complaint(staff.department, kst(2026, 10, 1, 10), assignee=staff)
    assert count() == few


def test_anonymous_visitors_cannot_see_the_list(client):
    response = client.get("/feedback/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_log_an_opinion_received_by_phone(staff_client, staff):
    response = staff_client.post(
        "/feedback/new/",
        {
            "kind": "opinion",
            "channel": "phone",
            "received_at": "2026-10-01T10:00",
            "department": staff.department.pk,
            "assignee": staff.pk,
            "title": "전화로 받은 의견",
            "text": "상담 시간 연장 요청",
            "customer_name": "",
            "customer_phone": "",
            "customer_email": "",
        },
    )
    item = Feedback.objects.get()
    assert response.status_code == 302
    assert item.channel == "phone"
    assert Obligation.objects.for_subject(item).get().due_at == kst(2026, 10, 8, 10)


def test_a_contact_without_consent_is_refused_on_the_staff_form(staff_client, staff):
    response = staff_client.post(
        "/feedback/new/",
        {
            "kind": "opinion",
            "channel": "visit",
            "received_at": "2026-10-01T10:00",
            "department": staff.department.pk,
            "title": "방문 의견",
            "text": "내용",
            "customer_phone": "010-1234-5678",
        },
    )
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_the_detail_page_records_the_cause_and_the_corrective_action(staff_client, staff):
    item = complaint(staff.department, kst(2026, 10, 1, 10))
    assert staff_client.post(f"/feedback/{item.pk}/cause/", {"cause": "staff"}).status_code == 302
    assert Obligation.objects.for_subject(item).for_standard("F4").exists()
    page = staff_client.get(f"/feedback/{item.pk}/").content.decode()
    assert "시행한 시정조치" in page
    response = staff_client.post(
        f"/feedback/{item.pk}/corrective/",
        {
            "action": "친절 교육",
            "channel": "phone",
            "notice": "교육을 실시했습니다",
            "correction_reference": "",
        },
    )
    assert response.status_code == 302
    assert Obligation.objects.for_subject(item).for_standard("F4").get().status == "met"


def test_a_refused_action_shows_the_reason_on_the_form(staff_client, staff):
    item = opinion(staff.department, kst(2026, 10, 1, 10), customer_email="")
    response = staff_client.post(
        f"/feedback/{item.pk}/reply/", {"kind": "result", "channel": "email", "text": "결과"}
    )
    assert response.status_code == 400
    assert "이메일 주소를 남기지 않았습니다" in response.content.decode()
    assert item.replies.count() == 0


def test_assigning_on_the_detail_page(staff_client, staff):
    colleague = StaffMemberFactory(department=staff.department)
    item = opinion(staff.department, kst(2026, 10, 1, 10))
    response = staff_client.post(
        f"/feedback/{item.pk}/assign/",
        {"department": staff.department.pk, "assignee": colleague.pk},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.assignee == colleague


def test_the_home_panel_lists_what_is_inside_its_warning_window(staff_client, staff):
    # F1 is due a week later (10-08 10:00) and warns a day before.
    opinion(staff.department, kst(2026, 10, 1, 10), title="곧 기한", assignee=staff)
    opinion(staff.department, kst(2026, 10, 8, 10), title="여유 있음")
    # The panel only (the list of my open obligations above it names every item it is about).
    with time_machine.travel(kst(2026, 10, 7, 9), tick=False):
        page = panel(staff_client.get("/").content.decode())
    assert "곧 기한" not in page and "기한이 임박한 건이 없습니다" in page
    with time_machine.travel(kst(2026, 10, 7, 11), tick=False):
        page = panel(staff_client.get("/").content.decode())
    assert "기한이 다가오는 고객의견·불만" in page
    assert "곧 기한" in page and "여유 있음" not in page
    assert "내 담당" in page


def panel(page: str) -> str:
    start = page.index('aria-labelledby="feedback-panel-heading"')
    return page[start : page.index("</section>", start)]


def test_the_menu_links_to_the_section(staff_client):
    page = staff_client.get("/").content.decode()
    assert 'href="/feedback/"' in page and 'href="/feedback/contests/"' in page


def test_contests_are_created_and_shown(staff_client, staff):
    response = staff_client.post(
        "/feedback/contests/new/",
        {
            "title": "아이디어 공모전",
            "department": staff.department.pk,
            "entries_open_at": "2030-01-10T09:00",
            "awards_due_at": "2030-02-10T18:00",
            "rules": "",
            "rules_published_at": "",
        },
    )
    contest = Contest.objects.get()
    assert response.status_code == 302
    page = staff_client.get("/feedback/contests/").content.decode()
    assert "아이디어 공모전" in page and "대기" in page
    response = staff_client.post(f"/feedback/contests/{contest.pk}/rules/", {"rules": "대상 1명"})
    assert response.status_code == 302
    contest.refresh_from_db()
    assert contest.rules_obligation.status == "met"
    page = staff_client.get(f"/feedback/contests/{contest.pk}/").content.decode()
    assert "대상 1명" in page and "시상 결과 발표" in page


def test_a_contest_with_rules_after_entries_open_is_refused_on_the_page(staff_client, staff):
    response = staff_client.post(
        "/feedback/contests/new/",
        {
            "title": "공모전",
            "department": staff.department.pk,
            "entries_open_at": "2026-09-01T09:00",
            "awards_due_at": "2026-12-10T18:00",
            "rules": "규정",
            "rules_published_at": "2026-09-02T09:00",
        },
    )
    assert response.status_code == 400
    assert "포상규정을 공개하기 전에 응모를 시작할 수 없습니다" in response.content.decode()
    assert not Contest.objects.exists()


def test_admins_read_items_and_contests_with_history_in_the_admin(client, staff, admin_user):
    from feedback import services

    item = opinion(staff.department, kst(2026, 10, 1, 10))
    contest = services.contest_create(
        title="공모전",
        department=staff.department,
        entries_open_at=kst(2030, 1, 1, 9),
        awards_due_at=kst(2030, 2, 1, 9),
        by=staff.user,
    )
    client.force_login(admin_user)
    for url in (
        "/admin/feedback/feedback/",
        f"/admin/feedback/feedback/{item.pk}/change/",
        "/admin/feedback/contest/",
        f"/admin/feedback/contest/{contest.pk}/change/",
        f"/admin/feedback/contest/{contest.pk}/history/",
    ):
        assert client.get(url).status_code == 200, url
