"""Reply templates: wording a section's staff start from when they write to a customer (a
reply to an opinion, a correction notice, a document notice, a callback text). Edited by the
admin; offered on every form that sends text to a customer (charter_replies template tag)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import bounds


class ReplyTemplateQuerySet(models.QuerySet):
    def offered(self, section_code: str):
        """The active templates of a section, in the admin's order."""
        return self.filter(active=True, section__code=section_code).order_by("order", "pk")


class ReplyTemplate(models.Model):
    section = models.ForeignKey(
        "charter.Section",
        on_delete=models.CASCADE,
        related_name="reply_templates",
        verbose_name=_("charter section"),
    )
    title = models.CharField(_("title"), max_length=100)
    body = bounds.BoundedTextField(_("text"), max_length=bounds.NOTE)
    active = models.BooleanField(_("offered"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ReplyTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "order", "pk"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self):
        return self.title
