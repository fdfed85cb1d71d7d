"""Department scope in corrections: who sees which C1 reports and C2 defects, who may correct
them and notify the customer, in whose name, and the record of each unmasked opening."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from rest_framework.test import APIClient

from charter import notify, scope
from charter.models import AccessRecord, Obligation
from corrections import services
from corrections.models import HandlingDefect, ServiceCorrection
from tests.conftest import kst
from tests.corrections import factories, matrix
from tests.corrections.conftest import member
from tests.outbox import sent_email, sent_sms

pytestmark = pytest.mark.django_db

CUSTOMER = ("홍길동", "010-1234-5678", "hong@example.com")


@pytest.fixture
def lower(department):
    """The staff member whose service was unkind: 주임, below `staff` (대리)."""
    return member(department, "주임", name="박주임")


@pytest.fixture
def theirs_involved(other_department):
    return member(other_department, "주임", name="최주임")


@pytest.fixture
def report(lower):
    return factories.report(lower)


@pytest.fixture
def defect(staff):
    return factories.defect(staff)


@pytest.fixture
def corrected_defect(staff):
    defect = factories.defect(staff, case_reference="2026-민원-0002")
    services.handling_defect_correct(
        defect=defect, by=staff.user, at=kst(2026, 12, 2, 10), correction="정정"
    )
    return defect


@pytest.fixture
def theirs(theirs_involved, other_staff):
    """Another department's C1 report and C2 defect."""
    return (
        factories.report(theirs_involved, customer_name="김철수"),
        factories.defect(other_staff, case_reference="2026-민원-9999", customer_name="김철수"),
    )


def page_as(client, user):
    client.force_login(user)
    return client


def api_as(user):
    client = APIClient()
    client.force_login(user)
    return client


def correction_form(**kwargs):
    return {
        "at": "2026-12-03T15:00",
        "action": "면담 및 응대 교육",
        "notice_channel": "sms",
        "notice": "시정 사실을 알려 드립니다.",
        "apology": "죄송합니다.",
        "send_notice": "on",
        **kwargs,
    }


def correction_body(**kwargs):
    return {
        "corrected_at": "2026-12-03T15:00:00+09:00",
        "action": "면담 및 응대 교육",
        "notice_channel": "sms",
        "notice": "시정 사실을 알려 드립니다.",
        "apology": "죄송합니다.",
        "send_notice": True,
        **kwargs,
    }


def snapshot(record):
    """What a refused action must leave as it was: the row, its history, its obligations."""
    record.refresh_from_db()
    fields = (
        "corrected_at",
        "corrected_by_id",
        "notified_at",
        "notice_text",
        "department_id",
    )
    obligations = Obligation.objects.for_subject(record).order_by("pk")
    return (
        tuple(getattr(record, f) for f in fields),
        record.history.count(),
        list(obligations.values_list("status", "met_at", "department_id")),
    )


@pytest.fixture
def nothing_sent(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks (where notices are sent); asserts none was sent."""
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        yield
    assert callbacks == []
    assert sent_email() == []
    assert sent_sms() == []


# -- Reads: another department's records are not there ------------------------------------


def test_another_departments_pages_are_404_and_its_records_are_not_listed(
    client, report, defect, theirs, other_staff
):
    their_report, their_defect = theirs
    page_as(client, other_staff.user)
    assert client.get(f"/corrections/service/{report.pk}/").status_code == 404
    assert client.get(f"/corrections/defects/{defect.pk}/").status_code == 404
    page = client.get("/corrections/").content.decode()
    assert f"C1-{their_report.pk}" in page
    assert "2026-민원-9999" in page
    assert f"C1-{report.pk}" not in page
    assert "2026-민원-0001" not in page
    assert "박주임" not in page


def test_another_departments_api_records_are_404_and_filters_naming_it_return_nothing(
    report, defect, theirs, other_staff, department
):
    their_report, their_defect = theirs
    api = api_as(other_staff.user)
    assert api.get(f"/api/v1/service-corrections/{report.pk}/").status_code == 404
    assert api.get(f"/api/v1/handling-defects/{defect.pk}/").status_code == 404
    listed = api.get("/api/v1/service-corrections/").json()["results"]
    assert [item["id"] for item in listed] == [their_report.pk]
    listed = api.get("/api/v1/handling-defects/").json()["results"]
    assert [item["id"] for item in listed] == [their_defect.pk]
    for url in (
        f"/api/v1/service-corrections/?department={department.pk}",
        f"/api/v1/service-corrections/?staff_involved={report.staff_involved_id}",
        f"/api/v1/handling-defects/?department={department.pk}",
        f"/api/v1/handling-defects/?responsible={defect.responsible_id}",
        "/api/v1/handling-defects/?case_reference=2026-민원-0001",
    ):
        response = api.get(url)
        assert response.status_code == 200, url
        assert response.json()["results"] == [], url


def test_the_home_panel_leaves_out_another_departments_records_even_if_they_name_me(
    client, staff, theirs
):
    # Rows from before scope (assigned across departments) must not leak into the panel.
    their_report, their_defect = theirs
    ServiceCorrection.objects.filter(pk=their_report.pk).update(assigned_to=staff)
    HandlingDefect.objects.filter(pk=their_defect.pk).update(responsible=staff)
    mine = factories.defect(staff, case_reference="2026-민원-0003")
    page = page_as(client, staff.user).get("/").content.decode()
    assert f"C2-{mine.pk}" in page
    assert f"C1-{their_report.pk}" not in page
    assert f"C2-{their_defect.pk}" not in page


def test_the_admin_change_list_shows_only_the_users_departments(client, staff, report, theirs):
    their_report, _their_defect = theirs
    staff.user.is_staff = True
    staff.user.save()
    page = page_as(client, staff.user).get("/admin/corrections/servicecorrection/")
    assert page.status_code == 200
    content = page.content.decode()
    assert f"C1-{report.pk}" in content
    assert f"C1-{their_report.pk}" not in content


# -- Actions by another department: 404, nothing changed, nothing sent -------------------


def test_another_departments_staff_cannot_correct_or_notify_on_the_pages(
    client, report, defect, corrected_defect, other_staff, nothing_sent
):
    before = [snapshot(r) for r in (report, defect, corrected_defect)]
    page_as(client, other_staff.user)
    posts = [
        (f"/corrections/service/{report.pk}/correct/", correction_form()),
        (
            f"/corrections/defects/{defect.pk}/correct/",
            {"at": "2026-12-03T10:00", "correction": "x"},
        ),
        (
            f"/corrections/defects/{corrected_defect.pk}/notify/",
            {"at": "2026-12-03T10:00", "channel": "sms", "text": "안내", "send": "on"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert [snapshot(r) for r in (report, defect, corrected_defect)] == before


def test_another_departments_staff_cannot_correct_or_notify_by_the_api(
    report, defect, corrected_defect, other_staff, other_manager, nothing_sent
):
    before = [snapshot(r) for r in (report, defect, corrected_defect)]
    for actor in (other_staff, other_manager):
        api = api_as(actor.user)
        posts = [
            (f"/api/v1/service-corrections/{report.pk}/correct/", correction_body()),
            (
                f"/api/v1/handling-defects/{defect.pk}/correct/",
                {"corrected_at": "2026-12-03T10:00:00+09:00", "correction": "x"},
            ),
            (
                f"/api/v1/handling-defects/{corrected_defect.pk}/notify/",
                {
                    "notified_at": "2026-12-03T10:00:00+09:00",
                    "channel": "sms",
                    "text": "안내",
                    "send": True,
                },
            ),
        ]
        for url, body in posts:
            assert api.post(url, body, format="json").status_code == 404, url
    assert [snapshot(r) for r in (report, defect, corrected_defect)] == before


def test_the_services_refuse_an_actor_outside_the_department_in_their_language(
    report, defect, corrected_defect, other_staff, other_manager, nothing_sent
):
    """Pages, API, admin and tasks share the services: the rule holds there too."""
    before = [snapshot(r) for r in (report, defect, corrected_defect)]

    def c1_correct(by):
        services.service_correction_correct(
            correction=report,
            by=by,
            at=kst(2026, 12, 3, 15),
            action="면담",
            notice_channel="sms",
            notice="안내",
            apology="사과",
            send_notice=True,
        )

    def c2_correct(by):
        services.handling_defect_correct(
            defect=defect, by=by, at=kst(2026, 12, 3, 10), correction="x"
        )

    def c2_notify(by):
        services.handling_defect_notify(
            defect=corrected_defect,
            by=by,
            at=kst(2026, 12, 3, 10),
            channel="sms",
            text="안내",
            send=True,
        )

    for by in (other_staff.user, other_manager.user):
        for attempt in (c1_correct, c2_correct, c2_notify):
            with translation.override("ko"), pytest.raises(scope.OutOfScope) as refused:
                attempt(by)
            assert str(refused.value) == "소속 부서의 일만 처리할 수 있습니다."
    assert [snapshot(r) for r in (report, defect, corrected_defect)] == before


def test_the_notice_of_a_c2_correction_is_sent_by_the_department_itself(
    staff, corrected_defect, django_capture_on_commit_callbacks
):
    """The counterpart of the refusals above: the same notice, from the department, is sent."""
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(staff.user).post(
            f"/api/v1/handling-defects/{corrected_defect.pk}/notify/",
            {
                "notified_at": "2026-12-03T10:00:00+09:00",
                "channel": "sms",
                "text": "안내",
                "send": True,
            },
            format="json",
        )
    assert response.status_code == 200, response.json()
    [sms] = sent_sms()
    assert sms.to == "010-1234-5678"


def test_reporting_for_another_department_is_a_400_and_stores_nothing(
    staff, theirs_involved, other_staff, lower
):
    api = api_as(staff.user)
    response = api.post(
        "/api/v1/service-corrections/",
        {
            "received_at": "2026-12-01T10:00:00+09:00",
            "channel": "phone",
            "customer_name": "홍길동",
            "what_happened": "불친절",
            "staff_involved": theirs_involved.pk,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    assert response.json()["staff_involved"] == ["소속 부서의 일만 처리할 수 있습니다."]
    response = api.post(
        "/api/v1/service-corrections/",
        {
            "received_at": "2026-12-01T10:00:00+09:00",
            "channel": "phone",
            "customer_name": "홍길동",
            "what_happened": "불친절",
            "staff_involved": lower.pk,
            "assigned_to": other_staff.pk,  # to be corrected in another department: no
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    assert "이 부서 소속이 아닙니다" in response.json()["assigned_to"][0]
    response = api.post(
        "/api/v1/handling-defects/",
        {
            "case_reference": "2026-민원-0100",
            "what": "오기",
            "discovered_at": "2026-12-02T10:00:00+09:00",
            "responsible": other_staff.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "responsible" in response.json()
    assert not ServiceCorrection.objects.exists()
    assert not HandlingDefect.objects.exists()
    assert not Obligation.objects.exists()


def test_the_report_forms_offer_only_staff_of_my_departments(client, staff, lower, other_staff):
    page = page_as(client, staff.user).get("/corrections/service/new/").content.decode()
    assert f'value="{lower.pk}"' in page
    assert f'value="{other_staff.pk}"' not in page
    page = client.get("/corrections/defects/new/").content.decode()
    assert f'value="{other_staff.pk}"' not in page
    response = client.post(
        "/corrections/defects/new/",
        {
            "case_reference": "2026-민원-0100",
            "what": "오기",
            "discovered_at": "2026-12-02T10:00",
            "responsible": other_staff.pk,
        },
    )
    assert 'id="id_responsible_error"' in response.content.decode()
    assert not HandlingDefect.objects.exists()


# -- Executives: every department, read-only ----------------------------------------------


def test_executives_see_every_department_masked(client, executive, report, defect, theirs):
    their_report, their_defect = theirs
    page_as(client, executive)
    page = client.get("/corrections/").content.decode()
    assert f"C1-{report.pk}" in page and f"C1-{their_report.pk}" in page
    assert "2026-민원-9999" in page
    for url in (
        f"/corrections/service/{report.pk}/",
        f"/corrections/defects/{their_defect.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert "홍길동" not in content and "김철수" not in content
        assert '<form method="post" action="/corrections/' not in content
    api = api_as(executive)
    assert len(api.get("/api/v1/service-corrections/").json()["results"]) == 2
    one = api.get(f"/api/v1/service-corrections/{report.pk}/")
    assert one.status_code == 200
    assert one.json()["customer_name"] == "홍*동"
    assert api.get(f"/api/v1/handling-defects/{their_defect.pk}/").status_code == 200
    assert not AccessRecord.objects.exists()


def test_executives_change_nothing_403(
    client, executive, report, defect, corrected_defect, lower, staff, nothing_sent
):
    before = [snapshot(r) for r in (report, defect, corrected_defect)]
    page_as(client, executive)
    pages = [
        (f"/corrections/service/{report.pk}/correct/", correction_form()),
        (
            f"/corrections/defects/{defect.pk}/correct/",
            {"at": "2026-12-03T10:00", "correction": "x"},
        ),
        (
            f"/corrections/defects/{corrected_defect.pk}/notify/",
            {"at": "2026-12-03T10:00", "channel": "sms", "text": "안내", "send": "on"},
        ),
        (
            "/corrections/service/new/",
            {**matrix.POST["corrections:service_report"]["data"], "staff_involved": lower.pk},
        ),
        (
            "/corrections/defects/new/",
            {**matrix.POST["corrections:defect_report"]["data"], "responsible": staff.pk},
        ),
    ]
    for url, data in pages:
        assert client.post(url, data).status_code == 403, url
    api = api_as(executive)
    posts = [
        (f"/api/v1/service-corrections/{report.pk}/correct/", correction_body()),
        (
            f"/api/v1/handling-defects/{defect.pk}/correct/",
            {"corrected_at": "2026-12-03T10:00:00+09:00", "correction": "x"},
        ),
        (
            f"/api/v1/handling-defects/{corrected_defect.pk}/notify/",
            {
                "notified_at": "2026-12-03T10:00:00+09:00",
                "channel": "sms",
                "text": "안내",
                "send": True,
            },
        ),
        (
            "/api/v1/service-corrections/",
            {**matrix.POST["service-correction-list"]["data"], "staff_involved": lower.pk},
        ),
        (
            "/api/v1/handling-defects/",
            {**matrix.POST["handling-defect-list"]["data"], "responsible": staff.pk},
        ),
    ]
    for url, body in posts:
        assert api.post(url, body, format="json").status_code == 403, url
    # The services say the same to any other caller (the admin, a task).
    with translation.override("en"), pytest.raises(scope.OutOfScope) as refused:
        services.handling_defect_notify(
            defect=corrected_defect,
            by=executive,
            at=kst(2026, 12, 3, 10),
            channel="sms",
            text="x",
            send=True,
        )
    assert "Your role may not do this" in str(refused.value)
    with pytest.raises(scope.OutOfScope):
        factories.report(lower, by=executive)
    assert [snapshot(r) for r in (report, defect, corrected_defect)] == before
    assert ServiceCorrection.objects.count() == 1
    assert HandlingDefect.objects.count() == 2


# -- In whose name ------------------------------------------------------------------------


def test_staff_cannot_record_a_correction_in_a_colleagues_name(
    client, staff, report, defect, department, nothing_sent
):
    colleague = member(department, "과장", name="김과장")  # outranks the one involved, too
    before = [snapshot(r) for r in (report, defect)]
    api = api_as(staff.user)
    response = api.post(
        f"/api/v1/service-corrections/{report.pk}/correct/",
        correction_body(corrected_by=colleague.pk),
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    assert response.json()["corrected_by"] == ["다른 사람의 이름으로 기록할 수 없습니다."]
    response = api.post(
        f"/api/v1/handling-defects/{defect.pk}/correct/",
        {
            "corrected_by": colleague.pk,
            "corrected_at": "2026-12-03T10:00:00+09:00",
            "correction": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "corrected_by" in response.json()
    # On the page the colleague is not even offered, and posting them is refused.
    page = page_as(client, staff.user).get(f"/corrections/service/{report.pk}/").content.decode()
    assert f'value="{colleague.pk}"' not in page
    assert f'value="{staff.pk}" selected' in page
    response = client.post(
        f"/corrections/service/{report.pk}/correct/", correction_form(corrected_by=colleague.pk)
    )
    assert 'id="id_corrected_by_error"' in response.content.decode()
    assert [snapshot(r) for r in (report, defect)] == before


def test_staff_cannot_record_a_defect_as_discovered_by_a_colleague(staff, manager):
    response = api_as(staff.user).post(
        "/api/v1/handling-defects/",
        {
            "case_reference": "2026-민원-0100",
            "what": "오기",
            "discovered_at": "2026-12-02T10:00:00+09:00",
            "discovered_by": manager.pk,
            "responsible": staff.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "discovered_by" in response.json()
    assert not HandlingDefect.objects.exists()
    # Without naming anyone, the defect is discovered by the caller.
    response = api_as(staff.user).post(
        "/api/v1/handling-defects/",
        {
            "case_reference": "2026-민원-0100",
            "what": "오기",
            "discovered_at": "2026-12-02T10:00:00+09:00",
            "responsible": staff.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert HandlingDefect.objects.get().discovered_by == staff


def test_a_manager_may_name_a_colleague_who_outranks_the_one_involved(
    manager, staff, report, defect
):
    response = api_as(manager.user).post(
        f"/api/v1/service-corrections/{report.pk}/correct/",
        correction_body(corrected_by=staff.pk, notice_channel="phone", send_notice=False),
        format="json",
    )
    assert response.status_code == 200, response.json()
    report.refresh_from_db()
    assert report.corrected_by == staff
    response = api_as(manager.user).post(
        f"/api/v1/handling-defects/{defect.pk}/correct/",
        {
            "corrected_by": staff.pk,
            "corrected_at": "2026-12-03T10:00:00+09:00",
            "correction": "정정",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    defect.refresh_from_db()
    assert defect.corrected_by == staff


def test_a_manager_may_not_name_a_colleague_who_fails_the_rank_rule(manager, department, report):
    equal = member(department, "주임", name="이주임")  # the same rank as the one involved
    before = snapshot(report)
    response = api_as(manager.user).post(
        f"/api/v1/service-corrections/{report.pk}/correct/",
        correction_body(corrected_by=equal.pk),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "higher rank than 박주임" in response.json()["corrected_by"][0]
    assert snapshot(report) == before


def test_a_manager_may_not_name_someone_of_another_department(manager, report, other_manager):
    response = api_as(manager.user).post(
        f"/api/v1/service-corrections/{report.pk}/correct/",
        correction_body(corrected_by=other_manager.pk),  # 부장: would outrank the one involved
        format="json",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    assert "이 부서 소속이 아닙니다" in response.json()["corrected_by"][0]
    report.refresh_from_db()
    assert report.corrected_at is None


def test_the_managers_correction_form_offers_the_departments_staff(
    client, manager, staff, report, other_staff
):
    page = page_as(client, manager.user).get(f"/corrections/service/{report.pk}/").content.decode()
    assert f'value="{staff.pk}"' in page
    assert f'value="{other_staff.pk}"' not in page
    response = client.post(
        f"/corrections/service/{report.pk}/correct/",
        correction_form(corrected_by=staff.pk, notice_channel="phone", send_notice=""),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.corrected_by == staff


def test_a_report_is_recorded_under_the_acting_user(staff, lower):
    report = factories.report(lower, by=staff.user)
    assert report.reported_by == staff


def test_staff_covering_another_department_may_notify_its_customers(
    staff, other_staff, other_department, django_capture_on_commit_callbacks
):
    theirs = factories.defect(other_staff)
    services.handling_defect_correct(
        defect=theirs, by=other_staff.user, at=kst(2026, 12, 2, 10), correction="정정"
    )
    staff.extra_departments.add(other_department)
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(staff.user).post(
            f"/api/v1/handling-defects/{theirs.pk}/notify/",
            {
                "notified_at": "2026-12-03T10:00:00+09:00",
                "channel": "sms",
                "text": "안내",
                "send": True,
            },
            format="json",
        )
    assert response.status_code == 200, response.json()
    assert len(sent_sms()) == 1


# -- Personal data: masked in lists, in full on one record's page, each opening recorded ---


def test_lists_are_masked_even_for_staff_of_the_department(client, staff, report, defect):
    page = page_as(client, staff.user).get("/corrections/").content.decode()
    assert "홍*동" in page
    assert "010-****-5678" in page
    assert "홍길동" not in page and "010-1234-5678" not in page
    results = api_as(staff.user).get("/api/v1/handling-defects/").json()["results"]
    assert results[0]["customer_name"] == "홍*동"
    assert not AccessRecord.objects.exists()


def assert_no_personal_data(record):
    text = " ".join(str(v) for v in (record.fields, record.source, record.object_id))
    for value in CUSTOMER:
        assert value not in text


@pytest.mark.parametrize("kind", ["report", "defect"])
def test_staff_opening_one_records_page_see_it_in_full_and_it_is_recorded(
    request, client, staff, kind
):
    record = request.getfixturevalue(kind)
    url = (
        f"/corrections/service/{record.pk}/"
        if kind == "report"
        else f"/corrections/defects/{record.pk}/"
    )
    page = page_as(client, staff.user).get(url).content.decode()
    for value in CUSTOMER:
        assert value in page
    [access] = AccessRecord.objects.all()
    assert access.user == staff.user
    assert access.content_type == ContentType.objects.get_for_model(type(record))
    assert access.object_id == record.pk
    assert access.fields == "customer_email,customer_name,customer_phone"
    assert "corrections:" in access.source
    assert_no_personal_data(access)


@pytest.mark.parametrize(
    ("kind", "url"),
    [("report", "/api/v1/service-corrections/{}/"), ("defect", "/api/v1/handling-defects/{}/")],
)
def test_staff_retrieving_one_record_by_the_api_see_it_in_full_and_it_is_recorded(
    request, staff, kind, url
):
    record = request.getfixturevalue(kind)
    body = api_as(staff.user).get(url.format(record.pk)).json()
    assert (body["customer_name"], body["customer_phone"], body["customer_email"]) == CUSTOMER
    [access] = AccessRecord.objects.all()
    assert access.user == staff.user
    assert access.content_type == ContentType.objects.get_for_model(type(record))
    assert access.object_id == record.pk
    assert "retrieve" in access.source
    assert_no_personal_data(access)


def test_a_managers_opening_is_masked_and_writes_no_access_record(client, manager, report, defect):
    page_as(client, manager.user)
    for url in (f"/corrections/service/{report.pk}/", f"/corrections/defects/{defect.pk}/"):
        page = client.get(url).content.decode()
        assert "홍*동" in page
        assert "홍길동" not in page and "010-1234-5678" not in page
    body = api_as(manager.user).get(f"/api/v1/service-corrections/{report.pk}/").json()
    assert body["customer_name"] == "홍*동"
    assert not AccessRecord.objects.exists()


# -- The permission matrix entries -------------------------------------------------------


def _url_names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            # The router's ".json"-style suffix variants take only `format`: not an argument.
            yield f"{namespace}{entry.name}", bool(set(entry.pattern.regex.groupindex) - {"format"})


def test_the_matrix_names_every_url_with_arguments_and_its_payloads_succeed(
    client, department, staff
):
    ours: dict[str, bool] = {}
    for name, takes_args in _url_names(get_resolver().url_patterns):
        if name.startswith(("corrections:", "service-correction-", "handling-defect-")):
            ours[name] = ours.get(name, False) or takes_args
    kwargs = matrix.make(department=department, staff=staff)
    assert {name for name, takes_args in ours.items() if takes_args} == set(kwargs)
    assert set(matrix.POST) <= set(ours)
    page_as(client, staff.user)
    api = api_as(staff.user)
    for name, payload in matrix.POST.items():
        url = reverse(name, kwargs=kwargs.get(name))
        if payload["format"]:
            response = api.post(url, payload["data"], format=payload["format"])
            assert response.status_code in (200, 201), (name, response.json())
        else:
            response = client.post(url, payload["data"])
            assert response.status_code == 302, (name, response.content.decode()[-3000:])
    for name, reverse_kwargs in kwargs.items():
        if name not in matrix.POST:
            assert client.get(reverse(name, kwargs=reverse_kwargs)).status_code == 200, name
