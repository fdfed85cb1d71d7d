"""The feedback panel of the staff home page (charter/home.html includes
feedback/home_panel.html). It reads through `visible_to(user)` like every page."""

import datetime as dt

from django import template
from django.db.models import Q
from django.utils import timezone

from feedback.models import Feedback

register = template.Library()

SOON = dt.timedelta(days=2)


@register.simple_tag
def feedback_due_soon(user, staff, limit: int = 8) -> dict:
    """The items `user` may see that are assigned to `staff` or belong to their department,
    with a deadline in the next two days (or already passed), the earliest first."""
    now = timezone.now()
    items = list(
        Feedback.objects.visible_to(user)
        .filter(Q(assignee=staff) | Q(department_id=staff.department_id))
        .open()
        .due_before(now + SOON)
        .order_by("next_due_at")[:limit]
    )
    return {"items": items, "now": now}
