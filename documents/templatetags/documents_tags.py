"""The documents panel on the staff home page: today's inbox checks per channel."""

from django import template
from django.utils import timezone

from documents.models import Channel, ReceivedDocument
from documents.services import inbox_counts, min_checks

register = template.Library()


@register.simple_tag
def inbox_today(staff):
    """[(channel value, label, count, needed)] for the staff member's department today."""
    if staff is None:
        return []
    counts = inbox_counts(department=staff.department, day=timezone.localdate())
    needed = min_checks()
    return [(c.value, c.label, counts[c.value], needed) for c in Channel]


@register.simple_tag
def documents_waiting(staff, limit=5):
    """The department's received documents still waiting for confirmation or a notice."""
    if staff is None:
        return []
    return list(
        ReceivedDocument.objects.of_department(staff.department)
        .open()
        .order_by("received_at")[:limit]
    )
