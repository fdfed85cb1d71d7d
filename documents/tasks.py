"""Thin Celery tasks over documents.services (the management command calls the same)."""

from celery import shared_task

from . import services


@shared_task(name="documents.tasks.open_inbox_days", ignore_result=True)
def open_inbox_days() -> int:
    return services.inbox_days_open_due()
