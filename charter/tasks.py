"""Thin Celery tasks over the services (the management commands call the same functions)."""

from celery import shared_task

from . import services


@shared_task(name="charter.tasks.scan_breaches", ignore_result=True)
def scan_breaches() -> int:
    return services.breach_scan()
