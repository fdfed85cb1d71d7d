"""Foundation-wide settings, deadline recompute runs and access records."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import bounds
from .calendars import Calendar


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
    error = bounds.BoundedTextField(_("error"), max_length=bounds.NOTE, blank=True)

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
        from ..access import keep_until_cutoff

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
