"""Demo data of calls, called by charter.demo.seed_demo (idempotent: skipped once any call
exists). About three weeks of business days for the demo staff: most calls answered within the
limit, some after 3–5 rings, a few missed (their callers get a memo), callbacks mostly on time
and some late, and a few memos still open for staff1 today."""

import datetime as dt

from django.utils import timezone

from charter.calendars import calendar_of, load_calendar
from charter.clock import SEOUL
from charter.demo import STAFF
from charter.models import StaffMember

from . import services
from .models import Call

FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = [
    "민수",
    "서연",
    "지훈",
    "하은",
    "도윤",
    "수빈",
    "예준",
    "지우",
    "현우",
    "유진",
    "태호",
    "미영",
]
TOPICS = [
    "보증 신청 서류 문의",
    "보증료 납부 방법",
    "대출 상환 일정 확인",
    "소상공인 특례보증 자격",
    "보증서 발급 진행 상황",
    "상담 예약 변경",
    "지점 위치와 운영 시간",
    "기한 연장 절차",
]
ANSWERS = [
    "필요 서류 목록을 안내하고 문자로도 보내드렸습니다.",
    "담당자 확인 후 진행 상황을 설명드렸습니다.",
    "신청 자격과 절차를 안내했습니다.",
    "상담 일정을 다시 잡아드렸습니다.",
]


def _customer(rng):
    name = rng.choice(FAMILY) + rng.choice(GIVEN)
    phone = f"010-{rng.randint(2000, 9999)}-{rng.randint(1000, 9999)}"
    return name, phone


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=SEOUL) + dt.timedelta(minutes=minutes)


def _log_call(member, started, rng, now):
    roll = rng.random()
    if roll < 0.83:
        rings, answered = rng.choice([1, 1, 2, 2, 2]), True
    elif roll < 0.95:
        rings, answered = rng.randint(3, 5), True
    else:
        rings, answered = rng.randint(5, 9), False
    name, phone = _customer(rng)
    known = rng.random() < 0.8
    call = services.call_log(
        by=member.user,  # each demo member logs their own calls
        started_at=started,
        answered_at=started + dt.timedelta(seconds=3 * rings) if answered else None,
        rings=rings,
        staff=member,
        caller_number=phone if known else "",
        caller_name=name if known and rng.random() < 0.5 else "",
        topic=rng.choice(TOPICS),
        greeting=rng.random() < 0.96,
        repeated_back=rng.random() < 0.9,
        transferred=rng.random() < 0.08,
        closing=rng.random() < 0.92,
        now=now,
    )
    return call


def _answer(memo, member, rng, now, *, late_share=0.15):
    minutes = rng.randint(70, 200) if rng.random() < late_share else rng.randint(5, 50)
    at = memo.created_at + dt.timedelta(minutes=minutes)
    if at > now:
        return
    checks = rng.random() < 0.9
    services.callback_answer(
        callback=memo,
        by=member.user,
        answered_at=at,
        summary=rng.choice(ANSWERS),
        greeting=True,
        identified=checks or rng.random() < 0.5,
        verified=checks,
        now=now,
    )


def seed_demo(*, now, rng) -> None:
    if Call.objects.exists():
        return
    usernames = [row[0] for row in STAFF]
    members = list(
        StaffMember.objects.active()
        .filter(user__username__in=usernames)
        .select_related("department", "rank", "user")
    )
    if not members:
        return
    clock = load_calendar(calendar_of(None))
    today = timezone.localdate(now)
    for day in clock.working_days(today - dt.timedelta(days=21), today):
        for member in members:
            is_manager = member.user.username.startswith("manager")
            for _n in range(rng.randint(0, 1) if is_manager else rng.randint(1, 2)):
                started = _at(day, rng.randint(5, 8 * 60 + 40))
                if started > now:
                    continue
                call = _log_call(member, started, rng, now)
                memo = getattr(call, "callback", None) if call.answered_at is None else None
                if memo is not None and day < today:
                    _answer(memo, member, rng, now)
            if not is_manager and rng.random() < 0.35:
                created = _at(day, rng.randint(10, 8 * 60 + 30))
                if created > now or day == today:
                    continue
                name, phone = _customer(rng)
                memo = services.callback_open(
                    by=member.user,
                    customer_name=name,
                    customer_phone=phone,
                    question=rng.choice(TOPICS),
                    created_at=created,
                    now=now,
                )
                _answer(memo, member, rng, now, late_share=0.2)
    # A few memos still open for staff1 today: one fresh, one nearly due, one overdue.
    staff1 = next((m for m in members if m.user.username == "staff1"), None)
    if staff1 is None:
        return
    _phone_system_records(staff1, now, rng)
    for minutes_ago in (10, 45, 150):
        name, phone = _customer(rng)
        services.callback_open(
            by=staff1.user,
            customer_name=name,
            customer_phone=phone,
            question=rng.choice(TOPICS),
            created_at=now - dt.timedelta(minutes=minutes_ago),
            now=now,
        )


def _phone_system_records(member, now, rng) -> None:
    """This morning's records from the phone system for `member`'s extension (answered after
    1 to 4 rings, one missed from a customer's number) and one for an extension nobody has."""
    if not member.extension:
        return
    start = now.replace(second=0, microsecond=0) - dt.timedelta(minutes=50)
    records = []
    for n, seconds in enumerate((1, 4, 7, 10, None)):
        at = start + dt.timedelta(minutes=7 * n)
        _name, phone = _customer(rng)
        records.append(
            {
                "uniqueid": f"demo-{at:%Y%m%d%H%M}.{n}",
                "start": at,
                "answer": None if seconds is None else at + dt.timedelta(seconds=seconds),
                "end": at + dt.timedelta(seconds=(seconds or 20) + 120),
                "disposition": "NO ANSWER" if seconds is None else "ANSWERED",
                "src": phone.replace("-", ""),
                "dst": member.extension,
            }
        )
    _name, phone = _customer(rng)
    records.append(
        {
            "uniqueid": f"demo-{start:%Y%m%d%H%M}.unknown",
            "start": start + dt.timedelta(minutes=3),
            "answer": start + dt.timedelta(minutes=3, seconds=2),
            "disposition": "ANSWERED",
            "src": phone.replace("-", ""),
            "dst": "0999",
        }
    )
    services.call_ingest_cdr(by=member.user, records=records, now=now)
