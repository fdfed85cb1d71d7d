"""Scheduled work of the integrations (thin: the services do it)."""

from celery import shared_task

from . import services


@shared_task
def purge_idempotency_keys() -> int:
    return services.idempotency_purge()
