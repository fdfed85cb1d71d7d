"""Thin Celery tasks over the services (the management commands call the same functions)."""

import datetime as dt

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from . import services


@shared_task(name="charter.tasks.scan_breaches", ignore_result=True)
def scan_breaches() -> int:
    return services.breach_scan()


@shared_task(name="charter.tasks.recompute_open_deadlines", ignore_result=True)
def recompute_open_deadlines(run_id: int) -> None:
    from .models import RecomputeRun

    run = RecomputeRun.objects.select_related("calendar").get(pk=run_id)
    if run.status == RecomputeRun.Status.DONE:
        return  # delivered twice: nothing to do
    try:
        services.recompute_run(run=run)
    except Exception as error:
        RecomputeRun.objects.filter(pk=run_id).update(
            status=RecomputeRun.Status.FAILED, error=str(error)[:2000]
        )
        raise


@shared_task(name="charter.tasks.purge_personal_data", ignore_result=True)
def purge_personal_data() -> int:
    from .access import access_records_purge
    from .retention import personal_data_purge

    report = personal_data_purge()
    access_records_purge()
    report.raise_for_failures()  # the others are purged; the task is marked failed
    return sum(report.values())


@shared_task(name="charter.tasks.notify_obligations", ignore_result=True)
def notify_obligations() -> int:
    from .notifications import notify_breaches, warn_due_soon

    return warn_due_soon() + notify_breaches()


@shared_task(name="charter.tasks.send_digest", ignore_result=True)
def send_digest() -> int:
    from .notifications import digest_send

    return digest_send()


@shared_task(name="charter.tasks.resume_recomputes", ignore_result=True)
def resume_recomputes() -> int:
    """Beat: send again the recompute runs the broker never took (it was down when the admin
    asked) or whose worker was killed."""
    return services.recompute_resume(
        older_than=dt.timedelta(seconds=settings.RECOMPUTE_REQUEUE_AFTER)
    )


@worker_ready.connect
def _resume_recomputes_at_start(sender=None, **kwargs):
    """A worker that starts picks up every queued run at once, without waiting for beat."""
    try:
        services.recompute_resume(older_than=dt.timedelta(0))
    except Exception:  # a database still starting must not stop the worker
        services.logger.warning("Could not resume recompute runs at start", exc_info=True)
