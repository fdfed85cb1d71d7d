"""The managers' compliance dashboard."""

import pytest
import time_machine

from charter import services
from tests import factories
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(staff):
    department = staff.department
    p4 = services.obligation_open(
        standard="P4",
        subject=staff,
        department=department,
        starts_at=kst(2026, 12, 2, 10),
        responsible=staff,
        note="콜백 고객 문의",
    )
    services.obligation_record(
        standard="P1",
        subject=staff,
        department=department,
        at=kst(2026, 12, 2, 10),
        kept=False,
        measured=4,
    )
    services.obligation_record(
        standard="P1",
        subject=staff,
        department=department,
        at=kst(2026, 12, 2, 10, 5),
        kept=True,
        measured=1,
    )
    other = factories.StaffMemberFactory()
    services.obligation_record(
        standard="P1",
        subject=other,
        department=other.department,
        at=kst(2026, 12, 2, 10),
        kept=False,
        measured=5,
    )
    return p4


def test_a_manager_sees_compliance_and_what_is_late_in_their_department(
    client, manager, logged, django_assert_max_num_queries
):
    client.force_login(manager.user)
    with (
        time_machine.travel(kst(2026, 12, 2, 12), tick=False),
        django_assert_max_num_queries(21),  # +1: the menu counts my open items
    ):
        page = client.get("/dashboard/?days=7").content.decode()
    assert "콜백 고객 문의" in page  # P4 due 11:00, late at 12:00
    assert "50.0%" in page  # P1: one of two kept in this department
    assert "5" not in page.split("P1")[1].split("</tr>")[0].split("num")[1]  # not the other dept


def test_staff_may_not_open_the_dashboard(staff_client):
    assert staff_client.get("/dashboard/").status_code == 403
