"""Test data of the phone section, over tests.factories."""

from charter.demo import STAFF
from charter.models import Department, Rank, StaffMember
from tests import factories


def demo_staff() -> list[StaffMember]:
    """The demo organisation (charter.demo.STAFF), without the other apps' demo data."""
    departments = {}
    members = []
    for username, name, dept, rank, extension, _seat, role in STAFF:
        if dept not in departments:
            departments[dept] = Department.objects.create(name=f"부서{dept}", order=dept)
        user = factories.UserFactory(username=username)
        members.append(
            factories.StaffMemberFactory(
                user=user,
                name=name,
                department=departments[dept],
                rank=Rank.objects.get(name=rank),
                extension=extension,
                role=role,
            )
        )
    return members
