"""{% drill query status="breached" standard="P4" %}: the drill-down URL behind a number;
{% with_query query sort="-due" %}: the same page's query with some parameters changed."""

from django import template
from django.http import QueryDict
from django.urls import reverse

register = template.Library()


def _merged(query: str, overrides: dict) -> str:
    params = QueryDict(query, mutable=True)
    for key, value in overrides.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params.urlencode()


@register.simple_tag
def drill(query, **overrides):
    return f"{reverse('charter:dashboard-obligations')}?{_merged(query, overrides)}"


@register.simple_tag
def with_query(query, **overrides):
    return f"?{_merged(query, overrides)}"


@register.filter
def signed(value):
    """+1.5 / -2.0 / 0.0 percentage points."""
    if value is None:
        return "-"
    return f"{value:+.1f}" if value else "0.0"


@register.filter
def masked(value):
    """A note with any phone number or e-mail address in it masked (lists show no contacts)."""
    from config.logging import mask_personal_data

    return mask_personal_data(value or "")


@register.filter
def add_days(day, days):
    """A date `days` later, as YYYY-MM-DD (the drill-down's `until` for a week)."""
    import datetime as dt

    return (day + dt.timedelta(days=int(days))).isoformat()
