"""The admin refuses a measurement text that no longer says the standard's duration."""

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.utils import translation

from charter.models import Standard

pytestmark = pytest.mark.django_db


def p4_form(admin_user, **changes):
    request = RequestFactory().post("/")
    request.user = admin_user
    model_admin = admin.site._registry[Standard]
    standard = Standard.objects.get(code="P4")
    form_class = model_admin.get_form(request, standard, change=True)
    data = {k: v for k, v in model_to_dict(standard).items() if v is not None}
    data.update(changes)
    return form_class(data=data, instance=standard)


def test_changing_p4_to_two_hours_without_its_text_is_refused_in_korean(admin_user):
    with translation.override("ko"):
        form = p4_form(admin_user, duration_value=2)
        assert not form.is_valid()
        assert "1 근무시간" in form.errors["rule_ko"][0] and "2 시간" in form.errors["rule_ko"][0]
        assert "rule_en" in form.errors  # "within 1 business hour"


def test_changing_the_duration_and_both_texts_together_is_accepted(admin_user):
    form = p4_form(
        admin_user,
        duration_value=2,
        rule_ko="메모 후 2 근무시간 이내 회신",
        rule_en="deadline: callback answered within 2 business hours of the memo",
    )
    assert form.is_valid(), form.errors
    assert p4_form(admin_user).is_valid()  # unchanged, it agrees with itself


def test_adding_a_closure_offers_the_recompute_with_the_count_of_open_deadlines(
    client, admin_user, staff
):
    import time_machine

    from charter import services
    from charter.models import Calendar
    from tests.conftest import kst

    for hour in (10, 11):
        services.obligation_open(
            standard="P4",
            subject=staff,
            department=staff.department,
            starts_at=kst(2026, 12, 1, hour),
            responsible=staff,
        )
    client.force_login(admin_user)
    calendar = Calendar.objects.default()
    with time_machine.travel(kst(2026, 12, 1, 15), tick=False):
        response = client.post(
            "/admin/charter/closure/add/",
            {"date": "2026-12-24", "name": "창립기념일", "calendar": calendar.pk},
            follow=True,
        )
    page = response.content.decode()
    assert "진행 중인 처리 기한이 2건 있습니다" in page
    assert 'href="/admin/charter/calendar/"' in page
