"""Fax, e-mail and post (D1–D4): inbox checks, received documents and the notices sent about
them. Writes go through documents.services; reads through the QuerySet methods here."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from charter import bounds
from charter.models import Department, StaffMember
from charter.privacy import mask_email, mask_name, mask_phone
from charter.retention import PersonalData
from charter.scope import ScopedQuerySet


class Channel(models.TextChoices):
    """The inboxes documents arrive by (D1)."""

    FAX = "fax", _("fax")
    EMAIL = "email", _("e-mail")
    POST = "post", _("post")


class NoticeChannel(models.TextChoices):
    """How a notice reaches the customer: sent from the app (SMS, e-mail) or recorded."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone call")
    POST = "post", _("post")
    FAX = "fax", _("fax")


# Notices the app sends itself; the others are recorded after staff made them.
SENT_FROM_APP = (NoticeChannel.SMS, NoticeChannel.EMAIL)


def local_date(instant: dt.datetime) -> dt.date:
    return timezone.localtime(instant).date()


class InboxDayQuerySet(ScopedQuerySet):
    """Inbox days of the departments a user sees (charter.scope)."""


class InboxDay(models.Model):
    """One department's inbox of one channel on one business day: the subject of its D1
    obligation. Unique, so that opening the day twice (two beat ticks, two workers) opens one."""

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="inbox_days",
        verbose_name=_("department"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = InboxDayQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "department", "channel"]
        verbose_name = _("inbox day")
        verbose_name_plural = _("inbox days")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "channel", "date"], name="one_inbox_day_per_channel"
            )
        ]

    def __str__(self):
        return f"{self.department} {self.get_channel_display()} {self.date:%Y-%m-%d}"


class InboxCheckQuerySet(ScopedQuerySet):
    def of_department(self, department):
        return self.filter(department=department)

    def on_day(self, day: dt.date):
        return self.filter(checked_at__date=day)

    def counts_by_channel(self) -> dict[str, int]:
        """{channel: number of checks} for every channel, zero included."""
        rows = self.values("channel").annotate(n=Count("id")).order_by()
        counts = dict.fromkeys(Channel.values, 0)
        counts.update({row["channel"]: row["n"] for row in rows})
        return counts

    def with_related(self):
        return self.select_related("department", "staff", "staff__rank", "staff__department")


class InboxCheck(models.Model):
    """A staff member looked into the fax, e-mail or post inbox of their department."""

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="inbox_checks",
        verbose_name=_("department"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    checked_at = models.DateTimeField(_("checked at"))
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbox_checks",
        verbose_name=_("checked by"),
    )
    inbox_day = models.ForeignKey(
        InboxDay,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checks",
        verbose_name=_("inbox day"),
        help_text=_("Empty for a check on a day without business hours."),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    objects = InboxCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = _("inbox check")
        verbose_name_plural = _("inbox checks")
        indexes = [
            # The inbox panel: today's checks of a department by channel.
            models.Index(fields=["department", "checked_at"], name="inbox_check_dept_time"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {timezone.localtime(self.checked_at):%Y-%m-%d %H:%M}"


class ReceivedDocumentQuerySet(ScopedQuerySet):
    def with_related(self):
        return self.select_related("department", "confirmed_by", "received_by")

    def of_department(self, department):
        return self.filter(department=department)

    def received_on(self, day: dt.date):
        return self.filter(received_at__date=day)

    def open(self):
        """Not confirmed yet, or blocked and waiting for the deficiency notice."""
        return self.filter(
            Q(confirmed_at__isnull=True)
            | Q(blocked=True, deficiency_notified_at__isnull=True)
            | Q(receipt_notified_at__isnull=True)
        )


class ReceivedDocument(models.Model):
    """Documents a customer submitted by fax, e-mail or post."""

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="received_documents",
        verbose_name=_("department"),
    )
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    customer_name = models.CharField(_("customer name"), max_length=100)
    customer_phone = models.CharField(_("customer phone"), max_length=20, blank=True)
    customer_email = models.EmailField(_("customer e-mail"), blank=True)
    description = models.CharField(_("what was received"), max_length=300)
    received_at = models.DateTimeField(_("arrived at"))
    received_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    incomplete_at = models.DateTimeField(_("found incomplete at"), null=True, blank=True)
    processed_what_can = models.BooleanField(
        _("what can be processed is processed after telling the customer"), null=True, blank=True
    )
    blocked = models.BooleanField(_("processing is blocked"), default=False)
    missing_items = bounds.BoundedTextField(
        _("missing items"),
        max_length=bounds.TEXT,
        blank=True,
    )
    how_to_prepare = bounds.BoundedTextField(
        _("how to prepare them"),
        max_length=bounds.TEXT,
        blank=True,
    )
    receipt_notified_at = models.DateTimeField(_("receipt notified"), null=True, blank=True)
    deficiency_notified_at = models.DateTimeField(_("deficiency notified"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(
        since="received_at",
        # received_document_has_contact: a phone or an e-mail stays; the marker, not a number.
        fields={"customer_name": "", "customer_phone": PersonalData.PURGED, "customer_email": ""},
    )
    objects = ReceivedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("received document")
        verbose_name_plural = _("received documents")
        indexes = [
            models.Index(fields=["department", "received_at"], name="received_doc_dept_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(customer_phone="") | ~Q(customer_email=""),
                name="received_document_has_contact",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True)
                | Q(confirmed_at__gte=models.F("received_at")),
                name="received_document_confirmed_after_arrival",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_channel_display()} {self.description[:40]}"

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.pk])

    def masked(self, text: str) -> str:
        """`text` (a notice's recipient or body) with this customer's name, phone number and
        e-mail address masked, for users who may not see personal data."""
        for value, mask in (
            (self.customer_email, mask_email),
            (self.customer_phone, mask_phone),
            (self.customer_name, mask_name),
        ):
            if value:
                text = text.replace(value, mask(value))
        return text

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_incomplete(self) -> bool:
        return self.incomplete_at is not None


class NoticeQuerySet(ScopedQuerySet):
    scope_field = "document__department"

    def with_related(self):
        return self.select_related("document", "sent_by")


class Notice(models.Model):
    """A receipt notice (D2) or a deficiency notice (D4) to the customer."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("receipt notice")
        DEFICIENCY = "deficiency", _("deficiency notice")

    document = models.ForeignKey(
        ReceivedDocument,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("document"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=NoticeChannel.choices)
    to = models.CharField(_("to"), max_length=254, blank=True)
    body = bounds.BoundedTextField(_("text"), max_length=bounds.TEXT, blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_from_app = models.BooleanField(_("sent from the app"), default=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()
    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(since="sent_at", fields={"to": "", "body": ""})
    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_channel_display()})"
