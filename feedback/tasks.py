"""Thin Celery tasks over feedback.services (the management command calls the same)."""

from celery import shared_task

from . import services


@shared_task(name="feedback.tasks.purge_feedback", ignore_result=True)
def purge_feedback() -> int:
    return services.feedback_purge()
