"""Who sees what and who may do what: the one definition of scope.

The department is the unit of accountability, for access as for reports. For a user, `scope_of`
answers which departments they may **see** and which they may **act in**:

- staff and managers: their own department, plus the departments an admin adds to them
  (`StaffMember.extra_departments`: a call-centre agent who covers several);
- executives: every department, read-only;
- admins: everything;
- integration clients (the system role): the departments their client was given;
- anyone else (anonymous, a user with no role): nothing.

Reads go through `visible_to(user)` (`ScopedQuerySet`, which every section model's QuerySet and
`Obligation`'s extend); a record outside the user's scope is then simply not found: a 404 that
does not reveal whether it exists. Actions go through `require(by, capability, department)` in
the services, so views, the API, the admin and tasks share one rule. What each role may do is
the table in `charter.roles`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from . import roles


@dataclass(frozen=True)
class Scope:
    role: str | None
    # Department ids; None means every department.
    see: frozenset[int] | None
    act: frozenset[int] | None
    staff: object | None = None  # the user's StaffMember, if any

    def sees(self, department) -> bool:
        department_id = _department_id(department)
        return self.see is None or department_id in self.see

    def acts_in(self, department) -> bool:
        department_id = _department_id(department)
        return self.act is None or department_id in self.act

    @property
    def sees_all(self) -> bool:
        return self.see is None


NOBODY = Scope(role=None, see=frozenset(), act=frozenset())


def _department_id(department) -> int | None:
    if department is None or isinstance(department, int):
        return department
    return department.pk


def scope_of(user) -> Scope:
    """The user's scope, computed once per user object (per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, "_charter_scope", None)
    if cached is not None:
        return cached
    role = roles.role_of(user)
    staff = _staff_of(user)
    if role == roles.ADMIN:
        scope = Scope(role=role, see=None, act=None, staff=staff)
    elif role == roles.EXECUTIVE:
        scope = Scope(role=role, see=None, act=frozenset(), staff=staff)
    elif role == roles.SYSTEM:
        client = getattr(user, "integration_client", None)
        ids = frozenset(client.departments.values_list("pk", flat=True)) if client else frozenset()
        scope = Scope(role=role, see=ids, act=ids)
    elif role in (roles.STAFF, roles.MANAGER) and staff is not None:
        ids = frozenset(
            [staff.department_id, *staff.extra_departments.values_list("pk", flat=True)]
        )
        scope = Scope(role=role, see=ids, act=ids, staff=staff)
    else:
        scope = Scope(role=role, see=frozenset(), act=frozenset(), staff=staff)
    user._charter_scope = scope
    return scope


def _staff_of(user):
    from .models import StaffMember

    try:
        return user.staff_member
    except StaffMember.DoesNotExist:
        return None


def forget(user) -> None:
    """Drop the cached scope (after an admin changed the user's departments or role)."""
    user.__dict__.pop("_charter_scope", None)


# -- Reads -------------------------------------------------------------------------------


class ScopedQuerySet(models.QuerySet):
    """A QuerySet whose rows belong to a department. `scope_field` is the lookup path from
    the model to its department ("department" unless the model says otherwise)."""

    scope_field = "department"

    def visible_to(self, user):
        """The rows `user` may see: a record outside their scope is not there."""
        return self._in_departments(scope_of(user).see)

    def actionable_by(self, user):
        """The rows `user` may act on."""
        return self._in_departments(scope_of(user).act)

    def _in_departments(self, ids):
        if ids is None:
            return self.all()
        if not ids:
            return self.none()
        return self.filter(**{f"{self.scope_field}__in": ids})


def visible_departments(user):
    """The departments `user` may see, for pickers and filters."""
    from .models import Department

    return Department.objects.visible_to(user)


def actionable_departments(user):
    """The departments `user` may act in (log for, hand over to)."""
    from .models import Department

    return Department.objects.actionable_by(user)


# -- Actions -----------------------------------------------------------------------------


class OutOfScope(PermissionDenied):
    """The actor may not do this here. Views and the API answer 403 with the message; a record
    the actor cannot even see never gets this far (it is a 404 at the lookup)."""


def may(user, capability: str, department=None) -> bool:
    """May `user` do `capability` (a row of charter.roles.CAPABILITIES) in `department`?"""
    scope = scope_of(user)
    if scope.role not in roles.CAPABILITIES[capability].roles:
        return False
    return department is None or scope.acts_in(department)


def require(by, capability: str, department=None, *, field: str | None = None) -> None:
    """Refuse (in the user's language) unless `by` may do `capability` in `department`.

    `field`: the input field that named the department (a 400 on that field instead of a
    403, e.g. logging a callback for another department)."""
    if by is None:
        raise TypeError("by= is required: who is acting?")
    if may(by, capability, department):
        return
    scope = scope_of(by)
    if scope.role not in roles.CAPABILITIES[capability].roles:
        message = _("Your role may not do this: %(what)s.") % {
            "what": roles.CAPABILITIES[capability].label
        }
    else:
        message = _("You may only act for your own department.")
    if field:
        raise ValidationError({field: message})
    raise OutOfScope(message)


def acting_staff(*, by, staff=None, department=None, field: str = "staff"):
    """The staff member an action is recorded under: the acting user's own, or a colleague
    named in `staff` only when `by` may record for colleagues (a manager of the record's
    department, an admin, an integration client for its departments) and the colleague
    belongs to `department`. Nobody records an action in another person's name."""
    if by is None:
        raise TypeError("by= is required: who is acting?")
    own = scope_of(by).staff
    if staff is None or (own is not None and staff.pk == own.pk):
        if own is None:
            raise ValidationError({field: _("Your account is not linked to a staff member.")})
        return own
    if not may(by, "record_for_colleague", department or staff.department):
        raise ValidationError({field: _("You cannot record this in someone else's name.")})
    if department is not None and not staff.works_in(department):
        raise ValidationError(
            {field: _("%(name)s does not work in this department.") % {"name": staff.name}}
        )
    return staff


def colleagues(user, department=None):
    """Staff members `user` may name on a record (themselves, or colleagues of the department
    when they may record for colleagues), for form pickers."""
    from .models import StaffMember

    scope = scope_of(user)
    people = StaffMember.objects.active().select_related("rank", "department")
    if may(user, "record_for_colleague"):
        ids = scope.act if department is None else frozenset([_department_id(department)])
        if ids is None:
            return people
        if scope.act is not None:
            ids = ids & scope.act
        return people.working_in(ids)
    if scope.staff is None:
        return people.none()
    return people.filter(pk=scope.staff.pk)
