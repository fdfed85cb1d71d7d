"""Department scope in the charter core: who sees which obligations, who may act on them,
the dashboard and compliance figures per scope, hand-over, and the access record."""

import datetime as dt

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from charter import scope, services
from charter.access import access_record, access_records_purge
from charter.models import AccessRecord, Obligation, ObligationEvent
from tests import factories
from tests.conftest import kst
from tests.outbox import sent_email, sent_sms

pytestmark = pytest.mark.django_db


def open_f1(staff, at=None):
    return services.obligation_open(
        standard="F1",
        subject=staff,
        department=staff.department,
        starts_at=at or kst(2026, 12, 1, 10),
        responsible=staff,
    )


def api_as(user):
    client = APIClient()
    client.force_login(user)
    return client


def snapshot(obligation):
    obligation.refresh_from_db()
    return (
        obligation.status,
        obligation.due_at,
        obligation.paused_at,
        obligation.extended_at,
        obligation.department_id,
        obligation.events.count(),
    )


# -- Who sees what ---------------------------------------------------------------------


def test_each_role_has_its_departments(staff, manager, other_staff, executive, admin_user):
    assert scope.scope_of(staff.user).see == {staff.department_id}
    assert scope.scope_of(manager.user).act == {staff.department_id}
    assert scope.scope_of(executive).sees_all and scope.scope_of(executive).act == frozenset()
    assert scope.scope_of(admin_user).sees_all and scope.scope_of(admin_user).act is None
    assert not scope.scope_of(other_staff.user).sees(staff.department)


def test_a_user_without_a_role_or_anonymous_sees_nothing(staff):
    from django.contrib.auth.models import AnonymousUser

    open_f1(staff)
    nobody = factories.UserFactory()
    assert not Obligation.objects.visible_to(nobody).exists()
    assert not Obligation.objects.visible_to(AnonymousUser()).exists()


def test_staff_covering_another_department_see_and_act_there(staff, other_staff):
    theirs = open_f1(other_staff)
    assert not Obligation.objects.visible_to(staff.user).filter(pk=theirs.pk).exists()
    staff.extra_departments.add(other_staff.department)
    scope.forget(staff.user)
    assert Obligation.objects.visible_to(staff.user).filter(pk=theirs.pk).exists()
    paused = services.obligation_pause(
        obligation=theirs, by=staff.user, reason="보완 요청", at=kst(2026, 12, 1, 11)
    )
    assert paused.status == Obligation.Status.PAUSED


def test_another_departments_obligation_page_is_404_and_its_actions_change_nothing(
    client, staff, other_staff, other_manager
):
    obligation = open_f1(staff)
    before = snapshot(obligation)
    client.force_login(other_staff.user)
    url = f"/obligations/{obligation.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url + "pause/", {"reason": "x"}).status_code == 404
    assert client.post(url + "resume/").status_code == 404
    extend = {
        "due_at": "2026-12-15T10:00",
        "reason": "x",
        "notice_channel": "sms",
        "notice_to": "010-1234-5678",
    }
    assert client.post(url + "extend/", extend).status_code == 404
    client.force_login(other_manager.user)
    assert client.post(url + "waive/", {"reason": "x"}).status_code == 404
    assert snapshot(obligation) == before
    assert sent_sms() == [] and sent_email() == []


def test_the_api_hides_another_departments_obligations(staff, other_staff):
    mine, theirs = open_f1(staff), open_f1(other_staff)
    api = api_as(staff.user)
    ids = [row["id"] for row in api.get("/api/v1/obligations/").json()["results"]]
    assert ids == [mine.pk]
    named = api.get(f"/api/v1/obligations/?department={other_staff.department_id}")
    assert named.status_code == 200 and named.json()["results"] == []
    assert api.get(f"/api/v1/obligations/{theirs.pk}/").status_code == 404
    before = snapshot(theirs)
    response = api.post(
        f"/api/v1/obligations/{theirs.pk}/extend/",
        {
            "due_at": "2026-12-15T10:00:00+09:00",
            "reason": "x",
            "notice_channel": "sms",
            "notice_to": "010-1234-5678",
        },
        format="json",
    )
    assert response.status_code == 404
    assert snapshot(theirs) == before and sent_sms() == []


def test_executives_see_every_department_and_change_nothing(client, staff, other_staff, executive):
    mine, theirs = open_f1(staff), open_f1(other_staff)
    client.force_login(executive)
    for obligation in (mine, theirs):
        assert client.get(f"/obligations/{obligation.pk}/").status_code == 200
    before = snapshot(mine)
    assert client.post(f"/obligations/{mine.pk}/pause/", {"reason": "x"}).status_code == 403
    assert client.post(f"/obligations/{mine.pk}/waive/", {"reason": "x"}).status_code == 403
    api = api_as(executive)
    assert {r["id"] for r in api.get("/api/v1/obligations/").json()["results"]} == {
        mine.pk,
        theirs.pk,
    }
    assert api.post(f"/api/v1/obligations/{mine.pk}/pause/", {"reason": "x"}).status_code == 403
    assert snapshot(mine) == before
    with pytest.raises(PermissionDenied):
        services.obligation_waive(obligation=mine, by=executive, reason="검토")


# -- Who may act -----------------------------------------------------------------------


def test_a_manager_waives_only_in_their_own_department(staff, manager, other_manager):
    obligation = open_f1(staff)
    with pytest.raises(PermissionDenied, match="소속 부서"):
        services.obligation_waive(obligation=obligation, by=other_manager.user, reason="x")
    assert Obligation.objects.get(pk=obligation.pk).status == Obligation.Status.OPEN
    waived = services.obligation_waive(obligation=obligation, by=manager.user, reason="중복 접수")
    assert waived.status == Obligation.Status.WAIVED


def test_the_person_in_charge_pauses_and_extends_with_a_reason(staff):
    obligation = open_f1(staff)
    with time_machine.travel(kst(2026, 12, 2, 10), tick=False):
        paused = services.obligation_pause(obligation=obligation, by=staff.user, reason="보완")
        services.obligation_resume(obligation=paused, by=staff.user)
        extended = services.obligation_extend(
            obligation=obligation,
            by=staff.user,
            due_at=obligation.due_at + dt.timedelta(days=2),
            reason="현장 확인 필요",
            notice_channel="phone",
        )
    assert extended.extended_at is not None
    kinds = list(extended.events.values_list("by", "kind"))
    assert kinds == [
        (None, "open"),
        (staff.user.pk, "pause"),
        (staff.user.pk, "resume"),
        (staff.user.pk, "extend"),
    ]


def test_acting_in_another_persons_name_is_refused_unless_a_manager_records_it(
    staff, manager, other_staff
):
    colleague = factories.StaffMemberFactory(department=staff.department, role="staff")
    assert scope.acting_staff(by=staff.user, department=staff.department) == staff
    with pytest.raises(ValidationError, match="다른 사람의 이름"):
        scope.acting_staff(by=staff.user, staff=colleague, department=staff.department)
    assert (
        scope.acting_staff(by=manager.user, staff=colleague, department=staff.department)
        == colleague
    )
    with pytest.raises(ValidationError):
        scope.acting_staff(by=manager.user, staff=other_staff, department=other_staff.department)
    with pytest.raises(ValidationError, match="소속이 아닙니다"):
        scope.acting_staff(by=manager.user, staff=other_staff, department=staff.department)


def test_a_service_without_an_actor_is_a_programming_error(staff):
    with pytest.raises(TypeError):
        scope.require(None, "pause", staff.department)


# -- Hand-over ------------------------------------------------------------------------


def test_a_handed_over_obligation_leaves_the_senders_scope_with_its_history(staff, other_staff):
    obligation = open_f1(staff)
    moved = services.obligation_reassign(
        subject=staff, department=other_staff.department, responsible=other_staff, by=staff.user
    )
    assert moved == 1
    assert not Obligation.objects.visible_to(staff.user).filter(pk=obligation.pk).exists()
    assert Obligation.objects.visible_to(other_staff.user).filter(pk=obligation.pk).exists()
    event = ObligationEvent.objects.get(obligation=obligation, kind=ObligationEvent.Kind.REASSIGN)
    assert event.kind == ObligationEvent.Kind.REASSIGN and event.by == staff.user
    assert other_staff.department.name in event.reason_text
    assert Obligation.objects.get(pk=obligation.pk).due_at == obligation.due_at
    assert (
        services.obligation_reassign(
            subject=staff, department=other_staff.department, responsible=other_staff, by=staff.user
        )
        == 0
    )


# -- Dashboard and compliance -----------------------------------------------------------


def test_a_manager_sees_the_dashboard_of_their_department_only(client, manager, other_staff):
    client.force_login(manager.user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert response.context["department"] == manager.department
    assert response.context["departments"] is None
    assert client.get(f"/dashboard/?department={other_staff.department_id}").status_code == 404


def test_an_executive_sees_every_department_on_the_dashboard(client, executive, staff, other_staff):
    open_f1(staff), open_f1(other_staff)
    client.force_login(executive)
    response = client.get("/dashboard/")
    assert response.status_code == 200 and response.context["department"] is None
    assert {d.pk for d in response.context["departments"]} >= {
        staff.department_id,
        other_staff.department_id,
    }
    picked = client.get(f"/dashboard/?department={other_staff.department_id}")
    assert picked.context["department"] == other_staff.department


def test_staff_do_not_see_the_dashboard(client, staff):
    client.force_login(staff.user)
    assert client.get("/dashboard/").status_code == 403


def test_compliance_figures_count_only_what_the_user_sees(staff, other_staff):
    open_f1(staff, kst(2026, 12, 1, 10)), open_f1(other_staff, kst(2026, 12, 1, 10))
    api = api_as(staff.user)
    window = "since=2026-12-01T00:00:00%2B09:00&until=2026-12-02T00:00:00%2B09:00"
    [row] = api.get(f"/api/v1/compliance/?{window}").json()
    assert row["standard"] == "F1" and row["total"] == 1
    other = api.get(f"/api/v1/compliance/?{window}&department={other_staff.department_id}")
    assert other.status_code == 200 and other.json() == []


# -- Access records ----------------------------------------------------------------------


def test_access_records_are_append_only_and_kept_two_years(staff):
    with_time = kst(2026, 12, 1, 10)
    access_record(
        user=staff.user, subjects=[staff], fields=["name"], source="GET test", at=with_time
    )
    record = AccessRecord.objects.get()
    assert record.content_type == ContentType.objects.get_for_model(staff)
    record.fields = "changed"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        AccessRecord.objects.update(fields="x")
    with pytest.raises(PermissionError):
        AccessRecord.objects.all().delete()
    with time_machine.travel(with_time + dt.timedelta(days=729)):
        assert access_records_purge() == 0
    with time_machine.travel(with_time + dt.timedelta(days=731)):
        assert access_records_purge() == 1
    assert not AccessRecord.objects.exists()


def test_the_admin_shows_access_records_read_only(client, admin_user, staff):
    access_record(user=staff.user, subjects=[staff], fields=["name"], source="GET calls:x")
    client.force_login(admin_user)
    listing = client.get("/admin/charter/accessrecord/")
    assert listing.status_code == 200
    assert "GET calls:x" in listing.content.decode()
    assert client.get("/admin/charter/accessrecord/add/").status_code == 403
