"""Callback memos: P4 (answer within one business hour) and P6 (how it was answered)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from calls import services
from calls.models import Callback
from charter.models import Obligation, Standard
from charter.services import breach_scan
from tests import factories
from tests.conftest import kst

pytestmark = pytest.mark.django_db


def take(staff, at, **overrides):
    fields = {
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "question": "보증 심사 진행 상황",
        "by": staff.user,
        "created_at": at,
        "now": at,
    }
    fields.update(overrides)
    return services.callback_open(**fields)


def answer(memo, staff, at, **overrides):
    fields = {
        "callback": memo,
        "by": staff.user,
        "answered_at": at,
        "summary": "진행 상황을 안내했습니다.",
        "greeting": True,
        "identified": True,
        "verified": True,
        "now": at,
    }
    fields.update(overrides)
    return services.callback_answer(**fields)


def p(memo, code) -> Obligation:
    return memo.obligations.for_standard(code).get()


def test_a_memo_opens_p4_due_one_business_hour_later_for_the_taker(staff):
    memo = take(staff, kst(2026, 12, 2, 10, 15))
    p4 = p(memo, "P4")
    assert p4.status == "open"
    assert p4.due_at == kst(2026, 12, 2, 11, 15)
    assert p4.responsible == staff
    assert memo.assigned_to == staff
    assert memo.department == staff.department


def test_a_memo_at_1730_on_wednesday_before_chuseok_is_due_monday_0930(staff):
    memo = take(staff, kst(2026, 9, 23, 17, 30))
    assert p(memo, "P4").due_at == kst(2026, 9, 28, 9, 30)


def test_the_duration_is_read_from_the_standard(staff):
    Standard.objects.filter(code="P4").update(duration_value=2)
    assert p(take(staff, kst(2026, 12, 2, 10)), "P4").due_at == kst(2026, 12, 2, 12)


def test_a_memo_for_a_colleague_is_their_obligation_in_their_department(staff):
    colleague = factories.StaffMemberFactory(department=staff.department)
    memo = take(staff, kst(2026, 12, 2, 10), assigned_to=colleague)
    assert memo.taken_by == staff
    assert p(memo, "P4").responsible == colleague
    assert memo.department == colleague.department


def test_a_memo_may_be_entered_after_the_fact_but_not_in_the_future(staff):
    memo = take(staff, kst(2026, 12, 2, 9, 30), now=kst(2026, 12, 2, 10, 0))
    assert p(memo, "P4").due_at == kst(2026, 12, 2, 10, 30)
    with pytest.raises(ValidationError) as error:
        take(staff, kst(2026, 12, 2, 10, 30), now=kst(2026, 12, 2, 10, 0))
    assert "created_at" in error.value.message_dict
    assert Callback.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"customer_phone": "not a phone"}, "customer_phone"),
        ({"customer_phone": ""}, "customer_phone"),
        ({"customer_name": " "}, "customer_name"),
        ({"question": ""}, "question"),
    ],
)
def test_a_memo_needs_a_name_a_real_phone_number_and_a_question(staff, overrides, field):
    with pytest.raises(ValidationError) as error:
        take(staff, kst(2026, 12, 2, 10), **overrides)
    assert field in error.value.message_dict
    assert not Callback.objects.exists()
    assert not Obligation.objects.exists()


def test_answered_on_time_with_every_p6_item_meets_p4_and_p6(staff):
    memo = take(staff, kst(2026, 12, 2, 10))
    memo = answer(memo, staff, kst(2026, 12, 2, 11, 0))
    assert p(memo, "P4").status == "met"
    assert p(memo, "P6").status == "met"
    assert memo.answered_by == staff


@pytest.mark.parametrize("missing", ["greeting", "identified", "verified"])
def test_any_p6_item_not_done_breaches_p6_but_not_p4(staff, missing):
    memo = answer(
        take(staff, kst(2026, 12, 2, 10)), staff, kst(2026, 12, 2, 10, 20), **{missing: False}
    )
    assert p(memo, "P4").status == "met"
    assert p(memo, "P6").status == "breached"


def test_answered_one_minute_late_is_a_p4_breach(staff):
    memo = answer(take(staff, kst(2026, 12, 2, 10)), staff, kst(2026, 12, 2, 11, 1))
    p4 = p(memo, "P4")
    assert p4.status == "breached"
    assert p4.met_late
    assert p4.breached_at == kst(2026, 12, 2, 11)


def test_answered_after_the_scan_stays_a_late_breach(staff):
    memo = take(staff, kst(2026, 12, 2, 10))
    assert breach_scan(now=kst(2026, 12, 2, 11, 30)) == 1
    assert p(memo, "P4").status == "breached"
    memo = answer(memo, staff, kst(2026, 12, 2, 11, 40))
    p4 = p(memo, "P4")
    assert p4.status == "breached"
    assert p4.met_at == kst(2026, 12, 2, 11, 40)


def test_answering_twice_is_refused_and_changes_nothing(staff):
    memo = answer(take(staff, kst(2026, 12, 2, 10)), staff, kst(2026, 12, 2, 10, 20))
    with pytest.raises(ValidationError) as error:
        answer(memo, staff, kst(2026, 12, 2, 10, 40), summary="다시")
    assert "2026-12-02 10:20" in error.value.message_dict["answered_at"][0]
    memo.refresh_from_db()
    assert memo.answered_at == kst(2026, 12, 2, 10, 20)
    assert memo.obligations.count() == 2


@pytest.mark.parametrize(
    ("at", "overrides", "field"),
    [
        (kst(2026, 12, 2, 9, 59), {}, "answered_at"),
        (kst(2026, 12, 2, 10, 30), {"now": kst(2026, 12, 2, 10, 20)}, "answered_at"),
        (kst(2026, 12, 2, 10, 20), {"summary": " "}, "summary"),
    ],
)
def test_a_bad_answer_is_refused_and_the_memo_stays_open(staff, at, overrides, field):
    memo = take(staff, kst(2026, 12, 2, 10))
    with pytest.raises(ValidationError) as error:
        answer(memo, staff, at, **overrides)
    assert field in error.value.message_dict
    memo.refresh_from_db()
    assert memo.answered_at is None
    assert p(memo, "P4").status == "open"
    assert not memo.obligations.for_standard("P6").exists()


def test_my_callbacks_are_sorted_by_time_left(staff):
    late = take(staff, kst(2026, 12, 2, 9, 10))
    soon = take(staff, kst(2026, 12, 2, 9, 40))
    colleague = factories.StaffMemberFactory(department=staff.department)
    other = take(staff, kst(2026, 12, 2, 9, 20), assigned_to=colleague)
    done = answer(take(staff, kst(2026, 12, 2, 9)), staff, kst(2026, 12, 2, 9, 5))
    mine = list(Callback.objects.open().for_staff(staff).by_time_left())
    assert mine == [late, soon]
    assert mine[0].due_at == kst(2026, 12, 2, 10, 10)
    assert other not in mine and done not in mine
    assert late.created_at + dt.timedelta(hours=1) == mine[0].due_at
