"""The demo data: a few weeks of opinions and complaints, some late, one contest; idempotent."""

import pytest

from charter.demo import seed_demo
from charter.models import Obligation
from feedback.models import Contest, Feedback, Reply

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_plausible_mix_and_running_it_twice_adds_nothing():
    seed_demo()
    counts = (Feedback.objects.count(), Reply.objects.count(), Contest.objects.count())
    assert counts[0] >= 10 and counts[1] >= 10 and counts[2] == 1
    assert Feedback.objects.complaints().exists() and Feedback.objects.opinions().exists()
    f_obligations = Obligation.objects.filter(standard__code__startswith="F")
    assert f_obligations.filter(status="breached").exists()
    assert f_obligations.filter(status="met").exists()
    assert f_obligations.filter(status="open").exists()
    seed_demo()
    assert (Feedback.objects.count(), Reply.objects.count(), Contest.objects.count()) == counts
