"""Time left, one way on every page: "2일 6시간 남음 (2026-12-04 10:00)" or "3시간 지남 (…)",
"근무시간 기준" when the deadline counts working hours; amber with "마감 임박" inside the
standard's warning window, red with "기한 경과" when late (words as well as colour)."""

import datetime as dt

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from ..clock import Clock

register = template.Library()


def span_text(delta: dt.timedelta) -> str:
    """'2일 6시간', '3시간 20분', '5분': the two largest units, never zero."""
    minutes = max(int(abs(delta).total_seconds() // 60), 1)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours and len(parts) < 2:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if mins and not days and len(parts) < 2:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", mins) % {"n": mins})
    return " ".join(parts)


@register.simple_tag(takes_context=True)
def time_left(context, target, now=None, business=None, soon=None, late=None):
    """`target` is an Obligation (its clock, warning window and state decide) or a due instant
    with `business`, `soon` and `late` given by the page (late defaults to due < now)."""
    now = now or context.get("now") or timezone.now()
    due_at = getattr(target, "due_at", target)
    if not due_at:
        return "-"
    if hasattr(target, "is_due_soon"):
        business = target.clock == Clock.BUSINESS if business is None else business
        late = target.is_overdue(now) if late is None else late
        soon = target.is_due_soon(now) if soon is None else soon
    if late is None:
        late = due_at < now
    when = date_filter(timezone.localtime(due_at), "Y-m-d H:i")
    if business:
        when = _("%(when)s, business hours") % {"when": when}
    span = span_text(due_at - now)
    text = (_("%(span)s overdue") if due_at < now else _("%(span)s left")) % {"span": span}
    if late:
        badge, css = pgettext("deadline", "Overdue"), "deadline deadline-late"
    elif soon:
        badge, css = pgettext("deadline", "Due soon"), "deadline deadline-soon"
    else:
        badge, css = "", "deadline"
    return format_html(
        '<span class="{}">{}{} <time datetime="{}">({})</time></span>',
        css,
        format_html('<strong class="badge">{}</strong> ', badge) if badge else "",
        text,
        due_at.isoformat(),
        when,
    )


@register.filter
def row_state(target, now=None):
    """'overdue' / 'due-soon' / '' for a row's class, as time_left decides for an Obligation."""
    now = now or timezone.now()
    if target.is_overdue(now):
        return "overdue"
    return "due-soon" if target.is_due_soon(now) else ""
