"""Department scope in the phone section: who sees which calls and memos, who may log, take
and answer them and in whose name, and where customers' names and numbers show in full (with
an access record) or masked."""

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from calls import services
from calls.models import Call, Callback
from charter import scope
from charter.models import AccessRecord, Obligation
from tests import factories
from tests.calls.conftest import api_client_for
from tests.conftest import kst
from tests.outbox import sent_email, sent_sms

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 10, 30)
NAME, PHONE = "홍길동", "010-1234-5678"
NOT_IN_MY_NAME = "다른 사람의 이름으로 기록할 수 없습니다."
OWN_DEPARTMENT_ONLY = "소속 부서의 일만 처리할 수 있습니다."
MASKED_NAME, MASKED_PHONE = "홍*동", "010-****-5678"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def memo(staff):
    """An open callback memo of `staff`'s department, assigned to `staff`."""
    return services.callback_open(
        by=staff.user,
        customer_name=NAME,
        customer_phone=PHONE,
        question="보증 심사 결과",
        created_at=kst(2026, 12, 2, 10, 0),
    )


@pytest.fixture
def call(staff):
    """An answered call of `staff`'s department, with the caller's name and number."""
    return services.call_log(
        by=staff.user,
        started_at=kst(2026, 12, 2, 9, 50),
        answered_at=kst(2026, 12, 2, 9, 50, 5),
        rings=1,
        caller_number=PHONE,
        caller_name=NAME,
        greeting=True,
    )


def state():
    """Everything the phone section stores, and the messages sent."""
    return (
        sorted(Call.objects.values_list()),
        sorted(Callback.objects.values_list()),
        sorted(Obligation.objects.values_list("id", "status", "department", "responsible")),
        len(sent_email()) + len(sent_sms()),
    )


def answer_form(**overrides):
    return {
        "summary": "결과를 안내했습니다.",
        "greeting": "on",
        "identified": "on",
        "verified": "on",
        "answered_at": "2026-12-02T10:20",
        **overrides,
    }


def answer_body(**overrides):
    return {
        "summary": "결과를 안내했습니다.",
        "greeting": True,
        "identified": True,
        "verified": True,
        "answered_at": "2026-12-02T10:20:00+09:00",
        **overrides,
    }


def log_form(**overrides):
    return {
        "rings": "2",
        "topic": "보증 문의",
        "greeting": "on",
        "started_at": "2026-12-02T10:29",
        **overrides,
    }


def access_records(subject):
    return AccessRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    )


# -- Another department: not there ----------------------------------------------------------


def test_another_departments_memo_page_is_404_and_answering_it_changes_nothing(
    client, memo, other_staff, other_manager
):
    before = state()
    url = f"/calls/callbacks/{memo.pk}/answer/"
    for outsider in (other_staff, other_manager):
        client.force_login(outsider.user)
        assert client.get(url).status_code == 404
        assert client.post(url, answer_form()).status_code == 404
    assert state() == before
    assert not AccessRecord.objects.exists()


def test_another_departments_calls_and_memos_are_not_in_my_lists(
    client, staff, call, memo, other_staff
):
    mine = services.callback_open(
        by=other_staff.user,
        customer_name="김고객",
        customer_phone="010-5555-6666",
        question="상환",
    )
    client.force_login(other_staff.user)
    today = client.get("/calls/").content.decode()
    assert staff.name not in today and MASKED_PHONE not in today
    callbacks = client.get("/calls/callbacks/").content.decode()
    assert f"/calls/callbacks/{mine.pk}/answer/" in callbacks
    assert f"/calls/callbacks/{memo.pk}/answer/" not in callbacks
    assert client.get(f"/calls/?department={staff.department_id}").status_code == 404
    assert f"/calls/callbacks/{memo.pk}/" not in client.get("/").content.decode()
    # What was just logged or taken (?logged=, ?answered=) is looked up in my scope too.
    logged = client.get(f"/calls/log/?logged={call.pk}").content.decode()
    assert 'role="status"' not in logged
    result = client.get(f"/calls/callbacks/?answered={memo.pk}").content.decode()
    assert "회신을 기록했습니다" not in result


def test_the_api_hides_another_departments_calls_and_memos(call, memo, other_staff):
    api = api_client_for(other_staff.user)
    assert api.get(f"/api/v1/calls/{call.pk}/").status_code == 404
    assert api.get(f"/api/v1/callbacks/{memo.pk}/").status_code == 404
    assert api.get("/api/v1/calls/").json()["results"] == []
    assert api.get("/api/v1/callbacks/").json()["results"] == []
    for url in ("/api/v1/calls/", "/api/v1/callbacks/"):
        named = api.get(url, {"department": call.department_id})
        assert named.status_code == 200 and named.json()["results"] == []
    assert api.get("/api/v1/calls/", {"assigned_to": call.staff_id}).json()["results"] == []
    assert (
        api.get("/api/v1/callbacks/", {"assigned_to": memo.assigned_to_id}).json()["results"] == []
    )
    assert not AccessRecord.objects.exists()


def test_answering_another_departments_memo_through_the_api_is_404_and_changes_nothing(
    memo, other_staff, other_manager
):
    before = state()
    for outsider in (other_staff, other_manager):
        api = api_client_for(outsider.user)
        response = api.post(f"/api/v1/callbacks/{memo.pk}/answer/", answer_body(), format="json")
        assert response.status_code == 404
    assert state() == before


def test_the_service_refuses_an_actor_of_another_department(memo, other_staff, other_manager):
    before = state()
    for outsider in (other_staff, other_manager):
        with pytest.raises(PermissionDenied) as refused:
            services.callback_answer(callback=memo, by=outsider.user, summary="안내")
        assert str(refused.value) == OWN_DEPARTMENT_ONLY
    assert state() == before


def test_a_staff_member_moved_to_another_department_no_longer_sees_the_old_memos(
    client, staff, memo, other_department
):
    staff.department = other_department
    staff.save()
    scope.forget(staff.user)
    client.force_login(staff.user)
    assert client.get(f"/calls/callbacks/{memo.pk}/answer/").status_code == 404
    assert f"/calls/callbacks/{memo.pk}/" not in client.get("/calls/callbacks/").content.decode()
    assert f"/calls/callbacks/{memo.pk}/" not in client.get("/").content.decode()


# -- Creating in another department: a 400 on the field that named it ------------------------


def test_a_memo_for_another_department_from_the_api_is_a_400_on_department(api, staff, other_staff):
    body = {
        "customer_name": NAME,
        "customer_phone": PHONE,
        "question": "보증",
        "department": other_staff.department_id,
    }
    response = api.post("/api/v1/callbacks/", body, format="json")
    assert response.status_code == 400
    assert response.json()["department"] == [OWN_DEPARTMENT_ONLY]
    body = {**body, "department": staff.department_id, "assigned_to": other_staff.pk}
    response = api.post("/api/v1/callbacks/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["assigned_to"] == [
        f"{other_staff.name} is not an active member of {staff.department.name_en}."
    ]
    assert not Callback.objects.exists() and not Obligation.objects.exists()


def test_a_memo_for_another_departments_call_is_a_400_on_call(api, staff, other_staff):
    theirs = services.call_log(
        by=other_staff.user,
        started_at=kst(2026, 12, 2, 10),
        answered_at=None,
        rings=6,
    )
    body = {"customer_name": NAME, "customer_phone": PHONE, "question": "보증", "call": theirs.pk}
    response = api.post("/api/v1/callbacks/", body, format="json")
    assert response.status_code == 400 and "call" in response.json()
    with pytest.raises(ValidationError) as refused:
        services.callback_open(
            by=staff.user, customer_phone=PHONE, customer_name=NAME, question="q", call=theirs
        )
    assert refused.value.message_dict["call"] == [f"ID가 {theirs.pk}인 전화 기록이 없습니다."]
    assert not Callback.objects.exists()


def test_the_memo_pickers_offer_active_staff_of_my_departments_only(
    staff_client, staff, other_staff
):
    colleague = factories.StaffMemberFactory(department=staff.department, name="동료직원")
    factories.StaffMemberFactory(department=staff.department, name="퇴직직원", active=False)
    html = staff_client.get("/calls/callbacks/new/").content.decode()
    assert colleague.name in html and staff.name in html
    assert other_staff.name not in html and "퇴직직원" not in html
    response = staff_client.post(
        "/calls/callbacks/new/",
        {
            "customer_name": NAME,
            "customer_phone": PHONE,
            "question": "보증",
            "assigned_to": other_staff.pk,
            "created_at": "2026-12-02T10:30",
        },
    )
    assert response.status_code == 200 and not Callback.objects.exists()


def test_a_memo_may_be_assigned_to_any_active_colleague_but_is_taken_by_me(api, staff, manager):
    colleague = factories.StaffMemberFactory(department=staff.department)
    body = {"customer_name": NAME, "customer_phone": PHONE, "question": "보증"}
    response = api.post("/api/v1/callbacks/", {**body, "assigned_to": colleague.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["taken_by"], response.json()["assigned_to"]) == (
        staff.pk,
        colleague.pk,
    )
    refused = api.post("/api/v1/callbacks/", {**body, "taken_by": colleague.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json()["taken_by"] == [NOT_IN_MY_NAME]
    # A manager of the department may write down that a colleague took it.
    named = api_client_for(manager.user).post(
        "/api/v1/callbacks/", {**body, "taken_by": colleague.pk}, format="json"
    )
    assert named.status_code == 201 and named.json()["taken_by"] == colleague.pk
    assert Callback.objects.count() == 2


# -- Nobody records in another person's name --------------------------------------------------


def test_staff_cannot_answer_in_a_colleagues_name_through_the_api(api, memo, staff):
    colleague = factories.StaffMemberFactory(department=staff.department)
    before = state()
    response = api.post(
        f"/api/v1/callbacks/{memo.pk}/answer/",
        answer_body(answered_by=colleague.pk),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["answered_by"] == [NOT_IN_MY_NAME]
    assert state() == before


def test_a_manager_may_record_a_colleagues_callback_but_not_another_departments_staff(
    manager_api, memo, staff, other_staff
):
    refused = manager_api.post(
        f"/api/v1/callbacks/{memo.pk}/answer/",
        answer_body(answered_by=other_staff.pk),
        format="json",
    )
    assert refused.status_code == 400 and "answered_by" in refused.json()
    response = manager_api.post(
        f"/api/v1/callbacks/{memo.pk}/answer/", answer_body(answered_by=staff.pk), format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["answered_by"] == staff.pk
    p6 = Obligation.objects.for_standard("P6").get()
    assert p6.responsible == staff


def test_the_answer_page_offers_the_doer_picker_to_managers_only(
    client, staff_client, memo, staff, manager
):
    url = f"/calls/callbacks/{memo.pk}/answer/"
    assert 'name="answered_by"' not in staff_client.get(url).content.decode()
    client.force_login(manager.user)
    page = client.get(url).content.decode()
    assert 'name="answered_by"' in page and f'value="{staff.pk}"' in page
    client.post(url, answer_form(answered_by=staff.pk))
    memo.refresh_from_db()
    assert memo.answered_by == staff


def test_staff_answering_on_the_page_are_the_doer_whatever_the_form_says(staff_client, memo, staff):
    colleague = factories.StaffMemberFactory(department=staff.department)
    response = staff_client.post(
        f"/calls/callbacks/{memo.pk}/answer/", answer_form(answered_by=colleague.pk)
    )
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.answered_by == staff


def test_staff_log_their_own_calls_and_a_colleagues_extension_is_refused(
    staff_client, staff, other_staff
):
    colleague = factories.StaffMemberFactory(department=staff.department)
    for extension, message in (
        (colleague.extension, NOT_IN_MY_NAME),
        (other_staff.extension, OWN_DEPARTMENT_ONLY),
    ):
        response = staff_client.post("/calls/log/", log_form(extension=extension))
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Call.objects.exists() and not Obligation.objects.exists()
    staff_client.post("/calls/log/", log_form(extension=""))
    assert Call.objects.get().staff == staff


def test_a_manager_logs_a_colleagues_call_by_extension_within_the_department(
    client, staff, manager, other_staff
):
    client.force_login(manager.user)
    refused = client.post("/calls/log/", log_form(extension=other_staff.extension))
    assert OWN_DEPARTMENT_ONLY in refused.content.decode()
    client.post("/calls/log/", log_form(extension=staff.extension))
    call = Call.objects.get()
    assert (call.staff, call.department, call.logged_by) == (staff, staff.department, manager.user)
    assert call.obligations.get(standard__code="P1").responsible == staff


# -- The phone system -------------------------------------------------------------------------


def record(extension, **overrides):
    return {
        "started_at": "2026-12-02T10:00:00+09:00",
        "answered_at": None,
        "rings": 6,
        "extension": extension,
        "caller_number": PHONE,
        "caller_name": NAME,
        **overrides,
    }


def test_the_phone_system_logs_calls_for_the_extensions_owner(phone_system, staff):
    system, user = phone_system
    response = system.post("/api/v1/calls/", record(staff.extension), format="json")
    assert response.status_code == 201, response.json()
    call = Call.objects.get()
    assert (call.staff, call.department, call.logged_by) == (staff, staff.department, user)
    memo = call.callback
    assert (memo.taken_by, memo.assigned_to, memo.department) == (staff, staff, staff.department)
    # What it gets back and may read is masked: it does not handle customers.
    assert response.json()["caller_number"] == MASKED_PHONE
    shown = system.get(f"/api/v1/calls/{call.pk}/").json()
    assert (shown["caller_number"], shown["caller_name"]) == (MASKED_PHONE, MASKED_NAME)
    assert not AccessRecord.objects.exists()


def test_the_phone_system_cannot_log_for_staff_outside_its_departments(
    phone_system, other_staff, call
):
    system, _user = phone_system
    before = state()
    response = system.post("/api/v1/calls/", record(other_staff.extension), format="json")
    assert response.status_code == 400
    assert response.json()["extension"] == [OWN_DEPARTMENT_ONLY]
    response = system.post("/api/v1/calls/", record("", assigned_to=other_staff.pk), format="json")
    assert response.status_code == 400 and "assigned_to" in response.json()
    assert state() == before
    theirs = services.call_log(
        by=other_staff.user, started_at=kst(2026, 12, 2, 10), answered_at=None, rings=6
    )
    listed = [c["id"] for c in system.get("/api/v1/calls/").json()["results"]]
    assert listed == [call.pk]
    assert system.get(f"/api/v1/calls/{theirs.pk}/").status_code == 404


def test_the_phone_system_takes_memos_for_the_extensions_owner(phone_system, staff, other_staff):
    system, _user = phone_system
    body = {"customer_name": NAME, "customer_phone": PHONE, "question": "음성 메시지"}
    response = system.post(
        "/api/v1/callbacks/", {**body, "extension": staff.extension}, format="json"
    )
    assert response.status_code == 201, response.json()
    memo = Callback.objects.get()
    assert (memo.taken_by, memo.assigned_to, memo.department) == (staff, staff, staff.department)
    refused = system.post(
        "/api/v1/callbacks/", {**body, "extension": other_staff.extension}, format="json"
    )
    assert refused.status_code == 400 and "extension" in refused.json()
    assert Callback.objects.count() == 1


def test_the_phone_system_does_not_answer_callbacks(memo, department, admin_user):
    from rest_framework.test import APIClient

    from integrations.services import integration_client_create

    _client, key = integration_client_create(
        name="전화 시스템 2",
        departments=[department],
        endpoints=["callback-answer"],
        by=admin_user,
    )
    system = APIClient()
    system.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    before = state()
    response = system.post(f"/api/v1/callbacks/{memo.pk}/answer/", answer_body(), format="json")
    assert response.status_code == 403
    assert state() == before


# -- Executives: everything, read-only --------------------------------------------------------


def test_executives_read_every_department_masked(client, executive, call, memo, other_staff):
    theirs = services.call_log(
        by=other_staff.user, started_at=kst(2026, 12, 2, 10), answered_at=None, rings=6
    )
    client.force_login(executive)
    today = client.get("/calls/")
    assert today.status_code == 200
    html = today.content.decode()
    assert MASKED_PHONE in html and PHONE not in html
    assert other_staff.name in html
    assert client.get(f"/calls/?department={other_staff.department_id}").status_code == 200
    callbacks = client.get("/calls/callbacks/").content.decode()
    assert f"/calls/callbacks/{memo.pk}/answer/" in callbacks and NAME not in callbacks
    page = client.get(f"/calls/callbacks/{memo.pk}/answer/")
    assert page.status_code == 200
    assert MASKED_PHONE in page.content.decode() and PHONE not in page.content.decode()
    assert 'name="summary"' not in page.content.decode()
    api = api_client_for(executive)
    assert {c["id"] for c in api.get("/api/v1/calls/").json()["results"]} == {call.pk, theirs.pk}
    detail = api.get(f"/api/v1/callbacks/{memo.pk}/").json()
    assert detail["customer_phone"] == MASKED_PHONE
    assert not AccessRecord.objects.exists()


def test_every_action_of_an_executive_is_403_and_changes_nothing(client, executive, staff, memo):
    before = state()
    client.force_login(executive)
    assert client.post(f"/calls/callbacks/{memo.pk}/answer/", answer_form()).status_code == 403
    assert client.post("/calls/log/", log_form(extension=staff.extension)).status_code == 403
    new_memo = {"customer_name": NAME, "customer_phone": PHONE, "question": "q"}
    assert client.post("/calls/callbacks/new/", new_memo).status_code == 403
    api = api_client_for(executive)
    assert (
        api.post(f"/api/v1/callbacks/{memo.pk}/answer/", answer_body(), format="json").status_code
        == 403
    )
    assert api.post("/api/v1/calls/", record(staff.extension), format="json").status_code == 403
    assert api.post("/api/v1/callbacks/", new_memo, format="json").status_code == 403
    for service, kwargs in (
        (services.callback_answer, {"callback": memo, "summary": "안내"}),
        (services.call_log, {"started_at": NOW, "rings": 1, "staff": staff}),
        (services.callback_open, {"customer_phone": PHONE, "assigned_to": staff}),
    ):
        with pytest.raises(PermissionDenied):
            service(by=executive, **kwargs)
    assert state() == before


def test_every_service_where_someone_acts_needs_by(staff, memo):
    with pytest.raises(TypeError):
        services.callback_answer(callback=memo, summary="안내")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        services.call_log(started_at=NOW, rings=1, staff=staff)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        services.callback_open(customer_phone=PHONE, taken_by=staff)  # type: ignore[call-arg]


# -- Personal data: in full on one memo's page for its department's staff, recorded -----------


def test_staff_see_the_customer_in_full_on_the_memo_page_and_the_opening_is_recorded(
    staff_client, staff, memo
):
    page = staff_client.get(f"/calls/callbacks/{memo.pk}/answer/").content.decode()
    assert NAME in page and PHONE in page
    record = access_records(memo).get()
    assert record.user == staff.user
    assert record.fields == "customer_name,customer_phone"
    assert record.source == "GET calls:callback_answer"
    stored = " ".join(str(v) for v in AccessRecord.objects.filter(pk=record.pk).values_list()[0])
    assert NAME not in stored and PHONE not in stored


def test_managers_see_the_memo_page_masked_and_no_access_is_recorded(client, manager, memo):
    client.force_login(manager.user)
    page = client.get(f"/calls/callbacks/{memo.pk}/answer/").content.decode()
    assert MASKED_NAME in page and MASKED_PHONE in page
    assert NAME not in page and PHONE not in page
    assert not AccessRecord.objects.exists()


def test_the_api_shows_one_record_in_full_to_staff_and_records_it(api, manager_api, call, memo):
    detail = api.get(f"/api/v1/callbacks/{memo.pk}/").json()
    assert (detail["customer_name"], detail["customer_phone"]) == (NAME, PHONE)
    record = access_records(memo).get()
    assert record.source == "API callback-retrieve"
    assert record.fields == "customer_name,customer_phone"
    call_detail = api.get(f"/api/v1/calls/{call.pk}/").json()
    assert call_detail["caller_name"] == NAME
    assert access_records(call).get().fields == "caller_name,caller_number"
    masked = manager_api.get(f"/api/v1/callbacks/{memo.pk}/").json()
    assert masked["customer_phone"] == MASKED_PHONE
    assert AccessRecord.objects.count() == 2
    listed = api.get("/api/v1/callbacks/").json()["results"][0]
    assert listed["customer_name"] == MASKED_NAME
    assert AccessRecord.objects.count() == 2  # lists record nothing: nothing is shown


def test_my_callbacks_and_the_home_panel_are_masked_and_record_nothing(staff_client, memo):
    for url in ("/calls/callbacks/", "/"):
        html = staff_client.get(url).content.decode()
        assert MASKED_NAME in html and NAME not in html
    assert PHONE not in staff_client.get("/calls/callbacks/").content.decode()
    assert not AccessRecord.objects.exists()


# -- The admin ---------------------------------------------------------------------------------


def test_the_admin_lists_only_the_users_scope_and_masks_for_managers(
    client, manager, memo, other_staff, admin_user
):
    theirs = services.callback_open(
        by=other_staff.user, customer_name="김고객", customer_phone="010-5555-6666", question="q"
    )
    manager.user.is_staff = True
    manager.user.save()
    client.force_login(manager.user)
    listing = client.get("/admin/calls/callback/").content.decode()
    assert f"/admin/calls/callback/{memo.pk}/change/" in listing
    assert f"/admin/calls/callback/{theirs.pk}/change/" not in listing
    assert client.get(f"/admin/calls/callback/{theirs.pk}/change/").status_code == 302
    change = client.get(f"/admin/calls/callback/{memo.pk}/change/").content.decode()
    assert MASKED_PHONE in change and PHONE not in change
    assert not AccessRecord.objects.exists()
    client.force_login(admin_user)
    change = client.get(f"/admin/calls/callback/{theirs.pk}/change/").content.decode()
    assert "010-5555-6666" in change
    assert access_records(theirs).get().user == admin_user
