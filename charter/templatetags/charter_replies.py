"""{% reply_templates field %} (in includes/field.html): a section's reply templates beside a
textarea that writes to a customer (its widget carries `reply_attrs("F")`). With JavaScript a
select fills the textarea (static/js/reply-templates.js); without it the same templates are a
plain list to copy from."""

from django import template

from ..models import ReplyTemplate

register = template.Library()


# The widget attribute that asks for a section's templates beside a textarea (forms set it).
ATTRIBUTE = "data-reply-section"


def reply_attrs(section_code: str) -> dict[str, str]:
    """Widget attributes of a textarea that writes to a customer: its section's templates are
    offered beside it (templates/includes/field.html)."""
    return {ATTRIBUTE: section_code}


@register.inclusion_tag("includes/reply_templates.html")
def reply_templates(field):
    """The templates of the section named by the field's widget (nothing, and no query, for
    any other field)."""
    code = field.field.widget.attrs.get(ATTRIBUTE)
    templates = list(ReplyTemplate.objects.offered(code)) if code else []
    return {"templates": templates, "target": field.id_for_label}
