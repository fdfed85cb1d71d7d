"""Demo data of documents, called by charter.demo.seed_demo (idempotent).

Three weeks of inbox checks (most days three per channel, some days two: a D1 breach),
documents received by fax, e-mail and post with receipt notices mostly on time and some late,
a few incomplete ones with deficiency notices. Everything goes through documents.services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from charter.calendars import calendar_of, load_calendar
from charter.models import Department, StaffMember
from charter.services import breach_scan

from . import services
from .models import Channel, InboxCheck, NoticeChannel, ReceivedDocument

DAYS = 21
CUSTOMERS = [
    ("김영희", "010-2345-6789", "younghee.kim@example.com"),
    ("박철수", "010-3456-7890", ""),
    ("이순자", "010-4567-8901", "soonja.lee@example.net"),
    ("최민호", "010-5678-9012", "minho@example.org"),
    ("정다은", "031-245-1234", ""),
    ("한상우", "010-7890-1234", "sangwoo.han@example.com"),
    ("오미경", "010-8901-2345", ""),
    ("윤재석", "010-9012-3456", "jaeseok.yoon@example.com"),
]
WHAT = [
    "보증신청서 및 사업자등록증 사본",
    "재무제표(최근 2년)",
    "부가가치세 과세표준증명원",
    "임대차계약서 사본",
    "대표자 신분증 사본 및 인감증명서",
    "보증서 발급 신청 추가서류",
]
MISSING = [
    ("국세 완납증명서", "홈택스 또는 가까운 세무서에서 발급받아 팩스(031-259-7799)로 보내 주세요."),
    ("법인 등기사항전부증명서", "인터넷등기소에서 발급받아 이메일로 보내 주세요."),
]


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())
    return start + dt.timedelta(minutes=minute)


def seed_demo(*, now, rng) -> None:
    departments = list(Department.objects.filter(active=True).order_by("order", "pk"))
    if not departments:
        return
    staff = {
        d.pk: list(
            StaffMember.objects.active().in_department(d).select_related("department", "user")
        )
        for d in departments
    }
    calendar = load_calendar(calendar_of(departments[0]))
    today = timezone.localtime(now).date()
    days = calendar.working_days(today - dt.timedelta(days=DAYS), today)
    limit = now - dt.timedelta(minutes=5)
    for day in days:
        services.inbox_day_open(day=day)
        _inbox_checks(day, departments, staff, rng, limit)
    if not ReceivedDocument.objects.exists():
        _documents(days, departments[:2], staff, rng, limit)
    breach_scan(now=now)


def _inbox_checks(day, departments, staff, rng, limit):
    for department in departments:
        people = staff[department.pk]
        if not people:
            continue
        for channel in Channel.values:
            if InboxCheck.objects.filter(
                department=department, channel=channel, checked_at__date=day
            ).exists():
                continue
            count = 2 if rng.random() < 0.08 else 3
            slots = [(9, 10, 50), (13, 0, 40), (16, 30, 40)][:count]
            for hour, start, span in slots:
                at = _at(day, hour, start + rng.randrange(span))
                if at > limit:
                    break
                services.inbox_check_record(
                    by=rng.choice(people).user, channel=channel, checked_at=at
                )


def _documents(days, departments, staff, rng, limit):
    for day in days:
        for department in departments:
            people = staff[department.pk]
            if not people:
                continue
            for _n in range(rng.choice([1, 2, 2, 3])):
                _document(day, department, people, rng, limit)
    # Two that just arrived and wait for staff to confirm them.
    for minutes, (name, phone, email) in ((20, CUSTOMERS[0]), (45, CUSTOMERS[3])):
        if not staff[departments[0].pk]:
            break
        services.document_receive(
            by=staff[departments[0].pk][0].user,
            department=departments[0],
            channel=Channel.FAX if minutes == 20 else Channel.EMAIL,
            customer_name=name,
            customer_phone=phone,
            customer_email=email,
            description=WHAT[minutes % len(WHAT)],
            received_at=limit - dt.timedelta(minutes=minutes),
        )


def _document(day, department, people, rng, limit):
    name, phone, email = rng.choice(CUSTOMERS)
    received = _at(day, rng.randrange(9, 17), rng.randrange(60))
    if received > limit:
        return
    clerk = rng.choice(people)
    document = services.document_receive(
        by=clerk.user,
        department=department,
        channel=rng.choice(Channel.values),
        customer_name=name,
        customer_phone=phone,
        customer_email=email,
        description=rng.choice(WHAT),
        received_at=received,
    )
    if received > limit - dt.timedelta(hours=2):
        return  # the last ones of today wait for staff to confirm them
    confirmed = received + dt.timedelta(minutes=rng.randrange(5, 60))
    services.document_confirm(document=document, by=clerk.user, at=confirmed)
    late = rng.random() < 0.15
    delay = rng.randrange(40, 120) if late else rng.randrange(3, 25)
    notified = confirmed + dt.timedelta(minutes=delay)
    if notified <= limit:
        services.notice_send(
            document=document,
            kind="receipt",
            channel=NoticeChannel.PHONE,
            by=clerk.user,
            sent_at=notified,
        )
    if rng.random() < 0.12:
        blocked = rng.random() < 0.6
        missing, how = rng.choice(MISSING)
        found = confirmed + dt.timedelta(minutes=rng.randrange(10, 60))
        if found > limit:
            return
        services.document_mark_incomplete(
            document=document,
            by=clerk.user,
            processed_what_can=rng.random() < 0.85,
            blocked=blocked,
            missing_items=missing if blocked else "",
            how_to_prepare=how if blocked else "",
            at=found,
        )
        if blocked:
            hours = rng.choice([2, 5, 30]) if rng.random() < 0.8 else 50
            sent = found + dt.timedelta(hours=hours)
            if sent <= limit:
                services.notice_send(
                    document=document,
                    kind="deficiency",
                    channel=rng.choice([NoticeChannel.PHONE, NoticeChannel.FAX]),
                    by=clerk.user,
                    to=document.customer_phone,
                    sent_at=sent,
                )
