"""The breach pipeline at any size: the scan, the managers' e-mails and their delivery issue
the same number of queries for 10 breaches as for 1,000, and a backlog is announced in one run."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from charter.models import Department, Obligation, ObligationEvent, Standard
from charter.notifications import LISTED, notify_breaches
from charter.services import breach_scan
from notices.services import messages_deliver
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def departments():
    found = []
    for n in range(2):
        department = factories.DepartmentFactory()
        factories.StaffMemberFactory(
            department=department, role="manager", user__email=f"boss{n}@gcgf.example"
        )
        factories.StaffMemberFactory(department=department, user__email=f"staff{n}@gcgf.example")
        found.append(department)
    return found


def make_due(departments, count: int, now: dt.datetime) -> None:
    p4 = Standard.objects.get(code="P4")
    subject = ContentType.objects.get_for_model(Department)
    Obligation.objects.bulk_create(
        Obligation(
            standard=p4,
            content_type=subject,
            object_id=departments[i % 2].pk,
            department=departments[i % 2],
            responsible=departments[i % 2].staff.order_by("pk").last(),
            clock="business",
            starts_at=now - dt.timedelta(hours=2, minutes=i % 60),
            due_at=now - dt.timedelta(hours=1, minutes=i % 60),
        )
        for i in range(count)
    )


def pipeline(now):
    with CaptureQueriesContext(connection) as scan:
        breached = breach_scan(now=now)
    with CaptureQueriesContext(connection) as notify:
        announced = notify_breaches(now=now)
        messages_deliver(now=timezone.now())
    return breached, announced, len(scan.captured_queries), len(notify.captured_queries)


def test_the_pipeline_issues_as_many_queries_for_1000_breaches_as_for_10(departments):
    now = timezone.now() - dt.timedelta(minutes=1)
    make_due(departments, 10, now)
    few = pipeline(now)
    assert few[:2] == (10, 10)
    assert len(mail.outbox) == 2
    mail.outbox = []

    make_due(departments, 1000, now)
    many = pipeline(now)
    assert many[:2] == (1000, 1000)
    assert many[2:] == few[2:]
    assert len(mail.outbox) == 2  # one per department and manager, however many breaches
    assert not Obligation.objects.filter(status="breached", notified_at__isnull=True).exists()
    assert ObligationEvent.objects.filter(kind="breach").count() == 1010
    assert ObligationEvent.objects.filter(kind="notify").count() == 1010
    message = next(m for m in mail.outbox if m.to == ["boss0@gcgf.example"])
    assert "500" in message.subject
    assert message.body.count("P4 ·") == LISTED
    assert str(500 - LISTED) in message.body
