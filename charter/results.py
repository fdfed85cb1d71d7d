"""The public results page's figures (/charter/results/), cached: per standard the last and the
current evaluation year (charter.reports.public_results) and last month's rate per section.
Anonymous readers may ask for the page as often as they like, so its figures are computed once
per day and language (the key holds the date, so a new month or day starts afresh) and kept
in CACHES["default"] for RESULTS_CACHE_SECONDS."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import get_language

from . import reports
from .models import Obligation, Section

RESULTS_CACHE_SECONDS = 15 * 60


@dataclass
class SectionMonth:
    section: Section
    label: str
    tally: reports.Tally


def sections_last_month(today: dt.date) -> tuple[reports.Period, list[SectionMonth]]:
    """Last calendar month's compliance per section, every department together (one query)."""
    period = reports.Period.named("last_month", today)
    rows = {
        row["standard__section_id"]: row["now"]
        for row in reports.tally_by(
            Obligation.objects.published(), ["standard__section_id"], period, compare=False
        )
    }
    empty = reports.Tally()
    return period, [
        SectionMonth(section, section.name, rows.get(section.pk, empty))
        for section in Section.objects.order_by("order")
    ]


def public_figures(today: dt.date) -> dict:
    key = f"charter:public-results:{today:%Y-%m-%d}:{get_language()}"
    figures = cache.get(key)
    if figures is None:
        last, current, lines = reports.public_results(today)
        month, sections = sections_last_month(today)
        figures = {
            "periods": [(last, False), (current, True)],
            "lines": lines,
            "month": month,
            "sections": sections,
        }
        cache.set(key, figures, RESULTS_CACHE_SECONDS)
    return figures
