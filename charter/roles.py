"""The five roles, what each may do, and where (with charter.scope). Written once, as a table:
the services enforce it (charter.scope.require), the README prints it.

Roles are Django groups; their model permissions are synced after every `migrate`
(charter.apps), so permissions of models added later join their groups by themselves. A
superuser is an admin.

Decisions (Korean civil-petition practice, 민원 처리에 관한 법률):
- the person in charge (staff of the record's department) pauses the clock while the customer
  must act (보완 요청) and extends a deadline once, with a reason and a notice to the customer
  (처리기간 연장); their manager may do the same;
- waiving an obligation is a manager's review of a breach, for their own department;
- nobody records an action in another person's name; a manager may record for a colleague of
  their department, and the phone system for the owner of the extension that rang;
- executives see every department and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from .registry import section_apps

STAFF = "staff"
MANAGER = "manager"
EXECUTIVE = "executive"
ADMIN = "admin"
SYSTEM = "system"

# Highest first: a user in several groups has the first role that matches.
ROLE_ORDER = (ADMIN, EXECUTIVE, MANAGER, STAFF, SYSTEM)

ROLE_LABELS = {
    STAFF: _("staff"),
    MANAGER: _("manager"),
    EXECUTIVE: _("executive"),
    ADMIN: _("admin"),
    SYSTEM: _("system (integration)"),
}

# Where each role sees and acts (charter.scope.scope_of computes it).
ROLE_SCOPE = {
    STAFF: _("own department, plus departments an admin adds"),
    MANAGER: _("own department, plus departments an admin adds"),
    EXECUTIVE: _("every department, read-only"),
    ADMIN: _("every department"),
    SYSTEM: _("the departments and endpoints of its integration client"),
}


@dataclass(frozen=True)
class Capability:
    label: str
    roles: frozenset[str]


def _can(label, *roles) -> Capability:
    return Capability(label=label, roles=frozenset(roles))


CAPABILITIES: dict[str, Capability] = {
    "log": _can(_("log calls, visits, documents, opinions"), STAFF, MANAGER, ADMIN, SYSTEM),
    "handle": _can(
        _("answer, reply, check, serve, correct (the work itself)"), STAFF, MANAGER, ADMIN
    ),
    "hand_over": _can(_("hand a record over to another department"), STAFF, MANAGER, ADMIN),
    "pause": _can(_("pause and resume a deadline (보완 요청)"), STAFF, MANAGER, ADMIN),
    "extend": _can(
        _("extend a deadline once, with a notice (처리기간 연장)"), STAFF, MANAGER, ADMIN
    ),
    "waive": _can(_("waive an obligation (a manager's review)"), MANAGER, ADMIN),
    "record_for_colleague": _can(
        _("record an action in a colleague's name"), MANAGER, ADMIN, SYSTEM
    ),
    "see_personal_data": _can(
        _("see customers' names and numbers in full on a record's own page"), STAFF, ADMIN
    ),
    "view_dashboard": _can(_("compliance dashboard and reports"), MANAGER, EXECUTIVE, ADMIN),
    "administer": _can(_("Django admin: standards, calendars, organisation, keys"), ADMIN),
}

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Log and complete interactions; read the charter and the organisation.
    STAFF: [
        *(f"{app}.{action}_*" for app in section_apps() for action in ("add", "change", "view")),
        "charter.view_standard",
        "charter.view_section",
        "charter.view_department",
        "charter.view_staffmember",
        "charter.view_rank",
        "charter.view_obligation",
        "charter.view_personal_data",
        "charter.pause_obligation",
    ],
    # Staff, plus reviews: waive obligations, the dashboard.
    MANAGER: [
        "*.view_*",
        *(f"{app}.{action}_*" for app in section_apps() for action in ("add", "change")),
        "charter.waive_obligation",
        "charter.pause_obligation",
        "charter.view_dashboard",
        # Dashboards, reviews and exports need no customer names: masked for managers.
        "!charter.view_personal_data",
        "!charter.view_accessrecord",
        "!axes.*",  # log-in records are the admins'
    ],
    # Every department, read-only: the dashboard and the records, masked.
    EXECUTIVE: [
        "*.view_*",
        "charter.view_dashboard",
        "!charter.view_personal_data",
        "!charter.view_accessrecord",
        "!axes.*",
    ],
    # Everything in the charter and the organisation, with the Django admin.
    ADMIN: [
        "charter.*",
        "*.view_*",
        *(f"{app}.*" for app in section_apps()),
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "integrations.*",
        "rest_framework_api_key.*",
        # Log-in records, read-only; unlocking an account deletes its lock entry.
        "axes.delete_accessattempt",
    ],
    # Integration clients: log through the API; their client's endpoint list narrows it.
    SYSTEM: [
        *(f"{app}.{action}_*" for app in section_apps() for action in ("add", "view")),
        "charter.view_obligation",
    ],
}


def role_of(user) -> str | None:
    """The user's role: the highest of their groups (a superuser is an admin)."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMIN
    names = getattr(user, "_charter_groups", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._charter_groups = names
    return next((role for role in ROLE_ORDER if role in names), None)


def _matches(permission: Permission, patterns: list[str]) -> bool:
    """A pattern grants by fnmatch; a pattern starting with "!" takes away."""
    name = f"{permission.content_type.app_label}.{permission.codename}"
    if any(fnmatch(name, p[1:]) for p in patterns if p.startswith("!")):
        return False
    return any(fnmatch(name, p) for p in patterns if not p.startswith("!"))


def sync_roles() -> None:
    permissions = list(Permission.objects.select_related("content_type"))
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([p for p in permissions if _matches(p, patterns)])


README_ORDER = (STAFF, MANAGER, EXECUTIVE, ADMIN, SYSTEM)


def markdown_table() -> str:
    """The roles table as the README prints it (a test keeps the two the same)."""
    from django.utils import translation

    with translation.override("en"):
        head = ["", *(str(ROLE_LABELS[role]) for role in README_ORDER)]
        rows = [head, ["---"] * len(head)]
        rows.append(["sees and acts in", *(str(ROLE_SCOPE[r]) for r in README_ORDER)])
        for capability in CAPABILITIES.values():
            marks = ["✓" if role in capability.roles else "" for role in README_ORDER]
            rows.append([str(capability.label), *marks])
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)
