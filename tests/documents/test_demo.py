"""The demo data: a few weeks of inbox checks and documents, with a plausible mix of
breaches, and running it twice changes nothing."""

import random

import pytest
import time_machine

from charter.demo import seed_demo as seed_organisation
from charter.models import Obligation
from documents.demo import seed_demo
from documents.models import InboxCheck, Notice, ReceivedDocument
from tests.conftest import kst

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 9, 15)


def counts():
    return (
        InboxCheck.objects.count(),
        ReceivedDocument.objects.count(),
        Notice.objects.count(),
        Obligation.objects.count(),
    )


def test_the_demo_has_weeks_of_records_with_some_breaches_and_is_idempotent():
    with time_machine.travel(NOW, tick=False):
        seed_organisation()  # calls documents.demo.seed_demo among the section apps
        first = counts()
        seed_demo(now=NOW, rng=random.Random(7))
        assert counts() == first

    d1 = Obligation.objects.for_standard("D1")
    assert d1.filter(status="met").count() > 5 * d1.filter(status="breached").count() > 0
    d2 = Obligation.objects.for_standard("D2")
    assert d2.filter(status="met").count() > d2.filter(status="breached").count() > 0
    assert Notice.objects.filter(kind="deficiency").exists()
    assert Obligation.objects.for_standard("D4").exists()
    assert Obligation.objects.for_standard("D3").exists()
