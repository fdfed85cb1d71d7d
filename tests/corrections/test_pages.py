"""The corrections pages: list, report and correction forms, defect steps, nav, home panel."""

import pytest
import time_machine
from django.utils import timezone

from charter.models import Obligation
from corrections.models import HandlingDefect, ServiceCorrection
from tests import factories as core
from tests.conftest import kst
from tests.corrections import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def higher_client(client, higher):
    client.force_login(higher.user)
    return client


def test_the_list_shows_open_reports_with_time_left_and_overdue_marked(
    higher_client, involved, after_the_events, django_assert_max_num_queries
):
    after_the_events.move_to(kst(2026, 12, 10, 12))
    late = factories.report(involved, received_at=kst(2026, 12, 1, 10))
    soon = factories.report(involved, received_at=kst(2026, 12, 9, 10))
    factories.defect(involved, discovered_at=kst(2026, 12, 9, 10))
    with django_assert_max_num_queries(15):
        page = higher_client.get("/corrections/").content.decode()
    assert f"C1-{late.pk}" in page
    assert f"C1-{soon.pk}" in page
    assert "기한 경과" in page  # overdue
    assert "5일 22시간 남음" in page  # due 2026-12-16 10:00
    assert "2026-12-16 10:00" in page
    assert "2026-민원-0001" in page
    assert page.count('class="overdue"') == 1


def test_the_list_does_not_query_per_row(higher_client, involved, django_assert_max_num_queries):
    for day in range(1, 8):
        factories.report(involved, received_at=kst(2026, 12, day, 10))
        factories.defect(involved, discovered_at=kst(2026, 12, day, 10))
    with django_assert_max_num_queries(15):
        response = higher_client.get("/corrections/")
    assert response.status_code == 200


def test_managers_see_masked_customers_in_the_list(client, involved, department):
    manager = core.StaffMemberFactory(department=department, role="manager", rank_name="부장")
    factories.report(involved)
    client.force_login(manager.user)
    page = client.get("/corrections/").content.decode()
    assert "홍*동" in page
    assert "010-****-5678" in page
    assert "홍길동" not in page


def test_staff_report_unkind_service_on_the_form(higher_client, involved):
    response = higher_client.post(
        "/corrections/service/new/",
        {
            "received_at": "2026-12-01T10:00",
            "channel": "visit",
            "staff_involved": involved.pk,
            "what_happened": "창구에서 불친절",
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
        },
        follow=True,
    )
    report = ServiceCorrection.objects.get()
    assert response.redirect_chain[-1][0] == f"/corrections/service/{report.pk}/"
    assert report.received_at == kst(2026, 12, 1, 10)
    assert "2026-12-08 10:00" in response.content.decode()


def test_the_report_form_refuses_a_bad_phone_on_its_field(higher_client, involved):
    response = higher_client.post(
        "/corrections/service/new/",
        {
            "received_at": "2026-12-01T10:00",
            "channel": "visit",
            "staff_involved": involved.pk,
            "what_happened": "불친절",
            "customer_name": "홍길동",
            "customer_phone": "12",
        },
    )
    page = response.content.decode()
    assert 'id="id_customer_phone_error"' in page
    assert "010-1234-5678" in page
    assert not ServiceCorrection.objects.exists()


def correction_post(by, **kwargs):
    data = {
        "corrected_by": by.pk,
        "at": "2026-12-03T15:00",
        "action": "면담",
        "notice_channel": "phone",
        "notice": "시정 사실 안내",
        "apology": "죄송합니다",
    }
    data.update(kwargs)
    return data


def test_the_correction_form_shows_the_rank_refusal_next_to_the_field(client, involved, equal):
    report = factories.report(involved)
    client.force_login(equal.user)
    response = client.post(f"/corrections/service/{report.pk}/correct/", correction_post(equal))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_corrected_by_error"' in page
    assert "홍대리(대리)보다 상위 직급의 직원이 해야 합니다" in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_corrected_by_error id_corrected_by_helptext"' in page
    report.refresh_from_db()
    assert report.corrected_at is None


def test_a_higher_rank_records_the_correction_on_the_form(higher_client, involved, higher):
    report = factories.report(involved)
    response = higher_client.post(
        f"/corrections/service/{report.pk}/correct/", correction_post(higher), follow=True
    )
    page = response.content.decode()
    assert "시정, 통보, 사과를 기록했습니다." in page
    report.refresh_from_db()
    assert report.corrected_by == higher
    assert Obligation.objects.get().status == Obligation.Status.MET
    assert "기한 내" in page


def test_the_defect_steps_correct_then_notify(higher_client, higher):
    response = higher_client.post(
        "/corrections/defects/new/",
        {
            "case_reference": "2026-민원-0100",
            "what": "회신문 오기",
            "discovered_at": "2026-12-02T10:00",
            "discovered_by": higher.pk,
            "responsible": higher.pk,
        },
        follow=True,
    )
    defect = HandlingDefect.objects.get()
    page = response.content.decode()
    assert "1단계: 시정 기록" in page
    # Notify before correct: refused, the correction step stays.
    response = higher_client.post(
        f"/corrections/defects/{defect.pk}/notify/",
        {"at": "2026-12-02T11:00", "channel": "phone", "text": "안내"},
    )
    assert "고객에게 통보하기 전에 시정 내용을 먼저 기록하십시오." in response.content.decode()
    response = higher_client.post(
        f"/corrections/defects/{defect.pk}/correct/",
        {"corrected_by": higher.pk, "at": "2026-12-04T17:30", "correction": "정정"},
        follow=True,
    )
    page = response.content.decode()
    assert "2단계: 고객 통보" in page
    assert "2026-12-07 09:30" in page
    response = higher_client.post(
        f"/corrections/defects/{defect.pk}/notify/",
        {"at": "2026-12-07T09:20", "channel": "phone", "text": "정정 결과 안내"},
        follow=True,
    )
    defect.refresh_from_db()
    assert defect.notified_at == kst(2026, 12, 7, 9, 20)
    assert "기한 내" in response.content.decode()


def test_english_pages(higher_client, involved):
    higher_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    report = factories.report(involved)
    page = higher_client.get(f"/corrections/service/{report.pk}/").content.decode()
    assert "Record the correction" in page
    assert "Must be of a higher rank than 홍대리" in page


def test_the_nav_and_home_panel_show_what_i_must_correct(client, involved, higher):
    with time_machine.travel(kst(2026, 12, 5, 12), tick=False):
        factories.report(involved, received_at=kst(2026, 12, 1, 10), assigned_to=higher)
        factories.defect(higher, discovered_at=kst(2026, 12, 2, 10))
        client.force_login(higher.user)
        page = client.get("/").content.decode()
    assert 'href="/corrections/"' in page
    assert "시정할 일" in page
    assert "홍대리 직원의 응대 시정" in page
    assert "결함 시정" in page
    assert timezone.now() > kst(2026, 12, 5)


def test_the_home_panel_shows_unassigned_reports_to_a_higher_rank_of_the_department(
    client, involved, lower, higher
):
    factories.report(involved)
    client.force_login(lower.user)
    assert "홍대리 직원의 응대 시정" not in client.get("/").content.decode()
    client.force_login(higher.user)
    assert "홍대리 직원의 응대 시정" in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/corrections/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_admin_lists_both_with_history(admin_client, involved, higher):
    report = factories.report(involved)
    defect = factories.defect(higher)
    assert admin_client.get("/admin/corrections/servicecorrection/").status_code == 200
    assert admin_client.get("/admin/corrections/handlingdefect/").status_code == 200
    assert (
        admin_client.get(f"/admin/corrections/servicecorrection/{report.pk}/history/").status_code
        == 200
    )
    assert (
        admin_client.get(f"/admin/corrections/handlingdefect/{defect.pk}/change/").status_code
        == 200
    )
