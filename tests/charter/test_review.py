"""The managers' review queue (charter.review): breaches of their departments not yet
reviewed; a note or a waiver takes one out of the queue; the menu shows how many wait."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from charter import review, services
from charter.models import Obligation, ObligationEvent
from tests.conftest import kst

pytestmark = pytest.mark.django_db

NOW = kst(2026, 12, 2, 12)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def breach(staff, minute=0):
    return services.obligation_record(
        standard="P1",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 2, 10, minute),
        kept=False,
        measured=4,
        responsible=staff,
    )


@pytest.fixture
def breaches(staff, other_staff):
    mine = [breach(staff, 0), breach(staff, 5)]
    services.obligation_record(
        standard="P1",
        subject=staff,
        department=staff.department,
        at=kst(2026, 12, 2, 10, 10),
        kept=True,
        measured=1,
        responsible=staff,
    )
    theirs = breach(other_staff)
    return mine, theirs


def test_the_queue_holds_the_managers_unreviewed_breaches_only(client, manager, breaches):
    mine, theirs = breaches
    client.force_login(manager.user)
    response = client.get("/dashboard/review/")
    assert response.status_code == 200
    shown = [o.pk for o in response.context["page"]]
    assert shown == [o.pk for o in mine]
    page = response.content.decode()
    assert "검토할 위반" in page
    # The menu shows the count beside the entry.
    assert 'class="count">2<' in page


def test_a_note_takes_the_breach_out_of_the_queue_and_is_an_event(client, manager, breaches):
    mine, _ = breaches
    client.force_login(manager.user)
    response = client.post(
        f"/dashboard/review/{mine[0].pk}/",
        {f"o{mine[0].pk}-note": "고객 부재로 통화 지연", f"o{mine[0].pk}-action": "review"},
    )
    assert response.status_code == 302
    reviewed = Obligation.objects.get(pk=mine[0].pk)
    assert reviewed.status == "breached"  # still a breach: a note is not a waiver
    assert reviewed.review_note == "고객 부재로 통화 지연" and reviewed.reviewed_by == manager.user
    event = reviewed.events.get(kind=ObligationEvent.Kind.REVIEW)
    assert event.reason == "고객 부재로 통화 지연" and event.by == manager.user
    assert [o.pk for o in review.review_queue(manager.user)] == [mine[1].pk]
    page = client.get(f"/obligations/{mine[0].pk}/").content.decode()
    assert "고객 부재로 통화 지연" in page


def test_waiving_from_the_queue_needs_a_reason_and_changes_the_rate(client, manager, breaches):
    mine, _ = breaches
    client.force_login(manager.user)
    prefix = f"o{mine[1].pk}"
    empty = client.post(f"/dashboard/review/{mine[1].pk}/", {f"{prefix}-action": "waive"})
    assert empty.status_code == 400
    assert Obligation.objects.get(pk=mine[1].pk).status == "breached"
    before = client.get("/dashboard/?standard=P1").context["headline"]["now"].percent
    response = client.post(
        f"/dashboard/review/{mine[1].pk}/",
        {f"{prefix}-note": "전화 시스템 장애", f"{prefix}-action": "waive"},
    )
    assert response.status_code == 302
    waived = Obligation.objects.get(pk=mine[1].pk)
    assert waived.status == "waived" and waived.waive_reason == "전화 시스템 장애"
    assert [o.pk for o in review.review_queue(manager.user)] == [mine[0].pk]
    after = client.get("/dashboard/?standard=P1").context["headline"]["now"].percent
    assert (before, after) == (33.3, 50.0)


def test_an_empty_note_is_refused_in_korean_and_stores_nothing(client, manager, breaches):
    mine, _ = breaches
    client.force_login(manager.user)
    response = client.post(f"/dashboard/review/{mine[0].pk}/", {f"o{mine[0].pk}-note": "  "})
    assert response.status_code == 400
    assert "필수" in response.content.decode() or "입력" in response.content.decode()
    assert not ObligationEvent.objects.filter(kind=ObligationEvent.Kind.REVIEW).exists()


def test_another_departments_breach_is_a_404_and_the_service_refuses(
    client, manager, other_manager, breaches
):
    mine, theirs = breaches
    client.force_login(manager.user)
    response = client.post(f"/dashboard/review/{theirs.pk}/", {f"o{theirs.pk}-note": "x"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        review.obligation_review(obligation=theirs, by=manager.user, note="x")
    assert Obligation.objects.get(pk=theirs.pk).reviewed_at is None


def test_staff_and_executives_have_no_queue(client, staff, executive, breaches):
    client.force_login(staff.user)
    assert client.get("/dashboard/review/").status_code == 403
    assert "검토할 위반" not in client.get("/").content.decode()
    assert review.review_count(executive) is None


def test_only_a_breach_can_be_reviewed(manager, staff, breaches):
    kept = Obligation.objects.filter(status="met").first()
    with pytest.raises(ValidationError):
        review.obligation_review(obligation=kept, by=manager.user, note="ok")
