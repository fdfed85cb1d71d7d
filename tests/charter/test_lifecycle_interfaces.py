"""Pause, resume and extend through the API, the page and the admin; the calendar admin; the
calendar feed. The same service and the same messages everywhere."""

import datetime as dt

import pytest
import time_machine
from icalendar import Calendar as ICalendar
from rest_framework.test import APIClient

from charter import services
from charter.models import Calendar, Closure, HolidayOverride, Obligation, RecomputeRun
from tests.conftest import kst

pytestmark = pytest.mark.django_db


@pytest.fixture
def opinion(staff):
    return services.obligation_open(
        standard="F1",
        subject=staff,
        department=staff.department,
        starts_at=kst(2026, 12, 1, 10),
        responsible=staff,
    )


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_login(staff.user)
    return client


def test_the_api_pauses_and_resumes_with_the_paused_time_added(api, opinion):
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        response = api.post(f"/api/v1/obligations/{opinion.pk}/pause/", {"reason": "보완 요청"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "paused"
    with time_machine.travel(kst(2026, 12, 9, 10), tick=False):
        response = api.post(f"/api/v1/obligations/{opinion.pk}/resume/")
    assert response.json()["due_at"] == "2026-12-10T10:00:00+09:00"
    assert response.json()["promised_due_at"] == "2026-12-08T10:00:00+09:00"


def test_the_api_refuses_what_the_service_refuses_in_the_callers_language(api, opinion):
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        ko = api.post(f"/api/v1/obligations/{opinion.pk}/resume/", HTTP_ACCEPT_LANGUAGE="ko")
        en = api.post(f"/api/v1/obligations/{opinion.pk}/resume/", HTTP_ACCEPT_LANGUAGE="en")
        blank = api.post(f"/api/v1/obligations/{opinion.pk}/pause/", {"reason": ""})
    assert ko.status_code == en.status_code == blank.status_code == 400
    assert "일시중지된 처리 기한만" in ko.json()["non_field_errors"][0]
    assert "Only a paused obligation can be resumed" in en.json()["non_field_errors"][0]
    assert "reason" in blank.json()
    assert Obligation.objects.get(pk=opinion.pk).status == "open"


def test_the_api_extends_once_with_a_notice(api, opinion):
    body = {
        "due_at": "2026-12-15T10:00:00+09:00",
        "reason": "외부 기관 회신 대기",
        "notice_channel": "email",
        "notice_to": "customer@example.com",
    }
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        first = api.post(f"/api/v1/obligations/{opinion.pk}/extend/", body)
        second = api.post(f"/api/v1/obligations/{opinion.pk}/extend/", body)
    assert first.status_code == 200
    assert first.json()["extended_at"] is not None
    assert second.status_code == 400


def test_the_compliance_api_reports_met_as_promised_and_within_extension(api, opinion, staff):
    services.obligation_meet(obligation=opinion, at=kst(2026, 12, 2, 10))
    response = api.get(
        "/api/v1/compliance/",
        {"since": "2026-12-01T00:00:00+09:00", "until": "2026-12-02T00:00:00+09:00"},
    )
    assert response.status_code == 200
    assert response.json() == [
        {
            "standard": "F1",
            "part": "",
            "total": 1,
            "met_as_promised": 1,
            "met_within_extension": 0,
            "breached": 0,
            "waived": 0,
            "open": 0,
            "rate": 1.0,
        }
    ]
    assert api.get("/api/v1/compliance/").status_code == 400


def test_staff_pause_and_resume_from_the_obligation_page(client, staff, opinion):
    client.force_login(staff.user)
    page = client.get(f"/obligations/{opinion.pk}/").content.decode()
    assert "고객 조치 대기 중 일시중지" in page
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        refused = client.post(f"/obligations/{opinion.pk}/pause/", {"reason": ""})
        assert "이 필드는 필수 항목입니다" in refused.content.decode()
        client.post(f"/obligations/{opinion.pk}/pause/", {"reason": "보완 서류 요청"})
    with time_machine.travel(kst(2026, 12, 8, 10), tick=False):
        page = client.get(f"/obligations/{opinion.pk}/").content.decode()
        assert "보완 서류 요청" in page and "재개" in page
        response = client.post(f"/obligations/{opinion.pk}/resume/", follow=True)
    assert "재개했습니다" in response.content.decode()
    assert Obligation.objects.get(pk=opinion.pk).due_at == kst(2026, 12, 9, 10)


def test_a_service_error_shows_on_the_page_form(client, staff, opinion):
    client.force_login(staff.user)
    with time_machine.travel(kst(2026, 12, 7, 10), tick=False):
        response = client.post(
            f"/obligations/{opinion.pk}/extend/",
            {"due_at": "2026-12-20T10:00", "reason": "지연", "notice_channel": "phone"},
        )
    assert "연장은 원래 처리기간을 넘을 수 없습니다" in response.content.decode()
    assert Obligation.objects.get(pk=opinion.pk).extended_at is None


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x-y-z-123"))
    return client


def calendar_form(calendar, frames):
    data = {
        "name": calendar.name,
        "country": "KR",
        "periods-TOTAL_FORMS": str(len(frames)),
        "periods-INITIAL_FORMS": "0",
        "periods-MIN_NUM_FORMS": "0",
        "periods-MAX_NUM_FORMS": "1000",
    }
    for i, (weekday, start, end) in enumerate(frames):
        data.update(
            {
                f"periods-{i}-weekday": weekday,
                f"periods-{i}-start": start,
                f"periods-{i}-end": end,
                f"periods-{i}-calendar": calendar.pk,
            }
        )
    return data


def test_the_admin_refuses_overlapping_frames_and_a_frame_ending_before_it_starts(admin_client):
    calendar = Calendar.objects.create(name="시험 달력")
    overlapping = admin_client.post(
        f"/admin/charter/calendar/{calendar.pk}/change/",
        calendar_form(calendar, [(0, "09:00", "12:30"), (0, "12:00", "18:00")]),
    )
    assert "근무시간이 겹칩니다" in overlapping.content.decode()
    backwards = admin_client.post(
        f"/admin/charter/calendar/{calendar.pk}/change/",
        calendar_form(calendar, [(1, "18:00", "09:00")]),
    )
    assert "시작 시각보다 늦게 끝나야" in backwards.content.decode()
    assert not calendar.periods.exists()
    fine = admin_client.post(
        f"/admin/charter/calendar/{calendar.pk}/change/",
        calendar_form(calendar, [(0, "09:00", "12:00"), (0, "13:00", "18:00")]),
    )
    assert fine.status_code == 302
    assert calendar.periods.count() == 2


def test_the_admin_lists_a_years_non_working_days_with_their_source(admin_client):
    calendar = Calendar.objects.default()
    Closure.objects.create(date=dt.date(2026, 12, 31), name="종무식 휴무")
    HolidayOverride.objects.create(date=dt.date(2026, 10, 9), reason="근무")
    page = admin_client.get(f"/admin/charter/calendar/{calendar.pk}/holidays/?year=2026")
    text = page.content.decode()
    assert "2026-09-25" in text and "추석" in text
    assert "종무식 휴무" in text and "휴무일" in text
    assert "근무하는 공휴일(예외)" in text


def test_the_admin_action_queues_a_recompute_run(admin_client, django_capture_on_commit_callbacks):
    calendar = Calendar.objects.default()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(
            "/admin/charter/calendar/",
            {"action": "recompute_open_deadlines", "_selected_action": [calendar.pk]},
        )
    run = RecomputeRun.objects.get()
    assert (run.calendar, run.requested_by.username, run.status) == (calendar, "root", "queued")
    assert len(callbacks) == 1
    assert "progress" in admin_client.get("/admin/charter/recomputerun/").content.decode()


def test_the_calendar_feed_is_valid_icalendar_with_this_and_next_years_days_off(client):
    Closure.objects.create(date=dt.date(2027, 3, 10), name="창립기념일")
    with time_machine.travel(kst(2026, 11, 25, 12), tick=False):
        response = client.get("/charter/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    feed = ICalendar.from_ical(response.content)
    events = {e.get("dtstart").dt: str(e.get("summary")) for e in feed.walk("VEVENT")}
    assert events[dt.date(2026, 9, 25)] == "추석"
    assert events[dt.date(2027, 3, 10)] == "창립기념일"
    assert all(d.year in (2026, 2027) for d in events)


def test_a_manager_waives_a_breach_with_a_reason_from_its_page(client, manager, staff):
    memo = services.obligation_open(
        standard="P4",
        subject=staff,
        department=staff.department,
        starts_at=kst(2026, 11, 2, 10),
        responsible=staff,
    )
    services.breach_scan(now=kst(2026, 11, 3, 10))
    client.force_login(staff.user)
    page = client.get(f"/obligations/{memo.pk}/").content.decode()
    assert "위반 검토: 이 건을 면제 처리" not in page
    assert client.post(f"/obligations/{memo.pk}/waive/", {"reason": "x"}).status_code == 403
    client.force_login(manager.user)
    refused = client.post(f"/obligations/{memo.pk}/waive/", {"reason": ""})
    assert "이 필드는 필수 항목입니다" in refused.content.decode()
    preview = client.post(f"/obligations/{memo.pk}/waive/", {"reason": "고객이 남긴 번호가 결번"})
    preview_page = preview.content.decode()
    assert "면제 확인" in preview_page and "고객이 남긴 번호가 결번" in preview_page
    memo.refresh_from_db()
    assert memo.status == "breached"  # the preview changes nothing
    done = client.post(
        f"/obligations/{memo.pk}/waive/",
        {"reason": "고객이 남긴 번호가 결번", "confirm": "1"},
        follow=True,
    ).content.decode()
    assert "면제했습니다" in done and "고객이 남긴 번호가 결번" in done
    memo.refresh_from_db()
    assert (memo.status, memo.waived_by) == ("waived", manager.user)
