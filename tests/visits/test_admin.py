"""The Django admin of visits: lists render, and edits keep a history."""

import pytest

from tests.conftest import kst
from visits import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-12345!")
    client.force_login(admin)
    return client


def test_every_visits_list_renders_in_the_admin(admin_client, staff):
    services.ticket_take(department=staff.department, by=staff.user, at=kst(2026, 12, 2, 9))
    for model in ("ticket", "absencememo", "assistedvisit", "fieldvisit"):
        assert admin_client.get(f"/admin/visits/{model}/").status_code == 200


def test_an_admin_correction_is_kept_in_the_history(admin_client, staff):
    visit = services.assisted_visit_create(
        customer_name="이순자",
        customer_phone="010-2345-6789",
        department=staff.department,
        booked_at=kst(2026, 12, 3, 14),
        by=staff.user,
        at=kst(2026, 12, 2, 10),
    )
    before = visit.history.count()
    admin_client.post(
        f"/admin/visits/assistedvisit/{visit.pk}/change/",
        {
            "customer_name": "이순자",
            "customer_phone": "010-2345-6789",
            "department": staff.department.pk,
            "booked_at_0": "2026-12-03",
            "booked_at_1": "14:00:00",
            "needs": "휠체어 이용",
            "recorded_at_0": "2026-12-02",
            "recorded_at_1": "10:00:00",
            "recorded_by": staff.pk,
        },
    )
    assert visit.history.count() == before + 1
    assert visit.history.first().needs == "휠체어 이용"
    assert admin_client.get(f"/admin/visits/assistedvisit/{visit.pk}/history/").status_code == 200
