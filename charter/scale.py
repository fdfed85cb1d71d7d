"""Data at scale for the benchmarks (python manage.py seed_scale --obligations N).

An organisation (DEPARTMENTS departments, STAFF staff, one manager each and an executive) and N
obligations over the two years before `now`, across all 27 standards in the shares of SHARES
(most P1, P4, D1; few C1): about 95 % met, 4 % breached (already announced), the rest open
(due in the future, so that the every-minute scan finds nothing due) or waived. Each
obligation's subject is its department (a row every page and e-mail can show).

PostgreSQL: one COPY (psycopg 3 `cursor.copy`) per batch; SQLite: batched bulk_create. Seeding
again adds N more on top of what is there (the benchmarks grow 100k to 1M that way), but only
when asked (`force`): a database holding other data is refused.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from .models import Calendar, Department, Obligation, Rank, StaffMember, Standard

DEPARTMENTS = 20
STAFF = 500
BATCH = 20_000
PREFIX = "규모"  # the seeded departments' names: 규모시험부 01 …

# Relative shares per standard: the phone (P1 every call, P4 callbacks) and the daily inbox
# checks (D1) make most of the rows; corrections (C1, C2) are rare.
SHARES = {
    "V1": 1.0, "V2": 3.0, "V3": 2.0, "V4": 1.0, "V5": 1.0, "V6": 0.5, "V7": 0.5,
    "S1": 0.8, "S2": 0.8, "S3": 0.5, "S4": 0.4,
    "P1": 30.0, "P2": 3.0, "P3": 2.0, "P4": 15.0, "P5": 2.0, "P6": 1.0,
    "D1": 20.0, "D2": 3.0, "D3": 2.0, "D4": 1.0,
    "F1": 2.0, "F2": 1.0, "F3": 1.0, "F4": 0.5,
    "C1": 0.05, "C2": 0.15,
}  # fmt: skip
# Status shares (the rest: open, then waived, half each).
MET, BREACHED = 0.95, 0.04
# Time from start to deadline, per standard (the benchmarks need plausible, not exact, ones).
SPAN = {"P1": dt.timedelta(0), "P4": dt.timedelta(hours=1), "D1": dt.timedelta(hours=9)}
DEFAULT_SPAN = dt.timedelta(days=1)
LONG_SPAN = {"F1": dt.timedelta(days=7), "F3": dt.timedelta(days=7), "F2": dt.timedelta(days=14)}

COLUMNS = [
    "standard_id",
    "content_type_id",
    "object_id",
    "department_id",
    "responsible_id",
    "calendar_id",
    "clock",
    "part",
    "status",
    "starts_at",
    "due_at",
    "met_at",
    "breached_at",
    "waived_at",
    "waive_reason",
    "note",
    "note_data",
    "review_note",
    "notified_at",
    "created_at",
    "promised_due_at",
    "day_count",
    "computed_at",
    "extension_reason",
    "changed_at",
]


class Refused(Exception):
    """The database already holds data (seed again with force=True)."""


def organisation(*, departments: int = DEPARTMENTS, staff: int = STAFF) -> dict:
    """The seeded departments and staff (made once; found again on a second seed)."""
    existing = list(Department.objects.filter(name__startswith=PREFIX).order_by("order"))
    if not existing:
        existing = Department.objects.bulk_create(
            Department(
                name=f"{PREFIX}시험부 {i + 1:02d}", name_en=f"Scale {i + 1:02d}", order=100 + i
            )
            for i in range(departments)
        )
        existing = list(Department.objects.filter(name__startswith=PREFIX).order_by("order"))
        User = get_user_model()
        users = User.objects.bulk_create(
            User(username=f"scale{i:04d}", email=f"scale{i:04d}@scale.example", password="!")
            for i in range(staff)
        )
        users = list(User.objects.filter(username__startswith="scale").order_by("username"))
        ranks = list(Rank.objects.order_by("order"))
        StaffMember.objects.bulk_create(
            StaffMember(
                user=user,
                name=f"직원{i:04d}",
                department=existing[i % len(existing)],
                rank=ranks[-1] if i < len(existing) else ranks[i % max(1, len(ranks) - 1)],
            )
            for i, user in enumerate(users)
        )
        groups = {g.name: g.pk for g in Group.objects.filter(name__in=["manager", "staff"])}
        through = User.groups.through
        through.objects.bulk_create(
            through(user_id=user.pk, group_id=groups["manager" if i < len(existing) else "staff"])
            for i, user in enumerate(users)
        )
        executive = User.objects.create(username="scale_exec", email="exec@scale.example")
        executive.set_unusable_password()
        executive.save()
        executive.groups.add(Group.objects.get(name="executive"))
    staff_by_department: dict[int, list[int]] = {d.pk: [] for d in existing}
    for pk, department_id in StaffMember.objects.filter(department__in=existing).values_list(
        "pk", "department_id"
    ):
        staff_by_department[department_id].append(pk)
    return {"departments": existing, "staff": staff_by_department}


def _rows(n: int, *, now: dt.datetime, org: dict, rng: random.Random):
    standards = {s.code: s for s in Standard.objects.all()}
    codes = [code for code in SHARES if code in standards]
    weights = [SHARES[code] for code in codes]
    departments = org["departments"]
    # Some departments (the call centre, the branches) are much busier than others.
    department_weights = [1.0 / (1 + i * 0.15) for i in range(len(departments))]
    subject_type = ContentType.objects.get_for_model(Department).pk
    calendar = Calendar.objects.default().pk
    two_years = 2 * 365 * 24 * 3600
    picked_codes = rng.choices(codes, weights, k=n)
    picked_departments = rng.choices(departments, department_weights, k=n)
    parted = 0  # standards with a follow-up (C2): every other row is its notice part
    for code, department in zip(picked_codes, picked_departments, strict=True):
        standard = standards[code]
        part = ""
        if standard.followup is not None:
            parted += 1
            part = "notice" if parted % 2 == 0 else ""
        span = SPAN.get(code) or LONG_SPAN.get(code) or DEFAULT_SPAN
        draw = rng.random()
        staff = org["staff"][department.pk]
        status, reason = "met", ""
        met_at = breached_at = waived_at = notified_at = None
        if draw < MET + BREACHED:
            starts = now - dt.timedelta(seconds=rng.randrange(3600, two_years))
            starts = min(starts, now - span - dt.timedelta(hours=1))
            due = starts + span
            if draw < MET:
                met_at = starts + span * rng.random()
            else:
                status, breached_at = "breached", due
                notified_at = due + dt.timedelta(minutes=1)
                if rng.random() < 0.5:
                    met_at = due + dt.timedelta(minutes=rng.randrange(1, 600))
        elif draw < MET + BREACHED + (1 - MET - BREACHED) / 2:
            # Open: started lately, due in the future (the scan has nothing to do).
            status = "open"
            starts = now - dt.timedelta(seconds=rng.randrange(0, 3600))
            # At least a day ahead: a benchmark run lasts minutes, and none may fall due in it.
            due = now + dt.timedelta(seconds=rng.randrange(24 * 3600, 8 * 24 * 3600))
        else:
            status, reason = "waived", "규모 시험 (scale test)"
            starts = now - dt.timedelta(seconds=rng.randrange(3600, two_years))
            due = starts + span
            waived_at = starts + span / 2
        yield (
            standard.pk,
            subject_type,
            department.pk,
            department.pk,
            rng.choice(staff) if staff else None,
            calendar,
            standard.clock,
            part,
            status,
            starts,
            due,
            met_at,
            breached_at,
            waived_at,
            reason,
            "",
            "{}",  # note_data: the JSON text COPY takes (the ORM path gives a dict)
            "",  # review_note
            notified_at,
            starts,
            due,
            False,
            starts,
            "",
            met_at or breached_at or waived_at or starts,
        )


def _write_postgresql(rows: list[tuple]) -> None:
    table = Obligation._meta.db_table
    connection.ensure_connection()
    sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _write_orm(rows: list[tuple]) -> None:
    Obligation.objects.bulk_create(
        [Obligation(**dict(zip(COLUMNS, row, strict=True)) | {"note_data": {}}) for row in rows],
        batch_size=2000,
    )


def seed_scale(
    *,
    obligations: int = 1_000_000,
    now: dt.datetime | None = None,
    force: bool = False,
    seed: int = 19,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Add `obligations` obligations (and the organisation, once). Refuses a database that
    already holds obligations unless `force`. Returns what it made."""
    if not force and Obligation.objects.exists():
        raise Refused("The database already holds obligations; seed again with --force.")
    now = now or timezone.now()
    rng = random.Random(seed + Obligation.objects.count())
    with transaction.atomic():
        org = organisation()
    write = _write_postgresql if connection.vendor == "postgresql" else _write_orm
    done, batch = 0, []
    for row in _rows(obligations, now=now, org=org, rng=rng):
        batch.append(row)
        if len(batch) == BATCH:
            with transaction.atomic():
                write(batch)
            done += len(batch)
            batch = []
            if progress:
                progress(done, obligations)
    if batch:
        with transaction.atomic():
            write(batch)
        done += len(batch)
        if progress:
            progress(done, obligations)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Obligation._meta.db_table}")
    return {"obligations": done, "departments": len(org["departments"])}
