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


def test_times_and_statuses_change_only_through_the_services(admin_client, staff):
    """Editing a ticket's times or status in the admin would leave its obligations as they
    were: those fields are read-only, and the action calls the service instead."""
    import time_machine

    from visits.models import Ticket

    with time_machine.travel(kst(2026, 12, 2, 9, 30), tick=False):
        ticket = services.ticket_take(
            department=staff.department, by=staff.user, at=kst(2026, 12, 2, 9)
        )
        response = admin_client.post(
            f"/admin/visits/ticket/{ticket.pk}/change/",
            {
                "purpose": "보증 상담",
                "status": "done",
                "arrived_at_0": "2026-12-02",
                "arrived_at_1": "08:00:00",
                "priority_reason": "",
            },
        )
        assert response.status_code == 302
        ticket.refresh_from_db()
        assert ticket.purpose == "보증 상담"  # descriptive text may be corrected
        assert (ticket.status, ticket.arrived_at) == (Ticket.Status.WAITING, kst(2026, 12, 2, 9))
        assert admin_client.get(f"/admin/visits/ticket/{ticket.pk}/delete/").status_code == 403
        admin_client.post(
            "/admin/visits/ticket/", {"action": "leave", "_selected_action": [ticket.pk]}
        )
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.LEFT
    assert ticket.left_at == kst(2026, 12, 2, 9, 30)
