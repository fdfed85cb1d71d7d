"""Thin Celery tasks over the services (the management commands call the same functions)."""

from celery import shared_task

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
