"""Thin Celery tasks over visits.services (the management command calls the same function)."""

from celery import shared_task

from . import services


@shared_task(name="visits.tasks.check_directory", ignore_result=True)
def check_directory() -> dict:
    return services.directory_check()
