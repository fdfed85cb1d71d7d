"""Reference endpoints: departments, staff, standards and calendars for integrators."""

import pytest

from charter.models import Calendar, Closure
from tests import factories
from tests.calls.conftest import api_client_for

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_departments_and_staff_are_those_the_user_may_see(staff, other_staff):
    api = api_client_for(staff.user)
    departments = results(api.get("/api/v1/departments/"))
    assert [d["id"] for d in departments] == [staff.department_id]
    people = results(api.get("/api/v1/staff/"))
    assert staff.pk in [p["id"] for p in people]
    assert other_staff.pk not in [p["id"] for p in people]
    mine = next(p for p in people if p["id"] == staff.pk)
    assert mine["extension"] == staff.extension
    assert mine["department"] == staff.department_id
    assert mine["department_name"] == staff.department.name
    assert api.get(f"/api/v1/staff/{other_staff.pk}/").status_code == 404


def test_an_integration_client_sees_the_staff_of_its_departments(department, admin_user, staff):
    from rest_framework.test import APIClient

    from integrations.services import integration_client_create

    _client, key = integration_client_create(
        name="전화", departments=[department], endpoints=["staff-list"], by=admin_user
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert [p["id"] for p in results(api.get("/api/v1/staff/"))] == [staff.pk]
    assert api.get("/api/v1/departments/").status_code == 403


def test_standards_list_the_charter_with_parameters(staff):
    standards = results(api_client_for(staff.user).get("/api/v1/standards/?page_size=50"))
    by_code = {s["code"]: s for s in standards}
    assert len(by_code) == 27
    assert by_code["P1"]["parameters"]["limit"] == 2
    assert by_code["P4"]["parameters"]["duration_value"] is not None
    assert by_code["P1"]["name_ko"]


def test_calendars_show_frames_and_closures(staff):
    calendar = Calendar.objects.default()
    Closure.objects.create(calendar=calendar, date="2026-12-31", name="창립기념일")
    Closure.objects.create(calendar=None, date="2026-12-30", name="전체 휴무")
    listed = results(api_client_for(staff.user).get("/api/v1/calendars/"))
    default = next(c for c in listed if c["id"] == calendar.pk)
    assert default["is_default"] is True
    assert {f["weekday"] for f in default["frames"]} == {0, 1, 2, 3, 4}
    assert [c["name"] for c in default["closures"]] == ["전체 휴무", "창립기념일"]


def test_reference_endpoints_need_a_login(client):
    assert client.get("/api/v1/departments/").status_code in (401, 403)


def test_staff_lists_do_not_grow_in_queries_with_the_staff(staff, django_assert_max_num_queries):
    for _ in range(5):
        factories.StaffMemberFactory(department=staff.department, role="staff")
    api = api_client_for(staff.user)
    with django_assert_max_num_queries(12):
        results(api.get("/api/v1/staff/"))
