"""The bounds of every input, in one place: how long a text may be and which instants are sane.

Models, forms, serializers and services all read these, so a limit is changed here once.

- `NAME` (names, titles, subjects), `NOTE` (a note or reason), `TEXT` (a question, a reply, a
  message body): maximum lengths in characters.
- `validate_instant`: an instant between 2000-01-01 and the end of next year (Asia/Seoul) is
  sane; anything else (a year-0001 timestamp, a typo of 2206) is refused with a clear message.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .clock import SEOUL

NAME = 200
NOTE = 2000
TEXT = 10000

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=SEOUL)


def latest(now: dt.datetime | None = None) -> dt.datetime:
    """The end of next year, Seoul time: later than any instant a record can honestly carry."""
    year = timezone.localtime(now or timezone.now(), SEOUL).year + 1
    return dt.datetime(year + 1, 1, 1, tzinfo=SEOUL)


def validate_instant(value: dt.datetime) -> None:
    """Refuse an instant outside 2000-01-01 .. the end of next year (Seoul)."""
    if value is None:
        return
    if timezone.is_naive(value):
        value = timezone.make_aware(value, SEOUL)
    if not EARLIEST <= value < latest():
        raise ValidationError(
            _("Enter a date and time between %(earliest)s and %(latest)s."),
            code="instant_out_of_range",
            params={
                "earliest": EARLIEST.date().isoformat(),
                "latest": (latest() - dt.timedelta(days=1)).date().isoformat(),
            },
        )


class BoundedTextField(models.TextField):
    """A TextField bounded in the model: `max_length` (one of the bounds above) sizes the form's
    textarea and adds its MaxLengthValidator, so every form, admin page and `full_clean` refuses
    a longer text. Migrations see the plain TextField with that validator (`deconstruct`), so
    using it changes no schema and no migration."""

    def __init__(self, *args, max_length: int, **kwargs):
        validators = list(kwargs.pop("validators", ()))
        if not any(
            isinstance(v, MaxLengthValidator) and v.limit_value == max_length for v in validators
        ):
            validators.append(MaxLengthValidator(max_length))
        super().__init__(*args, max_length=max_length, validators=validators, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
