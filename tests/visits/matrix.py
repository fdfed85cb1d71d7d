"""The visits app's part of the project-wide permission matrix.

`make(department=, staff=)` creates one record of each kind in `department` and returns the
reverse() kwargs of every URL name of this app that takes arguments. `POST` has a valid payload
for every URL that takes POST, such that staff of the record's department succeed.

Several payloads name records or times that only exist once `make` has run (the department to
take a number for, the memo to mark contacted, "now"): `make` fills them into `POST` in place,
so read `POST[name]` after calling `make` (each call refreshes them)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from charter.clock import SEOUL
from tests import factories
from visits import services

PUBLIC = {"visits:directory", "visits:directory_department"}

# Filled in by make(): see the module docstring.
POST: dict[str, dict] = {
    # Pages (form data).
    "visits:queue": {"data": {"action": "take", "purpose": "보증 상담"}, "format": None},
    "visits:memos": {"data": {}, "format": None},
    "visits:memo_contact": {"data": {}, "format": None},
    "visits:assisted": {"data": {}, "format": None},
    "visits:assisted_assign": {"data": {}, "format": None},
    "visits:field_create": {"data": {}, "format": None},
    "visits:field_detail": {"data": {}, "format": None},
    # API (JSON).
    "visit-ticket-list": {"data": {}, "format": "json"},
    "visit-ticket-call-next": {"data": {}, "format": "json"},
    "visit-ticket-call": {"data": {"priority_reason": ""}, "format": "json"},
    "visit-ticket-serve": {"data": {"estimate_minutes": 15}, "format": "json"},
    "visit-ticket-complete": {
        "data": {"greeted": True, "greeted_first": True, "asked_further": True},
        "format": "json",
    },
    "visit-ticket-leave": {"data": {}, "format": "json"},
    "absence-memo-list": {"data": {}, "format": "json"},
    "absence-memo-contact": {"data": {}, "format": "json"},
    "assisted-visit-list": {"data": {}, "format": "json"},
    "assisted-visit-assign": {"data": {}, "format": "json"},
    "field-visit-list": {"data": {}, "format": "json"},
    "field-visit-notice": {"data": {}, "format": "json"},
    "field-visit-consent": {"data": {}, "format": "json"},
    "field-visit-record": {"data": {}, "format": "json"},
}

ADMIN_MODELS = ("ticket", "absencememo", "assistedvisit", "fieldvisit")


def _local(instant: dt.datetime) -> str:
    """A datetime-local form value in Seoul."""
    return instant.astimezone(SEOUL).strftime("%Y-%m-%dT%H:%M")


def make(*, department, staff) -> dict[str, dict]:
    by = staff.user
    now = timezone.now()
    colleague = factories.StaffMemberFactory(department=department, rank_name="주임")

    # The queue: one called, one being served, two waiting (to call, to leave).
    called = services.ticket_take(department=department, by=by, at=now - dt.timedelta(minutes=9))
    services.ticket_call(ticket=called, by=by, at=now - dt.timedelta(minutes=8))
    serving = services.ticket_take(department=department, by=by, at=now - dt.timedelta(minutes=7))
    services.ticket_call(ticket=serving, by=by, at=now - dt.timedelta(minutes=6))
    services.ticket_serve(
        ticket=serving, by=by, at=now - dt.timedelta(minutes=5), estimate_minutes=15
    )
    waiting = services.ticket_take(department=department, by=by, at=now - dt.timedelta(minutes=4))
    leaving = services.ticket_take(department=department, by=by, at=now - dt.timedelta(minutes=3))

    memo = services.absence_memo_create(
        absent_staff=colleague,
        reason="trip",
        customer_name="홍길동",
        customer_phone="010-1234-5678",
        matter="보증 연장 상담",
        by=by,
        contact_at=now + dt.timedelta(hours=3),
        at=now - dt.timedelta(minutes=10),
    )
    assisted = services.assisted_visit_create(
        customer_name="이순자",
        customer_phone="010-2345-6789",
        department=department,
        booked_at=now + dt.timedelta(days=1),
        needs="휠체어 이용",
        by=by,
        at=now - dt.timedelta(minutes=10),
    )
    field = services.field_visit_create(
        company="한빛식품",
        contact_name="오하늘",
        contact_phone="031-555-1234",
        purpose="보증 현장 실사",
        scheduled_at=now - dt.timedelta(hours=1),
        by=by,
        at=now - dt.timedelta(hours=2),
    )

    tomorrow = now + dt.timedelta(days=1)
    memo_body = {
        "absent_staff": colleague.pk,
        "reason": "meeting",
        "customer_name": "김영수",
        "customer_phone": "010-3456-7890",
        "matter": "상환 일정 문의",
    }
    booking = {
        "customer_name": "박철민",
        "customer_phone": "010-9876-5432",
        "department": department.pk,
        "needs": "고령: 서류 작성 도움",
    }
    plan = {
        "company": "다온카페",
        "contact_name": "서민호",
        "purpose": "사후 관리 방문",
        "staff": staff.pk,
    }
    POST["visits:memos"]["data"] = {**memo_body, "contact_at": _local(tomorrow)}
    POST["visits:memo_contact"]["data"] = {"memo": memo.pk}
    POST["visits:assisted"]["data"] = {**booking, "booked_at": _local(tomorrow)}
    POST["visits:assisted_assign"]["data"] = {"visit": assisted.pk, "staff": staff.pk}
    POST["visits:field_create"]["data"] = {**plan, "scheduled_at": _local(tomorrow)}
    POST["visits:field_detail"]["data"] = {
        "action": "consent",
        "consent-consented_at": _local(now - dt.timedelta(minutes=1)),
    }
    POST["visit-ticket-list"]["data"] = {"department": department.pk, "purpose": "서류 제출"}
    POST["visit-ticket-call-next"]["data"] = {"department": department.pk}
    POST["absence-memo-list"]["data"] = {**memo_body, "contact_at": tomorrow.isoformat()}
    POST["assisted-visit-list"]["data"] = {**booking, "booked_at": tomorrow.isoformat()}
    POST["assisted-visit-assign"]["data"] = {"assigned_to": staff.pk}
    api_plan = {**{k: v for k, v in plan.items() if k != "staff"}, "assigned_to": staff.pk}
    POST["field-visit-list"]["data"] = {**api_plan, "scheduled_at": tomorrow.isoformat()}
    POST["field-visit-notice"]["data"] = {
        "method": "phone",
        "notified_at": (now - dt.timedelta(minutes=90)).isoformat(),
    }
    POST["field-visit-consent"]["data"] = {
        "consented_at": (now - dt.timedelta(minutes=80)).isoformat()
    }
    POST["field-visit-record"]["data"] = {
        "arrived_at": (now - dt.timedelta(minutes=55)).isoformat(),
        "id_shown": True,
        "results_explained": True,
        "card_left": True,
        "closing_done": True,
    }

    kwargs = {
        "visits:queue": {"department_id": department.pk},
        "visits:memo_detail": {"pk": memo.pk},
        "visits:assisted_detail": {"pk": assisted.pk},
        "visits:field_detail": {"pk": field.pk},
        "visits:directory_department": {"department_id": department.pk},
        "visit-ticket-detail": {"pk": waiting.pk},
        "visit-ticket-call": {"pk": waiting.pk},
        "visit-ticket-serve": {"pk": called.pk},
        "visit-ticket-complete": {"pk": serving.pk},
        "visit-ticket-leave": {"pk": leaving.pk},
        "absence-memo-detail": {"pk": memo.pk},
        "absence-memo-contact": {"pk": memo.pk},
        "assisted-visit-detail": {"pk": assisted.pk},
        "assisted-visit-assign": {"pk": assisted.pk},
        "field-visit-detail": {"pk": field.pk},
        "field-visit-notice": {"pk": field.pk},
        "field-visit-consent": {"pk": field.pk},
        "field-visit-record": {"pk": field.pk},
    }
    # The Django admin's pages of these records (superusers; others are sent to log in).
    records = {
        "ticket": waiting,
        "absencememo": memo,
        "assistedvisit": assisted,
        "fieldvisit": field,
    }
    for model in ADMIN_MODELS:
        for page in ("change", "history", "delete"):
            kwargs[f"admin:visits_{model}_{page}"] = {"object_id": records[model].pk}
    return kwargs
