"""Where staff look: the state of the messages about a record (queued, sent, failed)."""

from django import template

from notices.models import Message

register = template.Library()


@register.inclusion_tag("notices/status.html")
def message_status(record):
    """The messages sent about `record` (a notice, a reply...), newest last, each with its
    state: 발송 대기 / 발송 완료 / 발송 실패 / 발송 여부 확인 필요."""
    return {"messages": list(Message.objects.about(record).order_by("created_at", "pk"))}
