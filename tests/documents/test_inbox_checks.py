"""D1: staff record inbox checks; the Nth check of a channel on a business day keeps the
promise, a day that closes with fewer is a breach."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from charter.models import Obligation, Standard
from charter.services import breach_scan
from documents import services
from documents.models import InboxCheck
from tests import factories
from tests.conftest import kst

from .helpers import d1

pytestmark = pytest.mark.django_db

FRI = dt.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def friday_evening():
    with time_machine.travel(kst(2026, 12, 4, 19), tick=False):
        yield


def check(staff, channel, hour, minute=0):
    return services.inbox_check_record(
        channel=channel, by=staff.user, checked_at=kst(2026, 12, 4, hour, minute)
    )


def test_two_fax_checks_are_a_breach_after_the_close_and_three_are_kept(staff):
    services.inbox_day_open(day=FRI)
    check(staff, "fax", 9, 30)
    check(staff, "fax", 14)
    for channel in ("email", "post"):
        for hour in (9, 13, 17):
            check(staff, channel, hour)

    breach_scan(now=kst(2026, 12, 4, 18, 1))

    fax = d1(staff.department, "fax", FRI)
    assert fax.status == Obligation.Status.BREACHED
    assert fax.breached_at == kst(2026, 12, 4, 18)
    assert d1(staff.department, "email", FRI).status == Obligation.Status.MET
    assert d1(staff.department, "post", FRI).status == Obligation.Status.MET


def test_the_third_check_meets_the_day_at_its_time(staff):
    check(staff, "email", 9, 5)
    check(staff, "email", 12, 40)
    assert d1(staff.department, "email", FRI).status == Obligation.Status.OPEN

    check(staff, "email", 16, 20)

    obligation = d1(staff.department, "email", FRI)
    assert obligation.status == Obligation.Status.MET
    assert obligation.met_at == kst(2026, 12, 4, 16, 20)


def test_a_fourth_check_changes_nothing(staff):
    for hour in (9, 11, 13, 15):
        check(staff, "post", hour)
    obligation = d1(staff.department, "post", FRI)
    assert obligation.met_at == kst(2026, 12, 4, 13)
    assert InboxCheck.objects.filter(channel="post").count() == 4


def test_a_check_entered_late_counts_in_time_order(staff):
    check(staff, "fax", 9)
    check(staff, "fax", 15)
    check(staff, "fax", 11)  # written down afterwards
    assert d1(staff.department, "fax", FRI).met_at == kst(2026, 12, 4, 15)


def test_the_standard_minimum_is_read_when_checks_are_recorded(staff):
    Standard.objects.filter(code="D1").update(min_count=2)
    check(staff, "fax", 9)
    check(staff, "fax", 10)
    assert d1(staff.department, "fax", FRI).status == Obligation.Status.MET


def test_a_check_before_the_day_is_opened_opens_it_first(staff):
    check(staff, "post", 8, 40)
    obligation = d1(staff.department, "post", FRI)
    assert obligation.due_at == kst(2026, 12, 4, 18)
    assert obligation.status == Obligation.Status.OPEN
    # The beat opening the day afterwards opens only the other departments' and channels'.
    assert services.inbox_day_open(day=FRI) == 2


def test_a_third_check_after_the_close_is_a_late_breach(staff):
    check(staff, "fax", 9)
    check(staff, "fax", 10)
    check(staff, "fax", 18, 30)
    obligation = d1(staff.department, "fax", FRI)
    assert obligation.status == Obligation.Status.BREACHED
    assert obligation.met_at == kst(2026, 12, 4, 18, 30)


def test_a_check_on_a_saturday_is_recorded_without_an_obligation(staff):
    with time_machine.travel(kst(2026, 12, 5, 11), tick=False):
        saved = services.inbox_check_record(channel="fax", by=staff.user)
    assert saved.inbox_day is None
    assert not Obligation.objects.for_standard("D1").exists()


def test_a_check_in_the_future_is_refused_and_nothing_is_stored(staff):
    with pytest.raises(ValidationError) as error:
        services.inbox_check_record(
            channel="fax", by=staff.user, checked_at=kst(2026, 12, 4, 19, 30)
        )
    assert "checked_at" in error.value.message_dict
    assert not InboxCheck.objects.exists()
    assert not Obligation.objects.exists()


def test_an_unknown_channel_is_refused(staff):
    with pytest.raises(ValidationError) as error:
        services.inbox_check_record(channel="telex", by=staff.user)
    assert "channel" in error.value.message_dict


def test_checks_count_per_channel_for_the_department_of_the_day(staff):
    colleague = factories.StaffMemberFactory(department=staff.department)
    stranger = factories.StaffMemberFactory()
    check(staff, "fax", 9)
    check(colleague, "fax", 10)
    check(stranger, "fax", 11)
    check(staff, "post", 9)
    assert services.inbox_counts(user=staff.user, department=staff.department, day=FRI) == {
        "fax": 2,
        "email": 0,
        "post": 1,
    }
