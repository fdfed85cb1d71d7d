"""F3: a progress notice within 7 calendar days; F4: a corrective action with a notice to the
customer when the cause is staff, facility or system."""

import pytest
from django.core.exceptions import ValidationError

from charter import services as charter_services
from charter.models import Obligation
from feedback import services
from feedback.models import Feedback
from tests.conftest import kst
from tests.outbox import sent_email

from .helpers import actor, complaint

pytestmark = pytest.mark.django_db


def obligation(item, code):
    return Obligation.objects.for_subject(item).for_standard(code).get()


def test_a_complaint_received_on_the_1st_at_10_is_due_a_progress_notice_on_the_8th_at_10(
    department,
):
    item = complaint(department, kst(2026, 10, 1, 10))
    f3 = obligation(item, "F3")
    assert f3.due_at == kst(2026, 10, 8, 10)
    assert not Obligation.objects.for_subject(item).for_standard("F1").exists()
    charter_services.breach_scan(now=kst(2026, 10, 8, 10))
    assert obligation(item, "F3").status == "open"
    charter_services.breach_scan(now=kst(2026, 10, 8, 10, 0, 1))
    assert obligation(item, "F3").status == "breached"


def test_a_progress_notice_on_the_8th_at_10_meets_f3_and_keeps_the_complaint_open(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    services.feedback_reply(
        feedback=item,
        kind="progress",
        text="확인 중입니다.",
        channel="phone",
        at=kst(2026, 10, 8, 10),
        by=actor(item),
    )
    item.refresh_from_db()
    assert obligation(item, "F3").status == "met"
    assert item.status == Feedback.Status.IN_PROGRESS


def test_a_progress_notice_a_minute_late_is_a_breach(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    services.feedback_reply(
        feedback=item,
        kind="progress",
        text="확인 중",
        channel="phone",
        at=kst(2026, 10, 8, 10, 1),
        by=actor(item),
    )
    assert obligation(item, "F3").status == "breached"


@pytest.mark.parametrize("cause", ["staff", "facility", "system"])
def test_a_cause_of_staff_facility_or_system_opens_f4_due_14_days_later(department, cause):
    item = complaint(department, kst(2026, 10, 1, 10))
    services.complaint_record_cause(
        feedback=item, cause=cause, at=kst(2026, 10, 2, 15), by=actor(item)
    )
    f4 = obligation(item, "F4")
    assert f4.status == "open"
    assert f4.due_at == kst(2026, 10, 16, 15)


def test_a_cause_of_other_opens_no_f4(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    services.complaint_record_cause(
        feedback=item, cause="other", at=kst(2026, 10, 2, 15), by=actor(item)
    )
    assert not Obligation.objects.for_subject(item).for_standard("F4").exists()


def test_f4_opens_once_even_when_the_cause_is_corrected_among_staff_facility_system(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    services.complaint_record_cause(
        feedback=item, cause="staff", at=kst(2026, 10, 2), by=actor(item)
    )
    services.complaint_record_cause(
        feedback=item, cause="facility", at=kst(2026, 10, 3), by=actor(item)
    )
    assert Obligation.objects.for_subject(item).for_standard("F4").count() == 1


def test_a_cause_that_opened_f4_cannot_silently_become_other(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    services.complaint_record_cause(
        feedback=item, cause="system", at=kst(2026, 10, 2), by=actor(item)
    )
    with pytest.raises(ValidationError) as error:
        services.complaint_record_cause(
            feedback=item, cause="other", at=kst(2026, 10, 3), by=actor(item)
        )
    assert "cause" in error.value.error_dict


def test_an_opinion_has_no_cause(department):
    from .helpers import opinion

    item = opinion(department, kst(2026, 10, 1, 10))
    with pytest.raises(ValidationError):
        services.complaint_record_cause(
            feedback=item, cause="staff", at=kst(2026, 10, 2), by=actor(item)
        )


def test_recording_the_corrective_action_with_its_notice_meets_f4(
    department, staff, django_capture_on_commit_callbacks
):
    item = complaint(department, kst(2026, 10, 1, 10))
    services.complaint_record_cause(
        feedback=item, cause="staff", at=kst(2026, 10, 2, 15), by=actor(item)
    )
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.complaint_record_corrective_action(
            feedback=item,
            action="해당 직원 친절 교육 실시",
            notice="재단 규정에 따라 해당 직원에게 친절 교육을 하였습니다.",
            channel="email",
            at=kst(2026, 10, 16, 15),
            correction_reference="C1-2026-0007",
            by=staff.user,
        )
    item.refresh_from_db()
    assert obligation(item, "F4").status == "met"
    assert reply.kind == "corrective"
    assert item.corrective_action == "해당 직원 친절 교육 실시"
    assert item.correction_reference == "C1-2026-0007"
    assert "친절 교육" in sent_email()[-1].body


def test_a_corrective_action_after_14_days_is_a_late_breach(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    services.complaint_record_cause(
        feedback=item, cause="facility", at=kst(2026, 10, 2, 15), by=actor(item)
    )
    services.complaint_record_corrective_action(
        feedback=item,
        action="출입문 교체",
        notice="교체했습니다",
        channel="post",
        at=kst(2026, 10, 16, 15, 1),
        by=actor(item),
    )
    assert obligation(item, "F4").status == "breached"


def test_a_corrective_action_needs_a_cause_that_calls_for_one(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    with pytest.raises(ValidationError) as error:
        services.complaint_record_corrective_action(
            feedback=item,
            action="조치",
            notice="안내",
            channel="phone",
            at=kst(2026, 10, 2),
            by=actor(item),
        )
    assert "action" in error.value.error_dict
    assert item.replies.count() == 0


def test_the_final_result_waits_for_the_corrective_action(department):
    item = complaint(department, kst(2026, 10, 1, 10))
    services.complaint_record_cause(
        feedback=item, cause="staff", at=kst(2026, 10, 2), by=actor(item)
    )
    with pytest.raises(ValidationError):
        services.feedback_reply(
            feedback=item,
            kind="result",
            text="종결",
            channel="phone",
            at=kst(2026, 10, 3),
            by=actor(item),
        )
    services.complaint_record_corrective_action(
        feedback=item,
        action="교육",
        notice="교육했습니다",
        channel="phone",
        at=kst(2026, 10, 4),
        by=actor(item),
    )
    services.feedback_reply(
        feedback=item,
        kind="result",
        text="종결",
        channel="phone",
        at=kst(2026, 10, 5),
        by=actor(item),
    )
    item.refresh_from_db()
    assert item.is_closed
    # The result also told the customer how it went: F3 is met by it.
    assert obligation(item, "F3").status == "met"
