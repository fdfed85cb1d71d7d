"""The monthly and yearly reports as XLSX workbooks (openpyxl in write-only mode, one sheet per
section of the page, written to a temporary file that is then streamed), in the reader's
language. Review notes are masked of phone numbers and e-mail addresses, as on the page."""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from .exports import _local, _percent, standard_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(sheets, filename: str):
    """`sheets`: (title, rows) pairs, each row a list of cells."""
    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title=str(title)[:31])
        for row in rows:
            sheet.append(row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    book.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX)


def _yes_no(value) -> str:
    return {True: _("yes"), False: _("no"), None: ""}[value]


def _scope_label(report) -> str:
    return str(report.department) if report.department else _("All departments")


def _tally_header(first: str):
    return [
        first,
        _("All"),
        _("Kept"),
        _("Breaches"),
        _("Waived"),
        _("Still open"),
        _("Compliance (%)"),
    ]


def _tally_cells(tally):
    return [
        tally.total,
        tally.kept,
        tally.breached,
        tally.waived,
        tally.open,
        _percent(tally.percent),
    ]


def department_rows(lines):
    yield [*_tally_header(_("Department")), _("Change (points)")]
    for line in lines:
        yield [line.label, *_tally_cells(line.now), _percent(line.change)]


def monthly(report):
    period = report.period

    def summary():
        yield [_("Monthly report"), f"{period.start:%Y-%m}"]
        yield [_("Department"), _scope_label(report)]
        yield [_("Compliance (%)"), _percent(report.total.percent)]
        yield [_("Previous month (%)"), _percent(report.total_before.percent)]
        yield [_("Change (points)"), _percent(report.change)]
        yield [_("Breaches"), report.total.breached]
        yield [_("Breaches not yet reviewed"), report.unreviewed]
        survey = report.satisfaction
        yield [_("Survey responses"), survey["responses"]]
        yield [_("Average (1–5)"), "" if survey["average"] is None else survey["average"]]
        share = survey["satisfied_share"]
        yield [_("Satisfied (4–5, %)"), "" if share is None else round(share * 100, 1)]

    def months():
        yield _tally_header(_("Month"))
        for point in report.history:
            yield [f"{point.period.start:%Y-%m}", *_tally_cells(point.tally)]

    def most():
        yield [_("Code"), _("Charter standard"), _("Breaches"), _("Compliance (%)")]
        for line in report.most_breached:
            yield [line.code, line.label, line.now.breached, _percent(line.now.percent)]

    def notes():
        yield [
            _("No."),
            _("Code"),
            _("Charter standard"),
            _("Department"),
            _("Responsible"),
            _("Started"),
            _("Status"),
            _("Review note or reason"),
            _("By"),
        ]
        for note in report.notes:
            yield [
                note.pk,
                note.code,
                note.standard,
                note.department,
                note.responsible,
                _local(note.started),
                note.status,
                note.text,
                note.by,
            ]

    sheets = [
        (_("Summary"), summary()),
        (_("Per standard"), standard_rows(report.lines, _("Previous month (%)"))),
        (_("Months"), months()),
        (_("Most breached"), most()),
        (_("Review notes"), notes()),
    ]
    if report.departments:
        title = pgettext("report sheet", "Departments")
        sheets.append((title, department_rows(report.departments)))
    suffix = f"-{report.department.pk}" if report.department else ""
    return workbook(sheets, f"monthly-report-{period.start:%Y%m}{suffix}.xlsx")


def yearly(report):
    def summary():
        yield [_("Yearly results"), report.label]
        yield [_("Department"), _scope_label(report)]
        yield [_("Compliance (%)"), _percent(report.total.percent)]
        yield [_("Previous year (%)"), _percent(report.total_before.percent)]
        yield [_("Change (points)"), _percent(report.change)]

    def sections():
        yield [*_tally_header(_("Section")), _("Change (points)")]
        for line in report.sections:
            yield [
                f"{line.section.code} {line.section.name}",
                *_tally_cells(line.now),
                _percent(line.change),
            ]

    sheets = [
        (_("Summary"), summary()),
        (_("Per standard"), standard_rows(report.lines, _("Previous year (%)"))),
        (_("Per section"), sections()),
    ]
    if report.departments:
        title = pgettext("report sheet", "Departments")
        sheets.append((title, department_rows(report.departments)))
    suffix = f"-{report.department.pk}" if report.department else ""
    return workbook(sheets, f"yearly-results-{report.kind}-{report.year}{suffix}.xlsx")
