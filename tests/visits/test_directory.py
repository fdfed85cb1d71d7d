"""The public staff directory and seating chart, and V1 (every active staff member has a photo
and a seat), checked by `directory_check` (Celery beat every 15 minutes, `check_directory`)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from charter.models import Obligation
from tests import factories
from tests.conftest import kst
from tests.visits.conftest import obligations
from visits import services, tasks

pytestmark = pytest.mark.django_db

# The smallest valid GIF: a photo for the directory.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def give_photo_and_seat(member, row=1, column=1):
    member.photo = SimpleUploadedFile("p.gif", GIF, content_type="image/gif")
    member.seat_row, member.seat_column = row, column
    member.save()


def test_it_opens_v1_due_after_the_standards_duration_for_staff_without_photo_or_seat(staff):
    # Wednesday 10:00 + 5 business days = next Wednesday 10:00.
    result = services.directory_check(now=kst(2026, 12, 2, 10))
    assert result == {"opened": 1, "met": 0}
    [v1] = obligations("V1", staff)
    assert v1.status == Obligation.Status.OPEN
    assert v1.due_at == kst(2026, 12, 9, 10)


def test_it_does_not_open_a_second_v1_while_one_is_pending(staff):
    services.directory_check(now=kst(2026, 12, 2, 10))
    assert services.directory_check(now=kst(2026, 12, 2, 10, 15)) == {"opened": 0, "met": 0}
    assert len(obligations("V1", staff)) == 1


def test_a_photo_without_a_seat_keeps_v1_open(staff):
    services.directory_check(now=kst(2026, 12, 2, 10))
    staff.photo = SimpleUploadedFile("p.gif", GIF, content_type="image/gif")
    staff.save()
    services.directory_check(now=kst(2026, 12, 3, 10))
    [v1] = obligations("V1", staff)
    assert v1.status == Obligation.Status.OPEN


def test_v1_is_met_once_the_photo_and_seat_are_in(staff):
    services.directory_check(now=kst(2026, 12, 2, 10))
    give_photo_and_seat(staff)
    assert services.directory_check(now=kst(2026, 12, 4, 10)) == {"opened": 0, "met": 1}
    [v1] = obligations("V1", staff)
    assert v1.status == Obligation.Status.MET
    assert v1.met_at == kst(2026, 12, 4, 10)


def test_v1_completed_after_its_deadline_is_a_breach(staff):
    services.directory_check(now=kst(2026, 12, 2, 10))
    give_photo_and_seat(staff)
    services.directory_check(now=kst(2026, 12, 9, 10, 15))
    [v1] = obligations("V1", staff)
    assert v1.status == Obligation.Status.BREACHED


def test_staff_with_photo_and_seat_and_inactive_staff_get_no_v1(department):
    complete = factories.StaffMemberFactory(department=department)
    give_photo_and_seat(complete)
    factories.StaffMemberFactory(department=department, active=False)
    assert services.directory_check(now=kst(2026, 12, 2, 10)) == {"opened": 0, "met": 0}


def test_the_command_and_the_beat_task_run_the_same_check(staff):
    call_command("check_directory", "--now", "2026-12-02T10:00:00+09:00")
    assert len(obligations("V1", staff)) == 1
    assert tasks.check_directory() == {"opened": 0, "met": 0}


def test_the_directory_is_public_and_lists_staff_with_ranks_and_extensions(client, staff):
    staff.duty = "보증 상담"
    staff.save()
    page = client.get("/visits/directory/").content.decode()
    assert staff.name in page
    assert "대리" in page
    assert staff.extension in page
    assert "보증 상담" in page


def test_staff_without_a_photo_get_an_initials_placeholder(client, staff, colleague):
    give_photo_and_seat(colleague, 2, 3)
    page = client.get(f"/visits/directory/{staff.department_id}/").content.decode()
    assert f'<span class="avatar avatar-initials" aria-hidden="true">{staff.name[0]}</span>' in page
    assert f'src="{colleague.photo.url}"' in page


def test_the_seating_chart_is_a_table_with_names_in_their_seats(client, department, colleague):
    department.seat_rows, department.seat_columns = 2, 3
    department.save()
    give_photo_and_seat(colleague, 2, 3)
    page = client.get(f"/visits/directory/{department.pk}/").content.decode()
    chart = page[page.index('class="table seating"') :]
    assert chart.count("<tr>") == 3  # header and two rows
    assert chart.count('class="seat-taken"') == 1
    assert chart.count('class="seat-empty"') == 5
    last_row = chart.split("<tr>")[3]
    assert colleague.name in last_row.split("seat-taken")[1]


def test_the_directory_reads_the_staff_in_a_fixed_number_of_queries(
    client, department, django_assert_max_num_queries
):
    for _ in range(8):
        factories.StaffMemberFactory(department=department)
    with django_assert_max_num_queries(6):
        assert client.get("/visits/directory/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(f"/visits/directory/{department.pk}/").status_code == 200
