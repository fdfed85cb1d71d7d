"""The feedback panel of the staff home page (charter/home.html includes
feedback/home_panel.html). It reads through `visible_to(user)` like every page."""

from django import template
from django.db.models import Q
from django.utils import timezone

from charter.models import Obligation
from feedback.models import Feedback

register = template.Library()


@register.simple_tag
def feedback_due_soon(user, staff, limit: int = 8) -> dict:
    """The items `user` may see that are assigned to `staff` or belong to their department,
    with a deadline inside its standard's warning window or already passed, the earliest
    first."""
    now = timezone.now()
    attention = Obligation.objects.for_model(Feedback).needing_attention(now)
    items = list(
        Feedback.objects.visible_to(user)
        .filter(Q(assignee=staff) | Q(department_id=staff.department_id))
        .filter(pk__in=attention.values("object_id"))
        .open()
        .with_next_due()
        .order_by("next_due_at")[:limit]
    )
    return {"items": items, "now": now}
