"""Customer opinions (F1), complaints (F3, F4) and contests (F2).

An opinion or a complaint is one `Feedback` row (its `kind` tells which); every notice sent to
the customer is a `Reply` the customer also sees on the public tracking page. Obligations are
opened and met through `charter.services` only (feedback.services).

`Feedback` keeps no change history on purpose: the customer's name and contact are blanked by
`feedback_purge` after the retention period and must not survive in a history table.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from charter import bounds
from charter.models import Department, Obligation, StaffMember
from charter.retention import PersonalData
from charter.scope import ScopedQuerySet

TITLE_MAX = 200
TEXT_MAX = 4000
NAME_MAX = 50
EMAIL_MAX = 254
PHONE_MAX = 20


class Channel(models.TextChoices):
    """How something came in."""

    WEB = "web", pgettext_lazy("channel", "web form")
    PHONE = "phone", pgettext_lazy("channel", "phone")
    VISIT = "visit", pgettext_lazy("channel", "visit")
    POST = "post", pgettext_lazy("channel", "post")
    EMAIL = "email", pgettext_lazy("channel", "e-mail")


class ReplyChannel(models.TextChoices):
    """How a notice went out: e-mail and SMS are sent; phone and post are recorded as given."""

    EMAIL = "email", pgettext_lazy("channel", "e-mail")
    SMS = "sms", pgettext_lazy("channel", "text message (SMS)")
    PHONE = "phone", pgettext_lazy("channel", "phone")
    POST = "post", pgettext_lazy("channel", "post")


class FeedbackQuerySet(ScopedQuerySet):
    def opinions(self):
        return self.filter(kind=Feedback.Kind.OPINION)

    def complaints(self):
        return self.filter(kind=Feedback.Kind.COMPLAINT)

    def in_department(self, department):
        return self.filter(department=department)

    def open(self):
        return self.exclude(status=Feedback.Status.CLOSED)

    def with_related(self):
        return self.select_related("department", "assignee", "assignee__rank")

    def with_next_due(self):
        """Annotate `next_due_at`, `next_due_code` and `next_due_status`: the earliest undone
        obligation (a paused one too: its deadline stands, it waits for the customer)."""
        pending = Obligation.objects.of_each(self.model).pending().order_by("due_at")
        return self.annotate(
            next_due_at=pending.value("due_at"),
            next_due_code=pending.value("standard__code"),
            next_due_status=pending.value("status"),
        )

    def due_before(self, instant: dt.datetime):
        return self.with_next_due().filter(next_due_at__lt=instant)

    def closed_before(self, instant: dt.datetime):
        return self.filter(status=Feedback.Status.CLOSED, closed_at__lt=instant)

    def not_purged(self):
        return self.filter(purged_at__isnull=True)


class Feedback(models.Model):
    class Kind(models.TextChoices):
        OPINION = "opinion", _("opinion")
        COMPLAINT = "complaint", _("complaint")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        IN_PROGRESS = "in_progress", _("in progress")
        CLOSED = "closed", _("closed")

    class Cause(models.TextChoices):
        STAFF = "staff", _("staff")
        FACILITY = "facility", _("facility")
        SYSTEM = "system", _("system (rules, procedures)")
        OTHER = "other", _("other")

    # Causes that the foundation must correct (F4).
    CORRECTIVE_CAUSES = (Cause.STAFF, Cause.FACILITY, Cause.SYSTEM)

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    tracking_number = models.CharField(_("tracking number"), max_length=40, unique=True)
    channel = models.CharField(
        _("received by"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("department")
    )
    assignee = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("assigned to"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = bounds.BoundedTextField(
        _("text"),
        max_length=TEXT_MAX,
    )
    customer_name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    customer_phone = models.CharField(_("phone"), max_length=PHONE_MAX, blank=True)
    customer_email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX, blank=True)
    consent_at = models.DateTimeField(_("consent to collection given"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"))
    cause = models.CharField(_("cause"), max_length=10, choices=Cause.choices, blank=True)
    cause_recorded_at = models.DateTimeField(_("cause recorded"), null=True, blank=True)
    corrective_action = bounds.BoundedTextField(
        _("corrective action"),
        max_length=bounds.TEXT,
        blank=True,
    )
    corrected_at = models.DateTimeField(_("corrective action taken"), null=True, blank=True)
    correction_reference = models.CharField(
        _("correction record"),
        max_length=100,
        blank=True,
        help_text=_("Reference of the matching record in corrections, when there is one."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    purged_at = models.DateTimeField(_("personal data purged"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()
    # Blanked after the retention period, counted from closing (charter.retention).
    personal_data = PersonalData(
        since="closed_at",
        fields={"customer_name": "", "customer_phone": "", "customer_email": ""},
        stamp="purged_at",
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("opinion or complaint")
        verbose_name_plural = _("opinions and complaints")
        indexes = [
            models.Index(fields=["department", "-received_at"], name="feedback_dept_received"),
            # Read by charter.retention.personal_data_purge: closed rows not purged yet.
            models.Index(
                fields=["closed_at"],
                condition=Q(status="closed", purged_at__isnull=True),
                name="feedback_closed_unpurged",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="feedback_closed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.tracking_number} {self.title}"

    def get_absolute_url(self):
        return reverse("feedback:detail", args=[self.pk])

    @property
    def is_opinion(self) -> bool:
        return self.kind == self.Kind.OPINION

    @property
    def is_complaint(self) -> bool:
        return self.kind == self.Kind.COMPLAINT

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def needs_correction(self) -> bool:
        return self.is_complaint and self.cause in self.CORRECTIVE_CAUSES

    @property
    def correction_pending(self) -> bool:
        return self.needs_correction and self.corrected_at is None


class ReplyQuerySet(ScopedQuerySet):
    scope_field = "feedback__department"

    def in_order(self):
        return self.order_by("sent_at", "pk")


class Reply(models.Model):
    """A notice to the customer: the result of the review, a progress notice or the
    corrective action taken."""

    class Kind(models.TextChoices):
        RESULT = "result", _("result")
        PROGRESS = "progress", _("progress notice")
        CORRECTIVE = "corrective", _("corrective action notice")

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="replies", verbose_name=_("about")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = bounds.BoundedTextField(
        _("text"),
        max_length=TEXT_MAX,
    )
    channel = models.CharField(_("sent via"), max_length=10, choices=ReplyChannel.choices)
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by (staff)"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self):
        return f"{self.get_kind_display()} {self.sent_at:%Y-%m-%d}"


class ContestQuerySet(ScopedQuerySet):
    def with_related(self):
        return self.select_related("department")


class Contest(models.Model):
    """A contest (공모전): its award rules must be published before entries open (F2) and the
    awards announced by the announced date (F2)."""

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="contests", verbose_name=_("department")
    )
    rules = bounds.BoundedTextField(_("award rules"), blank=True, max_length=TEXT_MAX * 2)
    rules_published_at = models.DateTimeField(_("rules published"), null=True, blank=True)
    entries_open_at = models.DateTimeField(_("entries open"))
    awards_due_at = models.DateTimeField(_("announced award date"))
    awards = bounds.BoundedTextField(
        _("awards"),
        blank=True,
        max_length=TEXT_MAX,
    )
    awards_announced_at = models.DateTimeField(_("awards announced"), null=True, blank=True)
    rules_obligation = models.ForeignKey(
        Obligation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    awards_obligation = models.ForeignKey(
        Obligation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ContestQuerySet.as_manager()

    class Meta:
        ordering = ["-entries_open_at"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        constraints = [
            models.CheckConstraint(
                condition=Q(awards_due_at__gt=models.F("entries_open_at")),
                name="contest_awards_after_entries",
                violation_error_message=_("The award date must be after entries open."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("feedback:contest", args=[self.pk])

    @property
    def rules_published(self) -> bool:
        return self.rules_published_at is not None

    @property
    def awards_announced(self) -> bool:
        return self.awards_announced_at is not None
