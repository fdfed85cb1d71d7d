import pytest
import time_machine

from tests import factories
from tests.conftest import kst

# The tests' events happen in December 2026; "now" is after all of them unless a test moves it.
NOW = kst(2027, 1, 15, 12)


@pytest.fixture(autouse=True)
def after_the_events():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def member(department, rank_name, role="staff", **kwargs):
    return factories.StaffMemberFactory(
        department=department, rank_name=rank_name, role=role, **kwargs
    )


@pytest.fixture
def involved(department):
    """The staff member whose service was unkind: 대리."""
    return member(department, "대리", name="홍대리")


@pytest.fixture
def higher(department):
    return member(department, "과장", name="김과장")


@pytest.fixture
def equal(department):
    return member(department, "대리", name="이대리")


@pytest.fixture
def lower(department):
    return member(department, "주임", name="박주임")
