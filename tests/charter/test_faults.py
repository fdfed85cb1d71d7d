"""Jobs under faults: a broker that is down never fails the admin's page, and the queued run is
done once a worker is back."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from charter import services
from charter.models import Calendar, RecomputeRun
from config.celery_app import app
from tests.conftest import kst


@pytest.mark.django_db
def test_the_recompute_action_queues_while_the_broker_is_down(
    admin_client, broker_down, django_capture_on_commit_callbacks
):
    calendar = Calendar.objects.default()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(
            "/admin/charter/calendar/",
            {"action": "recompute_open_deadlines", "_selected_action": [calendar.pk]},
            follow=True,
        )
    assert len(callbacks) == 1  # the send was attempted, failed, and was only logged
    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 302
    assert "작업 처리기가 멈춰 있으면 다시 작동하는 즉시 실행됩니다" in response.content.decode()
    run = RecomputeRun.objects.get()
    assert run.status == RecomputeRun.Status.QUEUED


@pytest.mark.django_db
def test_beat_sends_again_only_the_runs_left_queued(admin_user, django_capture_on_commit_callbacks):
    calendar = Calendar.objects.default()
    with (
        time_machine.travel(kst(2026, 12, 1, 10), tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        old = services.recompute_start(calendar=calendar, by=admin_user)
    with time_machine.travel(kst(2026, 12, 1, 10, 5), tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            fresh = services.recompute_start(calendar=calendar, by=admin_user)
        with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
            app.conf.task_always_eager = True
            try:
                sent = services.recompute_resume(older_than=dt.timedelta(minutes=2))
            finally:
                app.conf.task_always_eager = False
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert sent == 1
    assert (old.status, fresh.status) == (RecomputeRun.Status.DONE, RecomputeRun.Status.QUEUED)


@pytest.mark.django_db
def test_beat_sends_again_a_running_run_whose_heartbeat_stopped(
    admin_user, django_capture_on_commit_callbacks
):
    """A worker killed mid-run leaves it "running": once its heartbeat is older than the lease
    (2 minutes) beat sends it again, long before the task's 15-minute hard limit."""
    calendar = Calendar.objects.default()
    with (
        time_machine.travel(kst(2026, 12, 1, 10), tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        dead = services.recompute_start(calendar=calendar, by=admin_user)
        alive = services.recompute_start(calendar=calendar, by=admin_user)
    RecomputeRun.objects.filter(pk=dead.pk).update(
        status=RecomputeRun.Status.RUNNING, heartbeat_at=kst(2026, 12, 1, 10, 1)
    )
    RecomputeRun.objects.filter(pk=alive.pk).update(
        status=RecomputeRun.Status.RUNNING, heartbeat_at=kst(2026, 12, 1, 10, 3, 30)
    )
    with time_machine.travel(kst(2026, 12, 1, 10, 4), tick=False):
        app.conf.task_always_eager = True
        try:
            sent = services.recompute_resume(older_than=dt.timedelta(minutes=2))
        finally:
            app.conf.task_always_eager = False
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert sent == 1
    assert dead.status == RecomputeRun.Status.DONE
    assert dead.heartbeat_at == kst(2026, 12, 1, 10, 4)  # the new run beat
    assert alive.status == RecomputeRun.Status.RUNNING  # still within its lease: left alone
