"""The one-question satisfaction survey of the original charter page ("열람하신 정보에 대해
만족하십니까?", five points), asked on `/charter/` and through a one-question link in every reply
to an opinion or complaint sent to the customer.

- `satisfaction_record`: the one service that stores an answer. A public answer (source
  "charter") belongs to the foundation as a whole; a reply's answer (source "reply") carries a
  signed token naming the reply and its department (no personal data), valid for TOKEN_MAX_AGE,
  and is accepted once per reply.
- `satisfaction_summary`: responses, average and share satisfied (4 or 5) for a period, scoped
  (a manager: their departments' reply answers; executives and admins: every answer, the public
  ones included). Used by the dashboard and the monthly report.
- `satisfaction_link`: the address a reply carries (feedback.services).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import ratelimit
from .clock import SEOUL
from .models import SatisfactionResponse

SALT = "charter.survey.reply"
TOKEN_MAX_AGE = dt.timedelta(days=60)
# (answers, seconds) per client IP on the public page; settings.CHARTER_SURVEY_RATE overrides.
RATE_DEFAULT = (5, 600)
CHOICES = [
    (5, gettext_lazy("Very satisfied")),
    (4, gettext_lazy("Satisfied")),
    (3, gettext_lazy("Neither satisfied nor dissatisfied")),
    (2, gettext_lazy("Dissatisfied")),
    (1, gettext_lazy("Very dissatisfied")),
]
QUESTION = gettext_lazy("Are you satisfied with the information you have read?")
REPLY_QUESTION = gettext_lazy("Are you satisfied with our answer?")


class InvalidToken(Exception):
    """A reply's link that was altered, or has expired."""


class SatisfactionForm(forms.Form):
    score = forms.TypedChoiceField(
        label=QUESTION,
        choices=CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose one answer.")},
    )


# -- Tokens --------------------------------------------------------------------------------


def satisfaction_token(*, about, department) -> str:
    """A signed token naming `about` (a reply) and its department; nothing personal."""
    content_type = ContentType.objects.get_for_model(about)
    return signing.dumps(
        {"c": content_type.pk, "o": about.pk, "d": getattr(department, "pk", department)},
        salt=SALT,
        compress=True,
    )


def satisfaction_link(*, about, department) -> str:
    """The one-question page for `about`: CHARTER_PUBLIC_URL (the site's public address, if
    set) and the path."""
    path = reverse(
        "charter:satisfaction-reply", args=[satisfaction_token(about=about, department=department)]
    )
    return f"{settings.CHARTER_PUBLIC_URL.rstrip('/')}{path}"


def token_read(token: str) -> dict:
    """{"c": content type id, "o": object id, "d": department id}, or InvalidToken."""
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError) as error:  # SignatureExpired is a BadSignature
        raise InvalidToken from error
    if not isinstance(data, dict) or not {"c", "o", "d"} <= set(data):
        raise InvalidToken
    return data


def token_answered(token: str) -> bool:
    data = token_read(token)
    return SatisfactionResponse.objects.filter(
        content_type_id=data["c"], object_id=data["o"]
    ).exists()


# -- The service -----------------------------------------------------------------------------


def satisfaction_record(
    *, score, source: str, token: str | None = None, at: dt.datetime | None = None
) -> SatisfactionResponse:
    """Store one answer. `source` "charter" (the public page) or "reply" (with the reply's
    `token`). A score outside 1–5 or a second answer to the same reply is a ValidationError in
    the user's language; an altered or expired token is InvalidToken. Nothing is stored then."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose one answer.")})
    at = at or timezone.now()
    if source == SatisfactionResponse.Source.CHARTER:
        if token is not None:
            raise ValidationError({"source": _("The charter page's answers carry no link.")})
        return SatisfactionResponse.objects.create(score=score, source=source, created_at=at)
    if source != SatisfactionResponse.Source.REPLY:
        raise ValidationError({"source": _("Unknown source of an answer.")})
    data = token_read(token or "")
    try:
        with transaction.atomic():
            return SatisfactionResponse.objects.create(
                score=score,
                source=source,
                content_type_id=data["c"],
                object_id=data["o"],
                department_id=data["d"],
                created_at=at,
            )
    except IntegrityError:
        answered = ValidationError(
            _("This answer was already recorded. Thank you."), code="answered"
        )
        raise ValidationError({"score": answered}) from None


def public_answer_allowed(request) -> bool:
    """Count one public answer from the client; False once it is over the limit."""
    limit = tuple(getattr(settings, "CHARTER_SURVEY_RATE", RATE_DEFAULT))
    return ratelimit.hit(request, "charter:survey", limit)


# -- The selector ----------------------------------------------------------------------------


def _instant(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(), SEOUL)


def satisfaction_summary(*, user, since, until, department=None) -> dict:
    """Answers given in [since, until) (dates are days in Asia/Seoul; `until` is exclusive, as
    reports.Period.end) that `user` may see: a manager their departments' reply answers, an
    executive or admin every answer (the public page's too, for the foundation as a whole);
    `department` narrows to one department's reply answers. One query.

    {"responses": int, "average": float | None, "satisfied_share": float | None (of 4–5)}."""
    rows = SatisfactionResponse.objects.visible_to(user).between(_instant(since), _instant(until))
    if department is not None:
        rows = rows.filter(department=department)
    figures = rows.aggregate(
        responses=Count("id"), average=Avg("score"), satisfied=Count("id", filter=Q(score__gte=4))
    )
    responses = figures["responses"]
    return {
        "responses": responses,
        "average": round(float(figures["average"]), 2) if responses else None,
        "satisfied_share": figures["satisfied"] / responses if responses else None,
    }
