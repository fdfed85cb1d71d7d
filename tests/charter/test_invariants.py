"""Property-based: any sequence of open, meet, pause, resume, extend, waive, reassign and scan,
at any pace, keeps the obligation invariants. Bounded and deterministic (derandomize) so the
suite stays fast and a failure reproduces; each example runs in a savepoint rolled back."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter import reports, services
from charter.models import Obligation, ObligationEvent
from tests import factories
from tests.conftest import kst

pytestmark = pytest.mark.django_db

START = kst(2026, 11, 2, 10)
ACTIONS = ["open", "meet", "pause", "resume", "extend", "waive", "reassign", "scan"]
step = st.tuples(
    st.sampled_from(ACTIONS),
    st.integers(min_value=0, max_value=3),  # which obligation (modulo how many there are)
    st.integers(min_value=0, max_value=36 * 60),  # minutes until the step: 0 to 1.5 days
)


def _act(action, obligation, *, now, subject, manager, colleague):
    by = manager.user
    if action == "meet":
        services.obligation_meet(obligation=obligation, at=now)
    elif action == "pause":
        services.obligation_pause(obligation=obligation, by=by, reason="보완 요청", at=now)
    elif action == "resume":
        services.obligation_resume(obligation=obligation, by=by, at=now)
    elif action == "extend":
        services.obligation_extend(
            obligation=obligation,
            by=by,
            due_at=obligation.due_at + dt.timedelta(days=1),
            reason="자료 확인",
            notice_channel="phone",
            at=now,
        )
    elif action == "waive":
        services.obligation_waive(obligation=obligation, by=by, reason="중복 접수")
    elif action == "reassign":
        services.obligation_reassign(
            subject=subject, department=manager.department, responsible=colleague, by=by
        )


def _check(seen_met: dict, manager, now):
    rows = list(Obligation.objects.all())
    for o in rows:
        events = list(o.events.values_list("kind", flat=True))
        assert events.count(ObligationEvent.Kind.MET) <= 1  # settled at most once
        assert events.count(ObligationEvent.Kind.WAIVE) <= 1
        assert events.count(ObligationEvent.Kind.BREACH) <= 1
        if o.met_at is not None:
            assert o.met_at >= o.starts_at
            assert seen_met.setdefault(o.pk, o.met_at) == o.met_at  # never moves once set
        assert o.due_at >= o.promised_due_at
        if o.status == Obligation.Status.PAUSED:
            assert o.breached_at is None and o.paused_at is not None  # paused never breached
        if o.status == Obligation.Status.BREACHED:
            assert o.breached_at is not None and o.breached_at <= now
    [line] = reports.compliance(since=START, until=now + dt.timedelta(days=1), user=manager.user)
    parts = ("met_as_promised", "met_within_extension", "breached", "waived", "open")
    assert line["total"] == len(rows) == sum(line[p] for p in parts)


@pytest.fixture
def people(department):
    manager = factories.StaffMemberFactory(department=department, role="manager", rank_name="부장")
    colleague = factories.StaffMemberFactory(department=department, role="staff")
    subject = factories.StaffMemberFactory(department=department, role="staff")
    return manager, colleague, subject


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_any_sequence_of_actions_keeps_the_invariants(people, department, steps):
    manager, colleague, subject = people
    with transaction.atomic():
        now, seen_met = START, {}
        for action, index, minutes in steps:
            now += dt.timedelta(minutes=minutes)
            with time_machine.travel(now, tick=False):
                obligations = list(Obligation.objects.order_by("pk"))
                try:
                    with transaction.atomic():
                        if action == "open" or not obligations:
                            services.obligation_open(
                                standard="F1",
                                subject=subject,
                                department=department,
                                starts_at=now,
                                responsible=subject,
                            )
                        elif action == "scan":
                            services.breach_scan(now=now)
                        else:
                            target = obligations[index % len(obligations)]
                            _act(
                                action,
                                target,
                                now=now,
                                subject=subject,
                                manager=manager,
                                colleague=colleague,
                            )
                except (ValidationError, PermissionDenied, Http404):
                    pass  # refused: nothing changed (checked below like any other step)
                _check(seen_met, manager, now)
        # Whatever happened, a scan now settles every overdue open one exactly once.
        with time_machine.travel(now, tick=False):
            services.breach_scan(now=now)
            assert services.breach_scan(now=now) == 0
            assert not Obligation.objects.open().filter(due_at__lt=now).exists()
            _check(seen_met, manager, now)
        transaction.set_rollback(True)
