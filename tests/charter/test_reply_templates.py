"""Reply templates per section (issue 17, item 6): seeded in Korean, edited by the admin, offered
beside every text to a customer, as a select (with JavaScript) and a plain list (without)."""

import pytest
from django.urls import reverse

from charter.models import ReplyTemplate, Section
from tests.conftest import kst
from tests.feedback.helpers import opinion

pytestmark = pytest.mark.django_db


def test_each_section_that_writes_to_customers_starts_with_korean_templates():
    for code in ["P", "D", "F", "C"]:
        offered = list(ReplyTemplate.objects.offered(code))
        assert offered and all("경기신용보증재단" in t.body for t in offered), code


def test_a_template_the_admin_adds_appears_on_the_reply_form(client, admin_user, department, staff):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:charter_replytemplate_add"),
        {
            "section": Section.objects.get(code="F").pk,
            "title": "보증 한도 답변",
            "body": "문의하신 보증 한도는 심사 후 안내해 드립니다.",
            "active": "on",
            "order": "0",
        },
    )
    assert response.status_code == 302
    item = opinion(department, kst(2026, 12, 1, 10))
    client.force_login(staff.user)
    page = client.get(reverse("feedback:detail", args=[item.pk])).content.decode()
    assert '<option value="' in page and ">보증 한도 답변</option>" in page
    assert "<dt>보증 한도 답변</dt>" in page  # the plain list, for a page without JavaScript
    assert "문의하신 보증 한도는 심사 후 안내해 드립니다." in page


def test_a_retired_template_is_no_longer_offered(client, department, staff):
    template = ReplyTemplate.objects.offered("F").first()
    template.active = False
    template.save()
    item = opinion(department, kst(2026, 12, 1, 10))
    client.force_login(staff.user)
    page = client.get(reverse("feedback:detail", args=[item.pk])).content.decode()
    assert f">{template.title}</option>" not in page
    assert "답변 예문" in page  # the others still are
