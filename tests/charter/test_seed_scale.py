"""seed_scale: the benchmarks' data has the stated shape."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from charter.models import Department, Obligation, StaffMember, Standard
from charter.scale import SHARES, seed_scale
from charter.services import breach_scan

pytestmark = pytest.mark.django_db

N = 4000


def test_it_builds_the_organisation_and_the_stated_shares():
    seed_scale(obligations=N)
    assert Obligation.objects.count() == N
    assert Department.objects.filter(name__startswith="규모").count() == 20
    assert StaffMember.objects.filter(user__username__startswith="scale").count() == 500
    assert StaffMember.objects.filter(user__groups__name="manager").count() >= 20
    statuses = Counter(Obligation.objects.values_list("status", flat=True))
    assert 0.93 < statuses["met"] / N < 0.97
    assert 0.03 < statuses["breached"] / N < 0.05
    assert statuses["open"] > 0 and statuses["waived"] > 0
    assert statuses["open"] + statuses["waived"] < 0.02 * N
    codes = Counter(Obligation.objects.values_list("standard__code", flat=True))
    assert set(codes) | {"C1"} == set(Standard.objects.values_list("code", flat=True))
    top = [code for code, _count in codes.most_common(3)]
    assert set(top) == {"P1", "P4", "D1"}
    assert codes["C1"] < 0.005 * N
    share = SHARES["P1"] / sum(SHARES.values())
    assert abs(codes["P1"] / N - share) < 0.03


def test_nothing_is_due_and_no_breach_is_news():
    seed_scale(obligations=1000)
    assert breach_scan() == 0
    assert not Obligation.objects.filter(status="breached", notified_at__isnull=True).exists()


def test_it_refuses_a_database_holding_data_unless_forced():
    call_command("seed_scale", obligations=200)
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_scale", obligations=200)
    call_command("seed_scale", obligations=200, force=True)
    assert Obligation.objects.count() == 400
    assert Department.objects.filter(name__startswith="규모").count() == 20
