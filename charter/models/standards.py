"""The charter as data: its sections and standards."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import bounds
from ..clock import Clock, Duration, Unit


def _localized(obj, field: str) -> str:
    language = (translation.get_language() or "ko")[:2]
    return getattr(obj, f"{field}_{language}", None) or getattr(obj, f"{field}_ko")


# -- The charter -------------------------------------------------------------------------


class Section(models.Model):
    code = models.CharField(_("code"), max_length=1, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("charter section")
        verbose_name_plural = _("charter sections")

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return _localized(self, "name")


class StandardQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def warning_windows(self) -> list[tuple[int, int]]:
        """(standard id, minutes) of every standard that warns before its deadlines."""
        return list(self.filter(warn_before__isnull=False).values_list("id", "warn_before"))


class Standard(models.Model):
    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("deadline")
        COUNT = "count", _("count")
        THRESHOLD = "threshold", _("threshold")
        ORDER = "order", _("order")
        CHECKLIST = "checklist", _("checklist")
        CONSTRAINT = "constraint", _("constraint")
        DIRECTORY = "directory", _("directory")

    class Period(models.TextChoices):
        BUSINESS_DAY = "business_day", _("per business day")

    code = models.CharField(_("code"), max_length=3, unique=True)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="standards", verbose_name=_("section")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name_ko = models.CharField(
        _("short name (Korean)"),
        max_length=60,
        blank=True,
        help_text=_("A few words for tables and reports (벨 3회 이내 응답)."),
    )
    name_en = models.CharField(_("short name (English)"), max_length=60, blank=True)
    text_ko = bounds.BoundedTextField(
        _("text (Korean)"),
        max_length=bounds.TEXT,
    )
    text_en = bounds.BoundedTextField(
        _("text (English)"),
        max_length=bounds.TEXT,
    )
    rule_ko = models.CharField(_("how it is measured (Korean)"), max_length=300, blank=True)
    rule_en = models.CharField(_("how it is measured (English)"), max_length=300, blank=True)
    kind = models.CharField(_("rule kind"), max_length=12, choices=Kind.choices)
    due_given = models.BooleanField(
        _("deadline named by the event"),
        default=False,
        help_text=_(
            "The deadline is a time the event names (the customer's requested time, the "
            "estimate given at reception, the booked or scheduled time), not a duration."
        ),
    )
    duration_value = models.PositiveIntegerField(
        _("duration"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For deadline rules: how long, in the unit below."),
    )
    duration_unit = models.CharField(
        _("duration unit"), max_length=10, choices=Unit.CHOICES, blank=True
    )
    clock = models.CharField(
        _("clock"), max_length=10, choices=Clock.CHOICES, default=Clock.BUSINESS
    )
    followup_value = models.PositiveIntegerField(
        _("follow-up duration"),
        null=True,
        blank=True,
        help_text=_("A second deadline after the first is met (C2: notify within 1 hour)."),
    )
    followup_unit = models.CharField(
        _("follow-up unit"), max_length=10, choices=Unit.CHOICES, blank=True
    )
    warn_before = models.PositiveIntegerField(
        _("warn minutes before the deadline"),
        null=True,
        blank=True,
        help_text=_(
            "The responsible staff member is told this many minutes before an open deadline "
            "(once). Empty: no warning."
        ),
    )
    pausable = models.BooleanField(
        _("may be paused"),
        default=False,
        help_text=_("Open obligations may be paused while the customer must act."),
    )
    min_count = models.PositiveIntegerField(
        _("minimum count"), null=True, blank=True, help_text=_("For count rules.")
    )
    count_period = models.CharField(
        _("count period"), max_length=20, choices=Period.choices, blank=True
    )
    limit = models.PositiveIntegerField(
        _("limit"),
        null=True,
        blank=True,
        help_text=_(
            "For threshold rules: the highest value that still keeps the promise "
            "(P1: 2 rings; S2: 10 minutes late)."
        ),
    )
    limit_unit = models.CharField(_("limit unit"), max_length=20, blank=True)
    target_rate = models.DecimalField(
        _("target compliance rate (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("95.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("The dashboard and the reports show whether each period reached it."),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "order"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="standard_section_order"),
            models.CheckConstraint(
                condition=~Q(kind="count") | Q(min_count__gte=1),
                name="standard_count_has_minimum",
                violation_error_message=_("A count rule needs a minimum count of at least 1."),
            ),
        ]

    def __str__(self):
        return f"{self.code}"

    @property
    def text(self) -> str:
        return _localized(self, "text")

    @property
    def name(self) -> str:
        """The short name in the reader's language (the code when none is set)."""
        return _localized(self, "name") or self.code

    @property
    def rule(self) -> str:
        return _localized(self, "rule")

    @property
    def duration(self) -> Duration | None:
        if self.duration_unit == Unit.AT_ONCE:
            return Duration(0, Unit.AT_ONCE)
        if self.duration_value is None or not self.duration_unit:
            return None
        return Duration(self.duration_value, self.duration_unit)

    @property
    def followup(self) -> Duration | None:
        if self.followup_unit == Unit.AT_ONCE:
            return Duration(0, Unit.AT_ONCE)
        if self.followup_value is None or not self.followup_unit:
            return None
        return Duration(self.followup_value, self.followup_unit)

    def within_limit(self, value: int) -> bool:
        """Threshold rules: is `value` (rings, minutes late) within the promise?"""
        return self.limit is None or value <= self.limit

    def clean(self):
        super().clean()
        if self.duration_value is not None and self.duration_unit == "":
            raise ValidationError({"duration_unit": _("Choose the unit of the duration.")})
        if self.kind == self.Kind.DEADLINE and not self.due_given and self.duration is None:
            raise ValidationError(
                {"duration_value": _("A deadline rule needs a duration and its unit.")}
            )
        if self.kind == self.Kind.COUNT and not self.min_count:
            raise ValidationError({"min_count": _("A count rule needs a minimum count.")})
        if self.kind == self.Kind.THRESHOLD and self.limit is None:
            raise ValidationError({"limit": _("A threshold rule needs a limit.")})
        if self.pausable and self.kind != self.Kind.DEADLINE:
            raise ValidationError(
                {"pausable": _("Only a deadline can be paused; this rule is settled at once.")}
            )
