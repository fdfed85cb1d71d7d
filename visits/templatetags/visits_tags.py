"""The visits panel of the staff home page (charter/home.html includes visits/home_panel.html)."""

from django import template
from django.utils import timezone

from ..models import AbsenceMemo, FieldVisit, business_date

register = template.Library()


@register.simple_tag(takes_context=True)
def visits_home(context, staff) -> dict:
    """My field visits today and my customers still to contact (V4), in two queries, read
    through the user's scope like every other list."""
    user = context["request"].user
    now = timezone.now()
    return {
        "now": now,
        "field_visits": list(
            FieldVisit.objects.visible_to(user)
            .with_related()
            .of_staff(staff)
            .on_day(business_date(now))
            .order_by("scheduled_at")
        ),
        "memos": list(
            AbsenceMemo.objects.visible_to(user)
            .awaiting_contact()
            .filter(absent_staff=staff)
            .order_by("contact_at")[:10]
        ),
    }
