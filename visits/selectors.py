"""The reads of the visits section (V1–V7, S1–S4) that the services and pages share: querysets
and pure computations, never a write. `visits.services` re-exports the names it used to hold."""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import Q

from .models import Ticket


def earlier_waiting(ticket: Ticket):
    """The tickets of the same desk and day still waiting with a lower number."""
    return Ticket.objects.filter(
        department_id=ticket.department_id,
        business_date=ticket.business_date,
        status=Ticket.Status.WAITING,
        number__lt=ticket.number,
    )


def minutes_late(*, scheduled_at: dt.datetime, arrived_at: dt.datetime) -> int:
    """Whole minutes after the appointment, rounded up (10:00 late is 10; 10:01 is 11)."""
    seconds = (arrived_at - scheduled_at).total_seconds()
    return max(0, math.ceil(seconds / 60))


def directory_incomplete_q() -> Q:
    """Staff whose directory entry lacks a photo or a seat on the seating chart."""
    return (
        Q(photo="") | Q(photo__isnull=True) | Q(seat_row__isnull=True) | Q(seat_column__isnull=True)
    )
