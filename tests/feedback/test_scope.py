"""Department scope: another department's opinions, complaints and contests are not there (404),
nobody acts for another department or in someone else's name, executives read and change
nothing, a hand-over moves an item from the sender's lists to the receiver's, and every
unmasked opening of a customer is recorded. The public form and tracking stay public."""

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from charter.models import AccessRecord, Obligation, ObligationEvent
from feedback import services
from feedback.models import Contest, Feedback, Reply
from tests.conftest import kst
from tests.factories import StaffMemberFactory
from tests.outbox import sent_email, sent_sms

from .helpers import complaint, opinion

pytestmark = pytest.mark.django_db

AT = kst(2026, 10, 1, 10)


def page_client(user):
    client = Client()
    client.force_login(user)
    return client


def api_client(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def item(staff):
    """An opinion of staff's department."""
    return opinion(staff.department, AT, title="우리 부서의 의견")


@pytest.fixture
def grievance(staff):
    """A complaint of staff's department whose cause calls for a corrective action."""
    found = complaint(staff.department, AT, title="우리 부서의 불만")
    services.complaint_record_cause(feedback=found, cause="staff", at=AT, by=staff.user)
    return found


@pytest.fixture
def contest(staff):
    return services.contest_create(
        title="우리 부서 공모전",
        department=staff.department,
        entries_open_at=kst(2030, 1, 10, 9),
        awards_due_at=kst(2030, 2, 10, 18),
        by=staff.user,
    )


def snapshot():
    """Everything an action could change."""
    return (
        list(Feedback.objects.order_by("pk").values()),
        list(Reply.objects.order_by("pk").values()),
        list(Contest.objects.order_by("pk").values()),
        list(Obligation.objects.order_by("pk").values()),
        ObligationEvent.objects.count(),
    )


def nothing_sent():
    return sent_email() == [] and sent_sms() == []


REPLY = {"kind": "result", "channel": "email", "text": "검토 결과를 알려 드립니다."}
PROGRESS = {"kind": "progress", "channel": "sms", "text": "확인 중입니다."}
CORRECTIVE = {"action": "친절 교육", "notice": "교육했습니다", "channel": "email"}


def page_actions(item, grievance, contest, department):
    return [
        (f"/feedback/{item.pk}/reply/", REPLY),
        (f"/feedback/{item.pk}/assign/", {"department": department.pk}),
        (f"/feedback/{grievance.pk}/reply/", PROGRESS),
        (f"/feedback/{grievance.pk}/cause/", {"cause": "facility"}),
        (f"/feedback/{grievance.pk}/corrective/", CORRECTIVE),
        (f"/feedback/contests/{contest.pk}/rules/", {"rules": "대상 1명"}),
        (f"/feedback/contests/{contest.pk}/awards/", {"awards": "대상: 김민수"}),
    ]


def api_actions(item, grievance, contest, department):
    return [
        (f"/api/v1/feedback/opinions/{item.pk}/reply/", REPLY),
        (f"/api/v1/feedback/opinions/{item.pk}/assign/", {"department": department.pk}),
        (f"/api/v1/feedback/complaints/{grievance.pk}/reply/", PROGRESS),
        (f"/api/v1/feedback/complaints/{grievance.pk}/cause/", {"cause": "facility"}),
        (f"/api/v1/feedback/complaints/{grievance.pk}/corrective-action/", CORRECTIVE),
        (f"/api/v1/feedback/contests/{contest.pk}/publish-rules/", {"rules": "대상 1명"}),
        (f"/api/v1/feedback/contests/{contest.pk}/announce-awards/", {"awards": "대상"}),
    ]


# -- Reads --------------------------------------------------------------------------------


def test_another_departments_pages_are_not_found(other_staff, item, grievance, contest):
    client = page_client(other_staff.user)
    for url in (
        f"/feedback/{item.pk}/",
        f"/feedback/{grievance.pk}/",
        f"/feedback/contests/{contest.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_another_departments_api_records_are_not_found(other_staff, item, grievance, contest):
    client = api_client(other_staff.user)
    for url in (
        f"/api/v1/feedback/opinions/{item.pk}/",
        f"/api/v1/feedback/complaints/{grievance.pk}/",
        f"/api/v1/feedback/contests/{contest.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "홍길동" not in response.content.decode()


def test_lists_leave_out_another_departments_records(other_staff, item, grievance, contest):
    mine = opinion(other_staff.department, AT, title="그쪽 부서의 의견")
    client = page_client(other_staff.user)
    for url in ("/feedback/", "/feedback/?department=all", "/feedback/?state=all"):
        page = client.get(url).content.decode()
        assert "그쪽 부서의 의견" in page, url
        assert item.tracking_number not in page and grievance.tracking_number not in page, url
    page = client.get(f"/feedback/?department={item.department_id}").content.decode()
    assert item.tracking_number not in page and mine.tracking_number not in page
    page = client.get("/feedback/contests/").content.decode()
    assert contest.title not in page


def test_an_api_filter_naming_another_department_returns_nothing(
    other_staff, item, grievance, contest
):
    opinion(other_staff.department, AT, title="그쪽 부서의 의견")
    client = api_client(other_staff.user)
    theirs = item.department_id
    for url in (
        f"/api/v1/feedback/opinions/?department={theirs}",
        f"/api/v1/feedback/complaints/?department={theirs}",
        f"/api/v1/feedback/contests/?department={theirs}",
        "/api/v1/feedback/complaints/",
        "/api/v1/feedback/contests/",
    ):
        assert client.get(url).json()["results"] == [], url
    listed = client.get("/api/v1/feedback/opinions/").json()["results"]
    assert [row["title"] for row in listed] == ["그쪽 부서의 의견"]


def test_the_home_panel_leaves_out_another_departments_items(other_staff, staff):
    opinion(staff.department, AT, title="우리 부서 급한 의견")
    with time_machine.travel(kst(2026, 10, 7, 9), tick=False):
        page = page_client(other_staff.user).get("/").content.decode()
    assert "우리 부서 급한 의견" not in page


# -- Actions by another department ---------------------------------------------------------


def test_another_departments_staff_cannot_act_on_the_pages(
    other_staff, other_department, item, grievance, contest, django_capture_on_commit_callbacks
):
    client = page_client(other_staff.user)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        for url, data in page_actions(item, grievance, contest, other_department):
            assert client.post(url, data).status_code == 404, url
    assert snapshot() == before
    assert nothing_sent()


def test_another_departments_staff_cannot_act_through_the_api(
    other_staff, other_department, item, grievance, contest, django_capture_on_commit_callbacks
):
    client = api_client(other_staff.user)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        for url, data in api_actions(item, grievance, contest, other_department):
            assert client.post(url, data, format="json").status_code == 404, url
    assert snapshot() == before
    assert nothing_sent()


def test_the_services_refuse_an_actor_of_another_department(
    other_staff, other_department, item, grievance, contest, django_capture_on_commit_callbacks
):
    by = other_staff.user
    before = snapshot()
    calls = [
        lambda: services.feedback_reply(feedback=item, by=by, **REPLY),
        lambda: services.feedback_assign(feedback=item, department=other_department, by=by),
        lambda: services.feedback_assign(feedback=item, assignee=other_staff, by=by),
        lambda: services.complaint_record_cause(feedback=grievance, cause="facility", by=by),
        lambda: services.complaint_record_corrective_action(
            feedback=grievance, by=by, **CORRECTIVE
        ),
        lambda: services.contest_publish_rules(contest=contest, rules="대상", by=by),
        lambda: services.contest_announce_awards(contest=contest, awards="대상", by=by),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for call in calls:
            with pytest.raises(PermissionDenied) as refused:
                call()
            assert "소속 부서" in str(refused.value)
    assert snapshot() == before
    assert nothing_sent()


def test_nobody_logs_for_another_department(staff, other_department):
    client = api_client(staff.user)
    body = {
        "title": "다른 부서로 접수",
        "text": "내용",
        "channel": "phone",
        "department": other_department.pk,
    }
    response = client.post("/api/v1/feedback/opinions/", body, format="json")
    assert response.status_code == 400
    assert "department" in response.json()
    response = client.post(
        "/api/v1/feedback/contests/",
        {
            "title": "다른 부서 공모전",
            "department": other_department.pk,
            "entries_open_at": "2027-09-01T09:00:00+09:00",
            "awards_due_at": "2027-12-01T18:00:00+09:00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "department" in response.json()
    page = page_client(staff.user)
    response = page.post(
        "/feedback/new/",
        {
            "kind": "opinion",
            "channel": "phone",
            "received_at": "2026-10-01T10:00",
            "department": other_department.pk,
            "title": "다른 부서로 접수",
            "text": "내용",
        },
    )
    assert response.status_code == 400
    assert not Feedback.objects.exists() and not Contest.objects.exists()
    assert not Obligation.objects.exists()


def test_the_staff_form_offers_only_the_departments_one_logs_for(staff, other_department):
    page = page_client(staff.user).get("/feedback/new/").content.decode()
    assert staff.department.name in page and other_department.name not in page


def test_logging_without_a_department_goes_to_ones_own(staff):
    response = api_client(staff.user).post(
        "/api/v1/feedback/opinions/",
        {"title": "전화 의견", "text": "내용", "channel": "phone"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["department"] == staff.department.pk


# -- Executives ---------------------------------------------------------------------------


def test_executives_read_every_department_masked(executive, item, grievance, contest):
    client = page_client(executive)
    page = client.get("/feedback/?department=all").content.decode()
    assert item.tracking_number in page and grievance.tracking_number in page
    page = client.get(f"/feedback/{item.pk}/").content.decode()
    assert "홍*동" in page and "홍길동" not in page and "hong@example.com" not in page
    assert 'action="/feedback/' not in page  # no action forms
    assert client.get(f"/feedback/contests/{contest.pk}/").status_code == 200
    assert contest.title in client.get("/feedback/contests/").content.decode()
    api = api_client(executive)
    for url in (
        "/api/v1/feedback/opinions/",
        f"/api/v1/feedback/opinions/{item.pk}/",
        f"/api/v1/feedback/complaints/{grievance.pk}/",
        f"/api/v1/feedback/contests/{contest.pk}/",
    ):
        assert api.get(url).status_code == 200, url
    assert api.get(f"/api/v1/feedback/opinions/{item.pk}/").json()["customer_name"] == "홍*동"
    assert not AccessRecord.objects.exists()


def test_executives_change_nothing(
    executive, other_department, item, grievance, contest, django_capture_on_commit_callbacks
):
    before = snapshot()
    page, api = page_client(executive), api_client(executive)
    with django_capture_on_commit_callbacks(execute=True):
        for url, data in page_actions(item, grievance, contest, other_department):
            assert page.post(url, data).status_code == 403, url
        for url, data in api_actions(item, grievance, contest, other_department):
            assert api.post(url, data, format="json").status_code == 403, url
        for call in (
            lambda: services.feedback_reply(feedback=item, by=executive, **REPLY),
            lambda: services.feedback_assign(
                feedback=item, department=other_department, by=executive
            ),
            lambda: services.contest_publish_rules(contest=contest, rules="대상", by=executive),
        ):
            with pytest.raises(PermissionDenied):
                call()
    assert snapshot() == before
    assert nothing_sent()


# -- In whose name ------------------------------------------------------------------------


def test_staff_cannot_reply_in_a_colleagues_name(staff, item, django_capture_on_commit_callbacks):
    colleague = StaffMemberFactory(department=staff.department)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(staff.user).post(
            f"/api/v1/feedback/opinions/{item.pk}/reply/",
            {**REPLY, "replied_by": colleague.pk},
            format="json",
        )
    assert response.status_code == 400
    assert "replied_by" in response.json()
    assert not Reply.objects.exists()
    assert nothing_sent()
    item.refresh_from_db()
    assert not item.is_closed


def test_the_staff_reply_form_offers_no_other_name(staff, item):
    StaffMemberFactory(department=staff.department, name="동료직원")
    page = page_client(staff.user).get(f"/feedback/{item.pk}/").content.decode()
    assert 'name="replied_by"' not in page


def test_a_manager_records_a_reply_a_colleague_gave(
    manager, staff, item, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(manager.user).post(
            f"/api/v1/feedback/opinions/{item.pk}/reply/",
            {**REPLY, "replied_by": staff.pk},
            format="json",
        )
    assert response.status_code == 201
    assert Reply.objects.get().sent_by == staff.user
    assert sent_email()[-1].to == ["hong@example.com"]


def test_a_manager_names_a_colleague_on_the_page_but_not_someone_of_another_department(
    manager, staff, other_staff, grievance
):
    client = page_client(manager.user)
    page = client.get(f"/feedback/{grievance.pk}/").content.decode()
    assert 'name="replied_by"' in page and staff.name in page
    response = client.post(
        f"/feedback/{grievance.pk}/reply/",
        {**PROGRESS, "channel": "phone", "replied_by": other_staff.pk},
    )
    assert response.status_code == 400
    assert not grievance.replies.exists()
    response = client.post(
        f"/feedback/{grievance.pk}/corrective/",
        {**CORRECTIVE, "channel": "phone", "replied_by": staff.pk},
    )
    assert response.status_code == 302
    assert grievance.replies.get().sent_by == staff.user


def test_a_manager_of_another_department_cannot_name_anyone_here(other_manager, staff, item):
    with pytest.raises(PermissionDenied):
        services.feedback_reply(feedback=item, by=other_manager.user, replied_by=staff, **REPLY)
    assert not Reply.objects.exists()


# -- Hand-over ----------------------------------------------------------------------------


def test_a_hand_over_moves_the_item_from_the_senders_lists_to_the_receivers(
    staff, other_staff, other_department, item
):
    sender, receiver = page_client(staff.user), page_client(other_staff.user)
    assert item.tracking_number not in receiver.get("/feedback/").content.decode()
    response = sender.post(
        f"/feedback/{item.pk}/assign/",
        {"department": other_department.pk, "assignee": ""},
        follow=True,
    )
    assert response.redirect_chain == [("/feedback/", 302)]
    assert f"{other_department.name}에 이관했습니다" in response.content.decode()
    item.refresh_from_db()
    assert item.department == other_department and item.assignee is None
    # It left the sender's scope ...
    assert item.tracking_number not in sender.get("/feedback/?state=all").content.decode()
    assert sender.get(f"/feedback/{item.pk}/").status_code == 404
    assert api_client(staff.user).get(f"/api/v1/feedback/opinions/{item.pk}/").status_code == 404
    # ... and is in the receiver's queue, with its deadline as it was promised.
    assert item.tracking_number in receiver.get("/feedback/").content.decode()
    assert receiver.get(f"/feedback/{item.pk}/").status_code == 200
    f1 = Obligation.objects.for_subject(item).get()
    assert f1.department == other_department and f1.due_at == kst(2026, 10, 8, 10)
    event = f1.events.get(kind=ObligationEvent.Kind.REASSIGN)
    assert event.by == staff.user and other_department.name in event.reason_text
    with time_machine.travel(kst(2026, 10, 7, 11), tick=False):  # inside F1's warning day
        assert item.tracking_number in receiver.get("/").content.decode()
        assert item.tracking_number not in sender.get("/").content.decode()


def test_a_hand_over_through_the_api_with_a_person_of_the_receiver(
    staff, other_staff, other_department, grievance
):
    response = api_client(staff.user).post(
        f"/api/v1/feedback/complaints/{grievance.pk}/assign/",
        {"department": other_department.pk, "assigned_to": other_staff.pk},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["department"] == other_department.pk
    assert response.json()["customer_name"] == "홍*동"
    sender = api_client(staff.user).get("/api/v1/feedback/complaints/").json()["results"]
    receiver = api_client(other_staff.user).get("/api/v1/feedback/complaints/").json()["results"]
    assert sender == [] and [row["id"] for row in receiver] == [grievance.pk]
    for obligation in Obligation.objects.for_subject(grievance):  # F3 and F4 follow it
        assert obligation.department == other_department
        assert obligation.responsible == other_staff


def test_only_the_current_department_hands_over(staff, other_staff, other_department, item):
    services.feedback_assign(feedback=item, department=other_department, by=staff.user)
    with pytest.raises(PermissionDenied):  # the sender no longer acts on it
        services.feedback_assign(feedback=item, department=staff.department, by=staff.user)
    item.refresh_from_db()
    assert item.department == other_department
    services.feedback_assign(feedback=item, department=staff.department, by=other_staff.user)
    item.refresh_from_db()
    assert item.department == staff.department


def test_a_hand_over_with_a_person_of_another_department_is_refused(staff, other_department, item):
    with pytest.raises(ValidationError) as refused:
        services.feedback_assign(
            feedback=item, department=other_department, assignee=staff, by=staff.user
        )
    assert "assignee" in refused.value.error_dict
    item.refresh_from_db()
    assert item.department == staff.department
    assert not ObligationEvent.objects.filter(kind=ObligationEvent.Kind.REASSIGN).exists()


def test_assigning_within_the_department_is_not_a_hand_over(staff, item):
    colleague = StaffMemberFactory(department=staff.department)
    response = api_client(staff.user).post(
        f"/api/v1/feedback/opinions/{item.pk}/assign/", {"assigned_to": colleague.pk}, format="json"
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.department == staff.department and item.assignee == colleague
    event = Obligation.objects.for_subject(item).get().events.get(kind="reassign")
    assert colleague.name in event.reason and event.by == staff.user


# -- Personal data ------------------------------------------------------------------------


def test_staff_opening_an_items_page_is_recorded_without_the_data(staff_client, staff, item):
    staff_client.get("/feedback/?state=all")
    assert not AccessRecord.objects.exists()  # a list is masked: nothing to record
    page = staff_client.get(f"/feedback/{item.pk}/").content.decode()
    assert "홍길동" in page and "010-1234-5678" in page
    record = AccessRecord.objects.get()
    assert record.user == staff.user
    assert record.content_type == ContentType.objects.get_for_model(Feedback)
    assert record.object_id == item.pk
    assert record.fields == "customer_email,customer_name,customer_phone"
    assert "feedback:detail" in record.source
    stored = f"{record.fields} {record.source}"
    assert "홍길동" not in stored and "1234" not in stored and "hong" not in stored


def test_staff_retrieving_an_item_from_the_api_is_recorded(staff, item):
    client = api_client(staff.user)
    client.get("/api/v1/feedback/opinions/")
    assert not AccessRecord.objects.exists()
    body = client.get(f"/api/v1/feedback/opinions/{item.pk}/").json()
    assert body["customer_phone"] == "010-1234-5678"
    record = AccessRecord.objects.get()
    assert (record.user, record.object_id) == (staff.user, item.pk)
    assert record.source == "API feedback-opinion-retrieve"
    assert "010" not in record.fields + record.source


def test_a_managers_opening_is_masked_and_not_recorded(manager, item):
    page = page_client(manager.user).get(f"/feedback/{item.pk}/").content.decode()
    assert "홍*동" in page and "홍길동" not in page
    body = api_client(manager.user).get(f"/api/v1/feedback/opinions/{item.pk}/").json()
    assert body["customer_email"] != "hong@example.com"
    assert not AccessRecord.objects.exists()


def test_the_admin_shows_the_customer_in_full_and_records_it(admin_user, item):
    client = page_client(admin_user)
    page = client.get(f"/admin/feedback/feedback/{item.pk}/change/").content.decode()
    assert "홍길동" in page
    record = AccessRecord.objects.get()
    assert record.user == admin_user and record.object_id == item.pk


# -- Scope beyond one's own department, and the public side ---------------------------------


def test_staff_with_an_extra_department_answer_its_items(staff, other_department):
    staff.extra_departments.add(other_department)
    theirs = opinion(other_department, AT, title="지점 의견")
    client = page_client(staff.user)
    assert client.get(f"/feedback/{theirs.pk}/").status_code == 200
    response = client.post(f"/feedback/{theirs.pk}/reply/", {**REPLY, "channel": "phone"})
    assert response.status_code == 302
    assert theirs.replies.get().sent_by == staff.user


def test_citizens_still_submit_and_track_without_logging_in(
    client, department, other_department, settings
):
    settings.FEEDBACK_DEFAULT_DEPARTMENT = other_department.name
    response = client.post(
        "/feedback/submit/",
        {
            "kind": "opinion",
            "department": "",
            "title": "부서를 모르는 의견",
            "text": "내용입니다.",
            "customer_phone": "010-2222-3333",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    submitted = Feedback.objects.get()
    assert submitted.department == other_department and submitted.created_by is None
    response = client.post(
        "/feedback/track/", {"number": submitted.tracking_number, "contact": "010-2222-3333"}
    )
    assert response.status_code == 200 and "부서를 모르는 의견" in response.content.decode()
    response = APIClient().post(
        "/api/v1/feedback/track/",
        {"number": submitted.tracking_number, "contact": "01022223333"},
        format="json",
    )
    assert response.status_code == 200
