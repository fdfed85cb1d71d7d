"""F1: an opinion's result is notified within 7 calendar days of receipt."""

import pytest
from django.core.exceptions import ValidationError

from charter import services as charter_services
from charter.models import Obligation, Standard
from feedback import services
from feedback.models import Feedback
from tests.conftest import kst
from tests.outbox import sent_email, sent_sms

from .helpers import actor, opinion

pytestmark = pytest.mark.django_db


def f1_of(item):
    return Obligation.objects.for_subject(item).for_standard("F1").get()


def test_an_opinion_received_on_the_1st_at_10_is_due_on_the_8th_at_10(department):
    item = opinion(department, kst(2026, 10, 1, 10))
    obligation = f1_of(item)
    assert obligation.status == "open"
    assert obligation.due_at == kst(2026, 10, 8, 10)
    assert item.tracking_number.startswith("GC-2026-")


def test_the_scan_at_the_deadline_keeps_it_open_and_the_scan_after_breaches_it(department):
    item = opinion(department, kst(2026, 10, 1, 10))
    charter_services.breach_scan(now=kst(2026, 10, 8, 10))
    assert f1_of(item).status == "open"
    charter_services.breach_scan(now=kst(2026, 10, 8, 10, 0, 1))
    assert f1_of(item).status == "breached"


def test_the_duration_comes_from_the_standard_row(department):
    Standard.objects.filter(code="F1").update(duration_value=5)
    item = opinion(department, kst(2026, 10, 1, 10))
    assert f1_of(item).due_at == kst(2026, 10, 6, 10)


def test_a_result_sent_by_e_mail_on_the_8th_at_10_meets_f1_and_closes_it(
    department, staff, django_capture_on_commit_callbacks
):
    item = opinion(department, kst(2026, 10, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.feedback_reply(
            feedback=item,
            kind="result",
            text="말씀하신 표지판을 다음 달에 설치합니다.",
            channel="email",
            at=kst(2026, 10, 8, 10),
            by=staff.user,
        )
    item.refresh_from_db()
    assert f1_of(item).status == "met"
    assert item.status == Feedback.Status.CLOSED
    assert item.closed_at == kst(2026, 10, 8, 10)
    assert reply.sent_by == staff.user
    assert sent_email()[-1].to == ["hong@example.com"]
    assert "말씀하신 표지판" in sent_email()[-1].body
    assert item.tracking_number in sent_email()[-1].subject


def test_a_result_sent_after_the_deadline_is_a_late_breach(department):
    item = opinion(department, kst(2026, 10, 1, 10))
    services.feedback_reply(
        feedback=item,
        kind="result",
        text="결과",
        channel="phone",
        at=kst(2026, 10, 8, 10, 1),
        by=actor(item),
    )
    obligation = f1_of(item)
    assert obligation.status == "breached"
    assert obligation.met_at == kst(2026, 10, 8, 10, 1)


def test_a_result_by_sms_goes_to_the_phone(department, django_capture_on_commit_callbacks):
    item = opinion(department, kst(2026, 10, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_reply(
            feedback=item,
            kind="result",
            text="검토 결과 안내",
            channel="sms",
            at=kst(2026, 10, 2),
            by=actor(item),
        )
    assert sent_sms()[-1].to == "010-1234-5678"
    assert "검토 결과 안내" in sent_sms()[-1].body


def test_a_result_given_by_phone_or_post_is_recorded_without_sending(
    department, django_capture_on_commit_callbacks
):
    item = opinion(department, kst(2026, 10, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_reply(
            feedback=item,
            kind="result",
            text="우편 안내",
            channel="post",
            at=kst(2026, 10, 2),
            by=actor(item),
        )
    assert sent_email() == [] and sent_sms() == []
    assert f1_of(item).status == "met"


def test_e_mail_is_refused_when_the_customer_left_no_address(department):
    item = opinion(department, kst(2026, 10, 1, 10), customer_email="")
    with pytest.raises(ValidationError) as error:
        services.feedback_reply(
            feedback=item,
            kind="result",
            text="결과",
            channel="email",
            at=kst(2026, 10, 2),
            by=actor(item),
        )
    assert "channel" in error.value.error_dict
    assert item.replies.count() == 0
    assert f1_of(item).status == "open"


def test_a_progress_notice_is_for_complaints_only(department):
    item = opinion(department, kst(2026, 10, 1, 10))
    with pytest.raises(ValidationError):
        services.feedback_reply(
            feedback=item,
            kind="progress",
            text="검토중",
            channel="phone",
            at=kst(2026, 10, 2),
            by=actor(item),
        )


def test_a_closed_opinion_takes_no_more_replies(department):
    item = opinion(department, kst(2026, 10, 1, 10))
    services.feedback_reply(
        feedback=item,
        kind="result",
        text="결과",
        channel="phone",
        at=kst(2026, 10, 2),
        by=actor(item),
    )
    with pytest.raises(ValidationError):
        services.feedback_reply(
            feedback=item,
            kind="result",
            text="또",
            channel="phone",
            at=kst(2026, 10, 3),
            by=actor(item),
        )


def test_a_reply_before_receipt_or_in_the_future_is_refused(department):
    item = opinion(department, kst(2026, 10, 1, 10))
    for at in (kst(2026, 9, 30, 10), kst(2099, 1, 1)):
        with pytest.raises(ValidationError) as error:
            services.feedback_reply(
                feedback=item, kind="result", text="x", channel="phone", at=at, by=actor(item)
            )
        assert "sent_at" in error.value.error_dict
    assert item.replies.count() == 0


@pytest.mark.parametrize("channel", ["phone", "visit", "post", "email", "web"])
def test_an_opinion_may_come_in_on_any_channel(department, channel):
    item = opinion(department, kst(2026, 10, 1, 10), channel=channel)
    assert item.get_channel_display()
    assert f1_of(item).due_at == kst(2026, 10, 8, 10)


def test_assigning_moves_the_open_obligation_but_not_its_deadline(department, staff):
    item = opinion(department, kst(2026, 10, 1, 10))
    services.feedback_assign(
        feedback=item, department=staff.department, assignee=staff, by=staff.user
    )
    obligation = f1_of(item)
    assert obligation.responsible == staff
    assert obligation.due_at == kst(2026, 10, 8, 10)


def test_assigning_to_someone_of_another_department_is_refused(department, staff):
    from tests.factories import DepartmentFactory

    other = DepartmentFactory()
    item = opinion(other, kst(2026, 10, 1, 10))
    with pytest.raises(ValidationError) as error:
        services.feedback_assign(feedback=item, department=other, assignee=staff, by=actor(item))
    assert "assignee" in error.value.error_dict
    item.refresh_from_db()
    assert item.assignee is None
