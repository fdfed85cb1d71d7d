"""My notifications in a browser: the header's count, the list, mark as read, the e-mail
setting; axe-clean, no sideways scroll at 390 px."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_accessible, login

pytestmark = BROWSER_DB


@pytest.mark.parametrize("width", [1280, 390])
def test_a_manager_reads_and_clears_their_notifications(page, demo, shot, width):
    from django.contrib.auth import get_user_model

    from charter import services
    from charter.models import Obligation
    from notices.models import Notification

    user = get_user_model().objects.get(username="manager1")
    staff = get_user_model().objects.get(username="staff1").staff_member
    obligation = services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=timezone.now() - dt.timedelta(days=3),
        responsible=staff,
    )
    assert Obligation.objects.visible_to(user).filter(pk=obligation.pk).exists()

    Notification.objects.create(
        recipient=user, kind="breach", obligation=obligation, created_at=timezone.now()
    )
    Notification.objects.create(
        recipient=user,
        kind="digest",
        data={"breached": 2, "late": 1, "due_today": 3},
        created_at=timezone.now(),
    )
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "manager1")
    link = page.get_by_role("link", name="알림 2 읽지 않음")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="내 알림")).to_be_visible()
    expect(page.get_by_text("아침 요약: 어제 위반 2건")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("P4"))).to_have_attribute(
        "href", obligation.get_absolute_url()
    )
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(f"notices-{width}")

    page.get_by_role("button", name=re.compile("^읽음으로 표시")).first.click()
    expect(page.get_by_text("알림 1건을 읽음으로 표시했습니다.")).to_be_visible()
    page.get_by_role("button", name="모두 읽음으로 표시").click()
    expect(page.get_by_role("link", name="알림", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="알림 설정").click()
    page.get_by_label("이 알림을 이메일로도 받기").uncheck()
    page.get_by_role("button", name="저장").click()
    expect(page.get_by_text("이메일을 받지 않습니다.", exact=False)).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(f"notices-settings-{width}")
    assert user.notification_preference.email is False
