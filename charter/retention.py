"""Customers' personal data is kept for a retention period, then blanked.

A model that holds customers' names, phone numbers or e-mail addresses says so with a class
attribute `personal_data = PersonalData(since=..., fields={...})`; `personal_data_purge` blanks
those fields, in the model and in its change history, once `since` is older than the retention
period (setting PERSONAL_DATA_RETENTION_DAYS). One conditional UPDATE per table: running it
again changes nothing. Run by Celery beat and by `python manage.py purge_personal_data`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class PersonalData:
    since: str  # the date field the retention period counts from
    fields: dict[str, object]  # field -> the blank it becomes
    stamp: str | None = None  # a date field set to the purge time, if the model has one
    extra: dict[str, object] = field(default_factory=dict)


def retention_days() -> int:
    return settings.PERSONAL_DATA_RETENTION_DAYS


def models_with_personal_data() -> list[type[models.Model]]:
    return [
        m for m in apps.get_models() if isinstance(getattr(m, "personal_data", None), PersonalData)
    ]


def personal_data_purge(
    *,
    now: dt.datetime | None = None,
    days: int | None = None,
    only: list[type[models.Model]] | None = None,
) -> dict[str, int]:
    """Blank personal data older than the retention period; returns rows blanked per model."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=retention_days() if days is None else days)
    blanked = {}
    for model in only or models_with_personal_data():
        spec: PersonalData = model.personal_data
        expired = model._default_manager.filter(**{f"{spec.since}__lt": cutoff})
        already_blank = Q(**spec.fields)
        changes = {**spec.fields, **spec.extra}
        if spec.stamp:
            changes[spec.stamp] = now
        with transaction.atomic():
            blanked[model._meta.label] = expired.exclude(already_blank).update(**changes)
            history = getattr(model, "history", None)
            if history is not None:
                history.model.objects.filter(id__in=expired.values("pk")).exclude(
                    already_blank
                ).update(**spec.fields)
    return blanked
