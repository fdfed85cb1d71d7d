"""The demo data of visits (python manage.py seed_demo): every action is taken by a demo user
of the record's department, in their own name."""

import pytest
import time_machine
from django.db.models import F

import charter.demo
from tests.conftest import kst
from visits.models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket

pytestmark = pytest.mark.django_db


@time_machine.travel(kst(2026, 11, 25, 10, 0), tick=False)
def test_the_demo_keeps_every_record_and_its_people_in_one_department_and_runs_once():
    charter.demo.seed_demo(sections=("visits",))
    counts = [m.objects.count() for m in (Ticket, AbsenceMemo, AssistedVisit, FieldVisit)]
    assert all(counts), counts
    for ticket in Ticket.objects.exclude(called_by=None).select_related("called_by"):
        assert ticket.called_by.department_id == ticket.department_id
    for memo in AbsenceMemo.objects.with_related():
        people = [memo.absent_staff, memo.recorded_by, memo.handled_by, memo.contacted_by]
        assert {p.department_id for p in people if p} == {memo.department_id}
    for visit in AssistedVisit.objects.select_related("recorded_by", "assigned_staff"):
        people = [visit.recorded_by, visit.assigned_staff]
        assert {p.department_id for p in people if p} == {visit.department_id}
    assert not FieldVisit.objects.exclude(department=F("staff__department")).exists()
    # staff1 (이민지) has a customer to call back, noted by a colleague of her department.
    memo = AbsenceMemo.objects.awaiting_contact().get(absent_staff__user__username="staff1")
    assert memo.recorded_by.department_id == memo.department_id

    charter.demo.seed_demo(sections=("visits",))
    assert [m.objects.count() for m in (Ticket, AbsenceMemo, AssistedVisit, FieldVisit)] == counts
