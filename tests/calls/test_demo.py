"""The demo data of the phone section (python manage.py seed_demo)."""

import random

import pytest
import time_machine
from django.utils import timezone

from calls.demo import seed_demo
from calls.models import Call, Callback
from charter.models import Obligation
from tests.calls.factories import demo_staff
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@time_machine.travel(kst(2026, 11, 25, 15, 0), tick=False)
def test_the_demo_has_weeks_of_calls_with_a_plausible_mix_and_runs_once():
    demo_staff()
    seed_demo(now=timezone.now(), rng=random.Random(2026))
    calls = Call.objects.count()
    assert calls > 200
    p1 = Obligation.objects.for_standard("P1")
    breached = p1.filter(status="breached").count()
    assert 0.05 < breached / calls < 0.35
    assert Call.objects.missed().exists()
    assert Callback.objects.filter(call__isnull=False).exists()
    late = Obligation.objects.for_standard("P4").filter(status="breached", met_at__isnull=False)
    assert late.exists()
    staff1_open = Callback.objects.open().filter(assigned_to__user__username="staff1")
    assert staff1_open.filter(created_at__gte=kst(2026, 11, 25)).count() >= 3

    seed_demo(now=timezone.now(), rng=random.Random(7))
    assert Call.objects.count() == calls
