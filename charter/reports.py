"""Compliance figures: the one place that counts obligations for the dashboard, its drill-down,
its exports and the compliance API.

The formula (DESIGN.md): per period, obligations that *started* in it; the rate is met ÷
settled (met + breached), waived and open ones left out; met within an extension counts as met
only when the admin setting says so (CharterSettings.extension_counts_as_met). Every figure is
one aggregate query over `Obligation.objects.visible_to(user)`, the current period and the one
before it counted together, so the number of queries does not grow with the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from .clock import SEOUL
from .models import CharterSettings, Obligation, Standard, overdue_condition
from .models.obligations import standard_code

MET = Q(status=Obligation.Status.MET)
EXTENDED = MET & Q(promised_due_at__isnull=False, met_at__gt=F("promised_due_at"))
BREACHED = Q(status=Obligation.Status.BREACHED)
WAIVED = Q(status=Obligation.Status.WAIVED)
OPEN = Q(status__in=[Obligation.Status.OPEN, Obligation.Status.PAUSED])

# The drill-down's `status`: each count of the tables, by name.
STATUS_FILTERS = {
    "met": MET & ~EXTENDED,
    "extended": EXTENDED,
    "breached": BREACHED,
    "waived": WAIVED,
    "open": OPEN,
}
_COUNTS = {
    "total": None,
    "met_all": MET,
    "met_extended": EXTENDED,
    "breached": BREACHED,
    "waived": WAIVED,
    "open": OPEN,
}


# -- Periods -----------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """[start, end) in days, Asia/Seoul. `kind`: what it is (this_month, …, or range)."""

    kind: str
    start: dt.date
    end: dt.date

    @classmethod
    def named(cls, kind: str, today: dt.date) -> Period:
        monday = today - dt.timedelta(days=today.weekday())
        month = today.replace(day=1)
        quarter = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        year = dt.date(today.year, 1, 1)
        evaluation = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
        starts = {
            "week": (monday, monday + dt.timedelta(days=7)),
            "month": (month, _add_months(month, 1)),
            "quarter": (quarter, _add_months(quarter, 3)),
            "year": (year, year.replace(year=year.year + 1)),
            "eval_year": (evaluation, evaluation.replace(year=evaluation.year + 1)),
        }
        which, unit = kind.split("_", 1)
        period = cls(f"this_{unit}", *starts[unit])
        return period.previous() if which == "last" else period

    @property
    def unit(self) -> str:
        return self.kind.split("_", 1)[1] if self.kind != "range" else "range"

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def since(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), SEOUL)

    @property
    def until(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time(), SEOUL)

    def previous(self) -> Period:
        """The period before, of the same kind (last month for a month) or, for a range, of
        the same number of days; it always ends where this one starts."""
        unit = self.unit
        if unit == "week":
            start = self.start - dt.timedelta(days=7)
        elif unit in ("month", "quarter"):
            start = _add_months(self.start, -1 if unit == "month" else -3)
        elif unit in ("year", "eval_year"):
            start = self.start.replace(year=self.start.year - 1)
        else:
            start = self.start - dt.timedelta(days=self.days)
        kind = self.kind.replace("this_", "last_") if self.kind.startswith("this_") else "range"
        return Period(kind, start, self.start)


# -- Counting ----------------------------------------------------------------------------


@dataclass
class Tally:
    """The counts of some obligations and their compliance rate."""

    total: int = 0
    met_as_promised: int = 0
    met_within_extension: int = 0
    breached: int = 0
    waived: int = 0
    open: int = 0
    counts_extension: bool = False

    @classmethod
    def of(cls, row: dict, prefix: str, counts_extension: bool) -> Tally:
        extended = row[f"{prefix}met_extended"]
        return cls(
            total=row[f"{prefix}total"],
            met_as_promised=row[f"{prefix}met_all"] - extended,
            met_within_extension=extended,
            breached=row[f"{prefix}breached"],
            waived=row[f"{prefix}waived"],
            open=row[f"{prefix}open"],
            counts_extension=counts_extension,
        )

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            total=self.total + other.total,
            met_as_promised=self.met_as_promised + other.met_as_promised,
            met_within_extension=self.met_within_extension + other.met_within_extension,
            breached=self.breached + other.breached,
            waived=self.waived + other.waived,
            open=self.open + other.open,
            counts_extension=self.counts_extension,
        )

    @property
    def settled(self) -> int:
        return self.met_as_promised + self.met_within_extension + self.breached

    @property
    def kept(self) -> int:
        """Met, counting met within an extension only when the admin setting says so."""
        return self.met_as_promised + (self.met_within_extension if self.counts_extension else 0)

    @property
    def rate(self) -> float | None:
        """Kept ÷ settled, 0..1, rounded to 4 places; None when nothing is settled."""
        return round(self.kept / self.settled, 4) if self.settled else None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)


def _annotations(period_q: Q | None, prefix: str) -> dict:
    result = {}
    for name, condition in _COUNTS.items():
        combined = (
            period_q if condition is None else (condition & period_q if period_q else condition)
        )
        result[f"{prefix}{name}"] = Count("id", filter=combined) if combined else Count("id")
    return result


def tally_by(
    rows, group: list[str], period: Period, *, compare: bool = True, counts_extension=None
) -> list[dict]:
    """One aggregate query: per `group` (value names), the Tally of obligations of `rows` that
    started in `period` ("now") and, with `compare`, in the period before ("before")."""
    since, split = (period.previous().since, period.since) if compare else (period.since, None)
    return _tally(rows, group, since, period.until, split, counts_extension)


def _tally(rows, group, since, until, split=None, counts_extension=None) -> list[dict]:
    if counts_extension is None:
        counts_extension = CharterSettings.load().extension_counts_as_met
    rows = rows.filter(starts_at__gte=since, starts_at__lt=until)
    if split is not None:
        current = Q(starts_at__gte=split)
        annotations = {**_annotations(current, "now_"), **_annotations(~current, "before_")}
    else:
        annotations = _annotations(None, "now_")
    result = []
    for row in rows.values(*group).annotate(**annotations).order_by(*group):
        item = {name: row[name] for name in group}
        item["now"] = Tally.of(row, "now_", counts_extension)
        if split is not None:
            item["before"] = Tally.of(row, "before_", counts_extension)
        result.append(item)
    return result


def change(now: Tally, before: Tally | None) -> float | None:
    """Percentage points from the period before to this one (None if either has no rate)."""
    if before is None or now.rate is None or before.rate is None:
        return None
    return round((now.rate - before.rate) * 100, 1)


def compliance(*, since: dt.datetime, until: dt.datetime, user, department=None) -> list[dict]:
    """Per standard (per part of a standard with a follow-up: C2's fix and notice, `part`
    "fix" and "notice"; "" for every other standard), obligations `user` may see that started
    in [since, until) (of `department` when given): how many, met as promised, met within an
    extension, breached, waived, still open; and the compliance rate. One aggregate query
    (the compliance API)."""
    rows = Obligation.objects.visible_to(user)
    if department is not None:
        rows = rows.filter(department=department)
    group = [
        "standard__section__order",
        "standard__order",
        "standard__code",
        "part",
        "standard__followup_value",
        "standard__followup_unit",
    ]
    items = _tally(rows, group, since, until)
    split = {item["standard__code"] for item in items if item["part"]} | {
        item["standard__code"]
        for item in items
        if Standard(
            followup_value=item["standard__followup_value"],
            followup_unit=item["standard__followup_unit"],
        ).followup
        is not None
    }
    result = []
    for item in items:
        tally = item["now"]
        result.append(
            {
                "standard": item["standard__code"],
                "part": part_slug(item["part"] if item["standard__code"] in split else None),
                "total": tally.total,
                "met_as_promised": tally.met_as_promised,
                "met_within_extension": tally.met_within_extension,
                "breached": tally.breached,
                "waived": tally.waived,
                "open": tally.open,
                "rate": tally.rate,
            }
        )
    return result


# -- Parts of a standard -----------------------------------------------------------------

# The part of a standard a line counts, as a URL and the API name it (`part=notice`): the
# standard's own deadline of a standard with a follow-up is "fix"; "" is a whole standard.
PART_SLUGS = {Obligation.Part.STANDARD.value: "fix", Obligation.Part.NOTICE.value: "notice"}


def part_slug(part: str | None) -> str:
    """The public name of `part` (an Obligation.Part, or None for a whole standard)."""
    return "" if part is None else PART_SLUGS[part]


def part_of_slug(slug: str) -> str | None:
    """The Obligation.Part a public name stands for; None (the whole standard) for ""."""
    return next((part for part, name in PART_SLUGS.items() if name == slug), None)


def _splits(standard: Standard, parts_seen: set) -> bool:
    """Reported in parts: a standard with a follow-up, or one whose follow-ups were counted."""
    return standard.followup is not None or Obligation.Part.NOTICE in parts_seen


# -- The dashboard -----------------------------------------------------------------------


@dataclass
class Filters:
    """What the dashboard and its drill-down show: a period and optional narrowing."""

    period: Period
    department: object = None  # a Department, or None: every department the user sees
    section: object = None  # a Section
    standard: object = None  # a Standard
    responsible: object = None  # a StaffMember (drill-down only)
    status: str = ""  # a key of STATUS_FILTERS, "late", "due_today" (drill-down only)
    part: str | None = None  # an Obligation.Part (with `standard`): one part of it

    @property
    def standard_code(self) -> str:
        """The chosen standard's code, with the chosen part ("C2 notice"); "" for none."""
        return standard_code(self.standard.code, self.part) if self.standard else ""

    @cached_property
    def counts_extension(self) -> bool:
        return CharterSettings.load().extension_counts_as_met

    def obligations(self, user):
        """Obligations `user` sees, narrowed by department, section, standard and person
        (not by period: see `in_period`)."""
        rows = Obligation.objects.visible_to(user)
        if self.department is not None:
            rows = rows.filter(department=self.department)
        if self.section is not None:
            rows = rows.filter(standard__section=self.section)
        if self.standard is not None:
            rows = rows.filter(standard=self.standard)
            if self.part is not None:
                rows = rows.filter(part=self.part)
        if self.responsible is not None:
            rows = rows.filter(responsible=self.responsible)
        return rows

    def in_period(self, rows):
        return rows.filter(starts_at__gte=self.period.since, starts_at__lt=self.period.until)


def _end_of_day(now: dt.datetime) -> dt.datetime:
    today = timezone.localtime(now, SEOUL).date()
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), SEOUL)


def late_now(rows, now: dt.datetime):
    return rows.overdue(now)


def _due_today_condition(now: dt.datetime) -> Q:
    return Q(status=Obligation.Status.OPEN, due_at__gte=now, due_at__lt=_end_of_day(now))


def due_today(rows, now: dt.datetime):
    """Open and not late yet, due before the end of today (Asia/Seoul)."""
    return rows.filter(_due_today_condition(now))


def drill_down(filters: Filters, user, now: dt.datetime):
    """The obligations behind one number of the dashboard."""
    rows = filters.obligations(user)
    if filters.status == "late":
        return late_now(rows, now)
    if filters.status == "due_today":
        return due_today(rows, now)
    rows = filters.in_period(rows)
    if filters.status:
        rows = rows.filter(STATUS_FILTERS[filters.status])
    return rows


@dataclass
class Line:
    """One row of a table: what it is about, this period's tally, the one before."""

    key: object
    label: str
    now: Tally
    before: Tally | None = None
    target: Decimal | None = None
    extra: dict = field(default_factory=dict)
    # On a per-standard line of a standard reported in parts (C2): the Obligation.Part it
    # counts ("" its own deadline, "notice" its follow-up); None on a whole standard's line.
    part: str | None = None

    @property
    def code(self) -> str:
        """The standard's code, with the part when the line counts one: "C2 fix", "C2 notice"
        (in the reader's language: "C2 시정", "C2 통보")."""
        return standard_code(self.key.code, self.part)

    @property
    def part_slug(self) -> str:
        """The part as the drill-down URL and the API name it ("fix", "notice"; "" for none)."""
        return part_slug(self.part)

    @property
    def change(self) -> float | None:
        return change(self.now, self.before)

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.now.percent is None:
            return None
        return Decimal(str(self.now.percent)) >= self.target


def per_standard(filters: Filters, user, standards: list | None = None) -> list[Line]:
    """Per standard (`standards`: every Standard, when the caller has them already); a
    standard with a follow-up (C2) on two lines, one per part (Line.part)."""
    rows = tally_by(
        filters.obligations(user),
        ["standard_id", "part"],
        filters.period,
        counts_extension=filters.counts_extension,
    )
    if standards is None:
        standards = Standard.objects.in_bulk([row["standard_id"] for row in rows])
    else:
        standards = {standard.pk: standard for standard in standards}
    parts: dict[int, set] = {}
    for row in rows:
        parts.setdefault(row["standard_id"], set()).add(row["part"])
    lines = [
        Line(
            key=standard,
            label=standard.name,
            now=row["now"],
            before=row["before"],
            target=standard.target_rate,
            part=row["part"] if _splits(standard, parts[standard.pk]) else None,
        )
        for row in rows
        if (standard := standards[row["standard_id"]]) and (row["now"].total or row["before"].total)
    ]
    lines.sort(key=lambda line: (line.key.section_id, line.key.order, line.part or ""))
    return lines


def per_department(filters: Filters, user) -> list[Line]:
    """Departments ranked by this period's rate (best first; none settled last)."""
    rows = tally_by(
        Filters(filters.period, section=filters.section, standard=filters.standard).obligations(
            user
        ),
        ["department_id", "department__name", "department__name_en"],
        filters.period,
        counts_extension=filters.counts_extension,
    )
    lines = [
        Line(
            key=row["department_id"],
            label=_department_label(row),
            now=row["now"],
            before=row["before"],
        )
        for row in rows
        if row["now"].total
    ]
    lines.sort(key=lambda line: (line.now.rate is None, -(line.now.rate or 0), line.label))
    return lines


def _department_label(row) -> str:
    from django.utils import translation

    if (translation.get_language() or "ko").startswith("en") and row["department__name_en"]:
        return row["department__name_en"]
    return row["department__name"]


STAFF_SORTS = {
    "name": lambda line: line.label,
    "total": lambda line: line.now.total,
    "breached": lambda line: line.now.breached,
    "open": lambda line: line.now.open,
    "rate": lambda line: (line.now.rate is not None, line.now.rate or 0),
}


def per_staff(filters: Filters, user, sort: str = "rate") -> list[Line]:
    """Per responsible staff member, this period (sorted by `sort`, "-" for descending)."""
    rows = tally_by(
        filters.obligations(user).filter(responsible__isnull=False),
        ["responsible_id", "responsible__name", "responsible__rank__name"],
        filters.period,
        compare=False,
        counts_extension=filters.counts_extension,
    )
    lines = [
        Line(
            key=row["responsible_id"],
            label=row["responsible__name"],
            now=row["now"],
            extra={"rank": row["responsible__rank__name"]},
        )
        for row in rows
    ]
    key = STAFF_SORTS.get(sort.lstrip("-"), STAFF_SORTS["rate"])
    lines.sort(key=key, reverse=sort.startswith("-"))
    return lines


def headline(lines: list[Line], filters: Filters, user, now: dt.datetime) -> dict:
    """The overall rate and its change, breaches, late now and due today."""
    now_total = sum((line.now for line in lines), Tally())
    before_total = sum((line.before for line in lines if line.before), Tally())
    now_total.counts_extension = before_total.counts_extension = (
        lines[0].now.counts_extension if lines else False
    )
    # Both counts in one aggregate, each over its own partial index's rows.
    counts = (
        filters.obligations(user)
        .filter(overdue_condition(now) | _due_today_condition(now))
        .aggregate(
            late=Count("id", filter=overdue_condition(now)),
            due_today=Count("id", filter=_due_today_condition(now)),
        )
    )
    return {
        "now": now_total,
        "before": before_total,
        "change": change(now_total, before_total),
        "late": counts["late"],
        "due_today": counts["due_today"],
    }


# -- Trends (charts) ---------------------------------------------------------------------

TREND_WEEKS = 12


@dataclass
class Point:
    """One point of a trend: the day (or Monday) it is about, its tally."""

    day: dt.date
    tally: Tally


@dataclass
class Series:
    key: object
    label: str
    points: list[Point]


def weekly_trend(
    filters: Filters, user, today: dt.date, sections: list
) -> tuple[Period, list[Series]]:
    """Per section, the compliance of the obligations that started in each of the last
    TREND_WEEKS weeks (Monday to Sunday, Asia/Seoul) up to the week of the period's last day
    (or this week), for each of `sections` (narrowed by the filters): one aggregate query."""
    last = min(filters.period.last_day, today)
    monday = last - dt.timedelta(days=last.weekday())
    span = Period(
        "range", monday - dt.timedelta(weeks=TREND_WEEKS - 1), monday + dt.timedelta(days=7)
    )
    rows = filters.obligations(user).annotate(week=TruncWeek("starts_at", tzinfo=SEOUL))
    found = {
        (row["standard__section_id"], _day(row["week"])): row["now"]
        for row in tally_by(
            rows,
            ["standard__section_id", "week"],
            span,
            compare=False,
            counts_extension=filters.counts_extension,
        )
    }
    weeks = [span.start + dt.timedelta(weeks=n) for n in range(TREND_WEEKS)]
    sections = [filters.section] if filters.section else sections
    if filters.standard is not None:
        sections = [s for s in sections if s.pk == filters.standard.section_id]
    empty = Tally(counts_extension=filters.counts_extension)
    return span, [
        Series(
            key=section,
            label=str(section),
            points=[Point(week, found.get((section.pk, week), empty)) for week in weeks],
        )
        for section in sections
    ]


def daily_breaches(filters: Filters, user) -> list[Point]:
    """Per day of the period (Asia/Seoul), the obligations that started that day and were
    breached (their sum is the headline's breaches): one aggregate query."""
    rows = filters.obligations(user).annotate(day=TruncDate("starts_at", tzinfo=SEOUL))
    found = {
        _day(row["day"]): row["now"]
        for row in tally_by(
            rows, ["day"], filters.period, compare=False, counts_extension=filters.counts_extension
        )
    }
    empty = Tally(counts_extension=filters.counts_extension)
    return [
        Point(day, found.get(day, empty))
        for day in (filters.period.start + dt.timedelta(days=n) for n in range(filters.period.days))
    ]


def _day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, SEOUL).date() if timezone.is_aware(value) else value.date()
    return value


# -- The public results (이행실적) ----------------------------------------------------------


def public_results(today: dt.date) -> tuple[Period, Period, list[Line]]:
    """The foundation's published results: per active standard, the last complete evaluation
    year (September to August) and the current one so far. Anonymous readers see them, so
    they are counted over every department (the foundation publishes its totals) and only
    counts leave: no obligation, person or department. One aggregate query."""
    current = Period.named("this_eval_year", today)
    counts_extension = CharterSettings.load().extension_counts_as_met
    rows = {
        (row["standard_id"], row["part"]): row
        for row in tally_by(
            Obligation.objects.published(),
            ["standard_id", "part"],
            current,
            counts_extension=counts_extension,
        )
    }
    parts_seen: dict[int, set] = {}
    for standard_id, part in rows:
        parts_seen.setdefault(standard_id, set()).add(part)
    empty = Tally(counts_extension=counts_extension)
    lines = []
    for standard in (
        Standard.objects.active().select_related("section").order_by("section__order", "order")
    ):
        split = _splits(standard, parts_seen.get(standard.pk, set()))
        for part in Obligation.Part.values if split else [Obligation.Part.STANDARD.value]:
            row = rows.get((standard.pk, part))
            lines.append(
                Line(
                    key=standard,
                    label=standard.name,
                    now=row["now"] if row else empty,
                    before=row["before"] if row else empty,
                    target=standard.target_rate,
                    part=part if split else None,
                )
            )
    return current.previous(), current, lines
