"""Corrections (C1–C2): unkind or insincere service corrected by a higher rank, and defects
found in handling a complaint, corrected and notified.

Writes go through corrections.services; the C1/C2 deadlines are charter obligations on these
rows (charter.services). The reads below annotate each row with its open deadline so that list
pages need no per-row queries."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from charter import bounds
from charter.models import Department, Obligation, StaffMember
from charter.privacy import validate_phone
from charter.retention import PersonalData
from charter.scope import ScopedQuerySet


class Channel(models.TextChoices):
    """How a report reached the foundation."""

    VISIT = "visit", pgettext_lazy("channel", "visit")
    PHONE = "phone", pgettext_lazy("channel", "phone")
    EMAIL = "email", pgettext_lazy("channel", "e-mail")
    WEBSITE = "website", pgettext_lazy("channel", "website")
    POST = "post", pgettext_lazy("channel", "post")
    FAX = "fax", pgettext_lazy("channel", "fax")
    OTHER = "other", pgettext_lazy("channel", "other")


class NoticeChannel(models.TextChoices):
    """How the customer was told."""

    PHONE = "phone", pgettext_lazy("channel", "phone")
    SMS = "sms", pgettext_lazy("channel", "SMS")
    EMAIL = "email", pgettext_lazy("channel", "e-mail")
    POST = "post", pgettext_lazy("channel", "post")
    VISIT = "visit", pgettext_lazy("channel", "in person")


def _with_deadline(queryset: models.QuerySet, standard: str) -> models.QuerySet:
    """Annotate each row with its earliest unmet obligation of `standard` (due time, status)."""
    first = Obligation.objects.of_each(queryset.model).for_standard(standard).pending()
    first = first.order_by("due_at")
    return queryset.annotate(due_at=first.value("due_at"), deadline_status=first.value("status"))


def _with_outcome(queryset: models.QuerySet, standard: str) -> models.QuerySet:
    """Annotate each row with whether any of its obligations of `standard` was breached."""
    breached = (
        Obligation.objects.of_each(queryset.model)
        .for_standard(standard)
        .filter(status=Obligation.Status.BREACHED)
    )
    return queryset.annotate(was_late=models.Exists(breached))


class ServiceCorrectionQuerySet(ScopedQuerySet):
    def with_related(self):
        return self.select_related(
            "staff_involved__rank",
            "staff_involved__department",
            "assigned_to__rank",
            "corrected_by__rank",
            "department",
        )

    def open(self):
        return self.filter(corrected_at__isnull=True)

    def done(self):
        return self.filter(corrected_at__isnull=False)

    def with_deadline(self):
        return _with_deadline(self, "C1")

    def with_outcome(self):
        return _with_outcome(self, "C1")

    def to_correct_by(self, staff: StaffMember):
        """Open reports `staff` should correct: assigned to them, or unassigned in their
        department about someone of a lower rank."""
        return self.open().filter(
            Q(assigned_to=staff)
            | Q(
                assigned_to__isnull=True,
                department=staff.department_id,
                staff_involved__rank__order__lt=staff.rank.order,
            )
        )


class ServiceCorrection(models.Model):
    """A report of unkind or insincere service (C1) and its correction by a higher rank."""

    received_at = models.DateTimeField(_("received"))
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    customer_name = models.CharField(_("customer's name"), max_length=100)
    customer_phone = models.CharField(
        _("customer's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    customer_email = models.EmailField(_("customer's e-mail"), blank=True)
    what_happened = bounds.BoundedTextField(
        _("what happened"),
        max_length=bounds.TEXT,
    )
    staff_involved = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="service_corrections",
        verbose_name=_("staff member involved"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="service_corrections",
        verbose_name=_("department"),
    )
    assigned_to = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections_assigned",
        verbose_name=_("to be corrected by"),
        help_text=_("A staff member of a higher rank than the one involved."),
    )
    reported_by = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    corrected_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections_made",
        verbose_name=_("corrected by"),
    )
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    action = bounds.BoundedTextField(
        _("corrective action"),
        max_length=bounds.TEXT,
        blank=True,
    )
    notice_channel = models.CharField(
        _("notice sent by"), max_length=10, choices=NoticeChannel.choices, blank=True
    )
    notified_at = models.DateTimeField(_("customer notified"), null=True, blank=True)
    notice_text = bounds.BoundedTextField(
        _("notice to the customer"),
        max_length=bounds.TEXT,
        blank=True,
    )
    apology = bounds.BoundedTextField(
        _("apology"),
        max_length=bounds.TEXT,
        blank=True,
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(
        since="received_at",
        fields={"customer_name": "", "customer_phone": "", "customer_email": ""},
    )
    objects = ServiceCorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("service correction")
        verbose_name_plural = _("service corrections")
        indexes = [
            # Corrections pages and home panels: reports not yet corrected.
            models.Index(
                fields=["received_at"], condition=Q(corrected_at__isnull=True), name="c1_open"
            ),
        ]

    def __str__(self):
        return f"C1-{self.pk}"

    def get_absolute_url(self):
        return reverse("corrections:service_detail", args=[self.pk])

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None

    def clean(self):
        super().clean()
        if self.corrected_by_id and self.staff_involved_id:
            from .services import correction_rank_check

            correction_rank_check(involved=self.staff_involved, corrector=self.corrected_by)
        if self.assigned_to_id and self.staff_involved_id:
            from .services import correction_rank_check

            correction_rank_check(
                involved=self.staff_involved, corrector=self.assigned_to, field="assigned_to"
            )


class HandlingDefectQuerySet(ScopedQuerySet):
    def with_related(self):
        return self.select_related(
            "responsible__rank",
            "discovered_by__rank",
            "corrected_by__rank",
            "department",
        )

    def open(self):
        return self.filter(notified_at__isnull=True)

    def done(self):
        return self.filter(notified_at__isnull=False)

    def with_deadline(self):
        return _with_deadline(self, "C2")

    def with_outcome(self):
        return _with_outcome(self, "C2")

    def of_staff(self, staff: StaffMember):
        return self.filter(responsible=staff)


class HandlingDefect(models.Model):
    """A defect found in handling a complaint (C2): corrected, then the customer notified."""

    case_reference = models.CharField(
        _("case reference"),
        max_length=50,
        help_text=_("The complaint's tracking number or file number."),
    )
    what = bounds.BoundedTextField(
        _("the defect"),
        max_length=bounds.TEXT,
    )
    discovered_at = models.DateTimeField(_("discovered"))
    discovered_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="defects_discovered",
        verbose_name=_("discovered by"),
    )
    responsible = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="defects_responsible",
        verbose_name=_("responsible staff member"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="handling_defects",
        verbose_name=_("department"),
    )
    customer_name = models.CharField(_("customer's name"), max_length=100, blank=True)
    customer_phone = models.CharField(
        _("customer's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    customer_email = models.EmailField(_("customer's e-mail"), blank=True)
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="defects_corrected",
        verbose_name=_("corrected by"),
    )
    correction = bounds.BoundedTextField(
        _("what was corrected"),
        max_length=bounds.TEXT,
        blank=True,
    )
    notified_at = models.DateTimeField(_("customer notified"), null=True, blank=True)
    notice_channel = models.CharField(
        _("notice sent by"), max_length=10, choices=NoticeChannel.choices, blank=True
    )
    notice_text = bounds.BoundedTextField(
        _("notice to the customer"),
        max_length=bounds.TEXT,
        blank=True,
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(
        since="discovered_at",
        fields={"customer_name": "", "customer_phone": "", "customer_email": ""},
    )
    objects = HandlingDefectQuerySet.as_manager()

    class Meta:
        ordering = ["-discovered_at"]
        verbose_name = _("complaint-handling defect")
        verbose_name_plural = _("complaint-handling defects")
        indexes = [
            # Corrections pages and home panels: defects whose customer is not yet notified.
            models.Index(
                fields=["discovered_at"], condition=Q(notified_at__isnull=True), name="c2_open"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(notified_at__isnull=True) | Q(corrected_at__isnull=False),
                name="c2_notified_after_correction",
                violation_error_message=_("Record the correction before notifying the customer."),
            )
        ]

    def __str__(self):
        return f"C2-{self.pk} {self.case_reference}"

    def get_absolute_url(self):
        return reverse("corrections:defect_detail", args=[self.pk])

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None

    @property
    def is_notified(self) -> bool:
        return self.notified_at is not None

    def clean(self):
        super().clean()
        if self.notified_at and not self.corrected_at:
            raise ValidationError(
                {"notified_at": _("Record the correction before notifying the customer.")}
            )
