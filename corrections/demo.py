"""Demo data of corrections, called by charter.demo.seed_demo (idempotent).

A few weeks of C1 reports and C2 defects, recorded through the services so that their
obligations are real: most on time, a couple late, one of each still open. Each step is done by
a demo user of the record's department, in their own name (as the services require)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from charter.clock import SEOUL
from charter.models import StaffMember

from . import services
from .models import Channel, HandlingDefect, NoticeChannel, ServiceCorrection

# days ago, hour, channel, involved, corrected by (None: open), days to correct, what happened
REPORTS = [
    (
        20,
        10,
        Channel.PHONE,
        "staff3",
        "staff1",
        3,
        "보증 상담 전화에서 퉁명스럽게 응대하고 먼저 전화를 끊었다는 민원",
    ),
    (
        16,
        14,
        Channel.VISIT,
        "staff8",
        "staff6",
        2,
        "창구에서 서류 보완 사유를 설명하지 않고 반려했다는 민원",
    ),
    (
        13,
        11,
        Channel.WEBSITE,
        "staff14",
        "staff13",
        9,
        "상담 예약 시간에 담당자가 자리를 비워 30분 이상 기다렸다는 민원",
    ),
    (
        9,
        15,
        Channel.EMAIL,
        "staff2",
        "manager1",
        4,
        "문의 메일에 성의 없는 한 줄 답변을 보냈다는 민원",
    ),
    (
        2,
        10,
        Channel.PHONE,
        "staff3",
        None,
        0,
        "콜백 약속을 지키지 않고 재문의에도 불친절했다는 민원",
    ),
]
CUSTOMERS = [
    ("김영수", "010-2345-6789"),
    ("박미경", "010-3456-7890"),
    ("이상훈", "010-4567-8901"),
    ("최은정", "031-234-5678"),
    ("정하늘", "010-5678-9012"),
]

# days ago, hour, case, responsible, discovered by, corrected (weekdays later, hour; None:
# open), notified (weekdays after the correction, minutes after its hour), the defect
DEFECTS = [
    (
        18,
        10,
        "2026-민원-0412",
        "staff1",
        "manager1",
        (1, 11),
        (0, 30),
        "회신문에 보증 한도를 잘못 기재함",
    ),
    (15, 11, "2026-민원-0437", "staff7", "manager2", (2, 11), (1, -60), "처리 결과 통지서 누락"),
    (
        11,
        14,
        "2026-민원-0455",
        "staff10",
        "manager3",
        (1, 10),
        (0, 20),
        "접수 처리기간을 잘못 안내함",
    ),
    (
        10,
        9,
        "2026-민원-0478",
        "staff14",
        "manager4",
        (5, 15),
        (0, 10),
        "첨부서류 목록이 바뀌어 발송됨",
    ),
    (1, 10, "2026-민원-0491", "staff1", "staff4", None, None, "민원인 연락처가 잘못 등록됨"),
]


def _weekday_at(now: dt.datetime, days_ago: int, hour: int) -> dt.datetime:
    day = timezone.localtime(now, SEOUL).date() - dt.timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SEOUL)


def _weekdays_later(start: dt.datetime, days: int, hour: int) -> dt.datetime:
    day = start.date()
    while days > 0:
        day += dt.timedelta(days=1)
        days -= day.weekday() < 5
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SEOUL)


def seed_demo(*, now, rng) -> None:
    staff = {s.user.username: s for s in StaffMember.objects.select_related("user", "rank")}
    if not staff:
        return
    if not ServiceCorrection.objects.exists():
        _seed_reports(now, staff)
    if not HandlingDefect.objects.exists():
        _seed_defects(now, staff)


def _seed_reports(now, staff) -> None:
    for (days, hour, channel, involved, corrector, after, what), (name, phone) in zip(
        REPORTS, CUSTOMERS, strict=True
    ):
        received = min(_weekday_at(now, days, hour), now)
        # Recorded by the one who will correct it (the open one: by staff1, who is to).
        recorder = staff[corrector] if corrector else staff["staff1"]
        report = services.service_correction_report(
            by=recorder.user,
            received_at=received,
            channel=channel,
            customer_name=name,
            customer_phone=phone,
            what_happened=what,
            staff_involved=staff[involved],
            assigned_to=recorder,
        )
        if corrector is None:
            continue
        at = min(received + dt.timedelta(days=after, hours=2), now)
        services.service_correction_correct(
            correction=report,
            by=staff[corrector].user,
            at=at,
            action="해당 직원 면담 및 응대 교육 실시, 부서 내 사례 공유",
            notice_channel=NoticeChannel.PHONE,
            notice_at=min(at + dt.timedelta(minutes=30), now),
            notice="담당 직원에 대한 면담과 응대 교육을 마쳤음을 알려 드렸습니다.",
            apology="불편을 드려 진심으로 사과드립니다. 같은 일이 없도록 하겠습니다.",
        )


def _seed_defects(now, staff) -> None:
    for days, hour, case, responsible, finder, corrected_after, notified_after, what in DEFECTS:
        discovered = min(_weekday_at(now, days, hour), now)
        defect = services.handling_defect_report(
            by=staff[finder].user,
            case_reference=case,
            what=what,
            discovered_at=discovered,
            responsible=staff[responsible],
            customer_name="민원인",
            customer_phone="010-9876-5432",
        )
        if corrected_after is None:
            continue
        corrected = min(_weekdays_later(discovered, *corrected_after), now)
        services.handling_defect_correct(
            defect=defect,
            by=staff[responsible].user,
            at=corrected,
            correction="잘못된 내용을 바로잡아 수정본을 다시 발송함",
        )
        services.handling_defect_notify(
            defect=defect,
            by=staff[responsible].user,
            at=min(
                _weekdays_later(corrected, notified_after[0], corrected.hour)
                + dt.timedelta(minutes=notified_after[1]),
                now,
            ),
            channel=NoticeChannel.PHONE,
            text="처리 과정의 잘못을 바로잡았음을 전화로 알려 드림",
        )
