"""The benchmark runner: `make bench` (SQLite, small N) or `make bench BENCH_DB=postgres`
(PostgreSQL on 127.0.0.1, database `bench_scale`, 1,000,000 obligations).

It builds a fresh database (migrate + charter.scale.seed_scale) in two stages: first N/10
obligations, then the rest, so that a figure can be measured at both sizes on the same
data. It discovers every `bench/fig_*.py`, prints one table and writes `var/bench/latest.json`.

Environment: BENCH_DB (sqlite | postgres), BENCH_N (obligations at the full stage; default
10,000 on SQLite, 1,000,000 on PostgreSQL), BENCH_REPEAT (runs per figure, default 5),
BENCH_DATABASE_URL (PostgreSQL server, default postgres://postgres@127.0.0.1:5432/bench_scale),
BENCH_ONLY (comma-separated module names, e.g. fig_scan,fig_dashboard).

The figure-module contract (bench/README.md has the same):

    def measure(ctx) -> list[dict]          # called once, on the full data (N rows)
    def measure_small(ctx) -> list[dict]    # optional: called before, on N/10 rows

Each dict: name, median_ms, min_ms, max_ms, reference (a label or None), reference_ms,
ratio (median ÷ reference_ms, or a growth ratio the note explains), queries, note. Missing
keys are filled with None / "". `ctx` gives n (rows now), full_n, vendor ("sqlite" or
"postgresql"), repeat, database_url, stage ("small" or "full"), memo (a dict kept from the
small stage to the full one), and helpers: ctx.timed(fn, setup=..., reference=...) measures a
callable `repeat` times (interleaved with its reference) inside transactions that are rolled
back, with query counts; ctx.row(...) builds a row. A module that raises becomes an error row
and the runner exits non-zero at the end.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import pathlib
import platform
import statistics
import sys
import time
import traceback
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parent.parent
KEYS = (
    "name",
    "median_ms",
    "min_ms",
    "max_ms",
    "reference",
    "reference_ms",
    "ratio",
    "queries",
    "note",
)


# Transaction control is not counted as a query (the runner's own savepoints).
_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


class _Rollback(Exception):
    pass


@dataclass
class Context:
    n: int
    full_n: int
    vendor: str
    repeat: int
    database_url: str
    stage: str = "small"
    memo: dict = field(default_factory=dict)

    def timed(self, fn, *, setup=None, reference=None, repeat=None):
        """Run `setup()` (untimed) then `fn(prepared)` (timed), and the same for `reference`,
        `repeat` times interleaved, each inside a transaction that is rolled back so the data
        is the same for every run. Returns {"fn": Timing, "reference": Timing or None}."""
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        timings = {"fn": [], "reference": []}
        queries = {"fn": 0, "reference": 0}
        results = {"fn": None, "reference": None}
        for _ in range(repeat or self.repeat):
            for key, callable_ in (("fn", fn), ("reference", reference)):
                if callable_ is None:
                    continue
                try:
                    with transaction.atomic():
                        prepared = setup() if setup else None
                        with CaptureQueriesContext(connection) as captured:
                            began = time.perf_counter()
                            results[key] = callable_(prepared)
                            timings[key].append((time.perf_counter() - began) * 1000)
                        queries[key] = sum(
                            1
                            for q in captured.captured_queries
                            if not q["sql"].lstrip().upper().startswith(_CONTROL)
                        )
                        raise _Rollback
                except _Rollback:
                    pass
        return {
            key: Timing(timings[key], queries[key], results[key]) if timings[key] else None
            for key in timings
        }

    def row(self, name, timing, *, reference=None, ref_timing=None, note="", ratio=None):
        ref_ms = ref_timing.median if ref_timing else None
        if ratio is None and ref_ms:
            ratio = timing.median / ref_ms
        return {
            "name": name,
            "median_ms": timing.median,
            "min_ms": min(timing.ms),
            "max_ms": max(timing.ms),
            "reference": reference,
            "reference_ms": ref_ms,
            "ratio": ratio,
            "queries": timing.queries,
            "note": note,
        }


@dataclass
class Timing:
    ms: list[float]
    queries: int
    result: object = None

    @property
    def median(self) -> float:
        return statistics.median(self.ms)


def _database(vendor: str) -> str:
    if vendor == "postgresql":
        url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_scale")
        name = url.rsplit("/", 1)[1]
        if name in ("test", "postgres") or not name.startswith("bench"):
            sys.exit(f"BENCH_DATABASE_URL: use a database of its own named bench…, not {name!r}")
        import psycopg

        server = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(server.replace("postgres://", "postgresql://"), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
        return url
    path = ROOT / "var" / "bench" / "bench.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _modules(only: set[str]) -> list:
    names = sorted(p.stem for p in (ROOT / "bench").glob("fig_*.py"))
    if only:
        names = [name for name in names if name in only]
    loaded = []
    for name in names:
        try:
            loaded.append((name, importlib.import_module(f"bench.{name}")))
        except Exception:
            loaded.append((name, traceback.format_exc()))
    return loaded


def _fmt(value, digits=1) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_table(rows: list[dict]) -> None:
    header = ["figure", "median ms", "min–max ms", "queries", "reference", "ref ms", "ratio"]
    lines = [
        [
            row["name"],
            _fmt(row["median_ms"]),
            f"{_fmt(row['min_ms'])}–{_fmt(row['max_ms'])}" if row["min_ms"] is not None else "—",
            _fmt(row["queries"]),
            _fmt(row["reference"]),
            _fmt(row["reference_ms"]),
            _fmt(row["ratio"], 2),
        ]
        for row in rows
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row, line in zip(rows, lines, strict=True):
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)))
        if row["note"]:
            print(f"    {row['note']}")


def main() -> int:
    vendor = (
        "postgresql" if os.environ.get("BENCH_DB", "sqlite").startswith("postgres") else "sqlite"
    )
    full_n = int(os.environ.get("BENCH_N") or (1_000_000 if vendor == "postgresql" else 10_000))
    repeat = int(os.environ.get("BENCH_REPEAT") or 5)
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    url = _database(vendor)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from charter.scale import seed_scale

    call_command("migrate", verbosity=0, interactive=False)
    ctx = Context(n=0, full_n=full_n, vendor=vendor, repeat=repeat, database_url=url)
    modules = _modules(only)
    rows, failed = [], False

    def run(stage: str, attribute: str) -> None:
        nonlocal failed
        for name, module in modules:
            if isinstance(module, str):  # the import failed
                if stage == "full":
                    failed = True
                    rows.append(_error(name, module))
                continue
            measure = getattr(module, attribute, None)
            if measure is None:
                continue
            print(f"  {name}.{attribute} at {ctx.n:,} rows …", file=sys.stderr, flush=True)
            try:
                for row in measure(ctx) or []:
                    rows.append({key: row.get(key) for key in KEYS} | {"stage": stage})
                    print(f"    {json.dumps(rows[-1], ensure_ascii=False)}", file=sys.stderr)
            except Exception:
                failed = True
                rows.append(
                    _error(f"{name}.{attribute}", traceback.format_exc()) | {"stage": stage}
                )

    stages = [("small", max(full_n // 10, 100)), ("full", full_n)]
    began = time.perf_counter()
    for stage, size in stages:
        seeded = time.perf_counter()
        seed_scale(obligations=size - ctx.n, force=True)
        ctx.n, ctx.stage = size, stage
        print(
            f"  seeded {size:,} obligations ({time.perf_counter() - seeded:.0f} s)",
            file=sys.stderr,
            flush=True,
        )
        run(stage, "measure_small" if stage == "small" else "measure")

    meta = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} cores",
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": vendor,
        "database_version": _server_version(connection),
        "n": full_n,
        "repeat": repeat,
        "seconds": round(time.perf_counter() - began, 1),
    }
    print()
    print(
        f"{meta['date']} · {meta['machine']} · {vendor} {meta['database_version']} · "
        f"Python {meta['python']} · Django {meta['django']} · N={full_n:,} · "
        f"median of {repeat} runs"
    )
    print_table(rows)
    out = ROOT / "var" / "bench" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=2))
    print(f"\nwritten: {out.relative_to(ROOT)}")
    return 1 if failed else 0


def _error(name: str, text: str) -> dict:
    last = text.strip().splitlines()[-1] if text.strip() else "error"
    print(text, file=sys.stderr)
    return dict.fromkeys(KEYS) | {"name": name, "note": f"ERROR: {last}"}


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
