"""V6: a disabled or elderly customer phones ahead; a dedicated staff member is assigned
before the booked time."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from charter.models import Obligation
from tests.conftest import kst
from tests.visits.conftest import obligations
from visits import services
from visits.models import AssistedVisit

pytestmark = pytest.mark.django_db

BOOKED = kst(2026, 12, 3, 14)


def book(staff, **kwargs):
    values = {
        "customer_name": "이순자",
        "customer_phone": "010-2345-6789",
        "department": staff.department,
        "booked_at": BOOKED,
        "needs": "휠체어 이용",
        "by": staff.user,
        "at": kst(2026, 12, 2, 10),
        **kwargs,
    }
    return services.assisted_visit_create(**values)


def test_a_booking_opens_v6_due_at_the_booked_time(staff):
    visit = book(staff)
    [v6] = obligations("V6", visit)
    assert v6.status == Obligation.Status.OPEN
    assert v6.due_at == BOOKED


def test_assigning_before_the_booked_time_meets_v6(staff, colleague):
    visit = book(staff)
    with time_machine.travel(kst(2026, 12, 3, 13, 59), tick=False):
        assigned = services.assisted_visit_assign(visit=visit, staff=colleague, by=staff.user)
    assert assigned.assigned_staff == colleague
    [v6] = obligations("V6", visit)
    assert v6.status == Obligation.Status.MET


def test_assigning_after_the_booked_time_is_a_v6_breach(staff, colleague):
    visit = book(staff)
    with time_machine.travel(kst(2026, 12, 3, 14, 1), tick=False):
        services.assisted_visit_assign(visit=visit, staff=colleague, by=staff.user)
    [v6] = obligations("V6", visit)
    assert v6.status == Obligation.Status.BREACHED


def test_changing_the_dedicated_person_keeps_the_first_assignment(staff, colleague):
    visit = book(staff)
    with time_machine.travel(kst(2026, 12, 3, 9), tick=False):
        services.assisted_visit_assign(visit=visit, staff=colleague, by=staff.user)
        changed = services.assisted_visit_assign(visit=visit, staff=staff, by=staff.user)
    assert changed.assigned_staff == staff
    assert changed.assigned_at == kst(2026, 12, 3, 9)
    assert [o.status for o in obligations("V6", visit)] == ["met"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"booked_at": kst(2026, 12, 2, 9)}, "booked_at"),
        ({"booked_at": kst(2026, 12, 2, 10)}, "booked_at"),
        ({"customer_phone": "0101234"}, "customer_phone"),
        ({"customer_name": " "}, "customer_name"),
    ],
)
def test_bad_bookings_are_refused_and_store_nothing(staff, extra, field):
    with pytest.raises(ValidationError) as error:
        book(staff, **extra)
    assert field in error.value.message_dict
    assert AssistedVisit.objects.count() == 0
    assert Obligation.objects.count() == 0
