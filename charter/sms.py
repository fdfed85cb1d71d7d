"""The length of a text message as Korean carriers count it (EUC-KR bytes: a Korean or other
non-ASCII character is 2 bytes, an ASCII one 1): up to 90 bytes goes as an SMS, up to 2,000 as an
LMS, beyond that it cannot be sent. Forms validate with `validate_sms_text`; the same limits
reach the page's byte counter (static/js/sms-counter.js) through `counter_attrs()`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SMS_BYTES = 90
LMS_BYTES = 2000


def sms_bytes(text: str) -> int:
    """EUC-KR byte length: 1 for ASCII, 2 for anything else (line breaks count as sent)."""
    return sum(1 if ord(char) < 128 else 2 for char in text)


def sms_kind(text: str) -> str:
    """ "SMS" or "LMS" (the carrier's kind for this length)."""
    return "SMS" if sms_bytes(text) <= SMS_BYTES else "LMS"


def validate_sms_text(text: str) -> None:
    size = sms_bytes(text)
    if size > LMS_BYTES:
        raise ValidationError(
            _(
                "A text message can be at most %(limit)s bytes (Korean characters count 2, "
                "others 1); this one is %(size)s bytes. Shorten it, or send it by e-mail."
            )
            % {"limit": f"{LMS_BYTES:,}", "size": f"{size:,}"},
            code="sms_too_long",
        )


def counter_attrs(channel_field: str = "") -> dict[str, str]:
    """Widget attributes that switch on the byte counter; with `channel_field`, the counter
    shows only while that field's value is "sms"."""
    attrs = {"data-sms-limit": str(SMS_BYTES), "data-lms-limit": str(LMS_BYTES)}
    if channel_field:
        attrs["data-sms-channel-field"] = channel_field
    return attrs
