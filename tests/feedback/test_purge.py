"""Customer personal data is blanked after the retention period (PERSONAL_DATA_RETENTION_DAYS)."""

import pytest
from django.core.management import call_command

from charter.tasks import purge_personal_data
from feedback import services
from feedback.models import Feedback
from tests.conftest import kst

from .helpers import actor, opinion

pytestmark = pytest.mark.django_db


def closed_on(department, at):
    item = opinion(department, kst(2026, 1, 5, 10))
    services.feedback_reply(
        feedback=item, kind="result", text="결과", channel="phone", at=at, by=actor(item)
    )
    return item


def test_items_closed_more_than_the_retention_days_ago_lose_name_and_contact(department, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    old = closed_on(department, kst(2026, 1, 6, 10))
    recent = closed_on(department, kst(2026, 2, 10, 10))
    still_open = opinion(department, kst(2026, 1, 5, 10))
    assert services.feedback_purge(now=kst(2026, 2, 20, 10)) == 1
    old.refresh_from_db()
    assert (old.customer_name, old.customer_phone, old.customer_email) == ("", "", "")
    assert old.purged_at == kst(2026, 2, 20, 10)
    assert old.title and old.replies.count() == 1  # the record itself stays
    for item in (recent, still_open):
        item.refresh_from_db()
        assert item.customer_name == "홍길동"


def test_the_boundary_is_exactly_the_retention_period(department, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    item = closed_on(department, kst(2026, 1, 6, 10))
    assert services.feedback_purge(now=kst(2026, 2, 5, 10)) == 0
    assert services.feedback_purge(now=kst(2026, 2, 5, 10, 0, 1)) == 1
    item.refresh_from_db()
    assert item.customer_name == ""


def test_the_default_retention_is_a_year(department):
    closed_on(department, kst(2026, 1, 6, 10))
    assert services.feedback_purge(now=kst(2026, 12, 1)) == 0
    assert services.feedback_purge(now=kst(2027, 1, 7)) == 1


def test_purging_twice_changes_nothing_the_second_time(department):
    closed_on(department, kst(2026, 1, 6, 10))
    assert services.feedback_purge(now=kst(2027, 2, 1)) == 1
    assert services.feedback_purge(now=kst(2027, 2, 2)) == 0


def test_a_purged_item_can_no_longer_be_tracked(department):
    item = closed_on(department, kst(2026, 1, 6, 10))
    services.feedback_purge(now=kst(2027, 2, 1))
    assert services.feedback_track(number=item.tracking_number, contact="010-1234-5678") is None


def test_the_command_and_the_task_run_the_same_purge(department, capsys):
    closed_on(department, kst(2026, 1, 6, 10))
    call_command("purge_personal_data", "--now", "2026-03-01T00:00:00+09:00", "--days", "30")
    assert "feedback.Feedback 1" in capsys.readouterr().out
    assert Feedback.objects.filter(purged_at__isnull=False).count() == 1
    assert purge_personal_data() == 0
