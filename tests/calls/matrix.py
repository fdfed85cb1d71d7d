"""The phone section's rows of the permission matrix (tests/test_permission_matrix.py).

`make` gives the department's staff member a known extension (EXTENSION), so that the payloads
below can name whose call or memo it is the way the phone system does: staff of the department
then log for themselves, a manager or the phone system for their colleague, and staff of
another department are refused (nobody records in another person's name)."""

from calls import services
from calls.models import CallRecord
from charter.models import StaffMember
from tests.conftest import kst

EXTENSION = "4990"  # outside the demo organisation's 77xx


def make(*, department, staff):
    """A call and two open callback memos (one to answer on the page, one through the API)
    in `department`, logged and taken by `staff`."""
    StaffMember.objects.filter(pk=staff.pk).update(extension=EXTENSION)
    staff.extension = EXTENSION
    call = services.call_log(
        by=staff.user,
        started_at=kst(2026, 11, 30, 9, 50),
        answered_at=kst(2026, 11, 30, 9, 50, 5),
        rings=1,
        department=department,
        caller_number="010-1234-5678",
        caller_name="홍길동",
        greeting=True,
    )

    # The phone system's record of that call (personal data: the caller's number).
    CallRecord.objects.create(
        uniqueid=f"matrix-record-{call.pk}",
        start=call.started_at,
        answer=call.answered_at,
        disposition="ANSWERED",
        src="01012345678",
        dst=EXTENSION,
        call=call,
    )

    def memo():
        return services.callback_open(
            by=staff.user,
            department=department,
            customer_name="홍길동",
            customer_phone="010-1234-5678",
            question="보증 심사 결과",
            created_at=kst(2026, 11, 30, 10),
        )

    on_page, through_api = memo(), memo()
    return {
        "calls:callback_answer": {"pk": on_page.pk},
        "call-detail": {"pk": call.pk},
        "callback-detail": {"pk": on_page.pk},
        "callback-answer": {"pk": through_api.pk},
    }


POST = {
    "calls:log": {
        "data": {
            "rings": "2",
            "topic": "보증 문의",
            "greeting": "on",
            "repeated_back": "on",
            "closing": "on",
            "started_at": "2026-11-30T10:05",
            "extension": EXTENSION,
        },
        "format": None,
    },
    "calls:callback_new": {
        "data": {
            "customer_name": "김고객",
            "customer_phone": "010-2222-3333",
            "question": "보증서 발급",
            "created_at": "2026-11-30T10:10",
        },
        "format": None,
    },
    "calls:callback_answer": {
        "data": {
            "summary": "결과를 안내했습니다.",
            "greeting": "on",
            "identified": "on",
            "verified": "on",
            "answered_at": "2026-11-30T10:30",
        },
        "format": None,
    },
    "call-list": {
        "data": {
            "started_at": "2026-11-30T10:05:00+09:00",
            "answered_at": "2026-11-30T10:05:06+09:00",
            "rings": 2,
            "extension": EXTENSION,
            "greeting": True,
            "repeated_back": True,
            "closing": True,
        },
        "format": "json",
    },
    "call-cdr": {
        "data": [
            {
                "uniqueid": "matrix-1",
                "start": "2026-11-30 10:05:00",
                "answer": "2026-11-30 10:05:04",
                "disposition": "ANSWERED",
                "dst": EXTENSION,
            }
        ],
        "format": "json",
    },
    "callback-list": {
        "data": {
            "customer_name": "김고객",
            "customer_phone": "010-2222-3333",
            "question": "보증서 발급",
            "extension": EXTENSION,
            "created_at": "2026-11-30T10:10:00+09:00",
        },
        "format": "json",
    },
    "callback-answer": {
        "data": {
            "summary": "결과를 안내했습니다.",
            "greeting": True,
            "identified": True,
            "verified": True,
            "answered_at": "2026-11-30T10:30:00+09:00",
        },
        "format": "json",
    },
}

PUBLIC: set[str] = set()  # no public pages: the phone section is for staff and the phone system
