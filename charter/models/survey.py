"""Answers to the one-question satisfaction survey (charter.survey): no personal data."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..scope import ScopedQuerySet
from .organisation import Department


class SatisfactionResponseQuerySet(ScopedQuerySet):
    def between(self, start, end):
        """Answered in [start, end)."""
        return self.filter(created_at__gte=start, created_at__lt=end)


class SatisfactionResponse(models.Model):
    """One answer, 1 (very dissatisfied) to 5 (very satisfied): to the question on the public
    charter page (source "charter", no department: the foundation as a whole) or to the link in
    a reply to an opinion or complaint (source "reply": that reply, its department; once)."""

    class Source(models.TextChoices):
        CHARTER = "charter", pgettext_lazy("survey", "charter page")
        REPLY = "reply", pgettext_lazy("survey", "reply to a customer")

    score = models.PositiveSmallIntegerField(
        pgettext_lazy("survey", "score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    source = models.CharField(
        pgettext_lazy("survey", "source"), max_length=10, choices=Source.choices
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    created_at = models.DateTimeField(pgettext_lazy("survey", "answered"), db_index=True)

    objects = SatisfactionResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("survey", "satisfaction answer")
        verbose_name_plural = pgettext_lazy("survey", "satisfaction answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="satisfaction_score_1_to_5"
            ),
            # A reply's link is answered once.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(object_id__isnull=False),
                name="satisfaction_once_per_record",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.score}"
