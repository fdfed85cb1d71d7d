"""Calendars: working periods, closures and holiday overrides."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# -- Calendars ---------------------------------------------------------------------------


class CalendarQuerySet(models.QuerySet):
    def default(self) -> Calendar:
        return self.get(is_default=True)


class Calendar(models.Model):
    """Working time: weekly frames, closures, and the country's public holidays."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_default = models.BooleanField(
        _("default calendar"),
        default=False,
        help_text=_("Used by departments that have no calendar of their own."),
    )
    country = models.CharField(
        _("public holidays of"),
        max_length=2,
        default="KR",
        blank=True,
        help_text=_("Country code for public holidays (KR); empty for none."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = CalendarQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_calendar",
                violation_error_message=_("There is already a default calendar."),
            )
        ]

    def __str__(self):
        return self.name


class WorkingPeriod(models.Model):
    """One time frame of a weekday; a lunch break is the gap between two frames."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="periods", verbose_name=_("calendar")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["calendar", "weekday", "start"]
        verbose_name = _("business hours")
        verbose_name_plural = _("business hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="working_period_ends_after_start",
                violation_error_message=_("A time frame must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A time frame must end after it starts.")})


class Closure(models.Model):
    """A day without work: a foundation holiday or a temporary public holiday (임시공휴일)."""

    calendar = models.ForeignKey(
        Calendar,
        on_delete=models.CASCADE,
        related_name="closures",
        null=True,
        blank=True,
        verbose_name=_("calendar"),
        help_text=_("Empty: closed on every calendar."),
    )
    date = models.DateField(_("date"))
    recurring = models.BooleanField(_("every year"), default=False)
    name = models.CharField(_("name"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class HolidayOverride(models.Model):
    """A public holiday from the `holidays` package that the foundation works on."""

    calendar = models.ForeignKey(
        Calendar,
        on_delete=models.CASCADE,
        related_name="overrides",
        null=True,
        blank=True,
        verbose_name=_("calendar"),
        help_text=_("Empty: a working day on every calendar."),
    )
    date = models.DateField(_("date"))
    recurring = models.BooleanField(_("every year"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday worked")
        verbose_name_plural = _("holidays worked")

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"
