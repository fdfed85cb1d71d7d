"""The demo data: a few weeks of C1 reports and C2 defects, mostly on time, idempotent."""

import pytest
from django.utils import timezone

from charter.demo import STAFF
from charter.models import Obligation
from corrections import demo
from corrections.models import HandlingDefect, ServiceCorrection
from tests import factories
from tests.corrections.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_staff():
    departments = {}
    for username, name, dept, rank, _ext, _seat, role in STAFF:
        department = departments.get(dept) or factories.DepartmentFactory()
        departments[dept] = department
        factories.StaffMemberFactory(
            user=factories.UserFactory(username=username),
            name=name,
            department=department,
            rank_name=rank,
            role=role,
        )


def test_the_demo_has_corrections_on_time_late_and_open_and_runs_twice(demo_staff):
    demo.seed_demo(now=timezone.now(), rng=None)
    demo.seed_demo(now=timezone.now(), rng=None)
    assert ServiceCorrection.objects.count() == len(demo.REPORTS)
    assert HandlingDefect.objects.count() == len(demo.DEFECTS)
    assert ServiceCorrection.objects.open().count() == 1
    assert HandlingDefect.objects.open().count() == 1
    for code in ("C1", "C2"):
        statuses = list(Obligation.objects.for_standard(code).values_list("status", flat=True))
        assert statuses.count(Obligation.Status.MET) > statuses.count(Obligation.Status.BREACHED)
        assert Obligation.Status.BREACHED in statuses
        assert Obligation.Status.OPEN in statuses
    assert all(o.starts_at <= NOW for o in Obligation.objects.all())
