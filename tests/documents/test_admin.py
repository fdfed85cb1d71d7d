"""The Django admin lists and opens the documents' records."""

import pytest
import time_machine

from documents import services
from tests import factories
from tests.conftest import kst

from .helpers import received

pytestmark = pytest.mark.django_db


def test_admins_browse_inbox_checks_documents_and_notices(client, staff):
    admin = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    with time_machine.travel(kst(2026, 12, 2, 12), tick=False):
        services.inbox_check_record(channel="fax", by=staff.user)
        document = received(staff)
        services.document_confirm(document=document, by=staff.user)
        services.notice_send(document=document, kind="receipt", channel="sms", by=staff.user)
    client.force_login(admin)
    for path in (
        "/admin/documents/inboxday/",
        "/admin/documents/inboxcheck/",
        "/admin/documents/receiveddocument/",
        "/admin/documents/notice/",
        f"/admin/documents/receiveddocument/{document.pk}/change/",
        f"/admin/documents/receiveddocument/{document.pk}/history/",
    ):
        assert client.get(path).status_code == 200, path


def _root(client):
    admin = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return admin


def _add_check(client, department, at: str, **extra):
    return client.post(
        "/admin/documents/inboxcheck/add/",
        {
            "department": department.pk,
            "channel": "fax",
            "checked_at_0": "2026-12-02",
            "checked_at_1": at,
            "staff": "",
            **extra,
        },
    )


def test_inbox_checks_added_in_the_admin_settle_d1_like_the_page(client, staff):
    from charter.models import Obligation

    from .helpers import d1

    _root(client)
    with time_machine.travel(kst(2026, 12, 2, 17), tick=False):
        for at in ("09:10:00", "13:10:00", "16:50:00"):
            response = _add_check(client, staff.department, at)
            assert response.status_code == 302, response.content.decode()[:2000]
    obligation = d1(staff.department, "fax", kst(2026, 12, 2).date())
    assert obligation.status == Obligation.Status.MET
    assert obligation.met_at == kst(2026, 12, 2, 16, 50)
    assert obligation.events.filter(kind="met").count() == 1


def test_a_future_check_in_the_admin_is_refused_and_stores_nothing(client, staff):
    from documents.models import InboxCheck

    _root(client)
    with time_machine.travel(kst(2026, 12, 2, 9), tick=False):
        response = _add_check(client, staff.department, "17:00:00")
    assert response.status_code == 200  # the form again, with the service's error
    assert "미래" in response.content.decode()
    assert not InboxCheck.objects.exists()


def test_notices_and_documents_change_only_through_the_services(client, staff):
    from documents.models import ReceivedDocument

    _root(client)
    with time_machine.travel(kst(2026, 12, 2, 10), tick=False):
        document = received(staff)
        assert client.get("/admin/documents/notice/add/").status_code == 403
        client.post(
            f"/admin/documents/receiveddocument/{document.pk}/change/",
            {"description": "바뀐 설명", "confirmed_at_0": "2026-12-02", "confirmed_at_1": "09:40"},
        )
        document.refresh_from_db()
        assert document.confirmed_at is None  # read-only: no D2 opened around the service
        response = client.post(
            "/admin/documents/receiveddocument/",
            {"action": "confirm", "_selected_action": [document.pk]},
        )
    assert response.status_code == 302
    document = ReceivedDocument.objects.get(pk=document.pk)
    assert document.confirmed_at == kst(2026, 12, 2, 10)
    from .helpers import obligation

    assert obligation(document, "D2").status == "open"
