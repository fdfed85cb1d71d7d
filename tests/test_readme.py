"""The README is true: its roles table is the one the services enforce, and its table of API
inputs names exactly the fields the API takes (from the OpenAPI schema)."""

import re
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

from charter.roles import markdown_table

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def block(name: str) -> str:
    found = re.search(rf"<!-- {name}[^>]*-->\n(.*?)\n<!-- /{name} -->", README, re.S)
    assert found, f"README.md has no {name} block"
    return found.group(1).strip()


def test_the_readme_roles_table_is_the_one_the_services_enforce():
    assert block("roles-table") == markdown_table()


def api_inputs() -> str:
    """One row per POST route: its fields as the API takes them (`?`: optional)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    rows = ["| POST | fields (`?`: optional) |", "| --- | --- |"]
    for path, operations in schema["paths"].items():
        if "post" not in operations:
            continue
        body = operations["post"].get("requestBody", {}).get("content", {})
        ref = body.get("application/json", {}).get("schema", {}).get("$ref", "")
        fields = []
        if ref:
            component = components[ref.rsplit("/", 1)[-1]]
            required = set(component.get("required", []))
            fields = [
                f"`{name}`" if name in required else f"`{name}`?"
                for name, spec in component.get("properties", {}).items()
                if not spec.get("readOnly")
            ]
        rows.append(f"| `{path}` | {', '.join(fields) or '(none)'} |")
    return "\n".join(rows)


@pytest.mark.django_db
def test_the_readme_names_the_fields_the_api_takes():
    expected = api_inputs()
    assert block("api-inputs") == expected, "update README.md's api-inputs block:\n" + expected


def names_in(paragraph_start: str) -> set[str]:
    """The backticked snake_case names of the README paragraph starting with `paragraph_start`."""
    found = re.search(rf"^{re.escape(paragraph_start)}(.*?)\n\n", README, re.S | re.M)
    assert found, f"README.md has no paragraph {paragraph_start}"
    return set(re.findall(r"`([a-z][a-z_]*)`", found.group(1)))


@pytest.mark.django_db
def test_the_readme_names_only_obligation_fields_and_filters_the_api_has():
    """Every field or filter the README's obligations paragraph names is in the schema: a
    property of an obligation or of its events, or a query parameter of the list."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    known = set(components["ObligationDetail"]["properties"])
    known |= set(components["ObligationEvent"]["properties"])
    known |= {p["name"] for p in schema["paths"]["/api/v1/obligations/"]["get"]["parameters"]}
    known |= {"total", "open", "breached", "waived", "rate", "since", "until"}  # compliance
    known |= set(components["ComplianceRow"]["properties"])
    named = names_in("**Reading.**") - {"calls", "callback", "documents", "receiveddocument"}
    named -= {"number", "contact"}  # the tracking lookup's body (api-inputs block)
    assert named - known == set()
    assert {"subject_type", "subject_id", "changed_since", "department_name"} <= named
