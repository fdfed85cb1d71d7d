"""Managers' review of breaches: the queue of breaches of their scope no one has reviewed yet,
and the review itself (a note, recorded as an ObligationEvent). Waiving a breach with a reason
(charter.services.obligation_waive) also takes it out of the queue."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import scope
from .models import Obligation, ObligationEvent

NOTE_MAX = 1000


def review_queue(user):
    """The breaches `user` may review (their departments), oldest breach first."""
    if not scope.may(user, "waive"):
        return Obligation.objects.none()
    return Obligation.objects.actionable_by(user).unreviewed().order_by("breached_at", "id")


def review_count(user) -> int | None:
    """The number beside the review queue's menu entry (one COUNT), None for whom it's not."""
    if not scope.may(user, "waive"):
        return None
    return review_queue(user).count()


def obligation_review(*, obligation: Obligation, by, note: str) -> Obligation:
    """A manager of the obligation's department notes a breach: it leaves the review queue.
    A later note on the same breach is recorded too (the latest is kept on the obligation)."""
    scope.require(by, "waive", obligation.department_id)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write the review note.")})
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("The review note is too long (at most %(n)s characters).") % {"n": NOTE_MAX}}
        )
    with transaction.atomic():
        locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
        if locked.status != Obligation.Status.BREACHED:
            raise ValidationError(
                _("Only a breach can be reviewed (this one is %(status)s).")
                % {"status": locked.get_status_display()}
            )
        now = timezone.now()
        locked.reviewed_at = now
        locked.reviewed_by = by
        locked.review_note = note
        locked.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
        ObligationEvent.objects.create(
            obligation=locked,
            kind=ObligationEvent.Kind.REVIEW,
            at=now,
            by=by,
            reason=note,
            due_before=locked.due_at,
            due_after=locked.due_at,
        )
    return locked
