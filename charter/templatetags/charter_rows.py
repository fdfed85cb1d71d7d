"""{% obligation_about o %}: what an obligation row is about, one way on every list (the staff
home, the section panels, the dashboard's late and due-soon lists, the drill-down, the review
queue): the kind of record, the customer (masked: a list never shows a name in full,
charter.privacy) and the matter, e.g. "회신 메모 · 홍*동 · 보증 한도 문의", as a link to the
record (or to the obligation's page when the record has none).

The lists load the records once per kind (`charter.exports.prefetch_subjects`), so a page of
rows costs the same few queries whatever its length."""

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html
from django.utils.text import capfirst

from config.logging import mask_personal_data

from ..exports import has_page
from ..privacy import mask_name

register = template.Library()

# Where a section's record keeps its customer and its matter (the first one filled is shown).
CUSTOMER_FIELDS = ("customer_name", "caller_name", "contact_name")
MATTER_FIELDS = (
    "question",
    "title",
    "topic",
    "matter",
    "purpose",
    "what_happened",
    "what",
    "description",
)
MATTER_LENGTH = 40


def _first(subject, fields) -> str:
    for field in fields:
        value = getattr(subject, field, "")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _record(obligation):
    """The obligation's record when it has a page of its own (others are not loaded: the
    obligation's note says what they are)."""
    return obligation.subject if has_page(obligation) else None


def about_parts(obligation) -> list[str]:
    """[kind, masked customer, matter], the empty ones left out."""
    subject = _record(obligation)
    kind = capfirst(obligation.content_type.name) if obligation.content_type_id else ""
    customer = mask_name(_first(subject, CUSTOMER_FIELDS)) if subject is not None else ""
    matter = _first(subject, MATTER_FIELDS) if subject is not None else ""
    if not matter:
        matter = obligation.note_text
    matter = truncatechars(" ".join(mask_personal_data(matter).split()), MATTER_LENGTH)
    return [part for part in (kind, customer, matter) if part]


def about_url(obligation) -> str:
    subject = _record(obligation)
    return subject.get_absolute_url() if subject is not None else obligation.get_absolute_url()


@register.simple_tag
def obligation_about(obligation):
    return format_html(
        '<a href="{}" class="row-about">{}</a>',
        about_url(obligation),
        " · ".join(about_parts(obligation)),
    )
