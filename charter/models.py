"""The charter as data, the organisation, calendars and obligations.

The section apps (visits, calls, documents, feedback, corrections) keep their own interaction
models and open, meet or settle obligations through `charter.services`; they never compute
compliance themselves.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import bounds, texts
from .clock import Clock, Duration, Unit
from .retention import PersonalData
from .scope import ScopedQuerySet


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
    text_ko = models.TextField(
        _("text (Korean)"), max_length=bounds.TEXT, validators=[MaxLengthValidator(bounds.TEXT)]
    )
    text_en = models.TextField(
        _("text (English)"), max_length=bounds.TEXT, validators=[MaxLengthValidator(bounds.TEXT)]
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


# -- The organisation --------------------------------------------------------------------


class DepartmentQuerySet(ScopedQuerySet):
    scope_field = "pk"

    def active(self):
        return self.filter(active=True)


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    calendar = models.ForeignKey(
        Calendar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("calendar"),
        help_text=_("Empty: the default calendar."),
    )
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    seat_rows = models.PositiveSmallIntegerField(_("seating chart rows"), default=4)
    seat_columns = models.PositiveSmallIntegerField(_("seating chart columns"), default=6)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        if (translation.get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Rank(models.Model):
    """Job ranks in order: a higher `order` is a higher rank (사원 < 주임 < … < 부장)."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")

    def __str__(self):
        if (translation.get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    def is_higher_than(self, other: Rank) -> bool:
        return self.order > other.order


class StaffMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def in_department(self, department):
        return self.filter(department=department)

    def working_in(self, departments):
        """Staff whose own department, or one they also work for, is among `departments`."""
        return self.filter(
            Q(department__in=departments) | Q(extra_departments__in=departments)
        ).distinct()


class StaffMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="staff_member",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=50)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="staff", verbose_name=_("department")
    )
    rank = models.ForeignKey(
        Rank, on_delete=models.PROTECT, related_name="staff", verbose_name=_("rank")
    )
    duty = models.CharField(_("duties"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="staff/", blank=True)
    seat_row = models.PositiveSmallIntegerField(_("seat row"), null=True, blank=True)
    seat_column = models.PositiveSmallIntegerField(_("seat column"), null=True, blank=True)
    extension = models.CharField(
        _("phone extension"), max_length=10, null=True, blank=True, unique=True
    )
    extra_departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="covering_staff",
        verbose_name=_("also works for"),
        help_text=_(
            "Other departments this person logs and handles work for (a call-centre agent "
            "who covers several). They see and act on those departments' records too."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[extra_departments])
    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["department__order", "-rank__order", "name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "seat_row", "seat_column"],
                condition=Q(seat_row__isnull=False, seat_column__isnull=False),
                name="one_person_per_seat",
                violation_error_message=_("Someone else already sits there."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.rank})"

    def works_in(self, department) -> bool:
        """Is `department` (an object or an id) theirs, or one they also work for?"""
        department_id = getattr(department, "pk", department)
        if self.department_id == department_id:
            return True
        return self.extra_departments.filter(pk=department_id).exists()

    @property
    def title(self) -> str:
        """ "department-rank-name", as staff introduce themselves (P1)."""
        return f"{self.department} {self.rank} {self.name}"


# -- Obligations -------------------------------------------------------------------------


def overdue_condition(now: dt.datetime) -> Q:
    """ObligationQuerySet.overdue as a condition (for a count inside one aggregate): open, or
    breached by the scan and still to do, and past the deadline (paused ones are neither)."""
    return (
        Q(status="open") | Q(status="breached", met_at__isnull=True, due_at__gt=F("starts_at"))
    ) & Q(due_at__lt=now)


class ObligationQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        """Every set-based write (the breach scan, a hand-over, a recompute's bulk_update, the
        notifier's stamps) also stamps `changed_at`, as `save()` does: the API's
        `changed_since` misses no change."""
        kwargs.setdefault("changed_at", timezone.now())  # the clock auto_now uses
        return super().update(**kwargs)

    update.alters_data = True

    def changed_since(self, instant):
        """Written (opened, settled, moved, stamped) at or after `instant`: for incremental sync."""
        return self.filter(changed_at__gte=instant)

    def published(self):
        """Every department's obligations, for the foundation's published totals only
        (charter.reports.public_results counts them; no row reaches a page)."""
        return self.all()

    def open(self):
        return self.filter(status=Obligation.Status.OPEN)

    def live(self):
        """Open or paused: not settled yet."""
        return self.filter(status__in=[Obligation.Status.OPEN, Obligation.Status.PAUSED])

    def outstanding(self):
        """Still to be done: open or paused, or breached by the scan and not done yet (a
        record settled at logging, like a checklist tick, has nothing left to do)."""
        return self.filter(
            Q(status__in=[Obligation.Status.OPEN, Obligation.Status.PAUSED])
            | Q(status=Obligation.Status.BREACHED, met_at__isnull=True, due_at__gt=F("starts_at"))
        )

    def settled(self):
        return self.exclude(status__in=[Obligation.Status.OPEN, Obligation.Status.PAUSED])

    def due_before(self, instant: dt.datetime):
        return self.filter(due_at__lt=instant)

    def for_standard(self, code: str):
        return self.filter(standard__code=code)

    def for_subject(self, subject: models.Model):
        return self.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )

    def of_each(self, model: type[models.Model]):
        """Correlated with the outer row of `model`: its obligations, for a `Subquery` or an
        `Exists` in an annotation (one query for a whole list). The one way a section app reads
        "the obligations of this record" in bulk; `for_subject` is the same for one record."""
        return self.for_model(model).filter(object_id=OuterRef("pk"))

    def pending(self):
        """Not done and not waived: what the record still owes (open, paused, or breached by
        the scan and not done yet). The next of these is what a service meets."""
        return self.filter(met_at__isnull=True).exclude(status=Obligation.Status.WAIVED)

    def next_pending(self):
        """The pending obligation with the earliest deadline, or None."""
        return self.pending().order_by("due_at").first()

    def value(self, field: str):
        """`field` of the first row (in this queryset's order), as a Subquery expression."""
        return Subquery(self.values(field)[:1])

    def of_staff(self, staff: StaffMember):
        return self.filter(responsible=staff)

    def with_related(self):
        return self.select_related(
            "standard", "department", "responsible__rank", "responsible__department", "content_type"
        )

    def for_model(self, model: type[models.Model]):
        """Obligations of rows of `model` (by name: no database access at import)."""
        return self.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        )

    # "Overdue" and "due soon" are decided here and in Obligation.is_overdue / is_due_soon,
    # nowhere else: pages, panels, the dashboard and the warnings all read these.

    def overdue(self, now: dt.datetime | None = None):
        """Past the deadline and not done: open, or breached by the scan and still to do (a
        paused one waits for the customer)."""
        return self.filter(overdue_condition(now or timezone.now()))

    def due_soon(self, now: dt.datetime | None = None, *, windows=None):
        """Open, and inside its standard's own warning window (Standard.warn_before).
        `windows`: (standard id, minutes) pairs when the caller has the standards already."""
        now = now or timezone.now()
        pairs = Standard.objects.warning_windows() if windows is None else windows
        windows = Q()
        for standard_id, minutes in pairs:
            windows |= Q(standard_id=standard_id, due_at__lte=now + dt.timedelta(minutes=minutes))
        if not windows:
            return self.none()
        return self.open().filter(windows, due_at__gt=now)

    def unreviewed(self):
        """Breaches no manager has reviewed (noted) yet: the review queue."""
        return self.filter(status=Obligation.Status.BREACHED, reviewed_at__isnull=True)

    def needing_attention(self, now: dt.datetime | None = None):
        """Overdue or due soon: what a person should look at now."""
        now = now or timezone.now()
        return self.overdue(now) | self.due_soon(now)


class Obligation(models.Model):
    """One application of one standard to one thing that happened."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PAUSED = "paused", _("paused")
        MET = "met", _("met")
        BREACHED = "breached", _("breached")
        WAIVED = "waived", _("waived")

    # No index of its own: filtered beside a department or a period (obligation_dept_start,
    # obligation_start); only deleting a standard, which PROTECT refuses, would read one.
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="obligations",
        verbose_name=_("standard"),
        db_index=False,
    )
    # Indexed by obligation_subject, which leads with it.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # Indexed by obligation_dept_start, which leads with it.
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="obligations",
        verbose_name=_("department"),
        db_index=False,
    )
    # Its index is read by the staff home page, the menu's counts and the per-person figures.
    responsible = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obligations",
        verbose_name=_("responsible"),
    )
    # Live rows by obligation_live_by_calendar; only deleting a calendar (PROTECT) reads others.
    calendar = models.ForeignKey(
        Calendar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("calendar"),
        db_index=False,
    )
    clock = models.CharField(_("clock"), max_length=10, choices=Clock.CHOICES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    starts_at = models.DateTimeField(_("starts"))
    due_at = models.DateTimeField(_("due"))
    met_at = models.DateTimeField(_("met"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    waived_at = models.DateTimeField(_("waived"), null=True, blank=True)
    # No index: only deleting a user (PROTECT; users are deactivated, not deleted) reads it.
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("waived by"),
        db_index=False,
    )
    waive_reason = models.TextField(
        _("reason for waiving"),
        max_length=bounds.NOTE,
        validators=[MaxLengthValidator(bounds.NOTE)],
        blank=True,
    )
    # A manager's review of a breach (charter.review): noted, so it leaves the review queue.
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
        db_index=False,
    )
    review_note = models.TextField(
        _("review note"),
        max_length=bounds.NOTE,
        validators=[MaxLengthValidator(bounds.NOTE)],
        blank=True,
    )
    measured = models.IntegerField(
        _("measured value"), null=True, blank=True, help_text=_("Rings, minutes late, count.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # What a service wrote about the subject, language-neutral (charter.texts): rendered in
    # the reader's language by `note_text`. `note` keeps free text a person typed.
    note_data = models.JSONField(_("note (any language)"), default=dict, blank=True)
    notified_at = models.DateTimeField(_("breach notified"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Stamped on every write (save() and the QuerySet's update()): read by the API's
    # `changed_since` filter, hence indexed.
    changed_at = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)
    # The lifecycle (pause, extension, recompute). `due_at` is the deadline in force, the one the
    # scan reads; `promised_due_at` the one first promised. `day_count`: a statutory period
    # counted in whole working days. `computed_at`: when `due_at` was last computed, so that a
    # recompute knows which version of the calendar it was computed on.
    promised_due_at = models.DateTimeField(_("promised by"), null=True, blank=True)
    day_count = models.BooleanField(_("counted in working days"), default=False)
    computed_at = models.DateTimeField(_("deadline computed"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    extended_at = models.DateTimeField(_("extended"), null=True, blank=True)
    extension_reason = models.TextField(
        _("reason for extension"),
        max_length=bounds.NOTE,
        validators=[MaxLengthValidator(bounds.NOTE)],
        blank=True,
    )
    # Set by the breach scan on the rows it breaches, so that it writes their events with one
    # INSERT … SELECT (charter.services.breach_scan).
    scan_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        permissions = [
            ("waive_obligation", _("Can waive an obligation")),
            ("view_personal_data", _("Can see customers' names, phone numbers and e-mail")),
            ("pause_obligation", _("Can pause, resume and extend an obligation")),
            ("view_dashboard", _("Can see the compliance dashboard")),
        ]
        # Every index here is rewritten by each status change (the scan's UPDATE, a meet), so
        # only those a query plan reads are kept, each naming its reader (README, Performance).
        # The foreign keys' own indexes are dropped (db_index=False above) where an index
        # below leads with the same column, or where only a rare admin delete would read them.
        indexes = [
            # Read by charter.services.breach_scan (every minute): open rows by deadline.
            models.Index(fields=["due_at"], condition=Q(status="open"), name="obligation_open_due"),
            # Read by charter.services.recompute_run: live (open or paused) rows per calendar.
            models.Index(
                fields=["calendar", "id"],
                condition=Q(status__in=["open", "paused"]),
                name="obligation_live_by_calendar",
            ),
            # Read by charter.reports (dashboard, drill-down, compliance API, exports) for one
            # department's period, and by every read scoped to departments (visible_to).
            models.Index(fields=["department", "starts_at"], name="obligation_dept_start"),
            # Read by charter.reports for every department's period (executives, the public
            # results, the compliance API without a department).
            models.Index(fields=["starts_at"], name="obligation_start"),
            # Read by ObligationQuerySet.for_subject: meeting, settling, a subject's timeline.
            models.Index(fields=["content_type", "object_id"], name="obligation_subject"),
            # Read by charter.services.breach_scan (SQLite) and notify_breaches: the rows one
            # run just tagged.
            models.Index(
                fields=["scan_token"],
                condition=Q(scan_token__isnull=False),
                name="obligation_scan_token",
            ),
            # Read by charter.notifications.notify_breaches (every minute).
            models.Index(
                fields=["department", "breached_at"],
                condition=Q(status="breached", notified_at__isnull=True),
                name="obligation_breach_unnotified",
            ),
            # Read by ObligationQuerySet.overdue (the dashboard's "late now", its count and the
            # drill-down): breached by the scan and not done yet, beside obligation_open_due.
            models.Index(
                fields=["due_at"],
                condition=Q(status="breached", met_at__isnull=True),
                name="obligation_breached_undone",
            ),
            # Read by charter.review: the breaches no manager has reviewed yet.
            models.Index(
                fields=["department", "breached_at"],
                condition=Q(status="breached", reviewed_at__isnull=True),
                name="obligation_breach_unreviewed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__gte=F("starts_at")), name="obligation_due_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="met") | Q(met_at__isnull=False),
                name="obligation_met_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="breached") | Q(breached_at__isnull=False),
                name="obligation_breached_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="waived") | ~Q(waive_reason=""),
                name="obligation_waived_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.standard.code} #{self.pk} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:  # auto_now is only written when named
            kwargs["update_fields"] = {*update_fields, "changed_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("charter:obligation", args=[self.pk])

    @property
    def note_text(self) -> str:
        """The note in the reader's language (charter.texts)."""
        return texts.render(self.note_data, self.note)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def met_as_promised(self) -> bool:
        return self.status == self.Status.MET and (
            self.promised_due_at is None or self.met_at <= self.promised_due_at
        )

    @property
    def met_within_extension(self) -> bool:
        return self.status == self.Status.MET and not self.met_as_promised

    @property
    def met_late(self) -> bool:
        return self.status == self.Status.BREACHED and self.met_at is not None

    @property
    def is_outstanding(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.PAUSED) or (
            self.status == self.Status.BREACHED
            and self.met_at is None
            and self.due_at > self.starts_at
        )

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        """As ObligationQuerySet.overdue, for one obligation."""
        return (
            self.is_outstanding
            and self.status != self.Status.PAUSED
            and self.due_at < (now or timezone.now())
        )

    def is_due_soon(self, now: dt.datetime | None = None) -> bool:
        """As ObligationQuerySet.due_soon, for one obligation."""
        now = now or timezone.now()
        window = self.standard.warn_before
        return bool(
            self.is_open and window and now < self.due_at <= now + dt.timedelta(minutes=window)
        )


class ObligationEvent(models.Model):
    """Every state change of an obligation, written in the same transaction as the change
    (the breach scan writes its own set-based): opened, met (with the margin), breached,
    paused, resumed, extended, waived, handed over, recomputed, warned, notified. Who, when,
    why, with the deadline before and after. The obligation page is its timeline."""

    class Kind(models.TextChoices):
        OPEN = "open", _("opened")
        MET = "met", _("met")
        BREACH = "breach", _("breached")
        WARN = "warn", _("warned")
        NOTIFY = "notify", _("breach notified")
        PAUSE = "pause", _("paused")
        RESUME = "resume", _("resumed")
        EXTEND = "extend", _("extended")
        WAIVE = "waive", _("waived")
        RECOMPUTE = "recompute", _("deadline recomputed")
        REASSIGN = "reassign", _("handed over")
        REVIEW = "review", _("reviewed")

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="events", verbose_name=_("obligation")
    )
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(
        _("reason"),
        max_length=bounds.NOTE,
        validators=[MaxLengthValidator(bounds.NOTE)],
        blank=True,
    )
    # A reason the system gave (a calendar change), language-neutral: see `reason_text`.
    reason_data = models.JSONField(_("reason (any language)"), default=dict, blank=True)
    due_before = models.DateTimeField(_("deadline before"), null=True, blank=True)
    due_after = models.DateTimeField(_("deadline after"), null=True, blank=True)
    notice_channel = models.CharField(_("notice channel"), max_length=10, blank=True)
    notice_to = models.CharField(_("notice sent to"), max_length=200, blank=True)
    notice_text = models.TextField(
        _("notice"),
        max_length=bounds.TEXT,
        validators=[MaxLengthValidator(bounds.TEXT)],
        blank=True,
    )
    margin_minutes = models.IntegerField(
        _("margin (minutes)"),
        null=True,
        blank=True,
        help_text=_(
            "On met and breached: minutes before (positive) or after (negative) the deadline, "
            "on the obligation's own clock."
        ),
    )

    # The customer's contact in an extension notice: blanked after the retention period.
    personal_data = PersonalData(since="at", fields={"notice_to": "", "notice_text": ""})

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("obligation event")
        verbose_name_plural = _("obligation events")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def reason_text(self) -> str:
        """The reason in the reader's language (charter.texts)."""
        return texts.render(self.reason_data, self.reason)

    @property
    def margin_text(self) -> str:
        """ "2 hours, 5 minutes early", "3 days late", in the reader's language."""
        if self.margin_minutes is None:
            return ""
        if self.margin_minutes == 0:
            return gettext("on the deadline")
        base = self.at
        span = timesince(base - dt.timedelta(minutes=abs(self.margin_minutes)), base, depth=2)
        if self.margin_minutes > 0:
            return gettext("%(span)s early") % {"span": span}
        return gettext("%(span)s late") % {"span": span}


class CharterSettings(models.Model):
    """Foundation-wide settings of how compliance is counted (one row, edited in the admin)."""

    extension_counts_as_met = models.BooleanField(
        _("an obligation met within its extension counts as met"),
        default=False,
        help_text=_(
            "Off: met after the promised date counts as a breach of the promise in the "
            "compliance rate (shown separately). On: it counts as met."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compliance settings")
        verbose_name_plural = _("compliance settings")

    def __str__(self):
        return str(_("compliance settings"))

    @classmethod
    def load(cls) -> CharterSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class RecomputeRun(models.Model):
    """One run of "recompute open deadlines" after a calendar change, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="recomputes", verbose_name=_("calendar")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    as_of = models.DateTimeField(_("as of"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("open obligations"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    moved = models.PositiveIntegerField(_("deadlines moved"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Written when the run starts and after every batch: a run whose heartbeat is older than
    # RECOMPUTE_LEASE lost its worker, and beat sends it again (recompute_resume).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    error = models.TextField(
        _("error"), max_length=bounds.NOTE, validators=[MaxLengthValidator(bounds.NOTE)], blank=True
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("deadline recompute")
        verbose_name_plural = _("deadline recomputes")

    def __str__(self):
        return f"{self.calendar} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.processed * 100 / self.total)


# -- Access to personal data -------------------------------------------------------------


class AccessRecordQuerySet(models.QuerySet):
    """Append-only: rows are added, never changed, and removed only after the keeping period
    (charter.access.access_records_purge)."""

    def update(self, **kwargs):
        raise PermissionError("Access records are append-only.")

    def delete(self):
        from .access import keep_until_cutoff

        if self.filter(at__gte=keep_until_cutoff()).exists():
            raise PermissionError("Access records are kept for their full period.")
        return super().delete()

    def of_subject(self, subject: models.Model):
        return self.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )


class AccessRecord(models.Model):
    """Someone opened a customer's personal data unmasked: who, when, which record, which
    fields, from which page or endpoint (개인정보 접속기록). It never holds the data itself."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    fields = models.CharField(_("fields shown"), max_length=200)
    source = models.CharField(_("page or endpoint"), max_length=200)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("personal data access record")
        verbose_name_plural = _("personal data access records")
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="access_record_subject"),
            models.Index(fields=["user", "at"], name="access_record_user_at"),
        ]

    def __str__(self):
        return f"{self.user} {self.at:%Y-%m-%d %H:%M} {self.content_type.model} #{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Access records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Access records are removed only after their keeping period.")
