"""Reads of opinions, complaints and contests beside their writes (feedback.services): the
lookups and checks a service, a view or the API asks for, none of which changes anything.
Every name here is also importable from feedback.services, where its callers found it."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from charter.models import Department

from .models import Feedback


def tracking_number_clean(value: str) -> str:
    """What a customer types, as stored: upper case, spaces removed."""
    return re.sub(r"\s", "", value or "").upper()


def default_department() -> Department:
    """Where a submission without a department goes: the department named by the setting
    FEEDBACK_DEFAULT_DEPARTMENT, else the first active department (customer support)."""
    name = getattr(settings, "FEEDBACK_DEFAULT_DEPARTMENT", "")
    departments = Department.objects.filter(active=True)
    department = (departments.filter(name=name).first() if name else None) or departments.first()
    if department is None:
        raise ValidationError({"department": _("No department can receive this yet.")})
    return department


def department_recipients(department: Department) -> list[str]:
    """The department's active staff with an e-mail address, plus FEEDBACK_NOTIFY_EMAIL."""
    addresses = list(
        get_user_model()
        .objects.filter(
            staff_member__department=department, staff_member__active=True, is_active=True
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    extra = getattr(settings, "FEEDBACK_NOTIFY_EMAIL", "")
    if extra and extra not in addresses:
        addresses.append(extra)
    return addresses


# -- Public tracking ----------------------------------------------------------------------


def contact_matches(feedback: Feedback, contact: str) -> bool:
    contact = (contact or "").strip()
    if not contact:
        return False
    if "@" in contact:
        stored = feedback.customer_email
        return bool(stored) and secrets.compare_digest(stored.lower(), contact.lower())
    digits = re.sub(r"\D", "", contact)
    stored = re.sub(r"\D", "", feedback.customer_phone)
    return bool(stored) and len(digits) >= 7 and secrets.compare_digest(stored, digits)


def feedback_track(*, number: str, contact: str) -> Feedback | None:
    """The item with this tracking number whose phone or e-mail is `contact`; None for a
    number that does not exist and for a contact that does not match alike."""
    number = tracking_number_clean(number)
    if not number or len(number) > 40:
        return None
    feedback = Feedback.objects.select_related("department").filter(tracking_number=number).first()
    if feedback is None or not contact_matches(feedback, contact):
        return None
    return feedback
