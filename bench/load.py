"""Bounded load runs: locust headless against gunicorn (2 workers) on PostgreSQL, 127.0.0.1
only, at most 60 s and 50 users.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_phone .venv/bin/python -m bench.load mixed
    DATABASE_URL=… .venv/bin/python -m bench.load ingest --users 20 --seconds 30

The database must hold the demo (`manage.py migrate && manage.py seed_demo`): the run adds an
integration client for the phone system (`load-run`) and the calls it posts. `mixed` is the
issue-18 run (the phone system, staff pages and API, the managers' dashboard); `ingest` only
the phone system (POST /api/v1/calls/, /api/v1/callbacks/, /api/v1/calls/cdr/). The API
throttle is lifted for the server under test (DJANGO_API_THROTTLE_USER), else the phone system
would meet 429s by design."""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAX_USERS, MAX_SECONDS = 50, 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_API_THROTTLE_USER": "1000000/minute",
            "DJANGO_LOG_LEVEL": "ERROR",
            "NOTICES_DELIVERY": "celery",
            "CELERY_BROKER_CONNECTION_TIMEOUT": "0.5",
        }
    )
    return env


def prepare(database_url: str) -> dict:
    """The phone system's key and the demo's extension, users (made once per run)."""
    code = """
import json
from django.contrib.auth import get_user_model
from charter.models import Department, StaffMember
from integrations.services import integration_client_create
from integrations.models import IntegrationClient
staff = StaffMember.objects.select_related("department").get(user__username="staff1")
admin = get_user_model().objects.filter(is_superuser=True).first()
IntegrationClient.objects.filter(name="load-run").update(revoked=True)
client, key = integration_client_create(
    name="load-run", departments=[staff.department],
    endpoints=["call-create", "callback-create", "call-cdr"], by=admin)
print(json.dumps({"key": key, "extension": staff.extension}))
"""
    out = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_env(database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(kind: str, *, users: int, seconds: int, database_url: str) -> dict:
    users, seconds = min(users, MAX_USERS), min(seconds, MAX_SECONDS)
    info = prepare(database_url)
    port = _free_port()
    env = _env(database_url)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        classes = ["PhoneSystem"] if kind == "ingest" else ["PhoneSystem", "Staff", "Manager"]
        with tempfile.TemporaryDirectory() as tmp:
            prefix = f"{tmp}/run"
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "-u",
                    str(users),
                    "-r",
                    str(users),
                    "-t",
                    f"{seconds}s",
                    "--csv",
                    prefix,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    *classes,
                ],
                cwd=ROOT,
                env={
                    **os.environ,
                    "LOAD_API_KEY": info["key"],
                    "LOAD_EXTENSION": info["extension"] or "",
                    "LOAD_STAFF_USER": "staff1",
                    "LOAD_MANAGER_USER": "manager1",
                    # The mixed run: about a third of the users are the phone system.
                    "LOAD_WEIGHT_PHONE": "1",
                    "LOAD_WEIGHT_STAFF": "1" if kind == "ingest" else "1",
                    "LOAD_WEIGHT_MANAGER": "1",
                },
                check=False,
                stdout=subprocess.DEVNULL,
            )
            with open(f"{prefix}_stats.csv", newline="") as f:
                rows = list(csv.DictReader(f))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return {"kind": kind, "users": users, "seconds": seconds, "rows": rows}


def summary(result: dict) -> list[dict]:
    """One figure per request name and the aggregate: req/s, p50, p99, failures."""
    out = []
    for row in result["rows"]:
        out.append(
            {
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "min_ms": float(row["Min Response Time"] or 0),
                "max_ms": float(row["Max Response Time"] or 0),
            }
        )
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["mixed", "ingest"])
    parser.add_argument("--users", type=int, default=None)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database holding the demo (bench_phone).")
    users = args.users or (50 if args.kind == "mixed" else 20)
    result = run(args.kind, users=users, seconds=args.seconds, database_url=database_url)
    print(f"{args.kind}: {result['users']} users, {result['seconds']} s, gunicorn ×2, PostgreSQL")
    print(f"{'request':<34} {'n':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p99':>6}")
    for row in summary(result):
        print(
            f"{row['name']:<34} {row['requests']:>7} {row['failures']:>5} {row['rps']:>7.1f} "
            f"{row['p50_ms']:>6.0f} {row['p99_ms']:>6.0f}"
        )


if __name__ == "__main__":
    main()
