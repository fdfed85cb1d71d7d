"""In-app notifications: written in the same runs as the e-mails, listed at /notices/ (mine,
newest first), marked read, counted in the header; and each user's e-mail opt-out."""

import pytest
import time_machine

from charter import services
from charter.notifications import notify_breaches, warn_due_soon
from notices.models import Notification
from notices.services import notification_mark_read, notification_preference_set
from tests import factories
from tests.conftest import kst
from tests.outbox import sent_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(department):
    staff = factories.StaffMemberFactory(department=department, user__email="staff@gcgf.example")
    manager = factories.StaffMemberFactory(
        department=department, role="manager", rank_name="부장", user__email="boss@gcgf.example"
    )
    quiet = factories.StaffMemberFactory(  # a manager without an e-mail address
        department=department, role="manager", rank_name="차장", user__email=""
    )
    elsewhere = factories.StaffMemberFactory(role="manager", user__email="other@gcgf.example")
    return staff, manager, quiet, elsewhere


def memo(staff, at):
    return services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=at,
        responsible=staff,
        note="콜백: 보증 상담",
    )


def breach(staff):
    obligation = memo(staff, kst(2026, 12, 2, 10))
    services.breach_scan(now=kst(2026, 12, 2, 11, 1))
    return obligation


def test_a_warning_appears_for_the_responsible_person(people):
    staff, manager, _quiet, _other = people
    obligation = memo(staff, kst(2026, 12, 2, 10))
    assert warn_due_soon(now=kst(2026, 12, 2, 10, 45)) == 1
    [notification] = Notification.objects.all()
    assert (notification.recipient, notification.kind, notification.obligation) == (
        staff.user,
        "warning",
        obligation,
    )
    assert warn_due_soon(now=kst(2026, 12, 2, 10, 50)) == 0
    assert Notification.objects.count() == 1


def test_a_breach_appears_for_every_manager_of_the_department_even_without_email(people):
    staff, manager, quiet, elsewhere = people
    obligation = breach(staff)
    assert notify_breaches(now=kst(2026, 12, 2, 11, 2)) == 1
    rows = Notification.objects.filter(kind="breach")
    assert sorted(rows.values_list("recipient", flat=True)) == sorted(
        [manager.user_id, quiet.user_id]
    )
    assert {n.obligation for n in rows} == {obligation}
    assert [m.to for m in sent_email()] == [["boss@gcgf.example"]]
    assert notify_breaches(now=kst(2026, 12, 2, 11, 3)) == 0
    assert rows.count() == 2


def test_an_opted_out_user_gets_no_email_but_the_notification(people):
    staff, manager, _quiet, _other = people
    notification_preference_set(user=staff.user, email=False)
    notification_preference_set(user=manager.user, email=False)
    memo(staff, kst(2026, 12, 2, 10))
    assert warn_due_soon(now=kst(2026, 12, 2, 10, 45)) == 1
    services.breach_scan(now=kst(2026, 12, 2, 11, 1))
    assert notify_breaches(now=kst(2026, 12, 2, 11, 2)) == 1
    assert sent_email() == []
    assert Notification.objects.filter(recipient=staff.user, kind="warning").count() == 1
    assert Notification.objects.filter(recipient=manager.user, kind="breach").count() == 1
    notification_preference_set(user=staff.user, email=True)
    memo(staff, kst(2026, 12, 2, 13))
    assert warn_due_soon(now=kst(2026, 12, 2, 13, 45)) == 1
    assert [m.to for m in sent_email()] == [["staff@gcgf.example"]]


def test_the_settings_page_turns_emails_off_and_on(client, people):
    staff, *_ = people
    client.force_login(staff.user)
    page = client.get("/notices/settings/").content.decode()
    assert "알림 설정" in page and "이 알림을 이메일로도 받기" in page and "checked" in page
    response = client.post("/notices/settings/", {}, follow=True)  # unticked
    assert "이메일을 받지 않습니다" in response.content.decode()
    assert staff.user.notification_preference.email is False
    client.post("/notices/settings/", {"email": "on"})
    staff.user.notification_preference.refresh_from_db()
    assert staff.user.notification_preference.email is True


@time_machine.travel(kst(2026, 12, 2, 11, 5), tick=False)
def test_the_list_shows_mine_newest_first_with_links_and_marks_them_read(client, people):
    staff, manager, quiet, _other = people
    first = breach(staff)
    notify_breaches(now=kst(2026, 12, 2, 11, 2))
    second = memo(staff, kst(2026, 12, 2, 10, 30))
    services.breach_scan(now=kst(2026, 12, 2, 11, 31))
    notify_breaches(now=kst(2026, 12, 2, 11, 32))
    client.force_login(manager.user)
    page = client.get("/notices/").content.decode()
    assert page.index(second.get_absolute_url()) < page.index(first.get_absolute_url())
    assert "약속 위반" in page and "읽음으로 표시" in page
    assert 'class="count">2<' in page  # the header's unread count

    mine = Notification.objects.get(recipient=manager.user, obligation=first)
    theirs = Notification.objects.get(recipient=quiet.user, obligation=first)
    client.post("/notices/read/", {"id": theirs.pk})  # another's: nothing changes
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post("/notices/read/", {"id": mine.pk}, follow=True)
    assert "알림 1건을 읽음으로 표시했습니다." in response.content.decode()
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'class="count">1<' in response.content.decode()
    client.post("/notices/read/", {"all": "1"})
    assert not Notification.objects.filter(recipient=manager.user, read_at=None).exists()
    assert Notification.objects.filter(recipient=quiet.user, read_at=None).count() == 2
    page = client.get("/notices/").content.decode()
    assert "모두 읽음으로 표시" not in page


def test_the_list_is_paginated_and_needs_a_log_in(client, people):
    staff, *_ = people
    Notification.objects.bulk_create(
        Notification(recipient=staff.user, kind="digest", created_at=kst(2026, 12, 1, 8, 30))
        for _ in range(35)
    )
    assert client.get("/notices/").status_code == 302
    client.force_login(staff.user)
    first = client.get("/notices/").content.decode()
    assert first.count('class="notice unread"') == 30 and 'rel="next"' in first
    assert client.get("/notices/?page=2").content.decode().count('class="notice unread"') == 5


def test_marking_read_needs_a_user():
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notification_mark_read(user=AnonymousUser())


def test_the_header_count_costs_one_query_and_none_when_signed_out(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff, *_ = people

    def notice_queries():
        with CaptureQueriesContext(connection) as context:
            page = client.get("/charter/").content.decode()
        return page, [q for q in context.captured_queries if "notices_notification" in q["sql"]]

    assert notice_queries()[1] == []
    client.force_login(staff.user)
    Notification.objects.create(recipient=staff.user, kind="digest", created_at=kst(2026, 12, 1))
    page, queries = notice_queries()
    assert len(queries) == 1
    assert 'class="count">1<' in page and "/notices/" in page
