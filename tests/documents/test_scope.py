"""Department scope in documents: staff see and handle their own department's inboxes and
received documents only; another department's record is not found (404) and nothing is
stored or sent; executives read everything and change nothing; nobody records a check, a
confirmation or a notice in someone else's name; every unmasked opening of a customer is
recorded."""

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from charter import notify, scope
from charter.models import AccessRecord, Obligation
from documents import services
from documents.models import InboxCheck, Notice, ReceivedDocument
from integrations.services import integration_client_create
from tests import factories
from tests.conftest import kst
from tests.outbox import sent_email, sent_sms

from .helpers import received

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 11)
CUSTOMER = ("홍길동", "010-1234-5678", "hong@example.com")
OWN_DEPARTMENT_ONLY = "소속 부서의 일만 처리할 수 있습니다."
NOT_IN_ANOTHERS_NAME = "다른 사람의 이름으로 기록할 수 없습니다."


@pytest.fixture(autouse=True)
def wednesday_morning():
    notify.outbox.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    notify.outbox.clear()


def api_as(user):
    client = APIClient()
    client.force_login(user)
    return client


def confirmed(staff, **extra):
    document = received(staff, at=kst(2026, 12, 2, 10, 40), **extra)
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 10, 45))
    document.refresh_from_db()
    return document


@pytest.fixture
def theirs(other_staff):
    """Another department's confirmed documents, with one receipt notice."""
    document = confirmed(other_staff, description="다른 부서 서류")
    services.notice_send(
        document=document,
        by=other_staff.user,
        kind="receipt",
        channel="phone",
        sent_at=kst(2026, 12, 2, 10, 50),
    )
    document.refresh_from_db()
    return document


@pytest.fixture
def unconfirmed(other_staff):
    return received(other_staff, at=kst(2026, 12, 2, 10, 40), description="확인 전 서류")


def state(document):
    """Everything an action could change about a document."""
    document.refresh_from_db()
    return (
        document.department_id,
        document.confirmed_at,
        document.confirmed_by_id,
        document.incomplete_at,
        document.blocked,
        document.missing_items,
        document.receipt_notified_at,
        document.deficiency_notified_at,
        list(document.notices.values_list("pk", "kind", "channel", "sent_by")),
        list(
            Obligation.objects.for_subject(document)
            .order_by("pk")
            .values_list("standard__code", "status", "met_at", "responsible")
        ),
    )


def nothing_sent():
    return sent_email() == [] and sent_sms() == []


# -- Reads -------------------------------------------------------------------------------


def test_another_departments_documents_are_not_found_on_the_pages(client, staff, theirs):
    mine = received(staff, description="우리 부서 서류")
    client.force_login(staff.user)
    assert client.get(f"/documents/{theirs.pk}/").status_code == 404
    listed = client.get("/documents/?show=all").content.decode()
    assert "우리 부서 서류" in listed and "다른 부서 서류" not in listed
    home = client.get("/").content.decode()
    assert f'href="/documents/{mine.pk}/"' in home
    assert f'href="/documents/{theirs.pk}/"' not in home


def test_another_departments_documents_are_not_found_in_the_api(staff, other_staff, theirs):
    received(staff, description="우리 부서 서류")
    api = api_as(staff.user)
    assert api.get(f"/api/v1/documents/{theirs.pk}/").status_code == 404
    listed = api.get("/api/v1/documents/").json()["results"]
    assert [item["description"] for item in listed] == ["우리 부서 서류"]
    other = other_staff.department_id
    assert api.get(f"/api/v1/documents/?department={other}").json()["results"] == []


def test_another_departments_inbox_checks_are_not_listed(staff, other_staff):
    services.inbox_check_record(by=staff.user, channel="fax")
    services.inbox_check_record(by=other_staff.user, channel="post")
    api = api_as(staff.user)
    listed = api.get("/api/v1/inbox-checks/").json()["results"]
    assert [(item["channel"], item["department"]) for item in listed] == [
        ("fax", staff.department_id)
    ]
    other = other_staff.department_id
    assert api.get(f"/api/v1/inbox-checks/?department={other}").json()["results"] == []


def test_the_inbox_page_of_another_department_is_not_found(client, staff, other_staff):
    services.inbox_check_record(by=other_staff.user, channel="post")
    client.force_login(staff.user)
    other = other_staff.department_id
    assert client.get(f"/documents/inbox/?department={other}").status_code == 404
    page = client.get("/documents/inbox/").content.decode()
    assert other_staff.name not in page
    assert "우편 0/3" in page


# -- Actions by another department -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("confirm", {}),
        ("incomplete", {"processed_what_can": "on", "blocked": "on", "missing_items": "인감"}),
        ("notices", {"kind": "receipt", "channel": "sms"}),
        ("notices", {"kind": "receipt", "channel": "email"}),
    ],
)
def test_staff_of_another_department_cannot_act_on_a_page(client, staff, theirs, path, data):
    page = {"notices": "notices", "confirm": "confirm", "incomplete": "incomplete"}[path]
    before = state(theirs)
    client.force_login(staff.user)
    response = client.post(f"/documents/{theirs.pk}/{page}/", data)
    assert response.status_code == 404
    assert state(theirs) == before
    assert nothing_sent()


def test_staff_of_another_department_cannot_confirm_on_a_page(client, staff, unconfirmed):
    before = state(unconfirmed)
    client.force_login(staff.user)
    assert client.post(f"/documents/{unconfirmed.pk}/confirm/", {}).status_code == 404
    assert state(unconfirmed) == before


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("confirm", {}),
        ("incomplete", {"processed_what_can": True, "blocked": True, "missing_items": "인감"}),
        ("notices", {"kind": "receipt", "channel": "sms"}),
        ("notices", {"kind": "receipt", "channel": "email"}),
    ],
)
def test_staff_of_another_department_cannot_act_through_the_api(
    staff, theirs, unconfirmed, action, data
):
    document = unconfirmed if action == "confirm" else theirs
    before = state(document)
    response = api_as(staff.user).post(
        f"/api/v1/documents/{document.pk}/{action}/", data, format="json"
    )
    assert response.status_code == 404
    assert state(document) == before
    assert nothing_sent()


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_the_service_never_sends_a_notice_for_an_actor_outside_the_department(
    staff, manager, theirs, channel
):
    before = state(theirs)
    for actor in (staff.user, manager.user):
        with pytest.raises(PermissionDenied) as error:
            services.notice_send(document=theirs, by=actor, kind="receipt", channel=channel)
        assert str(error.value) == OWN_DEPARTMENT_ONLY
    assert state(theirs) == before
    assert nothing_sent()


def test_the_services_refuse_to_confirm_or_mark_another_departments_documents(
    staff, theirs, unconfirmed
):
    before = state(unconfirmed), state(theirs)
    with pytest.raises(PermissionDenied):
        services.document_confirm(document=unconfirmed, by=staff.user)
    with pytest.raises(PermissionDenied):
        services.document_mark_incomplete(
            document=theirs, by=staff.user, processed_what_can=True, blocked=False
        )
    assert (state(unconfirmed), state(theirs)) == before


def test_staff_cannot_log_for_another_department(client, staff, other_staff):
    other = other_staff.department_id
    api = api_as(staff.user)
    response = api.post(
        "/api/v1/inbox-checks/", {"channel": "fax", "department": other}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["department"] == [OWN_DEPARTMENT_ONLY]
    response = api.post(
        "/api/v1/documents/",
        {
            "channel": "fax",
            "department": other,
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
            "description": "서류",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "department" in response.json()
    client.force_login(staff.user)
    response = client.post("/documents/inbox/check/", {"channel": "fax", "department": other})
    assert response.status_code == 400
    assert OWN_DEPARTMENT_ONLY in response.content.decode()
    assert not InboxCheck.objects.exists()
    assert not ReceivedDocument.objects.exists()
    assert not Obligation.objects.exists()


def test_staff_covering_another_department_check_its_inboxes_and_handle_its_documents(
    client, staff, theirs
):
    staff.extra_departments.add(theirs.department)
    scope.forget(staff.user)
    other = theirs.department_id
    api = api_as(staff.user)
    response = api.post(
        "/api/v1/inbox-checks/", {"channel": "fax", "department": other}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert InboxCheck.objects.get().staff == staff

    client.force_login(staff.user)
    page = client.get(f"/documents/inbox/?department={other}").content.decode()
    assert f'name="department" value="{other}"' in page
    response = client.post(
        "/documents/inbox/check/",
        {"channel": "post", "department": other, "next": f"/documents/inbox/?department={other}"},
    )
    assert response["Location"] == f"/documents/inbox/?department={other}"
    assert InboxCheck.objects.filter(department_id=other, channel="post").count() == 1

    response = api.post(
        f"/api/v1/documents/{theirs.pk}/notices/",
        {"kind": "receipt", "channel": "sms"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert [m.to for m in sent_sms()] == [CUSTOMER[1]]


def test_staff_covering_another_department_may_register_its_documents_on_the_page(
    client, staff, other_department
):
    staff.extra_departments.add(other_department)
    client.force_login(staff.user)
    form = client.get("/documents/new/").content.decode()
    assert f'<option value="{other_department.pk}">' in form
    response = client.post(
        "/documents/new/",
        {
            "department": other_department.pk,
            "channel": "post",
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
            "description": "임대차계약서 사본",
        },
    )
    assert response.status_code == 302
    document = ReceivedDocument.objects.get()
    assert (document.department, document.received_by) == (other_department, staff)


def test_the_registration_page_offers_only_departments_the_user_logs_for(
    client, staff, other_department
):
    client.force_login(staff.user)
    form = client.get("/documents/new/").content.decode()
    assert f'value="{staff.department_id}"' in form
    assert f'value="{other_department.pk}"' not in form
    response = client.post(
        "/documents/new/",
        {
            "department": other_department.pk,
            "channel": "post",
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
            "description": "임대차계약서 사본",
        },
    )
    assert response.status_code == 400
    assert not ReceivedDocument.objects.exists()


# -- Executives --------------------------------------------------------------------------


def test_executives_read_every_department_masked(client, executive, theirs):
    client.force_login(executive)
    listed = client.get("/documents/?show=all").content.decode()
    assert "다른 부서 서류" in listed and str(theirs.department) in listed
    detail = client.get(f"/documents/{theirs.pk}/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "홍*동" in page and "010-****-5678" in page
    assert all(value not in page for value in CUSTOMER)
    assert f"/documents/{theirs.pk}/notices/" not in page  # no action forms
    inbox = client.get(f"/documents/inbox/?department={theirs.department_id}")
    assert inbox.status_code == 200
    assert 'name="channel"' not in inbox.content.decode()
    assert client.get("/documents/inbox/").status_code == 200

    api = api_as(executive)
    item = api.get(f"/api/v1/documents/{theirs.pk}/")
    assert item.status_code == 200
    assert item.json()["customer_name"] == "홍*동"
    assert item.json()["notices"][0]["to"] in ("", "010-****-5678")
    assert api.get("/api/v1/documents/").json()["results"][0]["id"] == theirs.pk
    assert api.get("/api/v1/inbox-checks/").status_code == 200
    assert not AccessRecord.objects.exists()


def test_executives_change_nothing(client, executive, theirs, unconfirmed):
    before = state(theirs), state(unconfirmed)
    client.force_login(executive)
    api = api_as(executive)
    for response in (
        client.post(f"/documents/{unconfirmed.pk}/confirm/", {}),
        client.post(f"/documents/{theirs.pk}/notices/", {"kind": "receipt", "channel": "sms"}),
        client.post(
            f"/documents/{theirs.pk}/incomplete/", {"processed_what_can": "on", "blocked": ""}
        ),
        client.post("/documents/inbox/check/", {"channel": "fax"}),
        client.post("/documents/new/", {"channel": "fax", "customer_name": "홍길동"}),
        api.post(f"/api/v1/documents/{unconfirmed.pk}/confirm/", {}, format="json"),
        api.post(
            f"/api/v1/documents/{theirs.pk}/notices/",
            {"kind": "receipt", "channel": "email"},
            format="json",
        ),
        api.post(
            f"/api/v1/documents/{theirs.pk}/incomplete/",
            {"processed_what_can": True, "blocked": False},
            format="json",
        ),
        api.post(
            "/api/v1/inbox-checks/",
            {"channel": "fax", "department": theirs.department_id},
            format="json",
        ),
    ):
        assert response.status_code == 403
    for service, kwargs in (
        (services.document_confirm, {"document": unconfirmed}),
        (services.notice_send, {"document": theirs, "kind": "receipt", "channel": "sms"}),
        (
            services.document_mark_incomplete,
            {"document": theirs, "processed_what_can": True, "blocked": False},
        ),
        (services.inbox_check_record, {"channel": "fax", "department": theirs.department}),
        (
            services.document_receive,
            {
                "department": theirs.department,
                "channel": "fax",
                "customer_name": "홍길동",
                "customer_phone": "010-1234-5678",
                "description": "서류",
            },
        ),
    ):
        with pytest.raises(PermissionDenied):
            service(by=executive, **kwargs)
    assert (state(theirs), state(unconfirmed)) == before
    assert ReceivedDocument.objects.count() == 2
    assert not InboxCheck.objects.exists()
    assert nothing_sent()


# -- In whose name -----------------------------------------------------------------------


def test_staff_cannot_confirm_or_notify_in_a_colleagues_name(staff):
    colleague = factories.StaffMemberFactory(department=staff.department)
    document = received(staff, at=kst(2026, 12, 2, 10, 40))
    api = api_as(staff.user)
    response = api.post(
        f"/api/v1/documents/{document.pk}/confirm/", {"confirmed_by": colleague.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["confirmed_by"] == [NOT_IN_ANOTHERS_NAME]
    document.refresh_from_db()
    assert document.confirmed_at is None

    services.document_confirm(document=document, by=staff.user)
    response = api.post(
        f"/api/v1/documents/{document.pk}/notices/",
        {"kind": "receipt", "channel": "sms", "sent_by": colleague.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["sent_by"] == [NOT_IN_ANOTHERS_NAME]
    response = api.post(
        "/api/v1/inbox-checks/", {"channel": "fax", "checked_by": colleague.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["checked_by"] == [NOT_IN_ANOTHERS_NAME]
    with pytest.raises(ValidationError) as error:
        services.document_mark_incomplete(
            document=document,
            by=staff.user,
            staff=colleague,
            processed_what_can=True,
            blocked=False,
        )
    assert "staff" in error.value.message_dict
    assert not Notice.objects.exists()
    assert not InboxCheck.objects.exists()
    assert nothing_sent()


def test_a_manager_records_for_a_colleague_of_the_department_only(staff, manager, other_staff):
    document = received(staff, at=kst(2026, 12, 2, 10, 40))
    api = api_as(manager.user)
    response = api.post(
        f"/api/v1/documents/{document.pk}/confirm/", {"confirmed_by": staff.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    document.refresh_from_db()
    assert document.confirmed_by == staff
    assert Obligation.objects.for_standard("D2").get().responsible == staff

    response = api.post(
        f"/api/v1/documents/{document.pk}/notices/",
        {"kind": "receipt", "channel": "phone", "sent_by": other_staff.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "sent_by" in response.json()
    response = api.post(
        f"/api/v1/documents/{document.pk}/notices/",
        {"kind": "receipt", "channel": "phone", "sent_by": staff.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Notice.objects.get().sent_by == staff

    response = api.post(
        "/api/v1/inbox-checks/", {"channel": "post", "checked_by": staff.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert InboxCheck.objects.get().staff == staff


def test_a_gateway_logs_for_its_departments_only_and_handles_nothing(
    staff, department, other_department
):
    admin = factories.UserFactory(role="admin", is_superuser=True)
    _client, key = integration_client_create(
        name="mail gateway",
        departments=[department],
        endpoints=["received-document-create", "received-document-confirm"],
        by=admin,
    )
    gateway = APIClient()
    gateway.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    body = {
        "channel": "email",
        "customer_name": "홍길동",
        "customer_email": "hong@example.com",
        "description": "재무제표",
    }
    response = gateway.post(
        "/api/v1/documents/", {**body, "department": other_department.pk}, format="json"
    )
    assert response.status_code == 400
    assert "department" in response.json()
    response = gateway.post(
        "/api/v1/documents/", {**body, "department": department.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    document = ReceivedDocument.objects.get()
    assert document.received_by is None
    assert response.json()["customer_name"] == "홍*동"

    response = gateway.post(f"/api/v1/documents/{document.pk}/confirm/", {}, format="json")
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.confirmed_at is None


# -- Personal data -----------------------------------------------------------------------


def opened(document):
    return AccessRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(ReceivedDocument), object_id=document.pk
    )


def no_personal_data_in_access_records():
    for row in AccessRecord.objects.values("fields", "source"):
        text = " ".join(row.values())
        assert all(value not in text for value in CUSTOMER), text


def test_staff_opening_a_documents_page_is_recorded(client, other_staff, theirs):
    client.force_login(other_staff.user)
    page = client.get(f"/documents/{theirs.pk}/").content.decode()
    assert all(value in page for value in CUSTOMER)
    record = opened(theirs).get()
    assert record.user == other_staff.user
    assert record.fields == "customer_email,customer_name,customer_phone"
    assert record.source == "GET documents:detail"
    notice = theirs.notices.get()
    assert AccessRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Notice), object_id=notice.pk
    ).exists()
    no_personal_data_in_access_records()


def test_staff_retrieving_a_document_through_the_api_is_recorded(other_staff, theirs):
    api = api_as(other_staff.user)
    item = api.get(f"/api/v1/documents/{theirs.pk}/").json()
    assert item["customer_phone"] == CUSTOMER[1]
    record = opened(theirs).get()
    assert (record.user, record.source) == (other_staff.user, "API received-document-retrieve")
    listed = api.get("/api/v1/documents/").json()["results"][0]
    assert listed["customer_phone"] == "010-****-5678"
    assert opened(theirs).count() == 1  # the list is masked: no opening
    no_personal_data_in_access_records()


def test_a_list_is_masked_and_writes_no_access_record(client, other_staff, theirs):
    client.force_login(other_staff.user)
    page = client.get("/documents/?show=all").content.decode()
    assert "홍*동" in page and CUSTOMER[1] not in page
    assert not AccessRecord.objects.exists()


def test_a_managers_opening_is_masked_and_writes_no_access_record(client, other_manager, theirs):
    client.force_login(other_manager.user)
    page = client.get(f"/documents/{theirs.pk}/").content.decode()
    assert all(value not in page for value in CUSTOMER)
    item = api_as(other_manager.user).get(f"/api/v1/documents/{theirs.pk}/").json()
    assert item["customer_name"] == "홍*동"
    assert not AccessRecord.objects.exists()


def test_an_admin_opening_a_document_in_the_django_admin_is_recorded(client, admin_user, theirs):
    client.force_login(admin_user)
    response = client.get(f"/admin/documents/receiveddocument/{theirs.pk}/change/")
    assert response.status_code == 200
    record = opened(theirs).get()
    assert record.user == admin_user
    assert record.fields == "customer_email,customer_name,customer_phone"
    no_personal_data_in_access_records()
