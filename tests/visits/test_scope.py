"""Who sees and does what in visits. Another department's queue, memos, bookings and field
visits are not there (404, lists and filters leave them out) and cannot be acted on; executives
see everything and change nothing (403); nobody records an action in someone else's name
unless a manager of the department does; customers' names and numbers are masked in lists and
shown in full on one record's page (or API response) to staff of its department, each such
opening recorded. The staff directory stays public and shows staff, never customers."""

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from charter import notify
from charter.models import AccessRecord, Obligation, ObligationEvent
from charter.scope import OutOfScope
from tests import factories
from tests.conftest import kst
from tests.outbox import sent_email, sent_sms
from tests.visits import matrix
from tests.visits.conftest import obligations
from visits import services
from visits.models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 10)

CUSTOMERS = ["홍길동", "010-1234-5678", "이순자", "010-2345-6789", "오하늘", "031-555-1234"]
DETAIL_PAGES = [
    "visits:queue",
    "visits:memo_detail",
    "visits:assisted_detail",
    "visits:field_detail",
]
API_DETAILS = [
    "visit-ticket-detail",
    "absence-memo-detail",
    "assisted-visit-detail",
    "field-visit-detail",
]
LIST_PAGES = ["/visits/memos/", "/visits/assisted/", "/visits/field/"]
API_LISTS = [
    "/api/v1/visit-tickets/",
    "/api/v1/absence-memos/",
    "/api/v1/assisted-visits/",
    "/api/v1/field-visits/",
]
# What each list shows of the records that matrix.make creates.
MARKS = {
    "/visits/memos/": "보증 연장 상담",
    "/visits/assisted/": "휠체어 이용",
    "/visits/field/": "한빛식품",
}
API_ACTIONS = [
    name for name in matrix.POST if "-" in name and not name.endswith(("-list", "-next"))
]
API_CREATES = [name for name in matrix.POST if name.endswith(("-list", "-next"))]
PAGE_POSTS = [name for name in matrix.POST if name.startswith("visits:")]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def outboxes():
    mail.outbox.clear()
    notify.outbox.clear()
    yield
    assert sent_email() == []
    assert sent_sms() == []


@pytest.fixture
def made(department, staff):
    return matrix.make(department=department, staff=staff)


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(name, made):
    return reverse(name, kwargs=made.get(name))


def snapshot() -> dict:
    """Every row the visits app writes, and its history: what "nothing changed" compares."""
    models = (Ticket, AbsenceMemo, AssistedVisit, FieldVisit, Obligation, ObligationEvent)
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    rows["history"] = [m.history.count() for m in (Ticket, AbsenceMemo, AssistedVisit, FieldVisit)]
    rows["access"] = AccessRecord.objects.count()
    return rows


def post(client, name, made):
    payload = matrix.POST[name]
    if isinstance(client, APIClient):
        return client.post(url(name, made), payload["data"], format=payload["format"])
    return client.post(url(name, made), payload["data"])


# -- Staff of the department: every action of the matrix succeeds ---------------------------


@pytest.mark.parametrize("name", API_ACTIONS + API_CREATES)
def test_staff_of_the_department_can_do_every_api_action(made, staff, name):
    response = post(api(staff.user), name, made)
    assert response.status_code in (200, 201), response.json()


@pytest.mark.parametrize("name", PAGE_POSTS)
def test_staff_of_the_department_can_do_every_page_action(made, staff, name):
    client = browser(staff.user)
    before = snapshot()
    response = post(client, name, made)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert snapshot() != before


# -- Another department: not there ---------------------------------------------------------


def test_another_departments_pages_and_api_details_are_not_found(made, other_staff):
    client, rest = browser(other_staff.user), api(other_staff.user)
    for name in DETAIL_PAGES:
        assert client.get(url(name, made)).status_code == 404, name
    for name in API_DETAILS:
        assert rest.get(url(name, made)).status_code == 404, name


def test_another_departments_records_are_left_out_of_lists_and_filters(
    made, department, other_staff, staff, other_department
):
    client, rest = browser(other_staff.user), api(other_staff.user)
    for path, mark in MARKS.items():
        assert mark in browser(staff.user).get(path).content.decode()
        page = client.get(path)
        assert page.status_code == 200
        assert mark not in page.content.decode(), path
    for path in API_LISTS:
        assert rest.get(path).json()["results"] == [], path
        assert rest.get(path, {"department": department.pk}).json()["results"] == [], path
        # Staff of the department: their own rows, and nothing when filtering on another.
        own = api(staff.user)
        assert own.get(path).json()["results"], path
        assert own.get(path, {"department": other_department.pk}).json()["results"] == []


def test_the_queue_of_another_department_is_not_offered(made, other_staff, department):
    page = browser(other_staff.user).get("/visits/queue/", follow=True)
    assert page.status_code == 200
    assert f"/visits/queue/{department.pk}/" not in page.content.decode()


@pytest.mark.parametrize("name", API_ACTIONS)
def test_api_actions_on_another_departments_records_are_not_found(made, other_staff, name):
    before = snapshot()
    assert post(api(other_staff.user), name, made).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("visit-ticket-list", "department"),
        ("visit-ticket-call-next", "department"),
        ("absence-memo-list", "absent_staff"),
        ("assisted-visit-list", "department"),
        ("field-visit-list", "assigned_to"),
    ],
)
def test_logging_for_another_department_through_the_api_is_refused(made, other_staff, name, field):
    before = snapshot()
    response = post(api(other_staff.user), name, made)
    assert response.status_code == 400
    assert field in response.json()
    assert snapshot() == before


@pytest.mark.parametrize(
    "name",
    [
        "visits:queue",
        "visits:memo_contact",
        "visits:assisted_assign",
        "visits:field_detail",
    ],
)
def test_page_actions_on_another_departments_records_are_not_found(made, other_staff, name):
    before = snapshot()
    assert post(browser(other_staff.user), name, made).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "field"),
    [("visits:memos", "absent_staff"), ("visits:assisted", "department")],
)
def test_page_forms_offer_only_the_users_departments(made, other_staff, name, field):
    before = snapshot()
    response = post(browser(other_staff.user), name, made)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert snapshot() == before


def test_the_services_refuse_an_actor_of_another_department(made, other_staff, department):
    ticket = Ticket.objects.get(pk=made["visit-ticket-call"]["pk"])
    memo = AbsenceMemo.objects.get()
    visit = FieldVisit.objects.get()
    before = snapshot()
    by = other_staff.user
    with pytest.raises(OutOfScope):
        services.ticket_call(ticket=ticket, by=by)
    with pytest.raises(OutOfScope):
        services.ticket_leave(ticket=ticket, by=by)
    with pytest.raises(OutOfScope):
        services.absence_memo_contact(memo=memo, by=by)
    with pytest.raises(OutOfScope):
        services.field_visit_record_consent(visit=visit, by=by)
    with pytest.raises(OutOfScope):
        services.assisted_visit_assign(visit=AssistedVisit.objects.get(), staff=other_staff, by=by)
    assert snapshot() == before


def test_staff_who_also_cover_a_department_see_and_act_for_it(made, other_staff, department):
    other_staff.extra_departments.add(department)
    client = browser(other_staff.user)
    assert client.get(url("visits:memo_detail", made)).status_code == 200
    assert post(client, "visits:memo_contact", made).status_code == 302
    memo = AbsenceMemo.objects.get()
    assert memo.contacted_by == other_staff
    assert obligations("V4", memo)[0].status == "met"


# -- Executives: everything in view, nothing to change ---------------------------------------


def test_executives_see_every_list_and_record_masked(made, executive):
    client, rest = browser(executive), api(executive)
    for path, mark in MARKS.items():
        page = client.get(path)
        assert page.status_code == 200
        assert mark in page.content.decode()
    for name in DETAIL_PAGES:
        page = client.get(url(name, made))
        assert page.status_code == 200, name
        assert not any(value in page.content.decode() for value in CUSTOMERS), name
    for path in API_LISTS:
        assert rest.get(path).json()["results"], path
    for name in API_DETAILS:
        response = rest.get(url(name, made))
        assert response.status_code == 200, name
        assert not any(value in response.content.decode() for value in CUSTOMERS), name
    assert AccessRecord.objects.count() == 0


def test_executives_are_offered_no_action(made, executive):
    client = browser(executive)
    queue = client.get(url("visits:queue", made)).content.decode()
    assert 'name="action"' not in queue
    assert (
        "<form"
        not in client.get(url("visits:field_detail", made))
        .content.decode()
        .split("<main")[-1]
        .split("</main>")[0]
    )


@pytest.mark.parametrize("name", list(matrix.POST))
def test_every_action_of_an_executive_is_forbidden_and_changes_nothing(made, executive, name):
    before = snapshot()
    client = api(executive) if matrix.POST[name]["format"] == "json" else browser(executive)
    assert post(client, name, made).status_code == 403
    assert snapshot() == before


def test_the_services_refuse_an_executive_with_a_403(made, executive, department, staff):
    ticket = Ticket.objects.get(pk=made["visit-ticket-call"]["pk"])
    visit = FieldVisit.objects.get()
    before = snapshot()
    calls = [
        lambda: services.ticket_take(department=department, by=executive),
        lambda: services.ticket_call_next(department=department, by=executive),
        lambda: services.ticket_call(ticket=ticket, by=executive),
        lambda: services.ticket_leave(ticket=ticket, by=executive),
        lambda: services.absence_memo_contact(memo=AbsenceMemo.objects.get(), by=executive),
        lambda: services.assisted_visit_assign(
            visit=AssistedVisit.objects.get(), staff=staff, by=executive
        ),
        lambda: services.field_visit_record_notice(visit=visit, by=executive, method="phone"),
        lambda: services.field_visit_create(
            company="x",
            contact_name="y",
            purpose="z",
            scheduled_at=kst(2026, 12, 3, 10),
            staff=staff,
            by=executive,
        ),
    ]
    for call in calls:
        with pytest.raises(OutOfScope):
            call()
    assert snapshot() == before


# -- In one's own name -----------------------------------------------------------------------


def memo_body(absent, **extra):
    return {
        "absent_staff": absent.pk,
        "reason": "leave",
        "customer_name": "김영수",
        "customer_phone": "010-3456-7890",
        "matter": "상환 일정 문의",
        **extra,
    }


def test_staff_cannot_name_a_colleague_as_the_one_who_handled_a_memo(staff, colleague, manager):
    absent = factories.StaffMemberFactory(department=staff.department)
    response = api(staff.user).post(
        "/api/v1/absence-memos/", memo_body(absent, handled_by=colleague.pk), format="json"
    )
    assert response.status_code == 400
    assert "handled_by" in response.json()
    assert AbsenceMemo.objects.count() == 0
    assert Obligation.objects.count() == 0


def test_a_manager_may_record_that_a_colleague_handled_it(staff, colleague, manager):
    absent = factories.StaffMemberFactory(department=staff.department)
    response = api(manager.user).post(
        "/api/v1/absence-memos/", memo_body(absent, handled_by=colleague.pk), format="json"
    )
    assert response.status_code == 201, response.json()
    memo = AbsenceMemo.objects.get()
    assert (memo.handled_by, memo.recorded_by) == (colleague, manager)
    assert obligations("V4", memo)[0].responsible == colleague


def test_a_manager_of_another_department_cannot_name_our_colleague(staff, colleague, other_manager):
    absent = factories.StaffMemberFactory(department=staff.department)
    response = api(other_manager.user).post(
        "/api/v1/absence-memos/", memo_body(absent, handled_by=colleague.pk), format="json"
    )
    assert response.status_code == 400
    assert AbsenceMemo.objects.count() == 0


def test_the_memo_form_offers_staff_only_themselves_and_managers_their_team(
    staff, colleague, manager
):
    def choices(user):
        form = browser(user).get("/visits/memos/").context["form"]
        return set(form.fields["handled_by"].queryset)

    assert choices(staff.user) == {staff}
    assert {staff, colleague, manager} <= choices(manager.user)


def field_visit_body(**extra):
    return {
        "company": "한빛식품",
        "contact_name": "오하늘",
        "purpose": "실사",
        "scheduled_at": "2026-12-03T11:00:00+09:00",
        **extra,
    }


def test_staff_plan_their_own_field_visits_and_a_manager_may_plan_a_colleagues(
    staff, colleague, manager
):
    refused = api(staff.user).post(
        "/api/v1/field-visits/", field_visit_body(assigned_to=colleague.pk), format="json"
    )
    assert refused.status_code == 400
    assert "assigned_to" in refused.json()
    assert FieldVisit.objects.count() == 0
    own = api(staff.user).post("/api/v1/field-visits/", field_visit_body(), format="json")
    assert own.status_code == 201, own.json()
    assert own.json()["assigned_to"] == staff.pk
    planned = api(manager.user).post(
        "/api/v1/field-visits/", field_visit_body(assigned_to=colleague.pk), format="json"
    )
    assert planned.status_code == 201, planned.json()
    visit = FieldVisit.objects.get(pk=planned.json()["id"])
    assert (visit.staff, visit.department) == (colleague, colleague.department)
    assert obligations("S1", visit)[0].responsible == colleague


def test_a_visit_is_recorded_by_the_visitor_or_their_manager_not_by_a_colleague(
    made, staff, colleague, manager
):
    visit = FieldVisit.objects.get()
    path = f"/api/v1/field-visits/{visit.pk}/record/"
    body = matrix.POST["field-visit-record"]["data"]
    refused = api(colleague.user).post(path, body, format="json")
    assert refused.status_code == 400
    assert "staff" in refused.json()
    assert obligations("S4", visit) == []
    assert api(manager.user).post(path, body, format="json").status_code == 200
    assert [o.responsible for o in obligations("S4", visit)] == [staff]


def test_the_desk_that_calls_and_serves_is_the_callers_own_staff_member(made, colleague):
    rest = api(colleague.user)
    called = rest.post(url("visit-ticket-call", made), {}, format="json").json()
    served = rest.post(url("visit-ticket-serve", made), {"estimate_minutes": 10}, format="json")
    assert (called["called_by"], called["called_by_name"]) == (colleague.pk, colleague.name)
    assert (served.json()["served_by"], served.json()["served_by_name"]) == (
        colleague.pk,
        colleague.name,
    )
    ticket = Ticket.objects.get(pk=made["visit-ticket-call"]["pk"])
    assert obligations("V5", ticket)[0].responsible == colleague


def test_a_dedicated_staff_member_must_work_in_the_bookings_department(made, staff, other_staff):
    visit = AssistedVisit.objects.get()
    response = api(staff.user).post(
        f"/api/v1/assisted-visits/{visit.pk}/assign/",
        {"assigned_to": other_staff.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "assigned_to" in response.json()
    assert AssistedVisit.objects.get().assigned_staff is None


# -- Personal data ---------------------------------------------------------------------------

ONE_RECORD = [
    ("visits:memo_detail", AbsenceMemo, ("홍길동", "010-1234-5678"), ("홍*동", "010-****-5678")),
    (
        "visits:assisted_detail",
        AssistedVisit,
        ("이순자", "010-2345-6789"),
        ("이*자", "010-****-6789"),
    ),
    ("visits:field_detail", FieldVisit, ("오하늘", "031-555-1234"), ("오*늘", "031-****-1234")),
]


@pytest.mark.parametrize(("name", "model", "full", "masked"), ONE_RECORD)
def test_staff_see_one_records_customer_in_full_and_the_opening_is_recorded(
    made, staff, name, model, full, masked
):
    page = browser(staff.user).get(url(name, made)).content.decode()
    assert all(value in page for value in full)
    record = model.objects.get()
    [access] = AccessRecord.objects.of_subject(record)
    assert access.user == staff.user
    assert access.source == f"GET {name}"
    assert set(access.fields.split(",")) == {
        "customer_name" if model is not FieldVisit else "contact_name",
        "customer_phone" if model is not FieldVisit else "contact_phone",
    }
    stored = f"{access.fields} {access.source} {access.object_id}"
    assert not any(value in stored for value in CUSTOMERS)


@pytest.mark.parametrize(("name", "model", "full", "masked"), ONE_RECORD)
def test_a_managers_opening_is_masked_and_records_nothing(made, manager, name, model, full, masked):
    page = browser(manager.user).get(url(name, made)).content.decode()
    assert all(value in page for value in masked)
    assert not any(value in page for value in full)
    assert AccessRecord.objects.count() == 0


def test_lists_are_masked_for_staff_too_and_record_nothing(made, staff):
    client = browser(staff.user)
    for path in LIST_PAGES + [url("visits:queue", made)]:
        page = client.get(path).content.decode()
        assert not any(value in page for value in CUSTOMERS), path
    memos = client.get("/visits/memos/").content.decode()
    assert "홍*동" in memos and "010-****-5678" in memos
    rest = api(staff.user)
    for path in API_LISTS:
        assert not any(value in rest.get(path).content.decode() for value in CUSTOMERS), path
    assert AccessRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "model", "fields"),
    [
        ("absence-memo-detail", AbsenceMemo, {"customer_name", "customer_phone"}),
        ("assisted-visit-detail", AssistedVisit, {"customer_name", "customer_phone"}),
        ("field-visit-detail", FieldVisit, {"contact_name", "contact_phone"}),
    ],
)
def test_the_api_response_for_one_record_is_in_full_for_staff_and_recorded(
    made, staff, manager, name, model, fields
):
    record = model.objects.get()
    data = api(staff.user).get(url(name, made)).json()
    assert {data[field] for field in fields} == {getattr(record, field) for field in fields}
    [access] = AccessRecord.objects.of_subject(record)
    assert (access.user, set(access.fields.split(","))) == (staff.user, fields)
    assert access.source == f"API {name.replace('-detail', '-retrieve')}"
    masked = api(manager.user).get(url(name, made)).json()
    assert all("*" in masked[field] for field in fields)
    assert AccessRecord.objects.count() == 1


# -- The public directory --------------------------------------------------------------------


def test_the_directory_and_seating_chart_stay_public_and_show_no_customer(
    made, client, staff, department
):
    for path in ("/visits/directory/", f"/visits/directory/{department.pk}/"):
        page = client.get(path)
        assert page.status_code == 200
        text = page.content.decode()
        assert staff.name in text
        assert not any(value in text for value in CUSTOMERS + ["홍*동", "이*자", "오*늘"])
    assert AccessRecord.objects.count() == 0


# -- The admin -------------------------------------------------------------------------------


def test_the_admin_lists_only_the_users_departments(made, other_staff, department):
    other_staff.user.is_staff = True
    other_staff.user.save()
    client = browser(other_staff.user)
    services.ticket_take(department=other_staff.department, by=other_staff.user)
    for model, count in (("ticket", 1), ("absencememo", 0), ("fieldvisit", 0)):
        response = client.get(f"/admin/visits/{model}/")
        assert response.status_code == 200
        assert response.context["cl"].result_count == count, model


def test_the_admin_history_of_another_departments_record_is_not_found(made, other_staff, staff):
    memo = AbsenceMemo.objects.get()
    version = memo.history.first()
    for user, expected in ((other_staff.user, 404), (staff.user, 200)):
        user.is_staff = True
        user.save()
        client = browser(user)
        history = f"/admin/visits/absencememo/{memo.pk}/history/"
        assert client.get(history).status_code == expected
        page = client.get(f"{history}{version.history_id}/")
        assert page.status_code == expected
        if expected == 404:
            assert "홍길동" not in page.content.decode()
