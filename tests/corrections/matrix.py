"""The corrections app's entries for the project-wide permission-matrix test.

`make(department=, staff=)` creates the records and returns the reverse kwargs of every URL name
of this app that takes arguments; `POST` holds a valid payload for each URL that takes POST, for
staff of the record's department; `PUBLIC` the URL names an anonymous citizen may GET (none: the
corrections pages are staff pages).

The report payloads (page forms and API create) name staff members, whose ids only exist once
`make` has run: `make` writes them into `POST` (the staff member involved, the responsible
one), so use `POST` after calling `make` for the department whose staff post.
"""

from __future__ import annotations

import datetime as dt

from charter.clock import SEOUL
from charter.models import Rank
from corrections import services
from tests import factories

# Well in the past (the services refuse times in the future), in the order the steps happen.
RECEIVED = dt.datetime(2026, 6, 1, 10, tzinfo=SEOUL)  # a Monday
CORRECTED = dt.datetime(2026, 6, 2, 10, tzinfo=SEOUL)

PUBLIC: set[str] = set()

POST = {
    # C1: report unkind service about `involved` (make() fills in the id) ...
    "corrections:service_report": {
        "data": {
            "received_at": "2026-06-01T10:00",
            "channel": "visit",
            "staff_involved": None,
            "what_happened": "창구에서 불친절하게 응대함",
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
        },
        "format": None,
    },
    "service-correction-list": {
        "data": {
            "received_at": "2026-06-01T10:00:00+09:00",
            "channel": "phone",
            "staff_involved": None,
            "what_happened": "전화 상담 중 불친절하게 응대함",
            "customer_name": "홍길동",
            "customer_phone": "010-1234-5678",
        },
        "format": "json",
    },
    # ... and correct it, in one's own name (staff outrank the staff member involved).
    "corrections:service_correct": {
        "data": {
            "at": "2026-06-02T10:00",
            "action": "해당 직원 면담 및 응대 교육",
            "notice_channel": "phone",
            "notice": "시정 조치 결과를 알려 드립니다.",
            "apology": "불편을 드려 죄송합니다.",
        },
        "format": None,
    },
    "service-correction-correct": {
        "data": {
            "corrected_at": "2026-06-02T10:00:00+09:00",
            "action": "해당 직원 면담 및 응대 교육",
            "notice_channel": "phone",
            "notice": "시정 조치 결과를 알려 드립니다.",
            "apology": "불편을 드려 죄송합니다.",
        },
        "format": "json",
    },
    # C2: record a defect of `staff` (make() fills in the id), correct it, notify the customer.
    "corrections:defect_report": {
        "data": {
            "case_reference": "2026-민원-0900",
            "what": "회신문에 보증 한도를 잘못 기재함",
            "discovered_at": "2026-06-01T10:00",
            "responsible": None,
        },
        "format": None,
    },
    "handling-defect-list": {
        "data": {
            "case_reference": "2026-민원-0901",
            "what": "처리 결과 통지서 누락",
            "discovered_at": "2026-06-01T10:00:00+09:00",
            "responsible": None,
        },
        "format": "json",
    },
    "corrections:defect_correct": {
        "data": {"at": "2026-06-02T10:00", "correction": "수정본을 다시 발송함"},
        "format": None,
    },
    "handling-defect-correct": {
        "data": {"corrected_at": "2026-06-02T10:00:00+09:00", "correction": "수정본을 다시 발송함"},
        "format": "json",
    },
    "corrections:defect_notify": {
        "data": {"at": "2026-06-02T11:00", "channel": "phone", "text": "정정 결과를 안내함"},
        "format": None,
    },
    "handling-defect-notify": {
        "data": {
            "notified_at": "2026-06-02T11:00:00+09:00",
            "channel": "phone",
            "text": "정정 결과를 안내함",
        },
        "format": "json",
    },
}


def _report(staff, involved):
    return services.service_correction_report(
        by=staff.user,
        received_at=RECEIVED,
        channel="phone",
        customer_name="홍길동",
        customer_phone="010-1234-5678",
        customer_email="hong@example.com",
        what_happened="상담 중 말을 끊고 불친절하게 응대함",
        staff_involved=involved,
    )


def _defect(staff, *, corrected=False):
    defect = services.handling_defect_report(
        by=staff.user,
        case_reference="2026-민원-0800",
        what="회신문에 보증 한도를 잘못 기재함",
        discovered_at=RECEIVED,
        responsible=staff,
        customer_name="홍길동",
        customer_phone="010-1234-5678",
        customer_email="hong@example.com",
    )
    if corrected:
        services.handling_defect_correct(
            defect=defect, by=staff.user, at=CORRECTED, correction="수정본을 다시 발송함"
        )
    return defect


def make(*, department, staff):
    """One record of each kind (and state) in `department`; `staff` may correct them all."""
    lower = Rank.objects.filter(order__lt=staff.rank.order).order_by("-order").first()
    assert lower is not None, "C1 needs someone of a lower rank than `staff` to correct"
    involved = factories.StaffMemberFactory(department=department, role="staff", rank=lower)
    for name in ("corrections:service_report", "service-correction-list"):
        POST[name]["data"]["staff_involved"] = involved.pk
    for name in ("corrections:defect_report", "handling-defect-list"):
        POST[name]["data"]["responsible"] = staff.pk

    page_report, api_report = _report(staff, involved), _report(staff, involved)
    page_defect, api_defect = _defect(staff), _defect(staff)
    page_corrected, api_corrected = _defect(staff, corrected=True), _defect(staff, corrected=True)
    return {
        "corrections:service_detail": {"pk": page_report.pk},
        "corrections:service_correct": {"pk": page_report.pk},
        "corrections:defect_detail": {"pk": page_defect.pk},
        "corrections:defect_correct": {"pk": page_defect.pk},
        "corrections:defect_notify": {"pk": page_corrected.pk},
        "service-correction-detail": {"pk": api_report.pk},
        "service-correction-correct": {"pk": api_report.pk},
        "handling-defect-detail": {"pk": api_defect.pk},
        "handling-defect-correct": {"pk": api_defect.pk},
        "handling-defect-notify": {"pk": api_corrected.pk},
    }
