"""The drill-down's exports stream in constant memory (Done-when #2): the peak Python memory
while exporting 100,000 obligations (tracemalloc, around the request and the reading of its
streamed body only, not the seeding) is that of 10,000 within 20 % and a small constant, and
every row arrives, as CSV (read with the csv module) and XLSX (read with openpyxl)."""

import csv
import datetime as dt
import os
import tempfile
import tracemalloc

import openpyxl
import pytest
import time_machine

from charter.scale import seed_scale
from tests.conftest import kst

pytestmark = [pytest.mark.django_db, pytest.mark.slow_export]

NOW = kst(2026, 12, 2, 12)
SMALL = int(os.environ.get("EXPORT_MEMORY_SMALL", 10_000))
LARGE = int(os.environ.get("EXPORT_MEMORY_LARGE", 100_000))
SLACK = 2 * 1024 * 1024  # bytes: interpreter noise (caches warmed on the first run)
QUERY = {"since": "2024-01-01", "until": "2026-12-02"}  # every seeded obligation


def _csv_rows(client) -> int:
    response = client.get("/dashboard/obligations/", {**QUERY, "format": "csv"})
    assert response.status_code == 200
    lines = (chunk.decode("utf-8-sig") for chunk in response.streaming_content)
    return sum(1 for row in csv.reader(lines) if row) - 1  # the header (the BOM is no row)


def _xlsx_rows(client, target) -> None:
    response = client.get("/dashboard/obligations/", {**QUERY, "format": "xlsx"})
    assert response.status_code == 200
    for chunk in response.streaming_content:
        target.write(chunk)


def _traced(fn):
    tracemalloc.start()
    try:
        result = fn()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def _count_xlsx(path) -> int:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return sum(1 for _row in book.active.iter_rows(values_only=True)) - 1
    finally:
        book.close()


def _measure(client, rows: int) -> dict:
    counted, csv_peak = _traced(lambda: _csv_rows(client))
    assert counted == rows
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
        _none, xlsx_peak = _traced(lambda: _xlsx_rows(client, target))
        target.flush()
        assert _count_xlsx(target.name) == rows
    return {"csv": csv_peak, "xlsx": xlsx_peak}


def test_exports_of_100000_obligations_stay_flat_in_memory(client, admin_user):
    with time_machine.travel(NOW, tick=False):
        seed_scale(obligations=SMALL, now=NOW - dt.timedelta(days=1))
        client.force_login(admin_user)
        _measure(client, SMALL)  # warm-up: imports, translations, templates
        small = _measure(client, SMALL)
        seed_scale(obligations=LARGE - SMALL, now=NOW - dt.timedelta(days=1), force=True)
        large = _measure(client, LARGE)
    print(f"export peaks (bytes) at {SMALL}: {small}; at {LARGE}: {large}")  # noqa: T201
    for fmt in ("csv", "xlsx"):
        assert large[fmt] <= 1.2 * small[fmt] + SLACK, (fmt, small[fmt], large[fmt])
