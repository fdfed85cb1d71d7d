"""Form rendering shared by every page: a field points at its help text and its errors."""

from django import template

register = template.Library()


@register.filter
def described(field):
    """The field's widget with aria-describedby naming its error and help text (the ids of
    includes/field.html), so a screen reader reads a refusal together with the field."""
    ids = []
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
