"""The outbox: one row per message to one address, written in the transaction of the action that
sends it, and delivered after commit by notices.services.messages_deliver (a Celery task, and
every minute by beat). See notices/services.py for the delivery rules."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from charter import bounds
from charter.retention import PersonalData
from charter.scope import ScopedQuerySet


class MessageQuerySet(ScopedQuerySet):
    def about(self, record):
        """The messages sent about `record` (a notice, a reply, an obligation...)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )

    def deliverable(self, now):
        """Queued and due for an attempt."""
        return self.filter(status=Message.Status.QUEUED, next_attempt_at__lte=now)


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", pgettext_lazy("message", "e-mail")
        SMS = "sms", pgettext_lazy("message", "SMS")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("message", "queued")
        SENDING = "sending", pgettext_lazy("message", "sending")
        SENT = "sent", pgettext_lazy("message", "sent")
        FAILED = "failed", pgettext_lazy("message", "failed")
        # A worker died while handing it to a gateway that cannot tell a repeat: it may or may
        # not have gone out, so a person checks and retries (never the machine).
        UNCERTAIN = "uncertain", pgettext_lazy("message", "uncertain")

    class Kind(models.TextChoices):
        RECEIPT = "receipt", pgettext_lazy("message", "receipt notice")
        DEFICIENCY = "deficiency", pgettext_lazy("message", "deficiency notice")
        REPLY = "reply", pgettext_lazy("message", "reply to a customer")
        EXTENSION = "extension", pgettext_lazy("message", "extension notice")
        CORRECTION = "correction", pgettext_lazy("message", "correction notice")
        NEW_FEEDBACK = "new_feedback", pgettext_lazy("message", "new opinion or complaint")
        WARNING = "warning", pgettext_lazy("message", "deadline warning")
        BREACHES = "breaches", pgettext_lazy("message", "broken promises")
        DIGEST = "digest", pgettext_lazy("message", "morning digest")

    kind = models.CharField(pgettext_lazy("message", "kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(
        pgettext_lazy("message", "channel"), max_length=10, choices=Channel.choices
    )
    to = models.CharField(pgettext_lazy("message", "to"), max_length=254)
    subject = models.CharField(
        pgettext_lazy("message", "subject"), max_length=bounds.NAME, blank=True
    )
    body = bounds.BoundedTextField(
        pgettext_lazy("message", "text"),
        max_length=bounds.TEXT,
    )
    department = models.ForeignKey(
        "charter.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("message", "department"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")

    # The same key on every attempt: a gateway that honours it sends the message once.
    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        pgettext_lazy("message", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("message", "attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(pgettext_lazy("message", "sent"), null=True, blank=True)
    gateway_id = models.CharField(_("gateway message id"), max_length=200, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)

    personal_data = PersonalData(since="created_at", fields={"to": "", "body": "", "subject": ""})
    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("message", "message")
        verbose_name_plural = pgettext_lazy("message", "messages")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="message_deliverable",
                condition=Q(status="queued"),
            ),
            models.Index(
                fields=["claimed_at"], name="message_sending", condition=Q(status="sending")
            ),
            models.Index(fields=["content_type", "object_id"], name="message_about"),
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} ({self.get_channel_display()}, {self.get_status_display()})"
        )


# -- In-app notifications and e-mail preferences ---------------------------------------------


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's notifications are their own: nobody else's are there."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """What a staff member finds in their list (`/notices/`) and counted in the header: a
    deadline warning (the responsible person), a broken promise (the department's managers),
    the morning digest (managers). Written in the same runs, and transactions, as the e-mails
    (charter.notifications), whether or not the person takes e-mails."""

    class Kind(models.TextChoices):
        WARNING = "warning", pgettext_lazy("notification", "deadline warning")
        BREACH = "breach", pgettext_lazy("notification", "broken promise")
        DIGEST = "digest", pgettext_lazy("notification", "daily digest")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=pgettext_lazy("notification", "recipient"),
    )
    kind = models.CharField(
        pgettext_lazy("notification", "kind"), max_length=10, choices=Kind.choices
    )
    obligation = models.ForeignKey(
        "charter.Obligation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("notification", "obligation"),
    )
    # The digest's figures (late now, due today, yesterday's breaches): numbers, no text.
    data = models.JSONField(pgettext_lazy("notification", "figures"), default=dict, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("notification", "created"), db_index=True)
    read_at = models.DateTimeField(pgettext_lazy("notification", "read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("notification", "notification")
        verbose_name_plural = pgettext_lazy("notification", "notifications")
        indexes = [
            # The header's count and the list: a user's unread ones.
            models.Index(
                fields=["recipient"], name="notification_unread", condition=Q(read_at=None)
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.recipient_id})"


class NotificationPreference(models.Model):
    """A user's choice about e-mails (the 알림 설정 page). No row: e-mails on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=pgettext_lazy("notification", "user"),
    )
    email = models.BooleanField(
        pgettext_lazy("notification", "send me e-mails"),
        default=True,
        help_text=_(
            "Deadline warnings, broken promises and the morning digest by e-mail. "
            "They always appear in your notifications."
        ),
    )
    changed_at = models.DateTimeField(pgettext_lazy("notification", "changed"), auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("notification", "notification setting")
        verbose_name_plural = pgettext_lazy("notification", "notification settings")

    def __str__(self):
        return str(self.user_id)
