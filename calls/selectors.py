"""Reads of the calls section that pages, the dashboard and the API share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from charter import services as charter
from charter.clock import SEOUL

from .models import Call


def contact_centre_figures(*, user, since: dt.datetime, until: dt.datetime) -> dict:
    """The contact-centre figures beside P1, over the calls `user` may see that started in
    [since, until): the phone system's records (each creates its call, rings from its seconds)
    and the typed calls alike.

    For the whole, per staff member and per day (Seoul): `calls`, `answered`,
    `answered_within_limit` (answered at no more rings than P1's limit), `unanswered`,
    `unanswered_share` (0..1, None without calls) and `average_speed_of_answer` (mean seconds
    from the first ring to the answer over the answered calls, None without any)."""
    p1 = charter.standard_get("P1")
    rows = (
        Call.objects.visible_to(user)
        .filter(started_at__gte=since, started_at__lt=until)
        .values_list("staff_id", "staff__name", "started_at", "answered_at", "rings")
        .order_by()
    )
    total = _Tally()
    by_staff: dict[int | None, _Tally] = defaultdict(_Tally)
    names: dict[int | None, str] = {}
    by_day: dict[dt.date, _Tally] = defaultdict(_Tally)
    for staff_id, name, started_at, answered_at, rings in rows.iterator():
        kept = answered_at is not None and p1.within_limit(rings)
        speed = (answered_at - started_at).total_seconds() if answered_at is not None else None
        names[staff_id] = name or ""
        for tally in (total, by_staff[staff_id], by_day[started_at.astimezone(SEOUL).date()]):
            tally.add(speed, kept)
    return {
        "limit": p1.limit,
        "total": total.figures(),
        "by_staff": [
            {"staff": staff_id, "staff_name": names[staff_id], **tally.figures()}
            for staff_id, tally in sorted(by_staff.items(), key=lambda i: names[i[0]])
        ],
        "by_day": [{"day": day, **tally.figures()} for day, tally in sorted(by_day.items())],
    }


class _Tally:
    __slots__ = ("calls", "answered", "within", "seconds")

    def __init__(self):
        self.calls = self.answered = self.within = 0
        self.seconds = 0.0

    def add(self, speed: float | None, kept: bool) -> None:
        self.calls += 1
        if speed is not None:
            self.answered += 1
            self.seconds += speed
        if kept:
            self.within += 1

    def figures(self) -> dict:
        unanswered = self.calls - self.answered
        return {
            "calls": self.calls,
            "answered": self.answered,
            "answered_within_limit": self.within,
            "unanswered": unanswered,
            "unanswered_share": unanswered / self.calls if self.calls else None,
            "average_speed_of_answer": self.seconds / self.answered if self.answered else None,
        }
