"""The SMS/LMS length rule (EUC-KR bytes): one function, used by the reply form and by the
page's counter through its data attributes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from charter.sms import LMS_BYTES, SMS_BYTES, sms_bytes, sms_kind, validate_sms_text
from feedback.models import Reply
from tests.conftest import kst
from tests.feedback.helpers import clerk, opinion


def test_korean_counts_two_bytes_and_ascii_one():
    assert sms_bytes("") == 0
    assert sms_bytes("abc 123") == 7
    assert sms_bytes("안녕하세요") == 10
    assert sms_bytes("회신: OK") == 8  # 회 신 = 4, ": OK" = 4


def test_up_to_90_bytes_is_an_sms_then_an_lms_up_to_2000():
    assert (SMS_BYTES, LMS_BYTES) == (90, 2000)
    assert sms_kind("가" * 45) == "SMS"
    assert sms_kind("가" * 45 + "a") == "LMS"
    validate_sms_text("가" * 1000)
    with pytest.raises(ValidationError, match="2,000바이트까지"):
        validate_sms_text("가" * 1000 + "a")


@pytest.mark.django_db
def test_a_too_long_sms_reply_is_refused_in_korean_and_nothing_is_stored(client, department):
    item = opinion(department, kst(2026, 11, 30, 10))
    member = clerk(department)
    client.force_login(member.user)
    page = client.get(reverse("feedback:detail", args=[item.pk])).content.decode()
    assert 'data-sms-limit="90"' in page and 'data-lms-limit="2000"' in page
    assert "js/sms-counter.js" in page
    data = {"kind": "result", "channel": "sms", "text": "가" * 1001}
    response = client.post(reverse("feedback:reply", args=[item.pk]), data)
    assert response.status_code == 400
    assert "문자 메시지는 2,000바이트까지" in response.content.decode()
    assert not Reply.objects.filter(feedback=item).exists()
    # The same length by e-mail is fine, and the page confirms it.
    data["channel"] = "email"
    response = client.post(reverse("feedback:reply", args=[item.pk]), data, follow=True)
    assert "고객에게 회신을 보내고 있습니다(이메일)" in response.content.decode()
    assert Reply.objects.filter(feedback=item).count() == 1
