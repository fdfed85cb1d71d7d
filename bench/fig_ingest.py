"""Figure: ingest under load (issue 19): the phone system's POSTs against gunicorn ×2 on
PostgreSQL, driven by locust headless at 20 users (bench/load.py). Runner contract of
`bench/fig_*.py`: `measure(ctx) -> list[dict]`; skipped on SQLite. Alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_phone .venv/bin/python -m bench.fig_ingest
"""

from __future__ import annotations

import os
import types

USERS = 20
SECONDS = 30


def measure(ctx) -> list[dict]:
    vendor = getattr(ctx, "vendor", "")
    database_url = getattr(ctx, "database_url", "") or os.environ.get("DATABASE_URL", "")
    if vendor != "postgresql" and not database_url.startswith("postgres"):
        return [
            {
                "name": "ingest (gunicorn ×2, locust)",
                "median_ms": None,
                "min_ms": None,
                "max_ms": None,
                "reference": None,
                "reference_ms": None,
                "ratio": None,
                "queries": None,
                "note": "skipped: needs PostgreSQL (BENCH_DB=postgres) with the demo seeded",
            }
        ]
    from bench import load

    result = load.run("ingest", users=USERS, seconds=SECONDS, database_url=database_url)
    queries = {"POST /api/v1/calls/": 16, "POST /api/v1/callbacks/": 17}
    rows = []
    for row in load.summary(result):
        rows.append(
            {
                "name": f"ingest {row['name']} ({USERS} users)",
                "median_ms": row["p50_ms"],
                "min_ms": row["min_ms"],
                "max_ms": row["max_ms"],
                "reference": "target ≥ 250 req/s, p99 < 100 ms, 0 errors",
                "reference_ms": 100.0,
                "ratio": round(row["p99_ms"] / 100.0, 2) if row["p99_ms"] else None,
                # Asserted in tests/calls/test_ingest_queries.py (warm caches).
                "queries": queries.get(row["name"]),
                "note": (
                    f"{row['rps']:.1f} req/s, p50 {row['p50_ms']:.0f} ms, "
                    f"p99 {row['p99_ms']:.0f} ms, {row['failures']} errors of {row['requests']}"
                ),
            }
        )
    return rows


if __name__ == "__main__":
    context = types.SimpleNamespace(
        n=None, vendor="postgresql", repeat=1, database_url=os.environ.get("DATABASE_URL", "")
    )
    for figure in measure(context):
        print(f"{figure['name']:<50} {figure['note']}")
