"""Template helpers of the corrections pages: masks and the home panel's items."""

from django import template
from django.utils import timezone

from charter.privacy import mask_email, mask_name, mask_phone

from ..models import HandlingDefect, ServiceCorrection

register = template.Library()
PANEL_ITEMS = 5


@register.filter
def name_for(value: str, personal: bool) -> str:
    return value if personal else mask_name(value)


@register.filter
def phone_for(value: str, personal: bool) -> str:
    return value if personal else mask_phone(value)


@register.filter
def email_for(value: str, personal: bool) -> str:
    return value if personal else mask_email(value)


@register.simple_tag
def corrections_for(user, staff):
    """What `staff` (the user's own staff member) must correct or notify, among the records
    `user` may see, the earliest deadline first (home panel)."""
    if staff is None:
        return {"corrections": [], "defects": [], "now": timezone.now()}
    corrections = (
        ServiceCorrection.objects.visible_to(user)
        .to_correct_by(staff)
        .with_related()
        .with_deadline()
        .order_by("due_at", "pk")[:PANEL_ITEMS]
    )
    defects = (
        HandlingDefect.objects.visible_to(user)
        .open()
        .of_staff(staff)
        .with_related()
        .with_deadline()
        .order_by("due_at", "pk")[:PANEL_ITEMS]
    )
    return {"corrections": list(corrections), "defects": list(defects), "now": timezone.now()}
