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
from django.utils.translation import gettext as _
from openpyxl import Workbook

from config.logging import mask_personal_data

from .clock import SEOUL
from .models import Department, Obligation, Standard
from .models.obligations import standard_code

CHUNK = 2000


def masked_note(obligation) -> str:
    return mask_personal_data(obligation.note_text)


def prefetch_subjects(obligations) -> list:
    """Each obligation's record (one query per kind of record), for its link and its row's
    words (charter.templatetags.charter_rows); only records that have a page of their own."""
    obligations = list(obligations)
    with_pages = [o for o in obligations if has_page(o)]
    prefetch_related_objects(with_pages, "subject")
    return obligations


def has_page(obligation) -> bool:
    """Is the obligation's record one with a page of its own (`get_absolute_url`)?"""
    model = obligation.content_type.model_class() if obligation.content_type_id else None
    return model is not None and hasattr(model, "get_absolute_url")


def _local(value):
    return value.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M") if value else ""


def _filename(kind: str, filters, fmt: str) -> str:
    period = filters.period
    return f"{kind}-{period.start:%Y%m%d}-{period.last_day:%Y%m%d}.{fmt}"


def _percent(value):
    return "" if value is None else value


def standard_rows(lines, before_label=None):
    """The per-standard lines as rows: the drill-down's compliance export and the monthly and
    yearly reports' sheets (`before_label` names the period compared with)."""
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
        before_label or _("Previous period (%)"),
        _("Change (points)"),
    ]
    for line in lines:
        now = line.now
        met = {True: _("yes"), False: _("no"), None: ""}[line.meets_target]
        yield [
            line.code,
            line.label,
            now.total,
            now.met_as_promised,
            now.met_within_extension,
            now.breached,
            now.waived,
            now.open,
            _percent(now.percent),
            float(line.target) if line.target is not None else "",
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
    # Plain tuples, not model instances (seven per row with the related ones): the labels of
    # the few standards, departments and statuses are looked up once.
    standards = {s.pk: (s.code, s.name) for s in Standard.objects.all()}
    departments = {d.pk: str(d) for d in Department.objects.all()}
    statuses = {value: str(label) for value, label in Obligation.Status.choices}
    columns = (
        "pk",
        "standard_id",
        "status",
        "department_id",
        "responsible__name",
        "starts_at",
        "promised_due_at",
        "due_at",
        "met_at",
        "breached_at",
        "waive_reason",
        "note",
        "part",
    )
    for row in rows.values_list(*columns).iterator(chunk_size=CHUNK):
        pk, standard, status, department, responsible, starts, promised = row[:7]
        due, met, breached, waive_reason, note, part = row[7:]
        code, name = standards[standard]
        code = standard_code(code, part or None)
        yield [
            pk,
            code,
            name,
            statuses.get(status, status),
            departments.get(department, ""),
            responsible or "",
            _local(starts),
            _local(promised or due),
            _local(due),
            _local(met),
            _local(breached),
            waive_reason,
            mask_personal_data(note) if note else "",
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
