"""Customers' personal data is kept for a retention period, then blanked.

A model that holds customers' names, phone numbers or e-mail addresses says so with a class
attribute `personal_data = PersonalData(since=..., fields={...})`; `personal_data_purge` blanks
those fields, in the model and in its change history, once `since` is older than the retention
period (setting PERSONAL_DATA_RETENTION_DAYS). Records are blanked, never deleted: obligations,
counts and statistics stay as they were.

- A field becomes what `fields` says: "" as a rule, or `PersonalData.PURGED`, a marker that is
  not personal data, where one of the model's own constraints forbids the blank (a received
  document must keep a phone number or an e-mail address).
- History rows are expired by their own `since` (a history row carries the same fields), so the
  history of a deleted record is blanked too; and with the record they belong to, once it expires.
- One conditional UPDATE per table: running it again changes nothing and returns 0.
- Each model is purged in its own transaction (a savepoint inside an outer one): one that fails is
  rolled back, logged without personal data and reported in `PurgeReport.failed`; the others are
  purged all the same.

Run by Celery beat and by `python manage.py purge_personal_data`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import ClassVar

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PersonalData:
    since: str  # the date field the retention period counts from
    fields: dict[str, object]  # field -> the blank it becomes
    stamp: str | None = None  # a date field set to the purge time, if the model has one
    extra: dict[str, object] = field(default_factory=dict)

    # "Destroyed": what a field becomes where the model's constraints forbid the blank.
    PURGED: ClassVar[str] = "(파기됨)"


class PurgeFailed(Exception):
    """The purge of some models failed; the message names them, never any personal data."""


class PurgeReport(dict):
    """Rows blanked per model label; a model's change history is counted under its own label
    (calls.HistoricalCallback). A model whose purge failed is not counted: its label is in
    `failed`, with a description of the error that holds no personal data."""

    def __init__(self):
        super().__init__()
        self.failed: dict[str, str] = {}

    def __missing__(self, label):
        if label in self.failed:
            raise PurgeFailed(f"{label}: {self.failed[label]}")
        raise KeyError(label)

    def raise_for_failures(self) -> None:
        if self.failed:
            raise PurgeFailed(
                "personal data purge failed for "
                + "; ".join(f"{label}: {why}" for label, why in self.failed.items())
            )


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
) -> PurgeReport:
    """Blank personal data older than the retention period; returns rows blanked per model
    (and per history model), and the models whose purge failed."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=retention_days() if days is None else days)
    report = PurgeReport()
    for model in only or models_with_personal_data():
        label = model._meta.label
        try:
            with transaction.atomic():
                counts = _purge(model, now=now, cutoff=cutoff)
        except Exception as error:
            report.failed[label] = _describe(error)
            # Not the error itself: PostgreSQL puts the failing row (names, numbers) in its
            # message. Its traceback, with a description that holds no personal data.
            failure = PurgeFailed(f"{label}: {report.failed[label]}")
            logger.exception(
                "Personal data purge failed for %s: %s",
                label,
                report.failed[label],
                exc_info=failure.with_traceback(error.__traceback__),
            )
        else:
            report.update(counts)
    return report


def _purge(model: type[models.Model], *, now: dt.datetime, cutoff: dt.datetime) -> dict[str, int]:
    spec: PersonalData = model.personal_data
    # The base manager: a purge must never be narrowed by a default manager's filter.
    expired = model._base_manager.filter(**{f"{spec.since}__lt": cutoff})
    already_blank = Q(**spec.fields)
    changes = {**spec.fields, **spec.extra}
    if spec.stamp:
        changes[spec.stamp] = now
    counts = {model._meta.label: expired.exclude(already_blank).update(**changes)}
    history = getattr(model, "history", None)
    if history is not None:
        historical = history.model
        # A history row expires by its own `since` (deleted records have no live row), and with
        # its record (its `since` may have been set later, or moved).
        old = Q(**{f"{spec.since}__lt": cutoff}) | Q(id__in=expired.values("pk"))
        counts[historical._meta.label] = (
            historical._base_manager.filter(old).exclude(already_blank).update(**spec.fields)
        )
    return counts


def _describe(error: Exception) -> str:
    """The error's type and, for a violated constraint, its name: never the error's message,
    which may hold the failing row."""
    constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    if constraint is None and isinstance(error, IntegrityError):
        match = re.search(r"constraint failed: ([\w.]+)", str(error))
        constraint = match and match[1]
    return f"{type(error).__name__} ({constraint})" if constraint else type(error).__name__
