"""C2: a defect in handling a complaint is corrected within the C2 deadline (business days
from discovery) and the customer is notified within the follow-up (business hours)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from charter import notify
from charter.models import Calendar, Obligation, Standard, WorkingPeriod
from corrections import services
from tests.conftest import kst
from tests.corrections import factories
from tests.outbox import sent_sms

pytestmark = pytest.mark.django_db


def correct(defect, by, at, correction="수정본을 다시 발송함"):
    """`by` (a staff member) records their own correction."""
    return services.handling_defect_correct(defect=defect, by=by.user, at=at, correction=correction)


def notify_customer(defect, at, **kwargs):
    values = {"channel": "phone", "text": "잘못을 바로잡았음을 알려 드림"}
    values.update(kwargs)
    return services.handling_defect_notify(
        defect=defect, by=defect.responsible.user, at=at, **values
    )


def test_a_defect_opens_a_c2_deadline_three_business_days_later(staff):
    defect = factories.defect(staff, discovered_at=kst(2026, 12, 1, 10))  # a Tuesday
    [obligation] = factories.obligations(defect, "C2")
    assert obligation.status == Obligation.Status.OPEN
    assert obligation.due_at == kst(2026, 12, 4, 10)
    assert obligation.responsible == staff


def test_the_three_business_days_skip_a_holiday_and_a_weekend(staff):
    # Thu 24 Dec; Fri 25 Dec is Christmas, then the weekend: Mon 28, Tue 29, Wed 30.
    defect = factories.defect(staff, discovered_at=kst(2026, 12, 24, 10))
    assert factories.obligations(defect, "C2")[0].due_at == kst(2026, 12, 30, 10)


@pytest.mark.parametrize(
    ("corrected_at", "status"),
    [
        (kst(2026, 12, 30, 10, 0), Obligation.Status.MET),
        (kst(2026, 12, 30, 10, 1), Obligation.Status.BREACHED),
    ],
)
def test_a_correction_within_three_business_days_meets_c2(staff, corrected_at, status):
    defect = factories.defect(staff, discovered_at=kst(2026, 12, 24, 10))
    correct(defect, staff, corrected_at)
    first = factories.obligations(defect, "C2")[0]
    assert first.status == status
    assert first.met_at == corrected_at


def test_correcting_opens_the_follow_up_due_one_business_hour_later(staff):
    defect = factories.defect(staff, discovered_at=kst(2026, 12, 2, 10))
    correct(defect, staff, kst(2026, 12, 4, 17, 30))  # a Friday
    first, followup = factories.obligations(defect, "C2")
    assert first.status == Obligation.Status.MET
    assert followup.status == Obligation.Status.OPEN
    assert followup.starts_at == kst(2026, 12, 4, 17, 30)
    assert followup.due_at == kst(2026, 12, 7, 9, 30)  # Monday
    assert followup.responsible == staff


@pytest.mark.parametrize(
    ("notified_at", "status"),
    [
        (kst(2026, 12, 7, 9, 30), Obligation.Status.MET),
        (kst(2026, 12, 7, 9, 31), Obligation.Status.BREACHED),
    ],
)
def test_notifying_within_one_business_hour_meets_the_follow_up(staff, notified_at, status):
    defect = factories.defect(staff, discovered_at=kst(2026, 12, 2, 10))
    correct(defect, staff, kst(2026, 12, 4, 17, 30))
    notify_customer(defect, notified_at)
    first, followup = factories.obligations(defect, "C2")
    assert first.status == Obligation.Status.MET
    assert followup.status == status
    assert followup.met_at == notified_at


def test_the_follow_up_is_computed_on_the_departments_calendar(staff):
    early = Calendar.objects.create(name="조기 근무", country="KR")
    for weekday in range(5):
        WorkingPeriod.objects.create(
            calendar=early, weekday=weekday, start=dt.time(8), end=dt.time(17)
        )
    staff.department.calendar = early
    staff.department.save()
    defect = factories.defect(staff, discovered_at=kst(2026, 12, 2, 10))
    correct(defect, staff, kst(2026, 12, 4, 16, 30))
    followup = factories.obligations(defect, "C2")[1]
    assert followup.due_at == kst(2026, 12, 7, 8, 30)


def test_the_follow_up_reads_the_standard_as_it_is_when_correcting(staff):
    defect = factories.defect(staff, discovered_at=kst(2026, 12, 2, 10))
    Standard.objects.filter(code="C2").update(followup_value=2)
    correct(defect, staff, kst(2026, 12, 3, 10))
    assert factories.obligations(defect, "C2")[1].due_at == kst(2026, 12, 3, 12)


def test_notifying_before_the_correction_is_refused_and_nothing_is_stored(staff):
    defect = factories.defect(staff)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        notify_customer(defect, kst(2026, 12, 2, 10))
    assert refused.value.messages == ["Record the correction before notifying the customer."]
    defect.refresh_from_db()
    assert defect.notified_at is None
    [obligation] = factories.obligations(defect, "C2")
    assert obligation.status == Obligation.Status.OPEN


def test_a_notice_dated_before_the_correction_is_refused(staff):
    defect = factories.defect(staff)
    correct(defect, staff, kst(2026, 12, 2, 10))
    with pytest.raises(ValidationError) as refused:
        notify_customer(defect, kst(2026, 12, 2, 9, 59))
    assert "at" in refused.value.message_dict


def test_a_correction_and_a_notice_are_recorded_once(staff):
    defect = factories.defect(staff)
    correct(defect, staff, kst(2026, 12, 2, 10))
    with pytest.raises(ValidationError):
        correct(defect, staff, kst(2026, 12, 2, 11))
    notify_customer(defect, kst(2026, 12, 2, 10, 30))
    with pytest.raises(ValidationError):
        notify_customer(defect, kst(2026, 12, 2, 10, 40))
    defect.refresh_from_db()
    assert defect.corrected_at == kst(2026, 12, 2, 10)
    assert defect.notified_at == kst(2026, 12, 2, 10, 30)
    assert len(factories.obligations(defect, "C2")) == 2


@pytest.mark.parametrize(
    ("at", "field"),
    [
        (kst(2027, 1, 15, 13), "at"),  # in the future
        (kst(2026, 12, 1, 9), "at"),  # before the discovery
    ],
)
def test_a_bad_correction_time_is_refused(staff, at, field):
    defect = factories.defect(staff, discovered_at=kst(2026, 12, 1, 10))
    with pytest.raises(ValidationError) as refused:
        correct(defect, staff, at)
    assert field in refused.value.message_dict
    defect.refresh_from_db()
    assert defect.corrected_at is None
    assert len(factories.obligations(defect, "C2")) == 1


def test_a_correction_needs_its_text(staff):
    defect = factories.defect(staff)
    with pytest.raises(ValidationError) as refused:
        correct(defect, staff, kst(2026, 12, 2, 10), correction="")
    assert "correction" in refused.value.message_dict


def test_a_defect_discovered_in_the_future_is_refused(staff):
    with pytest.raises(ValidationError) as refused:
        factories.defect(staff, discovered_at=kst(2027, 2, 1, 10))
    assert "discovered_at" in refused.value.message_dict


def test_the_notice_can_be_sent_by_sms(staff, django_capture_on_commit_callbacks):
    notify.outbox.clear()
    defect = factories.defect(staff)
    correct(defect, staff, kst(2026, 12, 2, 10))
    with django_capture_on_commit_callbacks(execute=True):
        notify_customer(defect, kst(2026, 12, 2, 10, 10), channel="sms", send=True)
    [sms] = sent_sms()
    assert sms.to == "010-1234-5678"
    assert sms.body == "잘못을 바로잡았음을 알려 드림"
