"""The charter as data: seeded by migration, edited in the admin with history."""

import os

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from charter.models import Rank, Standard

pytestmark = pytest.mark.django_db

CODES = [
    *(f"V{i}" for i in range(1, 8)),
    *(f"S{i}" for i in range(1, 5)),
    *(f"P{i}" for i in range(1, 7)),
    *(f"D{i}" for i in range(1, 5)),
    *(f"F{i}" for i in range(1, 5)),
    "C1",
    "C2",
]


def test_all_27_standards_are_seeded_in_charter_order_with_both_texts():
    standards = list(Standard.objects.all())
    assert [s.code for s in standards] == CODES
    assert all(s.text_ko and s.text_en for s in standards)
    p1 = Standard.objects.get(code="P1")
    assert p1.text_ko.startswith("전화벨이 3번 이상 울리기 전에")
    assert p1.kind == "threshold" and p1.limit == 2
    p4 = Standard.objects.get(code="P4")
    assert (p4.duration_value, p4.duration_unit, p4.clock) == (1, "hours", "business")
    f1 = Standard.objects.get(code="F1")
    assert (f1.duration_value, f1.duration_unit, f1.clock) == (7, "days", "calendar")
    assert Standard.objects.get(code="D1").min_count == 3


def test_ranks_are_ordered_from_saweon_to_bujang():
    assert list(Rank.objects.values_list("name", flat=True)) == [
        "사원",
        "주임",
        "대리",
        "과장",
        "차장",
        "부장",
    ]


def test_the_three_roles_exist_with_their_permissions():
    groups = {
        g.name: {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all()}
        for g in Group.objects.prefetch_related("permissions__content_type")
    }
    assert "charter.view_obligation" in groups["staff"]
    assert "charter.waive_obligation" not in groups["staff"]
    assert "charter.waive_obligation" in groups["manager"]
    assert "charter.change_standard" in groups["admin"]
    assert "charter.change_standard" not in groups["manager"]


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", password="pass-word-123")
    client.force_login(admin)
    return client, admin


def standard_form(standard, **changes):
    data = {
        "order": standard.order,
        "active": "on",
        "text_ko": standard.text_ko,
        "text_en": standard.text_en,
        "rule_ko": standard.rule_ko,
        "rule_en": standard.rule_en,
        "kind": standard.kind,
        "duration_value": standard.duration_value or "",
        "duration_unit": standard.duration_unit,
        "clock": standard.clock,
        "followup_value": "",
        "followup_unit": "",
        "min_count": standard.min_count or "",
        "count_period": standard.count_period,
        "limit": standard.limit or "",
        "limit_unit": standard.limit_unit,
        "name_ko": standard.name_ko,
        "name_en": standard.name_en,
        "target_rate": standard.target_rate,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_admin_lists_all_27_standards_in_korean_and_english(admin_client):
    client, _admin = admin_client
    page = client.get("/admin/charter/standard/").content.decode()
    for code in CODES:
        assert f">{code}<" in page
    assert "전화벨이 3번 이상" in page
    assert "Calls are answered before the phone rings 3 times" in page


def test_editing_a_standard_in_the_admin_records_who_changed_what(admin_client):
    client, admin = admin_client
    p4 = Standard.objects.get(code="P4")
    # The measurement texts must follow the duration (charter.wording): changed together.
    texts = {
        "rule_ko": p4.rule_ko.replace("1 근무시간", "2 근무시간"),
        "rule_en": p4.rule_en.replace("1 business hour", "2 business hours"),
    }
    response = client.post(
        f"/admin/charter/standard/{p4.pk}/change/",
        standard_form(p4, duration_value=2, **texts),
    )
    assert response.status_code == 302
    p4.refresh_from_db()
    assert p4.duration_value == 2
    latest = p4.history.first()
    assert latest.history_user == admin
    assert latest.duration_value == 2
    assert p4.history.count() == 2
    assert sorted(change.field for change in latest.diff_against(latest.prev_record).changes) == [
        "duration_value",
        "rule_en",
        "rule_ko",
    ]
    history_page = client.get(f"/admin/charter/standard/{p4.pk}/history/").content.decode()
    assert "boss" in history_page


def test_a_negative_duration_in_the_admin_is_refused_and_stores_nothing(admin_client):
    client, _admin = admin_client
    p4 = Standard.objects.get(code="P4")
    response = client.post(
        f"/admin/charter/standard/{p4.pk}/change/", standard_form(p4, duration_value=-5)
    )
    assert response.status_code == 200
    assert "0 이상의 값을 입력해 주세요" in response.content.decode()
    p4.refresh_from_db()
    assert p4.duration_value == 1
    assert p4.history.count() == 1


def test_a_deadline_without_a_duration_is_refused(admin_client):
    client, _admin = admin_client
    p4 = Standard.objects.get(code="P4")
    response = client.post(
        f"/admin/charter/standard/{p4.pk}/change/",
        standard_form(p4, duration_value="", duration_unit=""),
    )
    assert response.status_code == 200
    p4.refresh_from_db()
    assert p4.duration_value == 1


def test_a_rule_settled_at_once_cannot_be_made_pausable(admin_client):
    client, _admin = admin_client
    p1 = Standard.objects.get(code="P1")
    response = client.post(
        f"/admin/charter/standard/{p1.pk}/change/", standard_form(p1, pausable="on")
    )
    assert response.status_code == 200
    assert "기한 규칙만 일시중지할 수 있습니다" in response.content.decode()
    p1.refresh_from_db()
    assert not p1.pausable


def test_the_api_schema_validates(capsys):
    # --validate raises on a schema that breaks the OpenAPI specification; --fail-on-warn on
    # any endpoint, field or authentication it could not describe (check --deploy's W001).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)
    captured = capsys.readouterr()
    assert "Warning" not in captured.err and "Error" not in captured.err
