"""Real Celery worker processes for tests (`celery -A config worker` as a subprocess).

The worker reads the same settings as the tests (config.settings.test) with DATABASE_URL
pointing at the database pytest-django created, and the test's broker. So the test must commit
its data: use `transactional_db` (or `django_db(transaction=True)`). Needs PostgreSQL and Redis
(a second process cannot share SQLite's test transaction, and readiness is a broker ping): mark
the test `@pytest.mark.requires_pg_redis`; it is skipped with the reason elsewhere.

    def test_x(worker_process):
        worker = worker_process()                # started and answering a ping
        ...                                      # send tasks, poll the database
        worker.kill()                            # SIGKILL, as the OOM killer would
        worker_process(env={"SOME_SETTING": "1"})  # another one

    proc = start_worker()                        # outside the fixture: a Popen; stop it yourself

Every worker the fixture started is SIGKILLed at the end of the test, then the queue (and the
broker's record of messages a killed worker held) is emptied, so no test leaves work behind.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 20.0


def pg_redis_missing() -> str:
    """Why the worker tests cannot run here ("" when they can)."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL=postgres://…): a worker process shares its data"
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        return "needs Redis (CELERY_BROKER_URL=redis://…): a worker process shares its queue"
    return ""


def test_database_url() -> str:
    """DATABASE_URL of the database this test process uses (pytest-django's test_<name>)."""
    db = connection.settings_dict
    auth = db["USER"] or ""
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


class Worker:
    """One worker process: `.proc` (Popen), `.name` (its Celery node name), `.kill()`."""

    def __init__(self, proc: subprocess.Popen, name: str, log: Path):
        self.proc, self.name, self.log = proc, name, log

    def kill(self) -> None:
        """SIGKILL the worker and every process it forked; no clean shutdown, no ack."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start_worker(
    *, env: dict | None = None, log_dir: Path | None = None, started: list | None = None
) -> Worker:
    """Start `celery -A config worker` (one process, solo pool) on the test database and broker
    and wait until it answers a ping (a solo worker answers only between tasks: one that starts
    on queued work, e.g. through its worker_ready hook, is "ready" once that work is done).
    `env` adds or overrides environment variables."""
    from config.celery_app import app

    name = f"test-{uuid.uuid4().hex[:8]}@localhost"
    log = Path(log_dir or "/tmp") / f"celery-{name.split('@')[0]}.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **(env or {}),
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "-n",
                name,
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches every child
        )
    worker = Worker(proc, name, log)
    if started is not None:
        started.append(worker)  # killed at teardown even if it never gets ready
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited with {proc.returncode}:\n{worker.output()}")
        with app.connection_for_write() as conn:  # a fresh one: tests may swap the broker
            if app.control.ping(destination=[name], timeout=0.5, connection=conn):
                return worker
    worker.kill()
    raise RuntimeError(f"worker not ready after {READY_TIMEOUT}s:\n{worker.output()}")


def empty_the_broker() -> None:
    """Drop queued messages and those a killed worker held unacknowledged (Redis restores
    those after its visibility timeout: they would reach a later test's worker)."""
    from config.celery_app import app

    app.control.purge()
    with app.connection_for_write() as conn:
        conn.default_channel.client.delete("unacked", "unacked_index")


@pytest.fixture
def worker_process(transactional_db, django_db_serialized_rollback, tmp_path):
    """Factory: `worker_process(env=None) -> Worker`; all are SIGKILLed after the test. The
    test's data is committed (the worker sees it); the database is restored afterwards with
    the rows the migrations seeded (ranks, standards, calendar)."""
    if reason := pg_redis_missing():
        pytest.skip(reason)
    empty_the_broker()
    started = []

    def start(env: dict | None = None) -> Worker:
        return start_worker(env=env, log_dir=tmp_path, started=started)

    yield start
    for worker in started:
        worker.kill()
    empty_the_broker()


def wait_for(check, *, timeout: float = 20.0, every: float = 0.2):
    """Poll `check()` until it returns something truthy; return it (or the last falsy value)."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            return result
        time.sleep(every)
    return result
