"""Delivering the outbox: after each action's commit, and every minute by beat (which also
retries after a delay and finds rows a dead worker left)."""

from celery import shared_task

from . import services


@shared_task(
    name="notices.tasks.deliver",
    ignore_result=True,
    acks_late=True,  # redelivery is safe: a row is claimed before it is sent
    soft_time_limit=120,
    time_limit=150,
)
def deliver(ids: list[int] | None = None) -> dict:
    return dict(services.messages_deliver(ids=ids))
