"""A real Celery worker on the configured broker (the filesystem transport by default, Redis
when CELERY_BROKER_URL says so) runs the beat task and the breach shows in the database."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from charter import services
from charter.models import Obligation
from charter.tasks import scan_breaches
from config.celery_app import app
from tests.conftest import kst


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scan_task_runs_on_a_real_worker(staff):
    overdue = services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=kst(2025, 12, 2, 10),
    )
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        scan_breaches.delay()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            overdue.refresh_from_db()
            if overdue.status != Obligation.Status.OPEN:
                break
            time.sleep(0.2)
    assert overdue.status == Obligation.Status.BREACHED
    assert overdue.breached_at == kst(2025, 12, 2, 11)
