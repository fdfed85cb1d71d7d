"""The documents panel on the staff home page: today's inbox checks per channel and the
documents waiting, read through the user's scope (charter.scope)."""

from django import template
from django.utils import timezone

from charter.scope import scope_of
from documents.models import Channel, ReceivedDocument
from documents.services import inbox_counts, min_checks

register = template.Library()


@register.simple_tag
def inbox_today(user):
    """[(channel value, label, count, needed)] for the user's own department today."""
    staff = scope_of(user).staff
    if staff is None:
        return []
    counts = inbox_counts(user=user, department=staff.department, day=timezone.localdate())
    needed = min_checks()
    return [(c.value, c.label, counts[c.value], needed) for c in Channel]


@register.simple_tag
def documents_waiting(user, limit=5):
    """Received documents the user sees still waiting for confirmation or a notice."""
    return list(ReceivedDocument.objects.visible_to(user).open().order_by("received_at")[:limit])
