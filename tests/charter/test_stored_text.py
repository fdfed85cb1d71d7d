"""Stored text is language-neutral: a note a service writes under an English request is shown
in Korean on a Korean page and in the API in the request's language; the old rows' text is
migrated."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.utils import translation
from rest_framework.test import APIClient

from charter.models import Obligation
from tests import factories
from tests.conftest import kst
from visits import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(department):
    return factories.StaffMemberFactory(department=department, role="staff", rank_name="주임")


def _memo(staff, colleague):
    with translation.override("en"):
        return services.absence_memo_create(
            absent_staff=staff,
            reason="trip",
            customer_name="홍길동",
            customer_phone="010-1234-5678",
            matter="보증 연장 상담",
            contact_at=kst(2026, 12, 2, 15, 30),
            by=colleague.user,
            at=kst(2026, 12, 2, 10),
        )


def test_a_note_written_under_english_reads_in_korean_on_a_korean_page(client, staff, colleague):
    memo = _memo(staff, colleague)
    v4 = Obligation.objects.for_subject(memo).get()
    assert v4.note == ""  # nothing stored in the language of the request
    client.force_login(staff.user)
    page = client.get(f"/obligations/{v4.pk}/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "고객 연락: 보증 연장 상담" in page
    assert "Contact the customer about" not in page
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "보증 연장 상담" in home  # the row names the memo's matter (charter_rows)
    assert "Contact the customer about" not in home


def test_the_api_gives_the_note_in_the_requested_language(staff, colleague):
    memo = _memo(staff, colleague)
    v4 = Obligation.objects.for_subject(memo).get()
    api = APIClient()
    api.force_login(staff.user)
    url = f"/api/v1/obligations/{v4.pk}/"
    assert api.get(url, HTTP_ACCEPT_LANGUAGE="ko").json()["note"] == "고객 연락: 보증 연장 상담"
    assert (
        api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["note"]
        == "Contact the customer about: 보증 연장 상담"
    )


def test_the_migration_turns_old_english_and_korean_notes_into_neutral_ones(staff, colleague):
    memo = _memo(staff, colleague)
    v4 = Obligation.objects.for_subject(memo).get()
    english = Obligation.objects.filter(pk=v4.pk)
    english.update(note="Contact the customer about: 서류 보완", note_data={})
    typed = Obligation.objects.filter(pk=v4.pk)
    migration = importlib.import_module("charter.migrations.0015_notes_to_language_neutral")
    migration.forwards(global_apps, None)
    v4.refresh_from_db()
    assert v4.note == ""
    assert v4.note_data == {
        "msgid": "Contact the customer about: %(matter)s",
        "params": {"matter": "서류 보완"},
    }
    typed.update(note="고객 연락: 다시 전화", note_data={})
    migration.forwards(global_apps, None)
    v4.refresh_from_db()
    assert v4.note_data["params"] == {"matter": "다시 전화"}
    typed.update(note="손으로 쓴 메모", note_data={})
    migration.forwards(global_apps, None)
    v4.refresh_from_db()
    assert (v4.note, v4.note_data) == ("손으로 쓴 메모", {})
