"""Customers' personal data is blanked after the retention period, in every section and in the
change history, and nothing else is touched."""

import io

import pytest
import time_machine
from django.core.management import call_command

from calls import services as calls
from calls.models import Callback
from charter import services
from charter.models import ObligationEvent
from charter.retention import models_with_personal_data, personal_data_purge
from tests.conftest import kst

pytestmark = pytest.mark.django_db


def test_every_section_declares_its_personal_data():
    labels = {model._meta.label for model in models_with_personal_data()}
    assert {
        "calls.Call",
        "calls.Callback",
        "visits.AbsenceMemo",
        "visits.AssistedVisit",
        "visits.FieldVisit",
        "documents.ReceivedDocument",
        "documents.Notice",
        "feedback.Feedback",
        "corrections.ServiceCorrection",
        "corrections.HandlingDefect",
        "charter.ObligationEvent",
    } <= labels


def test_a_callback_loses_name_and_number_after_the_retention_period_history_too(staff, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    with time_machine.travel(kst(2026, 1, 5, 10), tick=False):
        old = calls.callback_open(
            customer_phone="010-1234-5678",
            customer_name="홍길동",
            question="보증 한도",
            taken_by=staff,
        )
    with time_machine.travel(kst(2026, 2, 1, 10), tick=False):
        recent = calls.callback_open(
            customer_phone="010-8765-4321",
            customer_name="김철수",
            question="상환 일정",
            taken_by=staff,
        )
    counts = personal_data_purge(now=kst(2026, 2, 10, 10))
    assert counts["calls.Callback"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.customer_name, old.customer_phone, old.question) == ("", "", "보증 한도")
    assert recent.customer_name == "김철수"
    assert set(old.history.values_list("customer_name", flat=True)) == {""}
    assert "김철수" in set(Callback.history.values_list("customer_name", flat=True))
    assert personal_data_purge(now=kst(2026, 2, 10, 10))["calls.Callback"] == 0


def test_an_extension_notice_loses_its_recipient(staff, settings):
    opinion = services.obligation_open(
        standard="F1", subject=staff, department=staff.department, starts_at=kst(2026, 12, 1, 10)
    )
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        services.obligation_extend(
            obligation=opinion,
            by=staff.user,
            due_at=kst(2026, 12, 10, 10),
            reason="회신 대기",
            notice_channel="sms",
            notice_to="010-1234-5678",
        )
    out = io.StringIO()
    call_command("purge_personal_data", "--now", "2028-01-01T00:00:00+09:00", stdout=out)
    assert "charter.ObligationEvent 1" in out.getvalue()
    event = ObligationEvent.objects.get()
    assert (event.notice_to, event.notice_text, event.reason) == ("", "", "회신 대기")
