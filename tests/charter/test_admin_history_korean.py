"""The change history pages of the admin (django-simple-history, which ships no Korean) read in
Korean: the staff member who edits a calendar sees who changed what, not English headings."""

import pytest

from charter.models import Calendar

pytestmark = pytest.mark.django_db


def test_a_calendars_change_history_is_in_korean(client, admin_user):
    calendar = Calendar.objects.default()
    calendar.name = f"{calendar.name} (수정)"
    calendar.save()
    client.force_login(admin_user)
    page = client.get(
        f"/admin/charter/calendar/{calendar.pk}/history/", HTTP_ACCEPT_LANGUAGE="ko"
    ).content.decode()
    for korean in ("변경한 사람", "일시", "변경 사유", "이전 버전으로 되돌릴 수 있습니다"):
        assert korean in page
    for english in ("Changed by", "Date/time", "Choose a date from the list below"):
        assert english not in page
