"""Calls and callback memos in the Django admin: readable, with history, not hand-made."""

import pytest
import time_machine
from django.contrib.auth import get_user_model

from calls import services
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345!")
    client.force_login(admin)
    return client


@time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False)
def test_admins_read_calls_and_memos_with_their_history_but_cannot_add_them(admin_client, staff):
    call = services.call_log(
        by=staff.user,
        started_at=kst(2026, 12, 2, 10),
        answered_at=None,
        rings=4,
        staff=staff,
        caller_number="010-1234-5678",
    )
    memo = call.callback
    for url in (
        "/admin/calls/call/",
        f"/admin/calls/call/{call.pk}/change/",
        f"/admin/calls/call/{call.pk}/history/",
        "/admin/calls/callback/",
        f"/admin/calls/callback/{memo.pk}/change/",
        f"/admin/calls/callback/{memo.pk}/history/",
    ):
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get("/admin/calls/call/add/").status_code == 403
    assert admin_client.get(f"/admin/calls/callback/{memo.pk}/delete/").status_code == 403


@time_machine.travel(kst(2026, 12, 2, 10, 30), tick=False)
def test_call_detail_records_are_read_only_scoped_and_the_callers_number_masked_in_the_list(
    client, admin_client, department, other_department, staff
):
    from calls.models import CallRecord
    from tests import factories

    services.call_ingest_cdr(
        by=factories.UserFactory(role="admin", is_staff=True, is_superuser=True),
        records=[
            {
                "uniqueid": "cdr-mine",
                "start": kst(2026, 12, 2, 10),
                "answer": kst(2026, 12, 2, 10, 0, 4),
                "disposition": "ANSWERED",
                "src": "010-3456-7890",
                "dst": staff.extension,
            },
            {
                "uniqueid": "cdr-nobody",
                "start": kst(2026, 12, 2, 10, 5),
                "disposition": "NO ANSWER",
                "src": "010-3456-7890",
                "dst": "9999",
            },
        ],
    )
    mine, nobody = (
        CallRecord.objects.get(uniqueid="cdr-mine"),
        CallRecord.objects.get(uniqueid="cdr-nobody"),
    )
    assert mine.call.department == department and nobody.call is None

    # The admin: every record, the number masked in the list; nothing added, changed, deleted.
    page = admin_client.get("/admin/calls/callrecord/")
    html = page.content.decode()
    assert page.status_code == 200 and "cdr-nobody" not in html  # uniqueid is not a column
    assert "010-****-7890" in html and "01034567890" not in html and "010-3456-7890" not in html
    assert "9999" in html
    unassigned = admin_client.get("/admin/calls/callrecord/?assigned=no").content.decode()
    assert "9999" in unassigned and staff.extension not in unassigned
    assert admin_client.get("/admin/calls/callrecord/add/").status_code == 403
    assert admin_client.get(f"/admin/calls/callrecord/{mine.pk}/delete/").status_code == 403
    assert (
        admin_client.post(f"/admin/calls/callrecord/{mine.pk}/change/", {"dst": "1"}).status_code
        == 403
    )
    mine.refresh_from_db()
    assert mine.dst == staff.extension

    # A manager of the department: its record only (the unassigned one is the admin's job).
    manager = factories.StaffMemberFactory(
        department=department, role="manager", rank_name="부장"
    ).user
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    html = client.get("/admin/calls/callrecord/").content.decode()
    assert staff.extension in html and "9999" not in html
    assert client.get(f"/admin/calls/callrecord/{nobody.pk}/change/").status_code in (302, 404)
    outsider = factories.StaffMemberFactory(
        department=other_department, role="manager", rank_name="부장"
    ).user
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(f"/admin/calls/callrecord/{mine.pk}/change/").status_code in (302, 404)
