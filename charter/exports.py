"""The dashboard's table and its drill-down list as CSV (UTF-8 with a BOM, so that Excel opens
Korean correctly) and XLSX (openpyxl in write-only mode), in constant memory: CSV is streamed
row by row, XLSX written row by row to a temporary file that is then streamed.

Exports are lists: they hold no customer personal data (notes are masked of phone numbers and
e-mail addresses whatever the role, as lists are), only the staff responsible.
"""

from __future__ import annotations

import csv
import tempfile

from django.db.models import prefetch_related_objects
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from config.logging import mask_personal_data

from .clock import SEOUL

CHUNK = 2000


def masked_note(obligation) -> str:
    return mask_personal_data(obligation.note_text)


def prefetch_subjects(obligations) -> list:
    """Each obligation's record (one query per kind of record), for its link."""
    obligations = list(obligations)
    prefetch_related_objects(obligations, "subject")
    return obligations


def _local(value):
    return timezone.localtime(value, SEOUL).strftime("%Y-%m-%d %H:%M") if value else ""


def _filename(kind: str, filters, fmt: str) -> str:
    period = filters.period
    return f"{kind}-{period.start:%Y%m%d}-{period.last_day:%Y%m%d}.{fmt}"


def _percent(value):
    return "" if value is None else value


def standard_rows(lines):
    yield [
        _("Code"),
        _("Charter standard"),
        _("All"),
        _("Met as promised"),
        _("Met within extension"),
        _("Breaches"),
        _("Waived"),
        _("Still open"),
        _("Compliance (%)"),
        _("Target (%)"),
        _("Target met"),
        _("Previous period (%)"),
        _("Change (points)"),
    ]
    for line in lines:
        now = line.now
        met = {True: _("yes"), False: _("no"), None: ""}[line.meets_target]
        yield [
            line.key.code,
            line.label,
            now.total,
            now.met_as_promised,
            now.met_within_extension,
            now.breached,
            now.waived,
            now.open,
            _percent(now.percent),
            float(line.target),
            met,
            _percent(line.before.percent if line.before else None),
            _percent(line.change),
        ]


def obligation_rows(rows):
    yield [
        _("No."),
        _("Code"),
        _("Charter standard"),
        _("Status"),
        _("Department"),
        _("Responsible"),
        _("Started"),
        _("Promised by"),
        _("Due"),
        _("Done"),
        _("Breached at"),
        _("Waived because"),
        _("Note"),
    ]
    for o in rows.iterator(chunk_size=CHUNK):
        yield [
            o.pk,
            o.standard.code,
            o.standard.name,
            o.get_status_display(),
            str(o.department),
            o.responsible.name if o.responsible else "",
            _local(o.starts_at),
            _local(o.promised_due_at or o.due_at),
            _local(o.due_at),
            _local(o.met_at),
            _local(o.breached_at),
            o.waive_reason,
            masked_note(o),
        ]


class _Echo:
    def write(self, value):
        return value


def as_csv(rows, filename: str):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def as_xlsx(rows, filename: str, title: str):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append(row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _export(rows, filters, fmt: str, kind: str, title: str):
    filename = _filename(kind, filters, fmt)
    if fmt == "csv":
        return as_csv(rows, filename)
    return as_xlsx(rows, filename, title)


def standards(lines, filters, fmt: str):
    return _export(standard_rows(lines), filters, fmt, "compliance", _("Compliance"))


def obligations(rows, filters, fmt: str):
    return _export(obligation_rows(rows), filters, fmt, "obligations", _("Obligations"))
