"""The monthly report (/dashboard/reports/monthly/): one calendar month of one department, or of
every department the reader sees (the whole foundation for executives and admins).

Its figures are charter.reports' (the one formula), over `Obligation.objects.visible_to(user)`:
rates per standard against their targets (with the month before), the month against the five
before it, the most breached standards, the managers' review notes and waiving reasons of the
month's breaches (charter.review), departments ranked (the foundation's report) and the
satisfaction survey's result (charter.survey). A fixed number of queries, whatever the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import TruncMonth

from config.logging import mask_personal_data

from . import reports, survey
from .clock import SEOUL
from .models import Obligation, Standard

HISTORY_MONTHS = 6  # the month and the five before it
MOST_BREACHED = 5
NOTES_SHOWN = 200


def month_period(first: dt.date) -> reports.Period:
    """The calendar month that starts on `first` (its previous() is the month before)."""
    first = first.replace(day=1)
    return reports.Period("this_month", first, reports._add_months(first, 1))


@dataclass
class MonthPoint:
    period: reports.Period
    tally: reports.Tally


@dataclass
class Note:
    """A breach of the month that a manager noted or waived: what and why."""

    pk: int
    code: str
    standard: str
    department: str
    responsible: str
    started: dt.datetime
    status: str
    waived: bool
    text: str
    by: str


@dataclass
class MonthlyReport:
    period: reports.Period
    department: object  # a Department, or None: every department the reader sees
    lines: list  # reports.Line per standard (this month, the month before, target)
    total: reports.Tally
    total_before: reports.Tally
    history: list  # MonthPoint, oldest first, the report's month last
    most_breached: list  # reports.Line, most breaches first
    notes: list  # Note
    notes_more: int  # notes beyond NOTES_SHOWN
    unreviewed: int  # the month's breaches no one has noted or waived
    departments: list | None  # reports.Line per department (foundation report), else None
    satisfaction: dict

    @property
    def change(self) -> float | None:
        return reports.change(self.total, self.total_before)

    @property
    def satisfied_percent(self) -> float | None:
        share = self.satisfaction.get("satisfied_share")
        return None if share is None else round(share * 100, 1)


def _history(filters: reports.Filters, user) -> list[MonthPoint]:
    """Per calendar month (Asia/Seoul), the HISTORY_MONTHS months up to the report's: one query."""
    first = reports._add_months(filters.period.start, -(HISTORY_MONTHS - 1))
    span = reports.Period("range", first, filters.period.end)
    rows = filters.obligations(user).annotate(month=TruncMonth("starts_at", tzinfo=SEOUL))
    found = {
        reports._day(row["month"]): row["now"]
        for row in reports.tally_by(
            rows, ["month"], span, compare=False, counts_extension=filters.counts_extension
        )
    }
    empty = reports.Tally(counts_extension=filters.counts_extension)
    months = [reports._add_months(first, n) for n in range(HISTORY_MONTHS)]
    return [MonthPoint(month_period(month), found.get(month, empty)) for month in months]


def _notes(filters: reports.Filters, user) -> tuple[list[Note], int, int]:
    """The month's breaches a manager noted or waived (newest first), and the number of
    breaches not yet reviewed."""
    rows = filters.in_period(filters.obligations(user))
    noted = (
        rows.filter(
            Q(status=Obligation.Status.BREACHED, reviewed_at__isnull=False)
            | Q(status=Obligation.Status.WAIVED)
        )
        .select_related(
            "standard",
            "department",
            "responsible",
            "reviewed_by__staff_member",
            "waived_by__staff_member",
        )
        .order_by("starts_at", "id")
    )
    statuses = dict(Obligation.Status.choices)
    notes = []
    for obligation in noted[:NOTES_SHOWN]:
        waived = obligation.status == Obligation.Status.WAIVED
        by = obligation.waived_by if waived else obligation.reviewed_by
        notes.append(
            Note(
                pk=obligation.pk,
                code=obligation.standard.code,
                standard=obligation.standard.name,
                department=str(obligation.department),
                responsible=obligation.responsible.name if obligation.responsible else "",
                started=obligation.starts_at,
                status=str(statuses[obligation.status]),
                waived=waived,
                text=mask_personal_data(
                    obligation.waive_reason if waived else obligation.review_note
                ),
                by=_person(by),
            )
        )
    more = max(0, noted.count() - NOTES_SHOWN) if len(notes) == NOTES_SHOWN else 0
    unreviewed = rows.unreviewed().count()
    return notes, more, unreviewed


def _person(user) -> str:
    if user is None:
        return ""
    member = getattr(user, "staff_member", None)
    return member.name if member is not None else user.get_username()


def monthly_report(*, user, first: dt.date, department=None) -> MonthlyReport:
    """The report of the month starting `first` for `user`: of `department` when given (the
    caller has checked it is one `user` sees), else of every department `user` sees."""
    period = month_period(first)
    filters = reports.Filters(period=period, department=department)
    standards = list(Standard.objects.select_related("section"))
    lines = reports.per_standard(filters, user, standards)
    empty = reports.Tally(counts_extension=filters.counts_extension)
    total = sum((line.now for line in lines), empty)
    total_before = sum((line.before for line in lines if line.before), empty)
    total.counts_extension = total_before.counts_extension = filters.counts_extension
    notes, more, unreviewed = _notes(filters, user)
    ranked = None
    if department is None:
        ranked = reports.per_department(filters, user)
        if len(ranked) < 2:
            ranked = None
    return MonthlyReport(
        period=period,
        department=department,
        lines=lines,
        total=total,
        total_before=total_before,
        history=_history(filters, user),
        most_breached=sorted(
            (line for line in lines if line.now.breached),
            key=lambda line: (-line.now.breached, line.key.section_id, line.key.order),
        )[:MOST_BREACHED],
        notes=notes,
        notes_more=more,
        unreviewed=unreviewed,
        departments=ranked,
        satisfaction=survey.satisfaction_summary(
            user=user, since=period.since, until=period.until, department=department
        ),
    )
