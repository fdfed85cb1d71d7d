"""Logging a call settles P1, P2, P3 and P5 at once (calls.services.call_log)."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from calls import services
from calls.models import Call, Callback
from charter.models import Obligation, Standard
from tests.conftest import kst

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 10, 30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def log(member, **overrides):
    fields = {
        "by": member.user,
        "started_at": kst(2026, 12, 2, 10, 0),
        "answered_at": kst(2026, 12, 2, 10, 0, 6),
        "rings": 2,
        "staff": member,
        "greeting": True,
        "repeated_back": True,
        "transferred": False,
        "closing": True,
    }
    fields.update(overrides)
    return services.call_log(**fields)


def outcomes(call) -> dict:
    return {o.standard.code: o for o in call.obligations.select_related("standard")}


def test_a_call_answered_at_the_2nd_ring_with_everything_done_keeps_every_promise(staff):
    call = log(staff)
    got = outcomes(call)
    assert sorted(got) == ["P1", "P2", "P3", "P5"]
    assert {o.status for o in got.values()} == {"met"}
    assert got["P1"].measured == 2
    assert got["P1"].responsible == staff
    assert got["P1"].department == staff.department


def test_a_call_that_rang_3_times_is_a_p1_breach(staff):
    p1 = outcomes(log(staff, rings=3))["P1"]
    assert p1.status == "breached"
    assert p1.measured == 3
    assert p1.breached_at == kst(2026, 12, 2, 10, 0, 6)


def test_the_ring_limit_is_read_from_the_standard(staff):
    Standard.objects.filter(code="P1").update(limit=3)
    assert outcomes(log(staff, rings=3))["P1"].status == "met"
    assert outcomes(log(staff, rings=4))["P1"].status == "breached"


def test_a_call_without_the_department_rank_name_greeting_is_a_p1_breach(staff):
    p1 = outcomes(log(staff, rings=1, greeting=False))["P1"]
    assert p1.status == "breached"
    assert p1.measured == 1


def test_an_unanswered_call_is_a_p1_breach_and_nothing_else(staff):
    call = log(staff, answered_at=None, rings=6)
    got = outcomes(call)
    assert list(got) == ["P1"]
    assert got["P1"].status == "breached"
    assert got["P1"].measured == 6
    assert call.greeting is False


def test_even_zero_rings_unanswered_is_a_breach(staff):
    assert outcomes(log(staff, answered_at=None, rings=0))["P1"].status == "breached"


@pytest.mark.parametrize(
    ("tick", "value", "code"),
    [("repeated_back", False, "P2"), ("transferred", True, "P3"), ("closing", False, "P5")],
)
def test_each_conduct_item_not_done_breaches_its_standard_only(staff, tick, value, code):
    got = outcomes(log(staff, **{tick: value}))
    assert got[code].status == "breached"
    assert {c for c, o in got.items() if o.status == "breached"} == {code}


def test_an_extension_finds_the_staff_member_and_their_department(staff):
    call = log(staff, staff=None, extension=staff.extension)
    assert call.staff == staff
    assert call.department == staff.department


def test_an_unknown_extension_is_refused_and_nothing_is_stored(staff):
    with pytest.raises(ValidationError) as error:
        log(staff, staff=None, extension="9999")
    assert "extension" in error.value.message_dict
    assert not Call.objects.exists()
    assert not Obligation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rings": -1}, "rings"),
        ({"answered_at": kst(2026, 12, 2, 9, 59)}, "answered_at"),
        ({"started_at": kst(2026, 12, 2, 11, 0), "answered_at": None}, "started_at"),
        ({"answered_at": kst(2026, 12, 2, 11, 0)}, "answered_at"),
        ({"caller_number": "12345"}, "caller_number"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_stores_nothing(staff, overrides, field):
    with pytest.raises(ValidationError) as error:
        log(staff, **overrides)
    assert field in error.value.message_dict
    assert not Call.objects.exists()
    assert not Obligation.objects.exists()


def test_a_missed_call_from_a_known_number_opens_a_callback_memo(staff):
    call = log(
        staff,
        answered_at=None,
        rings=7,
        caller_number="010-1234-5678",
        caller_name="홍길동",
        topic="보증 문의",
    )
    memo = Callback.objects.get(call=call)
    assert memo.customer_phone == "010-1234-5678"
    assert memo.customer_name == "홍길동"
    assert memo.assigned_to == staff
    assert memo.created_at == kst(2026, 12, 2, 10, 0)
    p4 = memo.obligations.get()
    assert p4.standard.code == "P4"
    assert p4.status == "open"
    assert p4.due_at == kst(2026, 12, 2, 11, 0)


def test_a_missed_call_from_an_unknown_number_opens_no_memo(staff):
    log(staff, answered_at=None, rings=7, caller_number="")
    assert not Callback.objects.exists()
    assert not Obligation.objects.for_standard("P4").exists()


def test_an_answered_call_from_a_known_number_opens_no_memo(staff):
    log(staff, caller_number="010-1234-5678")
    assert not Callback.objects.exists()
