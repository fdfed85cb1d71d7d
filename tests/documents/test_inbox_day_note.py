"""D1: the note of an inbox day's obligation is stored language-neutral and shown in the
reader's language (Korean by default, English when chosen)."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps as global_apps

from documents import services

from .helpers import d1

pytestmark = pytest.mark.django_db

WED = dt.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(dt.datetime(2026, 12, 2, 3, tzinfo=dt.UTC), tick=False):  # 12:00 KST
        yield


def test_the_note_is_stored_as_a_message_id_and_the_day(department):
    services.inbox_day_open(day=WED)
    obligation = d1(department, "fax", WED)
    assert obligation.note == ""
    assert obligation.note_data == {"msgid": "Fax %(day)s", "params": {"day": "2026-12-02"}}


def test_a_korean_page_shows_the_korean_note_and_an_english_page_the_english(staff_client, staff):
    services.inbox_day_open(day=WED)
    obligation = d1(staff.department, "email", WED)
    url = obligation.get_absolute_url()
    korean = staff_client.get(url).content.decode()
    assert "이메일 2026-12-02" in korean and "E-mail 2026-12-02" not in korean
    staff_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = staff_client.get(url).content.decode()
    assert "E-mail 2026-12-02" in english and "이메일 2026-12-02" not in english


def test_the_migration_makes_the_old_korean_notes_neutral(department):
    services.inbox_day_open(day=WED)
    post = d1(department, "post", WED)
    type(post).objects.filter(pk=post.pk).update(note="우편 2026-12-02", note_data={})
    typed = d1(department, "fax", WED)
    type(typed).objects.filter(pk=typed.pk).update(note="손으로 쓴 메모", note_data={})
    migration = importlib.import_module("documents.migrations.0003_inbox_note_neutral")
    migration.forwards(global_apps, None)
    post.refresh_from_db()
    typed.refresh_from_db()
    assert (post.note, post.note_data) == (
        "",
        {"msgid": "Post %(day)s", "params": {"day": "2026-12-02"}},
    )
    assert (typed.note, typed.note_data) == ("손으로 쓴 메모", {})
