"""C1: unkind or insincere service, corrected by a higher rank within the C1 deadline."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from charter import notify
from charter.models import Obligation, Standard
from charter.services import breach_scan
from corrections import services
from corrections.models import ServiceCorrection
from tests.conftest import kst
from tests.corrections import factories
from tests.outbox import sent_email, sent_sms

pytestmark = pytest.mark.django_db


def correct(report, by, at, **kwargs):
    return services.service_correction_correct(
        correction=report, **factories.correction_values(by, at, **kwargs)
    )


def test_a_report_opens_a_c1_deadline_seven_calendar_days_later(involved):
    report = factories.report(involved, received_at=kst(2026, 12, 1, 10))
    [obligation] = factories.obligations(report, "C1")
    assert obligation.status == Obligation.Status.OPEN
    assert obligation.due_at == kst(2026, 12, 8, 10)
    assert obligation.department == involved.department
    assert report.department == involved.department


def test_the_deadline_follows_the_c1_standard_as_it_is_when_reported(involved):
    Standard.objects.filter(code="C1").update(duration_value=3)
    report = factories.report(involved, received_at=kst(2026, 12, 1, 10))
    assert factories.obligations(report, "C1")[0].due_at == kst(2026, 12, 4, 10)


def test_a_correction_by_a_higher_rank_is_accepted(involved, higher):
    report = factories.report(involved)
    corrected = correct(report, higher, kst(2026, 12, 3, 15))
    assert corrected.corrected_by == higher
    assert corrected.corrected_at == kst(2026, 12, 3, 15)
    assert corrected.notified_at == kst(2026, 12, 3, 15)
    assert factories.obligations(report, "C1")[0].status == Obligation.Status.MET


@pytest.mark.parametrize("who", ["equal", "lower", "involved"])
def test_a_correction_by_an_equal_or_lower_rank_is_refused_and_nothing_is_stored(
    request, involved, who
):
    corrector = request.getfixturevalue(who)
    report = factories.report(involved)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        correct(report, corrector, kst(2026, 12, 3, 15))
    [message] = refused.value.message_dict["corrected_by"]
    assert "must be made by someone of a higher rank than 홍대리" in message
    report.refresh_from_db()
    assert report.corrected_at is None
    assert report.corrected_by is None
    assert report.history.count() == 1
    assert factories.obligations(report, "C1")[0].status == Obligation.Status.OPEN


def test_the_rank_refusal_is_in_korean_by_default(involved, equal):
    report = factories.report(involved)
    with translation.override("ko"), pytest.raises(ValidationError) as refused:
        correct(report, equal, kst(2026, 12, 3, 15))
    [message] = refused.value.message_dict["corrected_by"]
    assert "홍대리(대리)보다 상위 직급의 직원이" in message
    assert "이대리 님의 직급은 대리입니다" in message


def test_the_model_refuses_an_equal_rank_with_the_same_message(involved, equal):
    report = factories.report(involved)
    report.corrected_by = equal
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        report.full_clean()
    assert "higher rank than 홍대리" in refused.value.message_dict["corrected_by"][0]


def test_the_model_refuses_assigning_the_correction_to_a_lower_rank(involved, lower):
    with pytest.raises(ValidationError) as refused:
        factories.report(involved, assigned_to=lower)
    assert "assigned_to" in refused.value.message_dict
    assert not ServiceCorrection.objects.exists()
    assert not Obligation.objects.exists()


@pytest.mark.parametrize(
    ("done_at", "status"),
    [
        (kst(2026, 12, 8, 10, 0), Obligation.Status.MET),  # day 7, the minute it is due
        (kst(2026, 12, 8, 10, 1), Obligation.Status.BREACHED),  # a minute into day 8
        (kst(2026, 12, 9, 9, 0), Obligation.Status.BREACHED),
    ],
)
def test_c1_is_met_on_day_seven_and_breached_on_day_eight(involved, higher, done_at, status):
    report = factories.report(involved, received_at=kst(2026, 12, 1, 10))
    correct(report, higher, done_at)
    [obligation] = factories.obligations(report, "C1")
    assert obligation.status == status
    assert obligation.met_at == done_at


def test_c1_is_met_when_the_last_of_correction_notice_and_apology_is_done(involved, higher):
    report = factories.report(involved, received_at=kst(2026, 12, 1, 10))
    correct(report, higher, kst(2026, 12, 7, 10), notice_at=kst(2026, 12, 8, 11))
    [obligation] = factories.obligations(report, "C1")
    assert obligation.status == Obligation.Status.BREACHED
    assert obligation.met_at == kst(2026, 12, 8, 11)


def test_the_breach_scan_flags_a_report_nobody_corrected(involved, higher):
    report = factories.report(involved, received_at=kst(2026, 12, 1, 10))
    assert breach_scan(now=kst(2026, 12, 8, 10)) == 0
    assert breach_scan(now=kst(2026, 12, 8, 10, 1)) == 1
    # Correcting later still records the late correction; the breach stays.
    correct(report, higher, kst(2026, 12, 10, 10))
    [obligation] = factories.obligations(report, "C1")
    assert obligation.status == Obligation.Status.BREACHED
    assert obligation.met_at == kst(2026, 12, 10, 10)


def test_a_correction_is_recorded_once(involved, higher):
    report = factories.report(involved)
    correct(report, higher, kst(2026, 12, 3, 15))
    with pytest.raises(ValidationError) as refused:
        correct(report, higher, kst(2026, 12, 4, 15), action="다른 조치")
    assert refused.value.messages
    report.refresh_from_db()
    assert report.corrected_at == kst(2026, 12, 3, 15)
    assert report.action == "해당 직원 면담 및 응대 교육"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"at": kst(2027, 1, 15, 13)}, "at"),
        ({"at": kst(2026, 12, 1, 9)}, "at"),  # before the report was received
        ({"notice_at": kst(2026, 12, 3, 14)}, "notice_at"),  # before the correction
        ({"notice_at": kst(2027, 1, 16)}, "notice_at"),
        ({"action": " "}, "action"),
        ({"notice": ""}, "notice"),
        ({"apology": ""}, "apology"),
        ({"notice_channel": "pigeon"}, "notice_channel"),
    ],
)
def test_bad_correction_input_is_refused_on_its_field(involved, higher, values, field):
    report = factories.report(involved)
    with pytest.raises(ValidationError) as refused:
        correct(report, higher, values.pop("at", kst(2026, 12, 3, 15)), **values)
    assert field in refused.value.message_dict
    report.refresh_from_db()
    assert report.corrected_at is None


def test_a_report_in_the_future_is_refused(involved):
    with pytest.raises(ValidationError) as refused:
        factories.report(involved, received_at=kst(2027, 1, 15, 12, 30))
    assert "received_at" in refused.value.message_dict


def test_a_bad_customer_phone_is_refused(involved):
    with pytest.raises(ValidationError) as refused:
        factories.report(involved, customer_phone="12345")
    assert "customer_phone" in refused.value.message_dict
    assert not ServiceCorrection.objects.exists()


def test_the_notice_and_apology_can_be_sent_by_sms(
    involved, higher, django_capture_on_commit_callbacks
):
    notify.outbox.clear()
    report = factories.report(involved)
    with django_capture_on_commit_callbacks(execute=True):
        correct(report, higher, kst(2026, 12, 3, 15), notice_channel="sms", send_notice=True)
    [sms] = sent_sms()
    assert sms.to == "010-1234-5678"
    assert "시정 조치 결과를 알려 드립니다." in sms.body
    assert "불편을 드려 죄송합니다." in sms.body


def test_the_notice_and_apology_can_be_sent_by_email(
    involved, higher, django_capture_on_commit_callbacks
):
    report = factories.report(involved)
    with django_capture_on_commit_callbacks(execute=True):
        correct(report, higher, kst(2026, 12, 3, 15), notice_channel="email", send_notice=True)
    [message] = sent_email()
    assert message.to == ["hong@example.com"]
    assert "불편을 드려 죄송합니다." in message.body


def test_a_notice_cannot_be_sent_without_the_customers_contact(involved, higher):
    report = factories.report(involved, customer_email="")
    with pytest.raises(ValidationError) as refused:
        correct(report, higher, kst(2026, 12, 3, 15), notice_channel="email", send_notice=True)
    assert "send_notice" in refused.value.message_dict
    assert sent_email() == []


def test_a_refused_correction_sends_nothing(involved, equal, django_capture_on_commit_callbacks):
    notify.outbox.clear()
    report = factories.report(involved)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        correct(report, equal, kst(2026, 12, 3, 15), notice_channel="sms", send_notice=True)
    assert sent_sms() == []


def test_the_reports_page_shows_the_notices_message_state(
    client, involved, higher, django_capture_on_commit_callbacks
):
    """Where staff look: the SMS is queued until the worker delivers it, then sent."""
    from notices.models import Message

    report = factories.report(involved)
    with django_capture_on_commit_callbacks(execute=False):  # not yet delivered
        correct(report, higher, kst(2026, 12, 3, 15), notice_channel="sms", send_notice=True)
    client.force_login(higher.user)
    page = client.get(f"/corrections/service/{report.pk}/", HTTP_ACCEPT_LANGUAGE="ko")
    assert "발송 대기" in page.content.decode()
    Message.objects.filter(kind=Message.Kind.CORRECTION).update(status=Message.Status.SENT)
    page = client.get(f"/corrections/service/{report.pk}/", HTTP_ACCEPT_LANGUAGE="ko")
    assert "발송 완료" in page.content.decode()
