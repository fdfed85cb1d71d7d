"""The main menu, built from the section apps' declarations (charter.registry): grouped by
section, the current page marked, and beside each group the count of the signed-in staff
member's open items in it (and how many of them are late)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from charter.models import Obligation
from charter.registry import NavEntry, sections

register = template.Library()


@dataclass
class Link:
    url: str
    label: str
    current: bool
    count: int | None = None


@dataclass
class Group:
    key: str
    label: str
    links: list[Link]
    open_count: int = 0
    late_count: int = 0

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def my_counts(user) -> dict[str, tuple[int, int]]:
    """app label -> (open, late) of the user's own outstanding obligations, in one query."""
    staff = getattr(user, "staff_member", None)
    if staff is None:
        return {}
    late = Q(due_at__lt=timezone.now()) & ~Q(status=Obligation.Status.PAUSED)
    rows = (
        Obligation.objects.visible_to(user)
        .outstanding()
        .of_staff(staff)
        .values("content_type__app_label")
        .annotate(total=Count("id"), late=Count("id", filter=late))
    )
    return {row["content_type__app_label"]: (row["total"], row["late"]) for row in rows}


def _links(entries, user, path: str) -> list[Link]:
    links = []
    for entry in entries:
        if user is not None and not entry.visible_to(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        count = import_string(entry.count)(user) if entry.count and user is not None else None
        links.append(Link(url, entry.label, current=_is_current(url, path), count=count))
    return links


def _is_current(url: str, path: str) -> bool:
    return path == url or (url != "/" and path.startswith(url) and not url.endswith("/new/"))


def menu_for(user, path: str) -> list[Group]:
    """The groups of links `user` may use, in menu order."""
    if not user.is_authenticated:
        public = [entry for section in sections() for entry in section.public_nav]
        public.append(NavEntry("charter:charter", _("Charter")))
        public.append(NavEntry("charter:charter-results", pgettext_lazy("menu", "Results")))
        return [Group("public", "", _links(public, None, path))]
    counts = my_counts(user)
    groups = [Group("home", "", _links([NavEntry("charter:home", _("My work"))], user, path))]
    for section in sections():
        links = _links(section.nav, user, path)
        if links:
            total, late = counts.get(section.app, (0, 0))
            groups.append(Group(section.app, section.label, links, total, late))
    overview = [
        NavEntry("charter:dashboard", _("Dashboard"), ("charter.view_dashboard",)),
        NavEntry("charter:report-monthly", _("Monthly report"), ("charter.view_dashboard",)),
        NavEntry("charter:report-yearly", _("Yearly results"), ("charter.view_dashboard",)),
        NavEntry(
            "charter:dashboard-review",
            _("Breaches to review"),
            ("charter.waive_obligation",),
            count="charter.review.review_count",
        ),
        NavEntry("charter:charter", _("Charter")),
    ]
    groups.append(
        Group("overview", pgettext_lazy("menu", "Status and reports"), _links(overview, user, path))
    )
    # Nested paths (documents/inbox/ under documents/): only the longest match is current.
    current = [link for group in groups for link in group.links if link.current]
    for link in current:
        link.current = len(link.url) == max(len(other.url) for other in current)
    return groups


@register.inclusion_tag("includes/nav.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    return {"groups": menu_for(request.user, request.path), "user": request.user}


@register.simple_tag
def home_panels() -> list[str]:
    """The templates of the section apps' panels on the staff home page."""
    return [section.home_panel for section in sections() if section.home_panel]
