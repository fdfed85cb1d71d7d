"""Customer personal data: validation and masking. Names, phone numbers and e-mail addresses
are shown in full only to roles that need them; lists, exports and logs get these masks."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Korean numbers: mobile 010-1234-5678, Seoul 02-123-4567, regions 031-123-4567, 1577-5900.
_PHONE = re.compile(r"^(0\d{1,2}-?\d{3,4}-?\d{4}|1\d{3}-?\d{4})$")


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s().]", "", value or "")


def validate_phone(value: str) -> None:
    if not _PHONE.match(normalize_phone(value)):
        raise ValidationError(
            _("Enter a phone number such as 010-1234-5678 or 031-259-7700."), code="phone"
        )


def mask_name(name: str) -> str:
    """홍길동 -> 홍*동, 김철 -> 김*, John Smith -> J*** S****."""
    name = (name or "").strip()
    if not name:
        return ""
    if " " in name:
        return " ".join(part[0] + "*" * (len(part) - 1) for part in name.split())
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """010-1234-5678 -> 010-****-5678."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}-****-{digits[-4:]}"


def mask_email(email: str) -> str:
    """hong@example.com -> h***@example.com."""
    local, _sep, domain = (email or "").partition("@")
    if not domain:
        return "*" * len(local)
    return f"{local[:1]}***@{domain}"


def mask_contact(value: str) -> str:
    """A phone number or an e-mail address, masked as what it is."""
    return mask_email(value) if "@" in (value or "") else mask_phone(value)


def mask_text(value: str) -> str:
    """A free text that holds personal data (a notice sent to the customer): hidden whole."""
    return "•••" if value else ""


def mask_for(field: str):
    """The mask for a personal-data field, by its name (charter.retention declares them)."""
    if "email" in field:
        return mask_email
    if "phone" in field or "number" in field or field == "src":  # src: a CDR's caller
        return mask_phone
    if "name" in field:
        return mask_name
    if field in ("to", "notice_to"):
        return mask_contact
    return mask_text


def clean_phone(value: str, field: str, *, required: bool) -> str:
    """A customer's phone number from input, normalised, or a ValidationError on `field`."""
    value = normalize_phone(value)
    if not value:
        if required:
            raise ValidationError({field: _("Enter the customer's phone number.")})
        return ""
    try:
        validate_phone(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    return value
