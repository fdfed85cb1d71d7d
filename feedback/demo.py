"""Demo data of feedback, called by charter.demo.seed_demo (idempotent): four weeks of opinions
and complaints with their replies (a few answered late, a few still overdue) and one contest.
Each item is logged and answered by a staff member of its own department, as the services
require (charter.scope)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from charter.models import Department, StaffMember
from charter.services import breach_scan

from . import services
from .models import Channel, Contest, Feedback, Reply, ReplyChannel

DEMO_CONTEST = "2027 고객만족 아이디어 공모전"
PROGRESS = "접수하신 내용을 담당 부서에서 확인하고 있습니다. 결과는 다시 알려 드리겠습니다."
APOLOGY = "불편을 드려 죄송합니다. 사실관계를 확인하고 있으며, 조치 결과를 곧 알려 드리겠습니다."
CORRECTED = "말씀하신 문제에 대해 재단 규정에 따라 시정조치를 하였습니다. 다시 한 번 사과드립니다."
RULES = "대상 1명 100만원, 최우수 2명 50만원, 우수 5명 20만원. 심사기준: 창의성·실현가능성·효과성."

# kind, title, text, channel, days ago, how it goes: "on_time" | "late" | "open" | "overdue",
# cause (complaints)
ITEMS = [
    (
        "opinion",
        "온라인 보증신청 화면 개선 건의",
        "모바일에서 서류 첨부 버튼이 잘 보이지 않습니다. 버튼을 크게 해 주세요.",
        Channel.WEB,
        27,
        "on_time",
        "",
    ),
    (
        "complaint",
        "상담 대기시간이 너무 깁니다",
        "지난주 방문 때 40분 넘게 기다렸습니다. 번호표 안내도 없었습니다.",
        Channel.VISIT,
        25,
        "on_time",
        "facility",
    ),
    (
        "opinion",
        "주차 안내 표지판 설치 요청",
        "건물 입구에서 주차장 위치를 찾기 어려웠습니다.",
        Channel.PHONE,
        23,
        "late",
        "",
    ),
    (
        "complaint",
        "전화 응대가 불친절했습니다",
        "보증 한도를 문의했는데 설명 없이 전화를 끊었습니다.",
        Channel.PHONE,
        21,
        "on_time",
        "staff",
    ),
    (
        "opinion",
        "보증료 납부 방법 다양화",
        "카드 납부도 가능하면 좋겠습니다.",
        Channel.EMAIL,
        19,
        "on_time",
        "",
    ),
    (
        "complaint",
        "서류 보완 요청이 여러 번 왔습니다",
        "한 번에 알려 주셨으면 두 번 방문하지 않았을 겁니다.",
        Channel.POST,
        17,
        "late",
        "system",
    ),
    (
        "opinion",
        "소상공인 교육 프로그램 확대",
        "저녁 시간대 온라인 교육이 있으면 좋겠습니다.",
        Channel.WEB,
        14,
        "on_time",
        "",
    ),
    (
        "complaint",
        "홈페이지 로그인 오류",
        "공동인증서 로그인이 계속 실패합니다.",
        Channel.WEB,
        12,
        "overdue",
        "other",
    ),
    (
        "opinion",
        "상담 예약 문자 알림 요청",
        "예약 전날 문자로 알려 주시면 좋겠습니다.",
        Channel.WEB,
        10,
        "overdue",
        "",
    ),
    (
        "complaint",
        "지점 안내 전화번호가 틀립니다",
        "홈페이지의 수원지점 번호로 걸면 다른 곳이 받습니다.",
        Channel.EMAIL,
        6,
        "open",
        "",
    ),
    (
        "opinion",
        "휠체어 이용 고객 배려",
        "민원실 출입문이 무거워 혼자 열기 어렵습니다.",
        Channel.VISIT,
        4,
        "open",
        "",
    ),
    (
        "complaint",
        "대출 심사 결과 안내 지연",
        "결과를 언제 알 수 있는지 안내가 없습니다.",
        Channel.PHONE,
        2,
        "open",
        "",
    ),
    (
        "opinion",
        "친절한 상담 감사합니다",
        "고객지원부 직원분의 자세한 설명 덕분에 잘 해결했습니다.",
        Channel.WEB,
        1,
        "open",
        "",
    ),
]

NAMES = [
    "김민수",
    "이서연",
    "박지훈",
    "최수빈",
    "정다은",
    "강현우",
    "조은비",
    "윤지호",
    "장하은",
    "임도윤",
]


def _contact(rng: random.Random, index: int) -> dict:
    name = NAMES[index % len(NAMES)]
    phone = f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}"
    email = f"customer{index + 1}@example.com" if index % 3 == 0 else ""
    return {"customer_name": name, "customer_phone": phone, "customer_email": email}


@transaction.atomic
def seed_demo(*, now: dt.datetime, rng) -> None:
    titles = [item[1] for item in ITEMS]
    if Feedback.objects.filter(title__in=titles, created_by__isnull=False).exists():
        return
    own = random.Random("feedback-demo")  # our own stream: the shared rng may be consumed or not
    staff_by_department = {
        d.pk: list(StaffMember.objects.active().filter(department=d).select_related("user"))
        for d in Department.objects.filter(active=True)[:4]
    }
    departments = [
        d
        for d in Department.objects.filter(pk__in=staff_by_department)
        if staff_by_department[d.pk]
    ]
    if not departments:
        return
    for index, (kind, title, text, channel, days_ago, outcome, cause) in enumerate(ITEMS):
        department = departments[index % len(departments)]
        people = staff_by_department[department.pk]
        assignee = people[index % len(people)]
        user = assignee.user  # who logs and answers it: its own department's staff
        received = now - dt.timedelta(
            days=days_ago, hours=own.randint(0, 6), minutes=own.randint(0, 59)
        )
        feedback = services.feedback_receive(
            kind=kind,
            title=title,
            text=text,
            channel=channel,
            received_at=received,
            department=department,
            assignee=assignee,
            consent=True,
            by=user,
            **_contact(own, index),
        )
        reply_channel = ReplyChannel.PHONE if channel == Channel.PHONE else ReplyChannel.POST
        if kind == Feedback.Kind.COMPLAINT and cause:
            services.complaint_record_cause(
                feedback=feedback, cause=cause, at=received + dt.timedelta(days=1), by=user
            )
        if outcome in ("open", "overdue"):
            if outcome == "open" and kind == Feedback.Kind.COMPLAINT and days_ago > 3:
                services.feedback_reply(
                    feedback=feedback,
                    kind=Reply.Kind.PROGRESS,
                    text=PROGRESS,
                    channel=reply_channel,
                    at=received + dt.timedelta(days=2),
                    by=user,
                )
            continue
        answer_after = dt.timedelta(days=own.randint(2, 6) if outcome == "on_time" else 9)
        if kind == Feedback.Kind.COMPLAINT:
            services.feedback_reply(
                feedback=feedback,
                kind=Reply.Kind.PROGRESS,
                text=APOLOGY,
                channel=reply_channel,
                at=received + answer_after,
                by=user,
            )
            if feedback.needs_correction:
                services.complaint_record_corrective_action(
                    feedback=feedback,
                    action="관련 직원 친절 교육 실시 및 안내 절차 개선",
                    notice=CORRECTED,
                    channel=reply_channel,
                    at=received + answer_after + dt.timedelta(days=3),
                    by=user,
                )
        services.feedback_reply(
            feedback=feedback,
            kind=Reply.Kind.RESULT,
            text="소중한 의견 감사합니다. 검토 결과 말씀하신 내용을 반영하기로 하였습니다.",
            channel=reply_channel,
            at=received + answer_after + dt.timedelta(days=4 if kind == "complaint" else 0),
            by=user,
        )
    if not Contest.objects.filter(title=DEMO_CONTEST).exists():
        organiser = staff_by_department[departments[0].pk][0]
        services.contest_create(
            title=DEMO_CONTEST,
            department=departments[0],
            entries_open_at=now + dt.timedelta(days=10),
            awards_due_at=now + dt.timedelta(days=60),
            rules=RULES,
            rules_published_at=now - dt.timedelta(days=3),
            now=now,
            by=organiser.user,
        )
    breach_scan(now=now)
