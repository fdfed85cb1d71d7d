"""Logs without customers' contacts: a filter that masks phone numbers and e-mail addresses in
every log record, with the masks of charter.privacy (010-1234-5678 -> 010-****-5678,
minsu@example.com -> m***@example.com).

LOGGING (config/settings/base.py) installs `MaskPersonalDataFilter` on the root handler and sends
Django's own loggers (the runserver access log "django.server" among them) through it, so every
record that reaches the console is masked: its message with its arguments, its exception text
and its stack text. What it finds (`mask_personal_data`):

- phone numbers in Korean formats, with or without separators (hyphen, dot, space, or their URL
  encodings): mobile 010-1234-5678 / 01012345678, Seoul 02-123-4567, regions 031-259-7700,
  050x/070/080 numbers, +82 10-1234-5678; and 8-digit representative numbers written with a
  separator (1577-5900: without one, 15775900 is as likely a size or an id);
- e-mail addresses, also URL-encoded (minsu%40example.com, as in a query string).

Names cannot be told from other words in free text: they are masked where they are known to be
names (charter.privacy.mask_name, in the serializers, exports and the console e-mail backend),
not here.
"""

from __future__ import annotations

import logging
import re

from charter.privacy import mask_email, mask_phone

# A separator inside a phone number: hyphen, dot, space, or a space or "+" in a URL.
_SEP = r"(?:[-. +]|%20)?"
_PHONE = re.compile(
    r"(?<![A-Za-z0-9%-])"  # not the tail of a longer number, word or URL escape
    r"(?:"
    rf"(?:(?:\+|%2B)82{_SEP}|0)(?:1[016789]|2|[3-6][1-5]|70|80|50[2-8]?){_SEP}\d{{3,4}}{_SEP}\d{{4}}"
    r"|1[5-9]\d{2}(?:[-. ]|%20)\d{4}"
    r")"
    r"(?![A-Za-z0-9]|-\d)"  # nor its head
)
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+(?:@|%40)"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}",
    re.IGNORECASE,
)


def _masked_email(match: re.Match) -> str:
    return mask_email(match.group(0).replace("%40", "@"))


def _masked_phone(match: re.Match) -> str:
    return mask_phone(match.group(0).replace("%2B", "+").replace("%20", " "))


def mask_personal_data(text: str) -> str:
    """`text` with every phone number and e-mail address in it masked. Masked text comes out
    the same when masked again."""
    if not text:
        return text
    return _PHONE.sub(_masked_phone, _EMAIL.sub(_masked_email, text))


class MaskPersonalDataFilter(logging.Filter):
    """Masks phone numbers and e-mail addresses in the record it lets through.

    The message is formatted with its arguments first (a contact may be in either); when
    masking changes it, the record carries the masked message and no arguments. The exception
    text is formatted here (as logging.Formatter would) and masked, and formatters use it as
    it is; so is the stack text."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit: what logging would print, masked
            message = f"{record.msg} {record.args!r}"
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True
