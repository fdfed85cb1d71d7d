"""Corrections recorded through the services, as the pages and the API record them."""

from charter.models import Obligation
from corrections import services
from tests.conftest import kst


def report(involved, *, received_at=None, by=None, **kwargs):
    """A C1 report about `involved`, recorded by `by` (default: involved's own account, a
    staff member of the department)."""
    values = {
        "by": by or involved.user,
        "received_at": received_at or kst(2026, 12, 1, 10),
        "channel": "phone",
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "customer_email": "hong@example.com",
        "what_happened": "상담 중 말을 끊고 불친절하게 응대함",
        "staff_involved": involved,
    }
    values.update(kwargs)
    return services.service_correction_report(**values)


def correction_values(corrected_by, at, **kwargs):
    """The correction as `corrected_by` records it themselves."""
    values = {
        "by": corrected_by.user,
        "at": at,
        "action": "해당 직원 면담 및 응대 교육",
        "notice_channel": "phone",
        "notice": "시정 조치 결과를 알려 드립니다.",
        "apology": "불편을 드려 죄송합니다.",
    }
    values.update(kwargs)
    return values


def defect(responsible, *, discovered_by=None, discovered_at=None, **kwargs):
    """A C2 defect of `responsible`, recorded by whoever discovered it (default: themselves)."""
    values = {
        "by": (discovered_by or responsible).user,
        "case_reference": "2026-민원-0001",
        "what": "회신문에 보증 한도를 잘못 기재함",
        "discovered_at": discovered_at or kst(2026, 12, 1, 10),
        "responsible": responsible,
        "customer_name": "홍길동",
        "customer_phone": "010-1234-5678",
        "customer_email": "hong@example.com",
    }
    values.update(kwargs)
    return services.handling_defect_report(**values)


def obligations(subject, code):
    return list(Obligation.objects.for_subject(subject).for_standard(code).order_by("id"))
