"""Customers' personal data is blanked after the retention period, in every section and in the
change history, and nothing else is touched."""

import datetime as dt
import io
import json
import logging
import re
from collections import Counter

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.db.models import Q, QuerySet

import charter.demo
from calls.models import Callback
from charter import services
from charter.models import Obligation, ObligationEvent, StaffMember
from charter.retention import (
    PersonalData,
    PurgeFailed,
    models_with_personal_data,
    personal_data_purge,
)
from charter.tasks import purge_personal_data
from documents.models import ReceivedDocument
from tests.conftest import kst

pytestmark = pytest.mark.django_db

DEMO_NOW = kst(2026, 11, 25, 15, 0)
# After everything the demo records, its future bookings and visits included.
LATER = DEMO_NOW + dt.timedelta(days=400)
# The corrections demo names its C2 customers "민원인" ("the complainant"): a word, not a name,
# that its texts use as a word too ("민원인 연락처가 잘못 등록됨"). Not searched for.
NOT_A_NAME = {"민원인"}


def test_every_section_declares_its_personal_data():
    labels = {model._meta.label for model in models_with_personal_data()}
    assert {
        "calls.Call",
        "calls.Callback",
        "visits.AbsenceMemo",
        "visits.AssistedVisit",
        "visits.FieldVisit",
        "documents.ReceivedDocument",
        "documents.Notice",
        "feedback.Feedback",
        "corrections.ServiceCorrection",
        "corrections.HandlingDefect",
        "charter.ObligationEvent",
    } <= labels


def memo(staff, name: str, phone: str, at: dt.datetime, question: str = "보증") -> Callback:
    """A callback memo taken at `at`, with its history row (made directly: what the purge
    does depends on the rows, not on how they were taken)."""
    with time_machine.travel(at, tick=False):
        return Callback.objects.create(
            customer_name=name,
            customer_phone=phone,
            question=question,
            taken_by=staff,
            assigned_to=staff,
            department=staff.department,
            created_at=at,
        )


def test_a_callback_loses_name_and_number_after_the_retention_period_history_too(staff, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    old = memo(staff, "홍길동", "010-1234-5678", kst(2026, 1, 5, 10), question="보증 한도")
    recent = memo(staff, "김철수", "010-8765-4321", kst(2026, 2, 1, 10), question="상환 일정")
    counts = personal_data_purge(now=kst(2026, 2, 10, 10))
    assert counts["calls.Callback"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.customer_name, old.customer_phone, old.question) == ("", "", "보증 한도")
    assert recent.customer_name == "김철수"
    assert set(old.history.values_list("customer_name", flat=True)) == {""}
    assert "김철수" in set(Callback.history.values_list("customer_name", flat=True))
    assert personal_data_purge(now=kst(2026, 2, 10, 10))["calls.Callback"] == 0


def test_an_extension_notice_loses_its_recipient(staff, settings):
    opinion = services.obligation_open(
        standard="F1", subject=staff, department=staff.department, starts_at=kst(2026, 12, 1, 10)
    )
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        services.obligation_extend(
            obligation=opinion,
            by=staff.user,
            due_at=kst(2026, 12, 10, 10),
            reason="회신 대기",
            notice_channel="sms",
            notice_to="010-1234-5678",
        )
    out = io.StringIO()
    call_command("purge_personal_data", "--now", "2028-01-01T00:00:00+09:00", stdout=out)
    assert "charter.ObligationEvent 1" in out.getvalue()
    event = ObligationEvent.objects.get(kind=ObligationEvent.Kind.EXTEND)
    assert (event.notice_to, event.notice_text, event.reason) == ("", "", "회신 대기")


def test_a_deleted_records_history_is_blanked_too(staff, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    old = memo(staff, "홍길동", "010-1234-5678", kst(2026, 1, 5, 10))
    recent = memo(staff, "김철수", "010-8765-4321", kst(2026, 2, 1, 10))
    old.customer_name = "홍길동 님"  # a second version in the history
    old.save()
    old_id, recent_id = old.pk, recent.pk
    old.delete()
    recent.delete()
    History = Callback.history.model
    assert History.objects.filter(id=old_id).count() == 3  # taken, changed, deleted

    counts = personal_data_purge(now=kst(2026, 2, 10, 10))

    assert counts["calls.Callback"] == 0  # no live row left
    rows = History.objects.filter(id=old_id)
    assert counts["calls.HistoricalCallback"] == rows.count() == 3
    assert set(rows.values_list("customer_name", "customer_phone")) == {("", "")}
    # The deletion itself is still on record; the recent one keeps its data until it expires.
    assert History.objects.filter(id=old_id, history_type="-").exists()
    assert set(History.objects.filter(id=recent_id).values_list("customer_name", flat=True)) == {
        "김철수"
    }
    assert personal_data_purge(now=kst(2026, 2, 10, 10))["calls.HistoricalCallback"] == 0


# -- Every section's demo data, every table ------------------------------------------------


@pytest.fixture
def demo():
    """Every section's demo data, and an extension notice (the demo has none)."""
    with time_machine.travel(DEMO_NOW, tick=False):
        charter.demo.seed_demo()
        opinion = Obligation.objects.for_standard("F1").filter(status="open").first()
        assert opinion is not None
        services.obligation_extend(
            obligation=opinion,
            by=get_user_model().objects.get(username="admin"),
            due_at=opinion.due_at + dt.timedelta(days=3),
            reason="관계 기관 회신 대기",
            notice_channel="sms",
            notice_to="010-5555-0101",
        )


def staff_names() -> set[str]:
    return set(StaffMember.objects.values_list("name", flat=True))


def customer_values(cutoff: dt.datetime) -> dict[str, set[str]]:
    """Per model, the non-empty personal-data values of its rows and history rows that expire
    at `cutoff`, less any value that is to be kept: a value also held by a row that does not
    expire yet (opinions and complaints still open: their period counts from closing), a staff
    member's name (staff names are not customer data: a demo caller may share one), or a word
    of NOT_A_NAME."""
    expiring, kept = {}, staff_names() | {PersonalData.PURGED} | NOT_A_NAME
    for model in models_with_personal_data():
        spec = model.personal_data
        tables = [model._base_manager]
        if getattr(model, "history", None) is not None:
            tables.append(model.history.model._base_manager)
        values = set()
        for rows in tables:
            old = Q(**{f"{spec.since}__lt": cutoff})
            for field in spec.fields:
                values |= set(rows.filter(old).values_list(field, flat=True))
                kept |= set(rows.exclude(old).values_list(field, flat=True))
        expiring[model._meta.label] = values
    return {label: values - kept - {""} for label, values in expiring.items()}


def database_snapshot() -> dict[str, tuple[list[str], list[tuple]]]:
    """Every row of every table in the database (history tables and any table added later
    included) with its column names, as raw SQL returns them, in a stable order."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            snapshot[table] = (columns, sorted(cursor.fetchall(), key=repr))
    return snapshot


def text_of(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return None


def occurrences(values: set[str], snapshot) -> list[tuple[str, str, str]]:
    """(table, column, value) for each of `values` found anywhere in a text column of
    `snapshot`, inside a longer text too."""
    pattern = re.compile("|".join(re.escape(v) for v in sorted(values, key=len, reverse=True)))
    found = []
    for table, (columns, rows) in snapshot.items():
        for row in rows:
            for column, cell in zip(columns, row, strict=True):
                text = text_of(cell)
                if text:
                    found += [(table, column, match) for match in pattern.findall(text)]
    return found


def searched(text: str):
    return {"text": (["text"], [(text,)])}


def obligation_counts() -> Counter:
    return Counter(Obligation.objects.values_list("standard__code", "status"))


def test_after_the_period_no_customer_value_is_left_in_any_table(demo):
    """On every section's demo data, with every model's constraints in the database (the purge
    used to break received_document_has_contact and stop there)."""
    values = customer_values(LATER)
    for label, found in values.items():
        assert found, f"the demo has no personal data in {label}: the test would prove nothing"
    everything = set().union(*values.values())
    before = database_snapshot()
    assert occurrences(everything, before)  # the search finds what is there
    obligations = obligation_counts()
    staff = list(StaffMember.objects.values_list("pk", "name").order_by("pk"))

    counts = personal_data_purge(days=0, now=LATER)

    assert not counts.failed
    assert list(StaffMember.objects.values_list("pk", "name").order_by("pk")) == staff
    for model in models_with_personal_data():
        assert counts[model._meta.label] > 0, model._meta.label
        if getattr(model, "history", None) is not None:
            assert counts[model.history.model._meta.label] > 0, model._meta.label
        spec = model.personal_data
        expired = model._base_manager.filter(**{f"{spec.since}__lt": LATER})
        assert not expired.exclude(**spec.fields).exists(), model._meta.label
        assert not model._base_manager.filter(**{f"{spec.since}__gte": LATER}).exists()
    after = database_snapshot()
    assert occurrences(everything, after) == []
    # Blanked, never deleted: every table keeps its rows, every obligation its outcome.
    assert {table: len(rows) for table, (_columns, rows) in after.items()} == {
        table: len(rows) for table, (_columns, rows) in before.items()
    }
    assert obligation_counts() == obligations

    again = personal_data_purge(days=0, now=LATER + dt.timedelta(days=1))

    assert not again.failed
    assert set(again) == set(counts)
    assert set(again.values()) == {0}
    assert database_snapshot() == after
    assert obligation_counts() == obligations


# -- One model's failure stops no other ----------------------------------------------------


def test_a_model_that_fails_is_rolled_back_and_reported_and_the_others_are_purged(
    demo, monkeypatch, caplog
):
    values = customer_values(LATER)
    everything = set().union(*values.values())
    Historical = Callback.history.model
    real_update = QuerySet.update

    def update(self, **changes):
        if self.model is Historical:
            raise DatabaseError("disk full")
        return real_update(self, **changes)

    monkeypatch.setattr(QuerySet, "update", update)
    # And the constraint the purge used to break: the database refuses it (a real error,
    # which on PostgreSQL aborts the transaction and names the failing row in its message).
    monkeypatch.setattr(
        ReceivedDocument,
        "personal_data",
        PersonalData(
            since="received_at",
            fields={"customer_name": "", "customer_phone": "", "customer_email": ""},
        ),
    )
    callbacks = Counter(Callback.objects.values_list("customer_name", flat=True))

    with caplog.at_level(logging.ERROR, logger="charter.retention"):
        counts = personal_data_purge(days=0, now=LATER)

    assert set(counts.failed) == {"calls.Callback", "documents.ReceivedDocument"}
    assert counts.failed["documents.ReceivedDocument"] == (
        "IntegrityError (received_document_has_contact)"
    )
    assert "calls.Callback" not in counts and "calls.HistoricalCallback" not in counts
    with pytest.raises(PurgeFailed):
        counts["calls.Callback"]
    # The failed model is rolled back whole: its live rows were blanked before its history failed.
    assert Counter(Callback.objects.values_list("customer_name", flat=True)) == callbacks
    assert ReceivedDocument.objects.exclude(customer_name="").exists()
    # The others are purged all the same.
    assert counts["calls.Call"] > 0 and counts["documents.Notice"] > 0
    assert counts["corrections.HandlingDefect"] > 0
    kept = values["calls.Callback"] | values["documents.ReceivedDocument"]
    purged = {value for value in everything if not any(value in other for other in kept)}
    assert occurrences(purged, database_snapshot()) == []
    # Logged with the traceback, without any personal data (PostgreSQL's own message has it).
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert {r.args[0] for r in failures} == set(counts.failed)
    assert all(r.exc_info for r in failures)
    assert not occurrences(everything, searched(caplog.text))

    # The command purges what it can, says what failed, and exits with status 1.
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "purge_personal_data", "--now", LATER.isoformat(), "--days", "0", stdout=out, stderr=err
        )
    assert error.value.returncode == 1
    assert "calls.Callback" in str(error.value)
    assert "documents.ReceivedDocument: purge failed (IntegrityError" in err.getvalue()
    assert "0 row(s) blanked" in out.getvalue()
    # The beat task too: marked failed, with a message that holds no personal data.
    with (
        time_machine.travel(LATER + dt.timedelta(days=366), tick=False),
        pytest.raises(PurgeFailed) as failed,
    ):
        purge_personal_data()
    assert "calls.Callback" in str(failed.value)
    assert "documents.ReceivedDocument" in str(failed.value)
    assert not occurrences(everything, searched(str(failed.value)))

    monkeypatch.undo()
    counts = personal_data_purge(days=0, now=LATER)
    assert not counts.failed
    assert counts["calls.Callback"] > 0 and counts["documents.ReceivedDocument"] > 0
    assert occurrences(everything, database_snapshot()) == []
