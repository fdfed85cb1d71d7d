"""The map of the charter in code: which section app measures which standard, and how.

Each section app declares, in its own `standards.py`, one `Section`: the standards it measures
(code, subject model, the service that opens the obligation and the one that settles it) and its
interaction pages (URL include and namespace, navigation entries, home panel, demo data). Its
AppConfig reads that module (`SectionAppConfig`). The core reads this registry, never a section
app by name: config/urls.py, the navigation in base.html, the home page, charter.roles and
charter.demo. `python manage.py charter_map` and the admin's charter map print it.

Services and subjects are named as dotted paths ("calls.services.callback_open"), so the map is
data: the registry test resolves every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import AppConfig, apps
from django.urls import include, path
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Measure:
    """One standard an app measures: on which record, opened and settled by which service."""

    code: str
    subject: str  # model label, "calls.Callback"
    opens: str  # dotted path of the service that opens (or records) the obligation
    settles: str  # dotted path of the service that meets it (same as `opens` when recorded at once)


@dataclass(frozen=True)
class NavEntry:
    """One link in the main menu. `perms`: any one of these model permissions shows it
    (empty: every signed-in user); `count`: dotted path of a callable(user) -> int or None."""

    url_name: str  # namespace:name
    label: str  # translated lazily by the app
    perms: tuple[str, ...] = ()
    count: str = ""

    def visible_to(self, user) -> bool:
        return not self.perms or any(user.has_perm(perm) for perm in self.perms)


@dataclass(frozen=True)
class Section:
    app: str  # the app label, "calls"
    label: str  # menu group heading (translated lazily)
    url_prefix: str  # "calls/"
    measures: tuple[Measure, ...]
    nav: tuple[NavEntry, ...] = ()
    home_panel: str = ""  # template included on the staff home page
    demo: str = ""  # dotted path of seed_demo(now=, rng=)
    order: int = 100  # menu order
    public_nav: tuple[NavEntry, ...] = field(default=())  # links for anonymous visitors

    @property
    def urls(self) -> str:
        return f"{self.app}.urls"

    @property
    def namespace(self) -> str:
        return self.app


class SectionAppConfig(AppConfig):
    """AppConfig of a section app: reads its `standards.SECTION` when the app registry loads."""

    section: Section

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        self.section = import_string(f"{self.name}.standards.SECTION")


def sections() -> list[Section]:
    """Every installed section app's declaration, in menu order."""
    found = [config.section for config in apps.get_app_configs() if hasattr(config, "section")]
    return sorted(found, key=lambda section: (section.order, section.app))


def section_apps() -> tuple[str, ...]:
    return tuple(section.app for section in sections())


def measures() -> dict[str, list[tuple[Section, Measure]]]:
    """code -> every (section, measure) declaring it (the registry test wants exactly one)."""
    found: dict[str, list[tuple[Section, Measure]]] = {}
    for section in sections():
        for measure in section.measures:
            found.setdefault(measure.code, []).append((section, measure))
    return found


def import_api_modules() -> None:
    """Import each section app's `api` module (it registers its viewsets on config.api.router)."""
    for section in sections():
        import_module(f"{section.app}.api")


def url_patterns() -> list:
    """The section apps' page routes, for config/urls.py."""
    return [
        path(section.url_prefix, include((section.urls, section.namespace)))
        for section in sections()
    ]


@dataclass(frozen=True)
class MapRow:
    code: str
    app: str
    subject: str
    opens: str
    settles: str
    clock: str
    duration: str
    text: str


def charter_map() -> list[MapRow]:
    """The 27 standards, one row each, in charter order, with who measures them."""
    from .models import Standard

    declared = measures()
    rows = []
    for standard in Standard.objects.filter(active=True).select_related("section"):
        pairs = declared.get(standard.code, [])
        section, measure = pairs[0] if len(pairs) == 1 else (None, None)
        duration = standard.duration
        if duration and duration.unit != "at_once":
            duration_text = f"{duration.value} {standard.get_duration_unit_display()}"
        else:
            duration_text = standard.get_duration_unit_display() if duration else "-"
        rows.append(
            MapRow(
                code=standard.code,
                app=section.app if section else "?",
                subject=measure.subject if measure else "?",
                opens=measure.opens if measure else "?",
                settles=measure.settles if measure else "?",
                clock=standard.get_clock_display() if duration else "-",
                duration=duration_text,
                text=standard.text,
            )
        )
    return rows
