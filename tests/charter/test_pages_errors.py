"""Error pages a user sees: a styled Korean 403 (never a bare "403 Forbidden"), a styled 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["calls:log", "calls:callbacks", "calls:today"])
def test_admin_without_staff_record_gets_no_bare_403(client, admin_user, name):
    client.force_login(admin_user)
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="ko")
    body = response.content.decode()
    assert "403 Forbidden" not in body
    # The menu offers these to an admin: the page opens, in Korean, inside the site's layout.
    assert response.status_code == 200
    assert '<html lang="ko">' in body and "site-header" in body


def test_a_server_error_is_a_styled_korean_page_without_context(client, settings):
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("ko"):
        response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "일시적인 오류가 발생했습니다" in body and "첫 화면으로" in body
    assert "css/app.css" in body
