"""D2–D4: received documents, their confirmation and what an incomplete one sets going."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from charter.models import Obligation
from documents import services
from documents.models import ReceivedDocument
from tests.conftest import kst

from .helpers import obligation, received

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(kst(2026, 12, 8, 12), tick=False):
        yield


def test_confirming_opens_a_receipt_notice_due_30_business_minutes_later(staff):
    document = received(staff)
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 10))
    d2 = obligation(document, "D2")
    assert d2.status == Obligation.Status.OPEN
    assert d2.responsible == staff
    assert d2.due_at == kst(2026, 12, 2, 10, 30)


def test_documents_confirmed_at_1750_on_a_friday_are_notified_by_0920_on_monday(staff):
    document = received(staff, at=kst(2026, 12, 4, 17, 40))
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 4, 17, 50))
    assert obligation(document, "D2").due_at == kst(2026, 12, 7, 9, 20)


def test_confirming_twice_or_before_arrival_is_refused(staff):
    document = received(staff, at=kst(2026, 12, 2, 10))
    with pytest.raises(ValidationError) as error:
        services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 9, 59))
    assert "confirmed_at" in error.value.message_dict
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 10, 5))
    with pytest.raises(ValidationError):
        services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 10, 6))
    assert Obligation.objects.for_standard("D2").count() == 1


def test_incomplete_documents_processed_after_telling_the_customer_tick_d3(staff):
    document = received(staff)
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 10))
    services.document_mark_incomplete(
        document=document,
        by=staff.user,
        processed_what_can=True,
        blocked=False,
        at=kst(2026, 12, 2, 10, 20),
    )
    d3 = obligation(document, "D3")
    assert d3.status == Obligation.Status.MET
    assert d3.met_at == kst(2026, 12, 2, 10, 20)
    assert not Obligation.objects.for_subject(document).for_standard("D4").exists()


def test_not_processing_what_could_be_processed_is_a_d3_breach(staff):
    document = received(staff)
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 10))
    services.document_mark_incomplete(
        document=document, by=staff.user, processed_what_can=False, blocked=False
    )
    assert obligation(document, "D3").status == Obligation.Status.BREACHED


def test_blocked_documents_need_a_deficiency_notice_within_one_business_day(staff):
    document = received(staff)
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 4, 10))
    services.document_mark_incomplete(
        document=document,
        by=staff.user,
        processed_what_can=True,
        blocked=True,
        missing_items="국세 완납증명서",
        how_to_prepare="홈택스에서 발급",
        at=kst(2026, 12, 4, 15, 30),
    )
    d4 = obligation(document, "D4")
    assert d4.status == Obligation.Status.OPEN
    assert d4.due_at == kst(2026, 12, 7, 15, 30)  # Friday 15:30 -> Monday 15:30


def test_blocked_documents_without_the_missing_items_are_refused(staff):
    document = received(staff)
    services.document_confirm(document=document, by=staff.user, at=kst(2026, 12, 2, 10))
    with pytest.raises(ValidationError) as error:
        services.document_mark_incomplete(
            document=document, by=staff.user, processed_what_can=True, blocked=True
        )
    assert "missing_items" in error.value.message_dict
    document.refresh_from_db()
    assert document.incomplete_at is None
    assert not Obligation.objects.for_subject(document).for_standard("D3").exists()


def test_unconfirmed_documents_cannot_be_marked_incomplete(staff):
    document = received(staff)
    with pytest.raises(ValidationError):
        services.document_mark_incomplete(
            document=document, by=staff.user, processed_what_can=True, blocked=False
        )


@pytest.mark.parametrize(
    ("phone", "email", "field"),
    [
        ("12-34", "", "customer_phone"),
        ("", "not-an-address", "customer_email"),
        ("", "", "customer_phone"),
    ],
)
def test_a_bad_or_missing_contact_is_refused_and_nothing_stored(staff, phone, email, field):
    with pytest.raises(ValidationError) as error:
        received(staff, phone=phone, email=email)
    assert field in error.value.message_dict
    assert not ReceivedDocument.objects.exists()


def test_documents_arriving_in_the_future_are_refused(staff):
    with pytest.raises(ValidationError) as error:
        received(staff, at=kst(2026, 12, 8, 13))
    assert "received_at" in error.value.message_dict


def test_a_phone_is_stored_without_spaces(staff):
    document = received(staff, phone="010 1234 5678", email="")
    assert document.customer_phone == "01012345678"
