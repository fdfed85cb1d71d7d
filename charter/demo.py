"""Demo data for `make run` (python manage.py seed_demo). Idempotent: running it again
changes nothing that is already there. Section apps add their interactions here."""

import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Department, Obligation, Rank, StaffMember
from .registry import sections as declared_sections

DEMO_PASSWORD = "demo1234!"  # noqa: S105 (demo accounts, printed by make run)

DEPARTMENTS = [
    ("고객지원부", "Customer Support", "031-259-7700"),
    ("보증지원부", "Guarantee Support", "031-259-7710"),
    ("경영지원부", "Management Support", "031-259-7720"),
    ("수원지점", "Suwon Branch", "031-259-7730"),
]

# username, name, department index, rank name, extension, seat (row, column), role
STAFF = [
    ("manager1", "김정호", 0, "부장", "7701", (1, 1), "manager"),
    ("staff1", "이민지", 0, "대리", "7702", (2, 1), "staff"),
    ("staff2", "박서준", 0, "주임", "7703", (2, 2), "staff"),
    ("staff3", "최유나", 0, "사원", "7704", (2, 3), "staff"),
    ("staff4", "정우성", 0, "과장", "7705", (1, 2), "staff"),
    ("staff5", "한지민", 0, "사원", "7706", (3, 1), "staff"),
    ("manager2", "오세훈", 1, "부장", "7711", (1, 1), "manager"),
    ("staff6", "윤아름", 1, "차장", "7712", (1, 2), "staff"),
    ("staff7", "장동건", 1, "대리", "7713", (2, 1), "staff"),
    ("staff8", "서지혜", 1, "주임", "7714", (2, 2), "staff"),
    ("staff9", "강하늘", 1, "사원", "7715", (2, 3), "staff"),
    ("manager3", "임종관", 2, "차장", "7721", (1, 1), "manager"),
    ("staff10", "송혜교", 2, "대리", "7722", (2, 1), "staff"),
    ("staff11", "조인성", 2, "주임", "7723", (2, 2), "staff"),
    ("staff12", "문채원", 2, "사원", "7724", None, "staff"),
    ("manager4", "배수지", 3, "부장", "7731", (1, 1), "manager"),
    ("staff13", "김태리", 3, "과장", "7732", (1, 2), "staff"),
    ("staff14", "이도현", 3, "대리", "7733", (2, 1), "staff"),
    ("staff15", "박보영", 3, "주임", "7734", (2, 2), "staff"),
    ("staff16", "남주혁", 3, "사원", "7735", (2, 3), "staff"),
]


DEMO_REFUSED = (
    "seed_demo refuses to run under production settings: its log-ins (a superuser "
    "among them) share the password published in README.md. Create real users with "
    "`manage.py createsuperuser` and the admin."
)


def demo_data_allowed() -> bool:
    return getattr(settings, "DEMO_DATA_ALLOWED", True)


@transaction.atomic
def seed_demo(*, sections: tuple[str, ...] | None = None) -> dict:
    """The organisation and demo users, then the interactions of `sections` (default: every
    section app). Never where settings.DEMO_DATA_ALLOWED is False (production)."""
    if not demo_data_allowed():
        raise ImproperlyConfigured(DEMO_REFUSED)
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.all()}
    departments = []
    for order, (name, name_en, phone) in enumerate(DEPARTMENTS):
        department, _created = Department.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "phone": phone, "order": order}
        )
        departments.append(department)
    ranks = {rank.name: rank for rank in Rank.objects.all()}
    created = 0
    for username, name, dept, rank, extension, seat, role in STAFF:
        user, is_new = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@gcgf.example"}
        )
        if is_new:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(groups[role])
            created += 1
        StaffMember.objects.get_or_create(
            user=user,
            defaults={
                "name": name,
                "department": departments[dept],
                "rank": ranks[rank],
                "extension": extension,
                "seat_row": seat[0] if seat else None,
                "seat_column": seat[1] if seat else None,
            },
        )
    # 한지민 (staff5) also takes the phone for 수원지점: she sees and logs its work too.
    StaffMember.objects.get(user__username="staff5").extra_departments.add(departments[3])
    executive, is_new = User.objects.get_or_create(
        username="executive1", defaults={"first_name": "이사", "email": "executive1@gcgf.example"}
    )
    if is_new:
        executive.set_password(DEMO_PASSWORD)
        executive.save()
        executive.groups.add(groups["executive"])
        created += 1
    admin, is_new = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if is_new:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        admin.groups.add(groups["admin"])
        created += 1
    # A few weeks of interactions, from each section app (each is idempotent on its own).
    now, rng = demo_now(timezone.now()), random.Random(2026)
    for section in declared_sections():
        if section.demo and (sections is None or section.app in sections):
            import_string(section.demo)(now=now, rng=rng)
    # The demo's past breaches are history, not news: no e-mail storm on the first beat tick.
    Obligation.objects.filter(status=Obligation.Status.BREACHED, notified_at__isnull=True).update(
        notified_at=now
    )
    return {"users": created, "departments": len(departments)}


def demo_now(now):
    """The instant the demo is laid up to: `now` in business hours; otherwise 17:30 of the last
    business day before it (today's, after closing time), so that a newcomer at 03:00 or on a
    Sunday still finds yesterday's callbacks late, the evening's ones due soon, and a filled day
    of calls. Never later than `now` (the services refuse future instants)."""
    import datetime as dt

    from .calendars import calendar_of, load_calendar

    clock = load_calendar(calendar_of(None))
    if clock.is_business_time(now):
        return now
    day = timezone.localdate(now)
    for _step in range(30):
        if clock.is_working_day(day):
            anchor = clock.close_of(day) - dt.timedelta(minutes=30)
            if anchor <= now:
                return anchor
        day -= dt.timedelta(days=1)
    return now
