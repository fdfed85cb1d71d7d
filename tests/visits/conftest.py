import pytest

from charter.models import Obligation
from tests import factories


@pytest.fixture
def colleague(db, department):
    return factories.StaffMemberFactory(department=department, role="staff", rank_name="주임")


def obligations(code: str, subject=None):
    """The obligations of standard `code` (on `subject`), oldest first."""
    queryset = Obligation.objects.for_standard(code)
    if subject is not None:
        queryset = queryset.for_subject(subject)
    return list(queryset.order_by("id"))
