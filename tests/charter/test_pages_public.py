"""The public front door, the public name, and the wording fixes of issue 17, each read off the
page a user sees."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from charter import services
from charter.calendars import calendar_of, load_calendar
from charter.demo import demo_now
from tests.conftest import kst
from tests.feedback.helpers import complaint, opinion

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_gets_the_charter_service_page_with_a_staff_log_in_link(client):
    page = client.get("/").content.decode()
    assert "<h1" in page and "경기신용보증재단 고객헌장" in page
    for name in [
        "charter:charter",
        "charter:charter-results",
        "visits:directory",
        "feedback:submit",
        "feedback:track",
        "charter:calendar-feed",
    ]:
        assert f'href="{reverse(name)}"' in page, name
    assert f'href="{reverse("login")}"' in page and "직원 로그인" in page
    assert "고객응대 이행관리" not in page  # the internal name stays inside


def test_the_front_door_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Gyeonggi Credit Guarantee Foundation customer charter" in page
    assert "Staff log-in" in page


def test_public_pages_carry_the_public_name_and_staff_pages_the_internal_one(client, staff):
    for url in ["/charter/", "/charter/results/", "/feedback/submit/", "/feedback/track/"]:
        page = client.get(url).content.decode()
        assert "경기신용보증재단 고객헌장" in page and "고객응대 이행관리" not in page, url
    client.force_login(staff.user)
    page = client.get("/").content.decode()
    assert "고객응대 이행관리" in page and "직원 로그인" not in page


def test_tracking_shows_the_promised_date_not_within_a_week(client, department):
    item = opinion(department, kst(2026, 11, 20, 10))
    with time_machine.travel(kst(2026, 11, 23, 10), tick=False):
        response = client.post(
            "/feedback/track/", {"number": item.tracking_number, "contact": "01012345678"}
        )
    page = response.content.decode()
    assert "답변 예정일" in page and "2026-11-27" in page
    assert "일주일 이내" not in page


def test_an_opinions_detail_page_is_headed_as_a_reception_of_feedback(client, department, staff):
    item = complaint(department, kst(2026, 11, 20, 10))
    client.force_login(staff.user)
    page = client.get(reverse("feedback:detail", args=[item.pk])).content.decode()
    assert '<h2 id="facts-heading">접수 정보</h2>' in page
    assert "방문 접수</h2>" not in page


def test_the_public_confirmation_page_is_titled_as_received(client):
    session = client.session
    session["feedback_submitted"] = "GC-2026-AAAA-BBBB-CCCC"
    session.save()
    page = client.get(reverse("feedback:submitted")).content.decode()
    assert "<title>접수 완료 ·" in page and "<title>접수일시" not in page


def test_obligation_pages_use_plain_wording(client, manager):
    memo = services.obligation_open(
        standard="P4",
        subject=manager,
        department=manager.department,
        starts_at=kst(2026, 12, 1, 10),
        responsible=manager,
        note="콜백: 보증 한도 문의",
    )
    client.force_login(manager.user)
    with time_machine.travel(kst(2026, 12, 1, 11), tick=False):
        page = client.get(memo.get_absolute_url()).content.decode()
        home = client.get("/").content.decode()
    assert "처리 이력" in page and "히스토리" not in page
    assert "위반 검토: 이 건을 면제 처리" in page
    assert "이행 의무" not in page and "이행 의무" not in home
    assert "내 처리할 일" not in home and "진행 중인 업무" in home


def test_the_admin_speaks_korean_without_plural_marks_or_double_particles(client, admin_user):
    client.force_login(admin_user)
    index = client.get("/admin/").content.decode()
    assert "사용자(들)" not in index and ">사용자<" in index
    users = client.get("/admin/auth/user/").content.decode()
    assert "을/를" not in users and "선택한 사용자 삭제" in users
    history = client.get(f"/admin/auth/user/{admin_user.pk}/history/").content.decode()
    assert "히스토리" not in history and "변경 이력" in history


def test_403_and_404_pages_say_why_and_what_to_do_in_korean(client, staff):
    client.force_login(staff.user)
    missing = client.get("/obligations/999999/")
    assert missing.status_code == 404
    body = missing.content.decode()
    assert '<html lang="ko">' in body and "site-header" in body
    assert "주소를 확인하시거나" in body and "Not found" not in body
    denied = client.get("/dashboard/")
    assert denied.status_code == 403
    body = denied.content.decode()
    assert "시스템 관리자에게" in body and "403 Forbidden" not in body


def test_the_dashboard_is_not_in_a_staff_members_menu(client, staff):
    client.force_login(staff.user)
    assert f'href="{reverse("charter:dashboard")}"' not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("real", "expected"),
    [
        (kst(2026, 12, 2, 14), kst(2026, 12, 2, 14)),  # in business hours: now
        (kst(2026, 12, 2, 2, 43), kst(2026, 12, 1, 17, 30)),  # the night: yesterday evening
        (kst(2026, 12, 2, 20), kst(2026, 12, 2, 17, 30)),  # after closing: today's evening
        (kst(2026, 12, 6, 11), kst(2026, 12, 4, 17, 30)),  # a Sunday: Friday evening
    ],
)
def test_the_demo_is_laid_on_the_last_business_hours(db, real, expected):
    assert demo_now(real) == expected
    clock = load_calendar(calendar_of(None))
    assert clock.is_business_time(demo_now(real)) and demo_now(real) <= real
    assert demo_now(real) - real <= dt.timedelta(0)


def test_no_korean_message_of_ours_hedges_its_particles():
    """ "을(를)", "(으)로", "이(가)": the project writes its sentences so that no particle
    follows a value (or uses one that fits every word, such as 에)."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    hedges = [
        "을(를)",
        "를(을)",
        "(으)로",
        "이(가)",
        "가(이)",
        "은(는)",
        "는(은)",
        "과(와)",
        "을/를",
    ]
    found = []
    for po in root.glob("*/locale/ko/LC_MESSAGES/django.po"):
        if ".venv" in po.parts:
            continue
        with po.open("rb") as source:
            for message in read_po(source, locale="ko"):
                strings = message.string if isinstance(message.string, tuple) else [message.string]
                for text in strings:
                    found += [
                        f"{po.parent.parent.parent.parent.name}: {text}"
                        for h in hedges
                        if h in (text or "")
                    ]
    project = root / "locale" / "ko" / "LC_MESSAGES" / "django.po"
    with project.open("rb") as source:
        for message in read_po(source, locale="ko"):
            found += [f"project: {message.string}" for h in hedges if h in str(message.string)]
    assert found == []
