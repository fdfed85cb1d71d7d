from django import template
from django.utils import timezone

from calls.models import Callback
from charter.privacy import mask_name, mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def my_open_callbacks(context, staff, limit=5):
    """The open callback memos of `staff` that the user sees, the least time left first (one
    query). A list: the customers are masked (the memo's own page shows them)."""
    user = context.get("user")
    if staff is None or user is None:
        return []
    now = timezone.now()
    memos = list(Callback.objects.visible_to(user).open().for_staff(staff).by_time_left()[:limit])
    for memo in memos:
        memo.overdue = memo.due_at is not None and memo.due_at < now
        memo.who = mask_name(memo.customer_name) or mask_phone(memo.customer_phone)
    return memos
