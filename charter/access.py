"""Customers' personal data, unmasked: who may see it, and the record of each time they did.

Staff see the customers of their own departments in full where their work needs it: the page
of one record (to call back, to reply), and the API's response for one record. Lists, exports,
dashboards and every other role get masks (charter.privacy). Each unmasked opening writes one
AccessRecord row per record (who, when, which record, which fields, from which page or
endpoint), never the data itself. Access records are kept ACCESS_RECORD_RETENTION_DAYS (2 years)
and cannot be changed or removed before then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .scope import may


def shows_personal_data(user, department) -> bool:
    """Does `user` see personal data of a record of `department` unmasked?"""
    return (
        user is not None
        and user.is_authenticated
        and user.has_perm("charter.view_personal_data")
        and may(user, "see_personal_data", department)
    )


def source_of(request) -> str:
    """The page or endpoint, by name (never the query string: it may hold a number)."""
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match is not None else request.path
    return f"{request.method} {name}"[:200]


def access_record(
    *,
    user,
    subjects: Iterable[models.Model],
    fields: Iterable[str],
    source: str,
    at: dt.datetime | None = None,
) -> int:
    """Record that `user` saw `fields` of each of `subjects` unmasked. Returns rows written."""
    from .models import AccessRecord

    subjects = [s for s in subjects if s is not None and s.pk is not None]
    if not subjects:
        return 0
    at = at or timezone.now()
    names = ",".join(sorted(set(fields)))[:200]
    types = ContentType.objects.get_for_models(*{type(s) for s in subjects})
    rows = [
        AccessRecord(
            user=user,
            at=at,
            content_type=types[type(s)],
            object_id=s.pk,
            fields=names,
            source=source[:200],
        )
        for s in subjects
    ]
    AccessRecord.objects.bulk_create(rows)
    return len(rows)


def reveal(request, subject: models.Model, fields: Iterable[str], department=None) -> bool:
    """For a page about one record: True (and the opening recorded) when the user may see its
    customer's `fields` unmasked; False means show masks."""
    department = department if department is not None else subject.department_id
    if not shows_personal_data(request.user, department):
        return False
    present = [f for f in fields if getattr(subject, f, "")]
    if present:
        access_record(
            user=request.user, subjects=[subject], fields=present, source=source_of(request)
        )
    return True


def keep_until_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Access records from before this instant have been kept their full period."""
    return (now or timezone.now()) - dt.timedelta(days=settings.ACCESS_RECORD_RETENTION_DAYS)


def access_records_purge(*, now: dt.datetime | None = None) -> int:
    """Remove access records older than their keeping period; run with the personal data
    purge. Returns how many were removed."""
    from .models import AccessRecord

    deleted, _by_model = AccessRecord.objects.filter(at__lt=keep_until_cutoff(now)).delete()
    return deleted
