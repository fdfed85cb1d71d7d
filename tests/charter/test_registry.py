"""The map of the charter in code (charter.registry): every active standard declared by exactly
one section app, every declared service and subject real, and the core names no section app."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils.module_loading import import_string

from charter.models import Standard
from charter.registry import charter_map, measures, sections

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_active_standard_is_declared_by_exactly_one_app():
    declared = measures()
    active = set(Standard.objects.filter(active=True).values_list("code", flat=True))
    assert len(active) == 27
    assert sorted(code for code in active if code not in declared) == []
    assert {code: len(pairs) for code, pairs in declared.items() if len(pairs) > 1} == {}
    assert sorted(set(declared) - set(Standard.objects.values_list("code", flat=True))) == []


def test_declared_services_and_subjects_exist():
    for section in sections():
        for measure in section.measures:
            assert callable(import_string(measure.opens)), measure
            assert callable(import_string(measure.settles)), measure
            apps.get_model(measure.subject)


@pytest.mark.django_db
def test_charter_map_prints_27_lines():
    out = StringIO()
    call_command("charter_map", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 27
    p4 = next(line.split("\t") for line in lines if line.startswith("P4\t"))
    assert p4[:5] == [
        "P4",
        "calls",
        "calls.Callback",
        "calls.services.callback_open",
        "calls.services.callback_answer",
    ]
    assert "?" not in {field for row in charter_map() for field in (row.app, row.subject)}


def test_the_core_imports_no_section_app_and_names_none_of_its_urls():
    apps_ = "|".join(section.app for section in sections())
    forbidden = re.compile(
        rf"^\s*(from|import)\s+({apps_})\b|include\(\s*[\"']({apps_})\.urls|[\"']({apps_}):\w+"
    )
    found = []
    for folder in ("charter", "config"):
        for path in (ROOT / folder).rglob("*.py"):
            if (
                "migrations" in path.parts
                or path.name.startswith("settings")
                or "settings" in path.parts
            ):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if forbidden.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
        for path in (ROOT / folder).rglob("*.html"):
            text = path.read_text()
            for match in re.finditer(rf"\{{% (url|include) [\"']({apps_})[:/]", text):
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert found == []


@pytest.mark.django_db
def test_admin_shows_the_map(admin_client):
    response = admin_client.get("/admin/charter/standard/map/")
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row" title=') == 27
