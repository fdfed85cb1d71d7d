"""Time left, one way on every page: "N일 N시간 남음 (YYYY-MM-DD HH:MM, 근무시간 기준)", amber
words inside the standard's warning window, red words when late."""

import re

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from charter import services
from tests.conftest import kst

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def render(due_at, now, **kwargs):
    args = " ".join(f"{k}={k}" for k in kwargs)
    template = Template("{% load charter_time %}{% time_left due_at now=now " + args + " %}")
    with translation.override("ko"):
        return template.render(Context({"due_at": due_at, "now": now, **kwargs}))


def test_days_and_hours_left_with_the_date():
    html = render(kst(2026, 12, 4, 10, 0), kst(2026, 12, 2, 4, 0))
    assert text_of(html) == "2일 6시간 남음 (2026-12-04 10:00)"
    assert "deadline-late" not in html and "deadline-soon" not in html


def test_hours_past_say_overdue_in_words_not_colour_alone():
    html = render(kst(2026, 12, 2, 10, 0), kst(2026, 12, 2, 13, 0))
    assert text_of(html) == "기한 경과 3시간 지남 (2026-12-02 10:00)"
    assert "deadline-late" in html


def test_business_clock_is_named():
    html = render(kst(2026, 12, 2, 11, 15), kst(2026, 12, 2, 10, 20), business=True, soon=True)
    assert text_of(html) == "마감 임박 55분 남음 (2026-12-02 11:15, 근무시간 기준)"


def open_p4(staff, at):
    return services.obligation_open(
        standard="P4", subject=staff, department=staff.department, starts_at=at, responsible=staff
    )


@pytest.mark.parametrize(
    "at, words, row",
    [
        (kst(2026, 12, 2, 10, 20), "55분 남음 (2026-12-02 11:15, 근무시간 기준)", ""),
        (
            kst(2026, 12, 2, 11, 5),
            "마감 임박 10분 남음 (2026-12-02 11:15, 근무시간 기준)",
            "due-soon",
        ),
        (
            kst(2026, 12, 2, 12, 30),
            "기한 경과 1시간 15분 지남 (2026-12-02 11:15, 근무시간 기준)",
            "overdue",
        ),
    ],
)
def test_my_work_and_the_obligation_page_say_the_time_left(client, staff, at, words, row):
    with time_machine.travel(kst(2026, 12, 2, 10, 15), tick=False):
        obligation = open_p4(staff, kst(2026, 12, 2, 10, 15))
    client.force_login(staff.user)
    with time_machine.travel(at, tick=False):
        home = client.get(reverse("charter:home"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
        page = client.get(obligation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ko")
    assert words in text_of(home)
    assert f'<tr class="{row}">' in home
    assert words in text_of(page.content.decode())
