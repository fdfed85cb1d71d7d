"""F2: award rules published before entries open; awards announced by the announced date."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from charter import services as charter_services
from feedback import services
from feedback.models import Contest
from tests.conftest import kst

from .helpers import actor, by_for

pytestmark = pytest.mark.django_db

NOW = kst(2026, 10, 1, 10)


def new_contest(department, **extra):
    values = {
        "title": "고객만족 아이디어 공모전",
        "department": department,
        "entries_open_at": kst(2026, 10, 15, 9),
        "awards_due_at": kst(2026, 11, 30, 18),
        "now": NOW,
    }
    values.update(extra)
    values.setdefault("by", by_for(department))
    return services.contest_create(**values)


def test_a_contest_opens_two_f2_deadlines_named_by_its_dates(department):
    contest = new_contest(department)
    assert contest.rules_obligation.standard.code == "F2"
    assert contest.rules_obligation.due_at == kst(2026, 10, 15, 9)
    assert contest.awards_obligation.due_at == kst(2026, 11, 30, 18)
    assert contest.rules_obligation.status == contest.awards_obligation.status == "open"


def test_rules_published_before_entries_open_meet_the_first_deadline(department):
    contest = new_contest(department)
    with time_machine.travel(kst(2026, 10, 15, 9), tick=False):
        services.contest_publish_rules(contest=contest, rules="대상 1명 100만원", by=actor(contest))
    contest.refresh_from_db()
    assert contest.rules_obligation.status == "met"


def test_rules_published_after_entries_opened_are_a_breach(department):
    contest = new_contest(department)
    charter_services.breach_scan(now=kst(2026, 10, 15, 9, 0, 1))
    contest.refresh_from_db()
    assert contest.rules_obligation.status == "breached"
    with time_machine.travel(kst(2026, 10, 16, 9), tick=False):
        services.contest_publish_rules(contest=contest, rules="늦은 규정", by=actor(contest))
    contest.refresh_from_db()
    assert contest.rules_obligation.status == "breached"
    assert contest.rules_obligation.met_at == kst(2026, 10, 16, 9)


def test_creating_a_contest_whose_rules_were_published_after_entries_opened_is_refused(
    department,
):
    with pytest.raises(ValidationError) as error:
        new_contest(
            department,
            entries_open_at=kst(2026, 9, 1, 9),
            rules="규정",
            rules_published_at=kst(2026, 9, 2, 9),
        )
    assert "entries_open_at" in error.value.error_dict
    assert Contest.objects.count() == 0


def test_creating_a_contest_whose_entries_already_opened_without_rules_is_refused(department):
    with pytest.raises(ValidationError):
        new_contest(department, entries_open_at=kst(2026, 9, 1, 9))
    assert Contest.objects.count() == 0


def test_rules_published_before_entries_opened_are_recorded_as_met(department):
    contest = new_contest(
        department,
        entries_open_at=kst(2026, 9, 15, 9),
        rules="규정",
        rules_published_at=kst(2026, 9, 1, 9),
    )
    assert contest.rules_obligation.status == "met"
    assert contest.rules_published_at == kst(2026, 9, 1, 9)


def test_awards_announced_by_the_announced_date_meet_the_second_deadline(department):
    contest = new_contest(department)
    with time_machine.travel(kst(2026, 10, 10), tick=False):
        services.contest_publish_rules(contest=contest, rules="규정", by=actor(contest))
    with time_machine.travel(kst(2026, 11, 30, 18), tick=False):
        services.contest_announce_awards(contest=contest, awards="대상: 김민수", by=actor(contest))
    contest.refresh_from_db()
    assert contest.awards_obligation.status == "met"


def test_awards_announced_after_the_announced_date_are_a_breach(department):
    contest = new_contest(department)
    with time_machine.travel(kst(2026, 10, 10), tick=False):
        services.contest_publish_rules(contest=contest, rules="규정", by=actor(contest))
    charter_services.breach_scan(now=kst(2026, 11, 30, 18, 0, 1))
    contest.refresh_from_db()
    assert contest.awards_obligation.status == "breached"


def test_awards_need_published_rules(department):
    contest = new_contest(department)
    with time_machine.travel(kst(2026, 11, 1), tick=False), pytest.raises(ValidationError):
        services.contest_announce_awards(contest=contest, awards="대상", by=actor(contest))


def test_the_award_date_must_follow_the_opening_of_entries(department):
    with pytest.raises(ValidationError) as error:
        new_contest(department, awards_due_at=kst(2026, 10, 15, 9))
    assert "awards_due_at" in error.value.error_dict
