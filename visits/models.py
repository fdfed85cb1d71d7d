"""Visits: the walk-in reception queue (V2–V5, V7), absent-staff memos (V4), assisted visits
booked by phone (V6) and staff visits to customers (S1–S4). The staff directory (V1) reads
charter.StaffMember. Obligations are opened and met by visits.services only.

Every record belongs to a department: its QuerySet is a charter.scope.ScopedQuerySet, and every
read goes through `visible_to(user)`."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from charter.clock import SEOUL
from charter.models import Department, Obligation, StaffMember
from charter.retention import PersonalData
from charter.scope import ScopedQuerySet


def business_date(instant: dt.datetime) -> dt.date:
    """The day a ticket belongs to, in Seoul."""
    return instant.astimezone(SEOUL).date()


# -- Reception queue (V5) ------------------------------------------------------------------


class TicketQuerySet(ScopedQuerySet):
    def of_day(self, department, day: dt.date):
        return self.filter(department=department, business_date=day)

    def waiting(self):
        return self.filter(status=Ticket.Status.WAITING)

    def in_arrival_order(self):
        return self.order_by("number")

    def with_related(self):
        return self.select_related("department", "called_by", "served_by")


class Ticket(models.Model):
    """A number a walk-in customer takes; numbers restart every day for each department."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        SERVING = "serving", _("being served")
        DONE = "done", _("done")
        LEFT = "left", _("left without service")

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("department")
    )
    business_date = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    purpose = models.CharField(_("business"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    arrived_at = models.DateTimeField(_("arrived"))
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    called_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("called by"),
    )
    priority_reason = models.CharField(_("priority reason"), max_length=200, blank=True)
    called_out_of_order = models.BooleanField(_("called before an earlier customer"), default=False)
    served_at = models.DateTimeField(_("service started"), null=True, blank=True)
    served_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("served by"),
    )
    estimate_minutes = models.PositiveIntegerField(_("estimated minutes"), null=True, blank=True)
    estimated_done_at = models.DateTimeField(_("estimated completion"), null=True, blank=True)
    estimate_obligation = models.OneToOneField(
        Obligation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    greeted = models.BooleanField(_("greeted, introduced self and took ownership (V2)"), null=True)
    greeted_first = models.BooleanField(_("greeted first while busy (V3)"), null=True)
    asked_further = models.BooleanField(_("asked about further business (V7)"), null=True)

    history = HistoricalRecords()
    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-business_date", "department", "number"]
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        constraints = [
            # Two customers taking a number at the same moment never get the same one.
            models.UniqueConstraint(
                fields=["department", "business_date", "number"], name="ticket_number_per_day"
            ),
            models.CheckConstraint(
                condition=Q(estimated_done_at__isnull=True)
                | Q(served_at__isnull=False, estimated_done_at__gte=F("served_at")),
                name="ticket_estimate_after_service_start",
            ),
        ]

    def __str__(self):
        return f"{self.department} {self.business_date:%Y-%m-%d} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.CALLED, self.Status.SERVING)


# -- Absent responsible staff (V4) ---------------------------------------------------------


class AbsenceMemoQuerySet(ScopedQuerySet):
    def with_related(self):
        return self.select_related(
            "department", "absent_staff", "handled_by", "contacted_by", "recorded_by", "obligation"
        )

    def awaiting_contact(self):
        return self.filter(contact_at__isnull=False, contacted_at__isnull=True)


class AbsenceMemo(models.Model):
    """A customer came for someone who is away: told why, and either a colleague handled the
    matter or the customer is called back at the time they asked for."""

    class Reason(models.TextChoices):
        LEAVE = "leave", _("on leave")
        TRIP = "trip", _("on a business trip")
        FIELD = "field", _("visiting a customer")
        MEETING = "meeting", _("in a meeting")
        TRAINING = "training", _("in training")
        OTHER = "other", _("other")

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    absent_staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("absent staff member"),
    )
    reason = models.CharField(_("reason for absence"), max_length=10, choices=Reason.choices)
    reason_detail = models.CharField(_("what the customer was told"), max_length=200, blank=True)
    customer_name = models.CharField(_("customer name"), max_length=50)
    customer_phone = models.CharField(_("customer phone"), max_length=20, blank=True)
    matter = models.CharField(_("matter"), max_length=300)
    handled_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by colleague"),
    )
    contact_at = models.DateTimeField(_("contact the customer at"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("contacted"), null=True, blank=True)
    contacted_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contacted by"),
    )
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    obligation = models.OneToOneField(
        Obligation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(
        since="recorded_at", fields={"customer_name": "", "customer_phone": ""}
    )
    objects = AbsenceMemoQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("absent-staff memo")
        verbose_name_plural = _("absent-staff memos")
        constraints = [
            models.CheckConstraint(
                condition=Q(handled_by__isnull=False) | Q(contact_at__isnull=False),
                name="absence_memo_handled_or_contact",
            )
        ]

    def __str__(self):
        return f"{self.absent_staff.name} · {self.recorded_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("visits:memo_detail", args=[self.pk])


# -- Assisted visits (V6) ------------------------------------------------------------------


class AssistedVisitQuerySet(ScopedQuerySet):
    def with_related(self):
        return self.select_related("department", "assigned_staff", "obligation")

    def on_day(self, department, day: dt.date):
        start = dt.datetime.combine(day, dt.time.min, tzinfo=SEOUL)
        return self.filter(
            department=department, booked_at__gte=start, booked_at__lt=start + dt.timedelta(1)
        )


class AssistedVisit(models.Model):
    """A disabled or elderly customer phoned ahead: a dedicated staff member guides them."""

    customer_name = models.CharField(_("customer name"), max_length=50)
    customer_phone = models.CharField(_("customer phone"), max_length=20)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    booked_at = models.DateTimeField(_("booked visit time"))
    needs = models.CharField(_("assistance needed"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    assigned_staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dedicated staff member"),
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    obligation = models.OneToOneField(
        Obligation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(
        since="recorded_at", fields={"customer_name": "", "customer_phone": ""}
    )
    objects = AssistedVisitQuerySet.as_manager()

    class Meta:
        ordering = ["booked_at"]
        verbose_name = _("assisted visit")
        verbose_name_plural = _("assisted visits")

    def __str__(self):
        return f"{self.department} · {self.booked_at:%Y-%m-%d %H:%M}"


# -- Staff visits to customers (S1–S4) -----------------------------------------------------


class FieldVisitQuerySet(ScopedQuerySet):
    def with_related(self):
        return self.select_related("staff", "staff__rank", "department", "notice_obligation")

    def of_staff(self, staff):
        return self.filter(staff=staff)

    def on_day(self, day: dt.date):
        start = dt.datetime.combine(day, dt.time.min, tzinfo=SEOUL)
        return self.filter(scheduled_at__gte=start, scheduled_at__lt=start + dt.timedelta(1))


class FieldVisit(models.Model):
    """A planned visit of a staff member to a customer's business."""

    class NoticeMethod(models.TextChoices):
        DOCUMENT = "document", _("by document")
        PHONE = "phone", _("by phone")

    company = models.CharField(_("company"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    scheduled_at = models.DateTimeField(_("scheduled time"))
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    created_at = models.DateTimeField(_("planned"))
    notice_method = models.CharField(
        _("notice sent"), max_length=10, choices=NoticeMethod.choices, blank=True
    )
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    consented_at = models.DateTimeField(_("consent received"), null=True, blank=True)
    notice_obligation = models.OneToOneField(
        Obligation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    minutes_late = models.IntegerField(_("minutes late"), null=True, blank=True)
    id_shown = models.BooleanField(_("ID shown"), null=True)
    results_explained = models.BooleanField(_("results explained on site"), null=True)
    card_left = models.BooleanField(_("business card left"), null=True)
    closing_done = models.BooleanField(
        _("asked for other questions and closed politely"), null=True
    )

    history = HistoricalRecords()
    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(
        since="scheduled_at", fields={"contact_name": "", "contact_phone": ""}
    )
    objects = FieldVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_at"]
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")

    def __str__(self):
        return f"{self.company} · {self.scheduled_at.astimezone(SEOUL):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("visits:field_detail", args=[self.pk])

    @property
    def is_recorded(self) -> bool:
        return self.arrived_at is not None
