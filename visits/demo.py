"""Demo data of visits, called by charter.demo.seed_demo (idempotent).

Three weeks of reception tickets in every department (mostly in order, a few out-of-order
calls with and without a reason, a few missing or overrun estimates), absent-staff memos,
assisted-visit bookings, field visits, and today's queue at 고객지원부 with customers waiting.
Everything goes through visits.services, so the obligations are the real ones, and each action
is taken by a demo user of the record's department in their own name (`by=member.user`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from charter.clock import SEOUL
from charter.models import Department, StaffMember
from charter.services import breach_scan

from . import services
from .models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket, business_date

PURPOSES = ["보증 상담", "서류 제출", "대출 상환 문의", "보증서 발급", "사업자 변경 신고", ""]
CUSTOMERS = ["김영수", "이순자", "박철민", "최미경", "정대현", "강은희", "윤상호", "장미란"]
PHONES = ["010-2345-6789", "010-3456-7890", "031-234-5678", "010-9876-5432"]
COMPANIES = ["한빛식품", "수원정밀", "다온카페", "경기기계", "푸른꽃집", "새벽베이커리"]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SEOUL)


def _past_weekdays(today: dt.date, count: int) -> list[dt.date]:
    days, day = [], today
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return list(reversed(days))


def _history_of_tickets(days, departments, staff_by_dept, rng) -> None:
    for day in days:
        for department in departments:
            desk = staff_by_dept[department.pk]
            if not desk:
                continue
            minute = 0
            for _n in range(rng.randint(3, 7)):
                minute += rng.randint(5, 35)
                services.ticket_take(
                    department=department,
                    by=desk[0].user,
                    at=_at(day, 9, 0) + dt.timedelta(minutes=minute),
                    purpose=rng.choice(PURPOSES),
                )
            tickets = list(Ticket.objects.of_day(department, day).in_arrival_order())
            clock = tickets[0].arrived_at + dt.timedelta(minutes=rng.randint(1, 5))
            order = list(tickets)
            if len(order) > 2 and rng.random() < 0.3:
                order[1], order[2] = order[2], order[1]  # someone called out of turn
            for ticket in order:
                by = rng.choice(desk).user
                clock = max(clock, ticket.arrived_at) + dt.timedelta(minutes=rng.randint(1, 4))
                if rng.random() < 0.04:
                    services.ticket_leave(ticket=ticket, by=by, at=clock)
                    continue
                earlier = Ticket.objects.filter(
                    department=department,
                    business_date=day,
                    status="waiting",
                    number__lt=ticket.number,
                ).exists()
                reason = ""
                if earlier and rng.random() < 0.5:
                    reason = rng.choice(["임산부 우선", "장애인 고객 우선 응대", "예약 고객"])
                services.ticket_call(ticket=ticket, by=by, at=clock, priority_reason=reason)
                estimate = None if rng.random() < 0.08 else rng.choice([10, 15, 20, 30])
                clock += dt.timedelta(minutes=1)
                services.ticket_serve(ticket=ticket, by=by, at=clock, estimate_minutes=estimate)
                took = (estimate or 15) + rng.choice([-8, -6, -5, -4, -3, -2, 0, 0, 0, 4, 9])
                clock += dt.timedelta(minutes=max(3, took))
                services.ticket_complete(
                    ticket=ticket,
                    by=by,
                    at=clock,
                    greeted=rng.random() > 0.05,
                    greeted_first=rng.random() > 0.08,
                    asked_further=rng.random() > 0.1,
                )


def _todays_queue(department, desk, now, rng) -> None:
    """A morning in progress: two served, one at the desk, a few waiting."""
    day = business_date(now)
    start = max(_at(day, 9, 0), now - dt.timedelta(hours=2))
    if start >= now:
        start = now - dt.timedelta(minutes=40)
    step = (now - start) / 8
    by = desk[0].user
    tickets = [
        services.ticket_take(department=department, by=by, at=start + step * i, purpose=purpose)
        for i, purpose in enumerate(
            ["보증 상담", "서류 제출", "보증서 발급", "보증 상담", "대출 상환 문의", ""]
        )
    ]
    for ticket in tickets[:2]:
        at = ticket.arrived_at + step / 2
        services.ticket_call(ticket=ticket, by=by, at=at)
        services.ticket_serve(ticket=ticket, by=by, at=at, estimate_minutes=15)
        services.ticket_complete(
            ticket=ticket,
            by=by,
            at=min(now, at + step / 2),
            greeted=True,
            greeted_first=True,
            asked_further=True,
        )
    services.ticket_call(ticket=tickets[2], by=by, at=tickets[2].arrived_at + step / 2)


def _memos(days, staff_by_dept, now, rng) -> None:
    teams = [team for team in staff_by_dept.values() if len(team) >= 2]
    if not teams:
        return
    for i, day in enumerate(days[::3]):
        absent, colleague = rng.sample(rng.choice(teams), 2)
        at = _at(day, rng.randint(9, 15), rng.choice([0, 20, 40]))
        kwargs = {
            "absent_staff": absent,
            "reason": rng.choice(["leave", "trip", "field", "meeting"]),
            "customer_name": rng.choice(CUSTOMERS),
            "customer_phone": rng.choice(PHONES),
            "matter": rng.choice(["보증 연장 상담", "상환 일정 문의", "서류 보완 안내 요청"]),
            "by": colleague.user,
            "at": at,
        }
        if i % 3 == 0:
            services.absence_memo_create(handled_by=colleague, **kwargs)
            continue
        memo = services.absence_memo_create(
            contact_at=at + dt.timedelta(hours=rng.choice([2, 4, 24])), **kwargs
        )
        late = dt.timedelta(minutes=rng.choice([-30, -10, -5, 20]))
        services.absence_memo_contact(
            memo=memo, by=absent.user, at=min(now, max(at, memo.contact_at + late))
        )
    # One still to call back today, for staff1 (이민지), noted by a colleague of hers.
    staff = [member for team in staff_by_dept.values() for member in team]
    staff1 = next((s for s in staff if s.user.username == "staff1"), teams[0][0])
    colleague = next(s for s in staff_by_dept[staff1.department_id] if s.pk != staff1.pk)
    services.absence_memo_create(
        absent_staff=staff1,
        reason="field",
        customer_name="홍길동",
        customer_phone="010-1234-5678",
        matter="보증 한도 증액 상담",
        by=colleague.user,
        at=now - dt.timedelta(minutes=30),
        contact_at=now + dt.timedelta(hours=3),
    )


def _assisted(days, departments, staff_by_dept, now, rng) -> None:
    departments = [d for d in departments if staff_by_dept[d.pk]]
    if not departments:
        return
    for day in days[::4]:
        department = rng.choice(departments)
        team = staff_by_dept[department.pk]
        at = _at(day, 10)
        visit = services.assisted_visit_create(
            customer_name=rng.choice(CUSTOMERS),
            customer_phone=rng.choice(PHONES),
            department=department,
            booked_at=at + dt.timedelta(days=1, hours=rng.randint(0, 5)),
            needs=rng.choice(["휠체어 이용", "청각 장애: 필담 필요", "고령: 서류 작성 도움"]),
            by=rng.choice(team).user,
            at=at,
        )
        late = rng.random() < 0.2
        when = visit.booked_at + dt.timedelta(minutes=30) if late else at + dt.timedelta(hours=3)
        services.assisted_visit_assign(
            visit=visit, staff=rng.choice(team), by=visit.recorded_by.user, at=min(when, now)
        )
    support = departments[0]
    team = staff_by_dept[support.pk]
    today = business_date(now)
    for hour, needs, assign in (
        (14, "휠체어 이용, 1층 상담실", True),
        (16, "고령: 서류 작성 도움", False),
    ):
        booked = _at(today, hour)
        if booked <= now:
            booked = now + dt.timedelta(hours=1 + (hour - 14))
        visit = services.assisted_visit_create(
            customer_name=rng.choice(CUSTOMERS),
            customer_phone=rng.choice(PHONES),
            department=support,
            booked_at=booked,
            needs=needs,
            by=team[0].user,
            at=now - dt.timedelta(days=1),
        )
        if assign:
            services.assisted_visit_assign(
                visit=visit,
                staff=team[1 % len(team)],
                by=team[0].user,
                at=now - dt.timedelta(hours=20),
            )


def _field_visits(days, staff, now, rng) -> None:
    for day in days[1::2]:
        member = rng.choice(staff)
        planned = _at(day, 9) - dt.timedelta(days=2)
        visit = services.field_visit_create(
            company=rng.choice(COMPANIES),
            contact_name=rng.choice(CUSTOMERS),
            contact_phone=rng.choice(PHONES),
            purpose=rng.choice(["현장 실사", "보증 상담", "사후 관리"]),
            scheduled_at=_at(day, rng.choice([10, 11, 14, 15])),
            by=member.user,
            at=planned,
        )
        services.field_visit_record_notice(
            visit=visit,
            by=member.user,
            method=rng.choice(["document", "phone"]),
            notified_at=planned + dt.timedelta(hours=1),
        )
        consent = planned + dt.timedelta(hours=3)
        if rng.random() < 0.15:
            consent = visit.scheduled_at + dt.timedelta(minutes=10)  # agreed only at the door
        services.field_visit_record_consent(visit=visit, by=member.user, consented_at=consent)
        services.field_visit_record(
            visit=visit,
            by=member.user,
            arrived_at=visit.scheduled_at
            + dt.timedelta(minutes=rng.choice([-5, 0, 3, 8, 10, 14, 25])),
            id_shown=rng.random() > 0.05,
            results_explained=rng.random() > 0.08,
            card_left=rng.random() > 0.12,
            closing_done=rng.random() > 0.05,
            at=visit.scheduled_at + dt.timedelta(hours=1),
        )
    staff1 = next((s for s in staff if s.user.username == "staff1"), staff[0])
    later = max(now + dt.timedelta(hours=2), _at(business_date(now), 15))
    if business_date(later) != business_date(now):
        later = now + dt.timedelta(minutes=30)
    visit = services.field_visit_create(
        company="한빛식품",
        contact_name="오하늘",
        contact_phone="031-555-1234",
        purpose="보증 현장 실사",
        scheduled_at=later,
        by=staff1.user,
        at=now - dt.timedelta(days=1),
    )
    services.field_visit_record_notice(
        visit=visit, by=staff1.user, method="phone", notified_at=now - dt.timedelta(hours=20)
    )
    services.field_visit_create(
        company="다온카페",
        contact_name="서민호",
        purpose="사후 관리 방문",
        scheduled_at=now + dt.timedelta(days=2),
        by=staff1.user,
        at=now - dt.timedelta(hours=1),
    )


def seed_demo(*, now, rng) -> None:
    departments = list(Department.objects.filter(active=True).order_by("order"))
    staff = list(StaffMember.objects.active().select_related("department", "user"))
    if not departments or not staff:
        return
    staff_by_dept = {d.pk: [s for s in staff if s.department_id == d.pk] for d in departments}
    today = business_date(now)
    days = _past_weekdays(today, 15)
    with transaction.atomic():
        if not Ticket.objects.filter(business_date__lt=today).exists():
            _history_of_tickets(days, departments, staff_by_dept, rng)
        support = next((d for d in departments if d.name == "고객지원부"), departments[0])
        desk = staff_by_dept[support.pk]
        if desk and not Ticket.objects.filter(department=support, business_date=today).exists():
            _todays_queue(support, desk, now, rng)
        if not AbsenceMemo.objects.exists():
            _memos(days, staff_by_dept, now, rng)
        if not AssistedVisit.objects.exists():
            _assisted(days, departments, staff_by_dept, now, rng)
        if not FieldVisit.objects.exists():
            _field_visits(days, staff, now, rng)
        services.directory_check(now=now)
        breach_scan(now=now)
