"""V4: the person in charge is away; a colleague handles it, or the customer is contacted at
the time they asked for."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from charter.models import Obligation
from tests.conftest import kst
from tests.visits.conftest import obligations
from visits import services
from visits.models import AbsenceMemo

pytestmark = pytest.mark.django_db

AT = kst(2026, 12, 2, 10)


def memo(staff, colleague, **kwargs):
    values = {
        "absent_staff": staff,
        "reason": "trip",
        "reason_detail": "수원 출장, 오후 3시 복귀",
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "matter": "보증 연장 상담",
        "by": colleague.user,
        "at": AT,
        **kwargs,
    }
    return services.absence_memo_create(**values)


def test_a_colleague_who_handles_the_matter_keeps_v4_at_once(staff, colleague):
    handled = memo(staff, colleague, handled_by=colleague)
    [v4] = obligations("V4", handled)
    assert v4.status == Obligation.Status.MET
    assert v4.responsible == colleague
    assert handled.reason == "trip"


def test_a_requested_contact_time_is_the_v4_deadline(staff, colleague):
    noted = memo(staff, colleague, contact_at=kst(2026, 12, 2, 15, 30))
    [v4] = obligations("V4", noted)
    assert v4.status == Obligation.Status.OPEN
    assert v4.due_at == kst(2026, 12, 2, 15, 30)
    assert v4.responsible == staff


def test_contacting_the_customer_by_the_requested_time_meets_v4(staff, colleague):
    noted = memo(staff, colleague, contact_at=kst(2026, 12, 2, 15, 30))
    with time_machine.travel(kst(2026, 12, 2, 15, 30), tick=False):
        services.absence_memo_contact(memo=noted, by=staff.user)
    [v4] = obligations("V4", noted)
    assert v4.status == Obligation.Status.MET


def test_contacting_the_customer_after_the_requested_time_is_a_v4_breach(staff, colleague):
    noted = memo(staff, colleague, contact_at=kst(2026, 12, 2, 15, 30))
    with time_machine.travel(kst(2026, 12, 2, 15, 31), tick=False):
        contacted = services.absence_memo_contact(memo=noted, by=staff.user)
    assert contacted.contacted_at == kst(2026, 12, 2, 15, 31)
    [v4] = obligations("V4", noted)
    assert v4.status == Obligation.Status.BREACHED


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({}, "contact_at"),
        ({"contact_at": kst(2026, 12, 2, 9, 59)}, "contact_at"),
        ({"contact_at": kst(2026, 12, 2, 15), "customer_phone": "12-34"}, "customer_phone"),
        ({"contact_at": kst(2026, 12, 2, 15), "customer_phone": ""}, "customer_phone"),
        ({"reason": "holiday", "contact_at": kst(2026, 12, 2, 15)}, "reason"),
    ],
)
def test_bad_memos_are_refused_and_store_nothing(staff, colleague, extra, field):
    with pytest.raises(ValidationError) as error:
        memo(staff, colleague, **extra)
    assert field in error.value.message_dict
    assert AbsenceMemo.objects.count() == 0
    assert Obligation.objects.count() == 0


def test_the_absent_person_cannot_be_the_colleague_who_handled_it(staff, colleague):
    with pytest.raises(ValidationError) as error:
        memo(staff, colleague, handled_by=staff)
    assert "handled_by" in error.value.message_dict


def test_a_contact_cannot_be_recorded_twice(staff, colleague):
    noted = memo(staff, colleague, contact_at=kst(2026, 12, 2, 15))
    with time_machine.travel(kst(2026, 12, 2, 14), tick=False):
        services.absence_memo_contact(memo=noted, by=staff.user)
        with pytest.raises(ValidationError):
            services.absence_memo_contact(
                memo=noted, by=staff.user, at=kst(2026, 12, 2, 14) + dt.timedelta(minutes=1)
            )
