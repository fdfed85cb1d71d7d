"""Jobs under faults, on real worker processes (tests/workers.py) and real concurrency:
PostgreSQL and Redis only (CI stage 2)."""

import copy
import datetime as dt
import threading

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.db.models import Count
from kombu import pools

from charter import services
from charter.models import Calendar, Obligation, ObligationEvent, RecomputeRun
from charter.notifications import notify_breaches
from tests.charter.test_lifecycle import add_lunch
from tests.conftest import CLOSED_BROKER as CLOSED_PORT
from tests.conftest import _point_broker_at, kst
from tests.workers import wait_for

pytestmark = pytest.mark.requires_pg_redis

OPENED, CHANGED = kst(2026, 12, 1, 11, 30), kst(2026, 12, 1, 11, 50)


def memos(staff, count):
    """`count` P4 memos opened at 11:30 (due 12:30), all committed."""
    with time_machine.travel(OPENED, tick=False):
        first = services.obligation_open(
            standard="P4", subject=staff, department=staff.department, starts_at=OPENED
        )
    copies = []
    for n in range(1, count):
        clone = copy.copy(first)
        clone.pk, clone.object_id = None, first.object_id + 10_000_000 + n
        copies.append(clone)
    Obligation.objects.bulk_create(copies, batch_size=2000)
    return Obligation.objects.filter(standard=first.standard_id)


def lunch_break_run(admin_user):
    """The admin adds a lunch break at 11:50: every memo now falls due at 13:30."""
    calendar = Calendar.objects.default()
    with time_machine.travel(CHANGED, tick=False):
        add_lunch(calendar)
        return RecomputeRun.objects.create(
            calendar=calendar, requested_by=admin_user, as_of=CHANGED
        )


def events_per_obligation(kind):
    """{how many `kind` events an obligation has} over the obligations that have any."""
    return set(
        ObligationEvent.objects.filter(kind=kind)
        .values("obligation")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )


def test_a_run_queued_while_the_broker_was_down_is_done_by_the_next_worker(
    worker_process, admin_user, staff
):
    rows = memos(staff, 5)
    run = lunch_break_run(admin_user)
    from config.celery_app import app

    previous = app.conf.broker_url
    _point_broker_at(CLOSED_PORT)
    try:
        assert services.recompute_send(run_id=run.pk) is False  # logged, the run stays queued
    finally:
        _point_broker_at(previous)
        pools.reset()  # kombu's shared producer pools still hold the closed connections
    run.refresh_from_db()
    assert run.status == RecomputeRun.Status.QUEUED

    worker_process()  # its worker_ready hook sends the queued run; nothing else does
    assert wait_for(lambda: RecomputeRun.objects.get(pk=run.pk).status == "done")
    assert set(rows.values_list("due_at", flat=True)) == {kst(2026, 12, 1, 13, 30)}
    assert events_per_obligation(ObligationEvent.Kind.RECOMPUTE) == {1}


def test_a_worker_killed_mid_run_leaves_the_run_to_the_next_one_and_no_deadline_moves_twice(
    worker_process, admin_user, staff
):
    count = 10_000  # five batches of 2,000: the kill lands between the first and the last
    rows = memos(staff, count)
    first = worker_process()  # before the run exists: only our send reaches it
    run = lunch_break_run(admin_user)
    assert services.recompute_send(run_id=run.pk)

    def mid_way():
        done = RecomputeRun.objects.filter(pk=run.pk).values_list("processed", flat=True)[0]
        return 0 < done < count

    assert wait_for(mid_way, every=0.02)
    first.kill()
    killed = RecomputeRun.objects.get(pk=run.pk)
    assert killed.status == RecomputeRun.Status.RUNNING
    assert 0 < killed.processed < count
    # Beat and a starting worker send a run left "running" once its heartbeat is older than the
    # lease (before that its worker might still be on it): let that time pass.
    assert killed.heartbeat_at is not None
    RecomputeRun.objects.filter(pk=run.pk).update(
        requested_at=killed.requested_at - dt.timedelta(hours=1),
        heartbeat_at=killed.heartbeat_at - dt.timedelta(seconds=settings.RECOMPUTE_LEASE + 1),
    )
    worker_process()
    assert wait_for(lambda: RecomputeRun.objects.get(pk=run.pk).status == "done", timeout=25)
    assert rows.filter(due_at=kst(2026, 12, 1, 13, 30)).count() == count
    assert ObligationEvent.objects.filter(kind=ObligationEvent.Kind.RECOMPUTE).count() == count
    assert events_per_obligation(ObligationEvent.Kind.RECOMPUTE) == {1}


def at_once(job, times=2):
    """Run `job` on `times` threads released together, each with its own connection."""
    barrier, results = threading.Barrier(times), []

    def run():
        try:
            barrier.wait()
            results.append(job())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_breach_scans_and_two_notify_jobs_at_once_do_each_obligation_once(staff, manager):
    rows = memos(staff, 300)  # due 2026-12-01 12:30, long past
    now = kst(2026, 12, 1, 15)
    assert sorted(at_once(lambda: services.breach_scan(now=now))) == [0, 300]
    assert at_once(lambda: notify_breaches(now=now)) and rows.filter(notified_at=now).count() == 300
    for kind in (ObligationEvent.Kind.BREACH, ObligationEvent.Kind.NOTIFY):
        assert ObligationEvent.objects.filter(kind=kind).count() == 300, kind
        assert events_per_obligation(kind) == {1}, kind
