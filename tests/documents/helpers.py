"""Shortcuts for the documents tests: received documents through the services."""

from charter.models import Obligation
from documents import services
from tests.conftest import kst


def d1(department, channel, day):
    return Obligation.objects.get(
        standard__code="D1",
        department=department,
        content_type__model="inboxday",
        object_id__in=department.inbox_days.filter(channel=channel, date=day).values("pk"),
    )


def received(staff, *, at=None, phone="010-1234-5678", email="hong@example.com", **extra):
    return services.document_receive(
        department=staff.department,
        by=staff.user,
        channel=extra.pop("channel", "fax"),
        customer_name=extra.pop("customer_name", "홍길동"),
        customer_phone=phone,
        customer_email=email,
        description=extra.pop("description", "보증신청서 및 사업자등록증 사본"),
        received_at=at or kst(2026, 12, 2, 9, 30),
    )


def obligation(document, code):
    return Obligation.objects.for_subject(document).for_standard(code).get()
