"""The feedback section's rows of the permission matrix (tests/test_permission_matrix.py).

`make` logs, in the department, one record for each URL that acts on one (an action changes
its record: a reply closes an opinion, rules are published once), so that every payload in
POST is valid for staff of the department whichever URL is tried first; every action that
could send a message to the customer uses e-mail, so that a refused one would show in the
outbox. One opinion gets the known tracking number TRACKING_NUMBER, which the public tracking
payloads look up with the customer's e-mail address."""

from feedback import services
from feedback.models import Feedback
from tests.conftest import kst

TRACKING_NUMBER = "GC-2026-MTRX-2222-3333"
TITLES = {"opinion": "주차 안내 표지판 설치 요청", "complaint": "전화 응대가 불친절했습니다"}
CUSTOMER_EMAIL = "hong@example.com"
RECEIVED = kst(2026, 11, 30, 10)


def make(*, department, staff):
    by = staff.user

    def item(kind, **extra):
        return services.feedback_receive(
            kind=kind,
            by=by,
            title=TITLES[kind],
            text="건물 입구에서 주차장 위치를 찾기 어려웠습니다.",
            received_at=RECEIVED,
            channel="web",
            department=department,
            customer_name="홍길동",
            customer_phone="010-1234-5678",
            customer_email=CUSTOMER_EMAIL,
            consent=True,
            **extra,
        )

    def to_correct():
        found = item("complaint")
        services.complaint_record_cause(feedback=found, cause="staff", at=RECEIVED, by=by)
        return found

    def contest(**extra):
        values = {
            "title": "고객만족 아이디어 공모전",
            "department": department,
            "entries_open_at": kst(2027, 1, 10, 9),
            "awards_due_at": kst(2027, 2, 10, 18),
            "by": by,
        }
        values.update(extra)
        return services.contest_create(**values)

    def opened():  # rules published, entries open: the awards can be announced
        return contest(
            rules="대상 1명 100만원",
            rules_published_at=kst(2026, 11, 1, 9),
            entries_open_at=kst(2026, 11, 15, 9),
        )

    shown = item("opinion")
    if not Feedback.objects.filter(tracking_number=TRACKING_NUMBER).exists():
        Feedback.objects.filter(pk=shown.pk).update(tracking_number=TRACKING_NUMBER)
    grievance = item("complaint")
    shown_contest = contest()
    rows = {
        # Pages
        "feedback:detail": shown,
        "feedback:assign": item("opinion", assignee=staff),
        "feedback:cause": item("complaint"),
        "feedback:reply": item("opinion"),
        "feedback:corrective": to_correct(),
        "feedback:contest": shown_contest,
        "feedback:contest_rules": contest(),
        "feedback:contest_awards": opened(),
        # API
        "feedback-opinion-detail": shown,
        "feedback-opinion-assign": item("opinion", assignee=staff),
        "feedback-opinion-reply": item("opinion"),
        "feedback-complaint-detail": grievance,
        "feedback-complaint-assign": item("complaint", assignee=staff),
        "feedback-complaint-reply": item("complaint"),
        "feedback-complaint-cause": item("complaint"),
        "feedback-complaint-corrective-action": to_correct(),
        "feedback-contest-detail": shown_contest,
        "feedback-contest-publish-rules": contest(),
        "feedback-contest-announce-awards": opened(),
    }
    return {name: {"pk": record.pk} for name, record in rows.items()}


_LOGGED = {"title": "상담 시간 연장 요청", "text": "저녁 상담이 있으면 좋겠습니다."}

POST = {
    # Pages (form data). Without a department, staff log for their own.
    "feedback:new": {
        "data": {
            "kind": "opinion",
            "channel": "phone",
            "received_at": "2026-11-30T10:00",
            **_LOGGED,
        },
        "format": None,
    },
    # Assign: the item (assigned to the staff member) is left to nobody in its department.
    "feedback:assign": {"data": {"department": "", "assignee": ""}, "format": None},
    "feedback:cause": {"data": {"cause": "staff"}, "format": None},
    "feedback:reply": {
        "data": {"kind": "result", "channel": "email", "text": "표지판을 설치하겠습니다."},
        "format": None,
    },
    "feedback:corrective": {
        "data": {
            "action": "친절 교육",
            "correction_reference": "",
            "channel": "email",
            "notice": "해당 직원에게 친절 교육을 하였습니다.",
        },
        "format": None,
    },
    "feedback:contest_new": {
        "data": {
            "title": "아이디어 공모전",
            "entries_open_at": "2027-03-10T09:00",
            "awards_due_at": "2027-04-10T18:00",
            "rules": "",
            "rules_published_at": "",
        },
        "format": None,
    },
    "feedback:contest_rules": {"data": {"rules": "대상 1명 100만원"}, "format": None},
    "feedback:contest_awards": {"data": {"awards": "대상: 김민수"}, "format": None},
    # Public pages (a citizen).
    "feedback:submit": {
        "data": {
            "kind": "opinion",
            "department": "",
            "title": "모바일 화면 개선",
            "text": "첨부 버튼이 잘 보이지 않습니다.",
            "customer_name": "김민수",
            "customer_phone": "",
            "customer_email": "minsu@example.com",
            "consent": "on",
            "website": "",
        },
        "format": None,
    },
    "feedback:track": {
        "data": {"number": TRACKING_NUMBER, "contact": CUSTOMER_EMAIL},
        "format": None,
    },
    # API (JSON).
    "feedback-opinion-list": {"data": {**_LOGGED, "channel": "phone"}, "format": "json"},
    "feedback-complaint-list": {"data": {**_LOGGED, "channel": "phone"}, "format": "json"},
    "feedback-opinion-assign": {"data": {"assigned_to": None}, "format": "json"},
    "feedback-complaint-assign": {"data": {"assigned_to": None}, "format": "json"},
    "feedback-opinion-reply": {
        "data": {"kind": "result", "channel": "email", "text": "표지판을 설치하겠습니다."},
        "format": "json",
    },
    "feedback-complaint-reply": {
        "data": {"kind": "progress", "channel": "email", "text": "확인하고 있습니다."},
        "format": "json",
    },
    "feedback-complaint-cause": {"data": {"cause": "facility"}, "format": "json"},
    "feedback-complaint-corrective-action": {
        "data": {"action": "친절 교육", "notice": "교육을 하였습니다.", "channel": "email"},
        "format": "json",
    },
    "feedback-contest-list": {
        "data": {
            "title": "아이디어 공모전",
            "entries_open_at": "2027-03-10T09:00:00+09:00",
            "awards_due_at": "2027-04-10T18:00:00+09:00",
        },
        "format": "json",
    },
    "feedback-contest-publish-rules": {"data": {"rules": "대상 1명"}, "format": "json"},
    "feedback-contest-announce-awards": {"data": {"awards": "대상: 김민수"}, "format": "json"},
    "feedback-track-list": {
        "data": {"number": TRACKING_NUMBER, "contact": CUSTOMER_EMAIL},
        "format": "json",
    },
}

# A citizen's pages: the form, its done page (back to the form without a submission of this
# session), the tracking page, and the tracking API (POST only: a GET is a 405).
PUBLIC = {"feedback:submit", "feedback:submitted", "feedback:track", "feedback-track-list"}
