"""The three roles and what each may do, as Django groups. Synced after every `migrate`
(charter.apps), so permissions of models added later join their groups by themselves."""

from fnmatch import fnmatch

from django.contrib.auth.models import Group, Permission

SECTION_APPS = ("visits", "calls", "documents", "feedback", "corrections")

STAFF = "staff"
MANAGER = "manager"
ADMIN = "admin"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # Log and complete interactions; read the charter and the organisation.
    STAFF: [
        *(f"{app}.{action}_*" for app in SECTION_APPS for action in ("add", "change", "view")),
        "charter.view_standard",
        "charter.view_section",
        "charter.view_department",
        "charter.view_staffmember",
        "charter.view_rank",
        "charter.view_obligation",
        "charter.view_personal_data",
        "charter.pause_obligation",
    ],
    # Staff, plus reviews: waive obligations, read everything.
    MANAGER: [
        "*.view_*",
        *(f"{app}.{action}_*" for app in SECTION_APPS for action in ("add", "change")),
        "charter.waive_obligation",
        "charter.pause_obligation",
        "charter.view_dashboard",
        # Dashboards, reviews and exports need no customer names: masked for managers.
        "!charter.view_personal_data",
    ],
    # Everything in the charter and the organisation, with the Django admin.
    ADMIN: [
        "charter.*",
        "*.view_*",
        *(f"{app}.*" for app in SECTION_APPS),
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "authtoken.*",
    ],
}


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
