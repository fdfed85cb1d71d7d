"""Figure: the drill-down's exports of every obligation in the bench database (charter.exports),
CSV (UTF-8 with BOM, streamed) and XLSX (openpyxl write-only), read to the end as a download
would. Time over `ctx.repeat` runs, then one more run under tracemalloc for the peak Python
memory (in the note, with the rows): it stays flat as the table grows (compare the small and
the full stage). Reference: reading the same rows' columns alone (`values_list().iterator()`), i.e.
the database's share of the time."""

from __future__ import annotations

import statistics
import time
import tracemalloc


def _rows():
    from charter.models import Obligation

    return Obligation.objects.with_related().order_by("-starts_at", "-id")


def _csv() -> int:
    from charter import exports

    response = exports.as_csv(exports.obligation_rows(_rows()), "bench.csv")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    return size


def _xlsx() -> int:
    from charter import exports

    response = exports.as_xlsx(exports.obligation_rows(_rows()), "bench.xlsx", "bench")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.file_to_stream.close()
    return size


def _read() -> int:
    columns = ("pk", "standard_id", "status", "starts_at", "due_at", "met_at", "note")
    return sum(1 for _ in _rows().values_list(*columns).iterator(chunk_size=2000))


def _times(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return times


def _peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024)


def measure(ctx) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from charter.models import Obligation

    repeat = max(1, min(ctx.repeat, 3))  # an export of 1,000,000 rows takes a while
    count = Obligation.objects.count()
    reference = _times(_read, repeat)
    reference_ms = statistics.median(reference)
    memo = getattr(ctx, "memo", None)
    out = []
    with translation.override("ko"):
        for name, fn in (("export CSV (all rows)", _csv), ("export XLSX (all rows)", _xlsx)):
            times = _times(fn, repeat)
            with CaptureQueriesContext(connection) as queries:
                fn()
            peak = _peak_mb(fn)
            note = f"{count:,} rows, peak {peak:.1f} MB (tracemalloc)"
            if memo is not None:
                small = memo.get(name)
                if small and getattr(ctx, "stage", "full") == "full":
                    note += f"; at {small[0]:,} rows {small[1]:.1f} MB"
                memo[name] = (count, peak)
            median = statistics.median(times)
            out.append(
                {
                    "name": name,
                    "median_ms": round(median, 1),
                    "min_ms": round(min(times), 1),
                    "max_ms": round(max(times), 1),
                    "reference": "read the rows (values_list)",
                    "reference_ms": round(reference_ms, 1),
                    "ratio": round(median / reference_ms, 2) if reference_ms else None,
                    "queries": len(queries),
                    "note": note,
                }
            )
    return out


def measure_small(ctx) -> list[dict]:
    return measure(ctx)
