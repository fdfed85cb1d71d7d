"""Obligations (one application of one standard to one thing that happened) and their events."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .. import bounds, texts
from ..clock import Clock
from ..retention import PersonalData
from ..scope import ScopedQuerySet
from .calendars import Calendar
from .organisation import Department, StaffMember
from .standards import Standard

# -- Obligations -------------------------------------------------------------------------


def overdue_condition(now: dt.datetime) -> Q:
    """ObligationQuerySet.overdue as a condition (for a count inside one aggregate): open, or
    breached by the scan and still to do, and past the deadline (paused ones are neither)."""
    return (
        Q(status="open") | Q(status="breached", met_at__isnull=True, due_at__gt=F("starts_at"))
    ) & Q(due_at__lt=now)


def standard_code(code: str, part: str | None) -> str:
    """A standard's code with the part of it meant ("C2 fix", "C2 notice" in the reader's
    language: "C2 시정", "C2 통보"); the bare code when `part` is None (the whole standard)."""
    return code if part is None else f"{code} {Obligation.Part(part).label}"


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

    def for_standard(self, code: str, *, part: str | None = None):
        """Of the standard `code`; of one of its parts (Obligation.Part) when `part` is given."""
        rows = self.filter(standard__code=code)
        return rows if part is None else rows.filter(part=part)

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

    class Part(models.TextChoices):
        """Which deadline of its standard an obligation measures: the standard itself, or its
        follow-up (Standard.followup: C2's "notify the customer" after the fix). Each part is
        reported on a line of its own (charter.reports), the 27 standards' numbering unchanged."""

        STANDARD = "", pgettext_lazy("obligation part", "fix")
        NOTICE = "notice", pgettext_lazy("obligation part", "notice")

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
    # No index: read beside the standard, in the aggregates that already group by it.
    part = models.CharField(
        _("part"), max_length=10, choices=Part.choices, default="", db_default="", blank=True
    )
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
    waive_reason = bounds.BoundedTextField(
        _("reason for waiving"),
        max_length=bounds.NOTE,
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
    review_note = bounds.BoundedTextField(
        _("review note"),
        max_length=bounds.NOTE,
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
    extension_reason = bounds.BoundedTextField(
        _("reason for extension"),
        max_length=bounds.NOTE,
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
    def code(self) -> str:
        """Its standard's code, with the part when it is a follow-up ("C2 notice")."""
        return standard_code(self.standard.code, self.part or None)

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
    reason = bounds.BoundedTextField(
        _("reason"),
        max_length=bounds.NOTE,
        blank=True,
    )
    # A reason the system gave (a calendar change), language-neutral: see `reason_text`.
    reason_data = models.JSONField(_("reason (any language)"), default=dict, blank=True)
    due_before = models.DateTimeField(_("deadline before"), null=True, blank=True)
    due_after = models.DateTimeField(_("deadline after"), null=True, blank=True)
    notice_channel = models.CharField(_("notice channel"), max_length=10, blank=True)
    notice_to = models.CharField(_("notice sent to"), max_length=200, blank=True)
    notice_text = bounds.BoundedTextField(
        _("notice"),
        max_length=bounds.TEXT,
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
