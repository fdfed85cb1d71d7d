"""The yearly results (이행실적): a calendar year or an evaluation year (September to August, the
one charter.reports.Period calls eval_year; evaluation year 2026 runs from 2026-09-01 to
2027-08-31), per standard, per section and per department.

Two readers: managers and executives (/dashboard/reports/yearly/, within their scope: the
figures equal the compliance API's for the same range), and the public
(/charter/results/?year=…): every department together, counts only, no name of a person or a
department, computed once per day, year and language and cached like the public results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import reports
from .models import CharterSettings, Obligation, Section, Standard
from .results import RESULTS_CACHE_SECONDS

KINDS = [("evaluation", _("Evaluation year (Sep–Aug)")), ("calendar", _("Calendar year"))]


def year_period(year: int, kind: str) -> reports.Period:
    if kind == "calendar":
        return reports.Period("this_year", dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
    return reports.Period("this_eval_year", dt.date(year, 9, 1), dt.date(year + 1, 9, 1))


def current_year(kind: str, today: dt.date) -> int:
    """The year (of `kind`) that `today` is in."""
    if kind == "calendar":
        return today.year
    return reports.Period.named("this_eval_year", today).start.year


@dataclass
class SectionLine:
    section: Section
    now: reports.Tally
    before: reports.Tally

    @property
    def change(self) -> float | None:
        return reports.change(self.now, self.before)


@dataclass
class YearlyReport:
    period: reports.Period
    kind: str
    year: int
    department: object
    lines: list  # reports.Line per standard (this year, the year before, target)
    sections: list  # SectionLine
    total: reports.Tally
    total_before: reports.Tally
    departments: list | None  # reports.Line per department, ranked; None for one department

    @property
    def change(self) -> float | None:
        return reports.change(self.total, self.total_before)

    @property
    def label(self) -> str:
        return f"{self.period.start:%Y-%m-%d} – {self.period.last_day:%Y-%m-%d}"


def _sections(
    rows, period, counts_extension
) -> tuple[list[SectionLine], reports.Tally, reports.Tally]:
    found = {
        row["standard__section_id"]: row
        for row in reports.tally_by(
            rows, ["standard__section_id"], period, counts_extension=counts_extension
        )
    }
    empty = reports.Tally(counts_extension=counts_extension)
    lines = [
        SectionLine(
            section,
            found[section.pk]["now"] if section.pk in found else empty,
            found[section.pk]["before"] if section.pk in found else empty,
        )
        for section in Section.objects.order_by("order")
    ]
    total = sum((line.now for line in lines), empty)
    before = sum((line.before for line in lines), empty)
    return lines, total, before


def yearly_report(*, user, year: int, kind: str, department=None) -> YearlyReport:
    """The results of `year` for `user`: of `department` when given (the caller has checked
    it is one `user` sees), else of every department `user` sees."""
    period = year_period(year, kind)
    filters = reports.Filters(period=period, department=department)
    standards = list(Standard.objects.select_related("section"))
    lines = reports.per_standard(filters, user, standards)
    sections, total, before = _sections(filters.obligations(user), period, filters.counts_extension)
    ranked = None
    if department is None:
        ranked = reports.per_department(filters, user)
        if len(ranked) < 2:
            ranked = None
    return YearlyReport(
        period=period,
        kind=kind,
        year=year,
        department=department,
        lines=lines,
        sections=sections,
        total=total,
        total_before=before,
        departments=ranked,
    )


# -- The public version --------------------------------------------------------------------


def public_year(year: int, kind: str, today: dt.date) -> dict:
    """The foundation's results of `year`, every department together: per active standard and
    per section, counts only (no obligation, person or department). Cached per day."""
    key = f"charter:public-year:{kind}:{year}:{today:%Y-%m-%d}:{get_language()}"
    figures = cache.get(key)
    if figures is not None:
        return figures
    period = year_period(year, kind)
    counts_extension = CharterSettings.load().extension_counts_as_met
    rows = Obligation.objects.published()
    found = {
        row["standard_id"]: row["now"]
        for row in reports.tally_by(
            rows, ["standard_id"], period, compare=False, counts_extension=counts_extension
        )
    }
    empty = reports.Tally(counts_extension=counts_extension)
    lines = [
        reports.Line(
            key=standard,
            label=standard.name,
            now=found.get(standard.pk, empty),
            target=standard.target_rate,
        )
        for standard in Standard.objects.active()
        .select_related("section")
        .order_by("section__order", "order")
    ]
    sections, total, _before = _sections(rows, period, counts_extension)
    figures = {
        "year": year,
        "kind": kind,
        "period": period,
        "so_far": period.end > today,
        "lines": lines,
        "sections": sections,
        "total": total,
    }
    cache.set(key, figures, RESULTS_CACHE_SECONDS)
    return figures
