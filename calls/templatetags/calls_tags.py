from django import template
from django.utils import timezone

from calls.models import Callback
from charter.privacy import can_see_personal_data, mask_name, mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def my_open_callbacks(context, staff, limit=5):
    """The open callback memos of `staff`, the least time left first (one query)."""
    if staff is None:
        return []
    now = timezone.now()
    full = can_see_personal_data(context.get("user"))
    memos = list(Callback.objects.open().for_staff(staff).by_time_left()[:limit])
    for memo in memos:
        memo.overdue = memo.due_at is not None and memo.due_at < now
        memo.who = (
            (memo.customer_name or memo.customer_phone)
            if full
            else (mask_name(memo.customer_name) or mask_phone(memo.customer_phone))
        )
    return memos
