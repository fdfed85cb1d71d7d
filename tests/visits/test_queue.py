"""The reception queue (V5, with the V2, V3, V7 ticks on completion)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from charter.models import Obligation
from tests import factories
from tests.conftest import kst
from tests.visits.conftest import obligations
from visits import services
from visits.models import Ticket

pytestmark = pytest.mark.django_db

MORNING = kst(2026, 12, 2, 9, 0)


def desk(department):
    """A front-desk user of `department` (taking a number is logged by the desk)."""
    member = department.staff.first() or factories.StaffMemberFactory(department=department)
    return member.user


def take(department, minutes, by=None, **kwargs):
    return services.ticket_take(
        department=department,
        by=by or desk(department),
        at=MORNING + dt.timedelta(minutes=minutes),
        **kwargs,
    )


def test_numbers_count_up_per_department_and_restart_the_next_business_day(department):
    other = factories.DepartmentFactory()
    assert [take(department, m).number for m in (0, 1, 2)] == [1, 2, 3]
    assert take(other, 3).number == 1
    next_day = services.ticket_take(
        department=department, by=desk(department), at=kst(2026, 12, 3, 9, 1)
    )
    assert (next_day.number, next_day.business_date) == (1, dt.date(2026, 12, 3))


def test_the_day_of_a_ticket_is_the_day_in_seoul_not_in_utc(department):
    # 08:30 in Seoul is 23:30 UTC of the day before.
    ticket = services.ticket_take(
        department=department, by=desk(department), at=kst(2026, 12, 3, 8, 30)
    )
    assert ticket.business_date == dt.date(2026, 12, 3)


def test_the_database_refuses_a_second_ticket_with_the_same_number(department):
    first = take(department, 0)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.create(
            department=department,
            business_date=first.business_date,
            number=first.number,
            arrived_at=first.arrived_at,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_customers_taking_numbers_at_the_same_moment_get_different_numbers(department):
    numbers, errors = [], []
    by = desk(department)

    def worker():
        try:
            numbers.append(take(department, 5, by=by).number)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]


def test_calling_the_earliest_waiting_customer_keeps_the_order(department, staff):
    first, _second = take(department, 0), take(department, 1)
    called = services.ticket_call_next(
        department=department, by=staff.user, at=MORNING + dt.timedelta(minutes=2)
    )
    assert called == first
    assert called.status == Ticket.Status.CALLED
    [v5] = obligations("V5", first)
    assert v5.status == Obligation.Status.MET
    assert v5.responsible == staff


def test_calling_a_later_customer_without_a_reason_is_a_v5_order_breach(department, staff):
    take(department, 0)
    later = take(department, 1)
    with translation.override("en"):
        called = services.ticket_call(
            ticket=later, by=staff.user, at=MORNING + dt.timedelta(minutes=3)
        )
    assert called.status == Ticket.Status.CALLED
    assert called.called_out_of_order
    [v5] = obligations("V5", later)
    assert v5.status == Obligation.Status.BREACHED
    assert v5.breached_at == MORNING + dt.timedelta(minutes=3)
    # Stored language-neutral, read in the reader's language.
    with translation.override("en"):
        assert v5.note_text == "No. 2 called before No. 1 without a priority reason"
    with translation.override("ko"):
        assert "1번" in v5.note_text and "No." not in v5.note_text


def test_calling_a_later_customer_with_a_priority_reason_is_recorded_and_kept(department, staff):
    take(department, 0)
    later = take(department, 1)
    called = services.ticket_call(
        ticket=later,
        by=staff.user,
        at=MORNING + dt.timedelta(minutes=3),
        priority_reason="임산부 우선",
    )
    assert called.priority_reason == "임산부 우선"
    [v5] = obligations("V5", later)
    assert v5.status == Obligation.Status.MET
    assert "임산부 우선" in v5.note_text


def test_a_customer_who_left_does_not_count_as_waiting_earlier(department, staff):
    gone = take(department, 0)
    later = take(department, 1)
    services.ticket_leave(ticket=gone, by=staff.user, at=MORNING + dt.timedelta(minutes=2))
    services.ticket_call(ticket=later, by=staff.user, at=MORNING + dt.timedelta(minutes=3))
    [v5] = obligations("V5", later)
    assert v5.status == Obligation.Status.MET
    assert Ticket.objects.get(pk=gone.pk).status == Ticket.Status.LEFT


def test_a_customer_already_called_cannot_be_called_again(department, staff):
    ticket = take(department, 0)
    services.ticket_call(ticket=ticket, by=staff.user, at=MORNING + dt.timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        services.ticket_call(ticket=ticket, by=staff.user, at=MORNING + dt.timedelta(minutes=2))
    assert "status" in error.value.message_dict
    assert len(obligations("V5", ticket)) == 1


def test_calling_next_with_nobody_waiting_is_an_error(department, staff):
    with pytest.raises(ValidationError) as error:
        services.ticket_call_next(department=department, by=staff.user, at=MORNING)
    assert "department" in error.value.message_dict


def serve(ticket, staff, minutes, estimate):
    services.ticket_call(ticket=ticket, by=staff.user, at=MORNING + dt.timedelta(minutes=minutes))
    return services.ticket_serve(
        ticket=ticket,
        by=staff.user,
        at=MORNING + dt.timedelta(minutes=minutes),
        estimate_minutes=estimate,
    )


def complete(ticket, staff, minutes, **ticks):
    values = {"greeted": True, "greeted_first": True, "asked_further": True, **ticks}
    return services.ticket_complete(
        ticket=ticket, by=staff.user, at=MORNING + dt.timedelta(minutes=minutes), **values
    )


def test_an_estimate_opens_a_v5_deadline_at_the_estimated_time(department, staff):
    ticket = serve(take(department, 0), staff, 2, 15)
    assert ticket.estimated_done_at == MORNING + dt.timedelta(minutes=17)
    deadline = ticket.estimate_obligation
    assert deadline.standard.code == "V5"
    assert deadline.status == Obligation.Status.OPEN
    assert deadline.due_at == MORNING + dt.timedelta(minutes=17)


def test_done_exactly_at_the_estimate_keeps_v5(department, staff):
    ticket = serve(take(department, 0), staff, 2, 15)
    complete(ticket, staff, 17)
    ticket.estimate_obligation.refresh_from_db()
    assert ticket.estimate_obligation.status == Obligation.Status.MET


def test_done_after_the_estimate_is_a_v5_breach(department, staff):
    ticket = serve(take(department, 0), staff, 2, 15)
    complete(ticket, staff, 18)
    ticket.estimate_obligation.refresh_from_db()
    assert ticket.estimate_obligation.status == Obligation.Status.BREACHED
    assert ticket.estimate_obligation.met_late


def test_serving_without_an_estimate_is_a_v5_breach(department, staff):
    ticket = serve(take(department, 0), staff, 2, None)
    assert ticket.estimate_obligation is None
    breaches = [o for o in obligations("V5", ticket) if o.status == Obligation.Status.BREACHED]
    assert len(breaches) == 1
    assert breaches[0].responsible == staff


def test_completing_a_called_customer_never_told_an_estimate_is_a_v5_breach(department, staff):
    ticket = take(department, 0)
    services.ticket_call(ticket=ticket, by=staff.user, at=MORNING + dt.timedelta(minutes=1))
    done = complete(ticket, staff, 9)
    assert done.status == Ticket.Status.DONE
    statuses = sorted(o.status for o in obligations("V5", ticket))
    assert statuses == ["breached", "met"]  # no estimate; the order was kept


def test_an_estimate_beyond_a_working_day_is_refused_and_nothing_changes(department, staff):
    ticket = take(department, 0)
    services.ticket_call(ticket=ticket, by=staff.user, at=MORNING + dt.timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        services.ticket_serve(ticket=ticket, by=staff.user, at=MORNING, estimate_minutes=0)
    with pytest.raises(ValidationError) as error:
        services.ticket_serve(
            ticket=ticket, by=staff.user, at=MORNING + dt.timedelta(minutes=2), estimate_minutes=481
        )
    assert "estimate_minutes" in error.value.message_dict
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.CALLED


def test_completing_logs_the_conduct_ticks_v2_v3_v7(department, staff):
    ticket = serve(take(department, 0), staff, 1, 10)
    complete(ticket, staff, 8, greeted=True, greeted_first=False, asked_further=True)
    assert [o.status for o in obligations("V2", ticket)] == ["met"]
    assert [o.status for o in obligations("V3", ticket)] == ["breached"]
    assert [o.status for o in obligations("V7", ticket)] == ["met"]


def test_completing_a_waiting_customer_is_refused_and_stores_nothing(department, staff):
    ticket = take(department, 0)
    with pytest.raises(ValidationError) as error:
        complete(ticket, staff, 5)
    assert "status" in error.value.message_dict
    assert Obligation.objects.count() == 0
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.WAITING


def test_a_completed_customer_cannot_leave(department, staff):
    ticket = serve(take(department, 0), staff, 1, 10)
    complete(ticket, staff, 5)
    with pytest.raises(ValidationError):
        services.ticket_leave(ticket=ticket, by=staff.user, at=MORNING + dt.timedelta(minutes=6))
