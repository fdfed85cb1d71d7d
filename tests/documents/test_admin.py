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
