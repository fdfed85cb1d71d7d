"""'Overdue' and 'due soon' are decided in one place (ObligationQuerySet.overdue / due_soon and
their per-obligation twins), with each standard's own warning window; the home page, the
dashboard, the feedback panel and the warning e-mails all read them."""

import datetime as dt

import pytest

from charter import services
from charter.models import Obligation
from tests.conftest import kst

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 15, 0)  # a Wednesday afternoon, inside business hours


def opened(staff, code, starts_at):
    return services.obligation_open(
        standard=code,
        subject=staff,
        department=staff.department,
        starts_at=starts_at,
        responsible=staff,
    )


def test_due_soon_is_each_standards_own_warning_window(staff):
    p4_in_10 = opened(staff, "P4", NOW - dt.timedelta(minutes=50))  # P4 warns 15 min before
    p4_in_20 = opened(staff, "P4", NOW - dt.timedelta(minutes=40))
    f1_in_20h = opened(staff, "F1", NOW + dt.timedelta(hours=20) - dt.timedelta(days=7))
    f1_in_30h = opened(staff, "F1", NOW + dt.timedelta(hours=30) - dt.timedelta(days=7))
    assert f1_in_20h.due_at == NOW + dt.timedelta(hours=20)  # F1: a week, warned a day before
    soon = set(Obligation.objects.due_soon(NOW).values_list("pk", flat=True))
    assert soon == {p4_in_10.pk, f1_in_20h.pk}
    for obligation in (p4_in_10, p4_in_20, f1_in_20h, f1_in_30h):
        assert obligation.is_due_soon(NOW) == (obligation.pk in soon)


def test_overdue_is_past_the_deadline_and_not_done_and_a_paused_one_waits(staff):
    late = opened(staff, "P4", NOW - dt.timedelta(hours=2))
    scanned = opened(staff, "P4", NOW - dt.timedelta(hours=3))
    services.breach_scan(now=NOW - dt.timedelta(minutes=30))
    done = opened(staff, "P4", NOW - dt.timedelta(hours=4))
    services.obligation_meet(obligation=done, at=NOW - dt.timedelta(hours=3, minutes=50))
    paused = opened(staff, "F1", kst(2026, 11, 20, 9))
    services.obligation_pause(
        obligation=paused, by=staff.user, reason="보완 요청", at=kst(2026, 11, 21, 9)
    )
    overdue = set(Obligation.objects.overdue(NOW).values_list("pk", flat=True))
    assert overdue == {late.pk, scanned.pk}
    for obligation in Obligation.objects.all():
        assert obligation.is_overdue(NOW) == (obligation.pk in overdue)
    assert set(Obligation.objects.needing_attention(NOW).values_list("pk", flat=True)) >= overdue


def test_the_dashboard_lists_what_is_inside_its_window(client, manager, staff):
    p4_in_10 = opened(staff, "P4", NOW - dt.timedelta(minutes=50))
    p4_in_20 = opened(staff, "P4", NOW - dt.timedelta(minutes=40))
    import time_machine

    client.force_login(manager.user)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/dashboard/")
    soon = list(response.context["soon"])
    assert p4_in_10 in soon and p4_in_20 not in soon
