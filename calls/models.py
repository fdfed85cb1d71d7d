"""Calls and callback memos (charter section P: P1–P6).

The obligations these give rise to live in charter.Obligation; calls.services opens and settles
them. Reads go through the QuerySet methods below, each after `visible_to(user)` (both are
charter.scope.ScopedQuerySet: a record of another department is not found)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from charter import bounds
from charter.clock import SEOUL
from charter.models import Department, Obligation, StaffMember
from charter.retention import PersonalData
from charter.scope import ScopedQuerySet


def _local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=SEOUL)
    return start, start + dt.timedelta(days=1)


def _obligation_of(model, code: str, field: str):
    """Subquery: `field` of the (latest) obligation of standard `code` on each row of `model`."""
    return Obligation.objects.of_each(model).for_standard(code).order_by("-id").value(field)


class CallQuerySet(ScopedQuerySet):
    """Calls belong to the department whose extension rang: `visible_to(user)` first."""

    def with_related(self):
        return self.select_related("staff__rank", "staff__department", "department")

    def of_department(self, department: Department):
        return self.filter(department=department)

    def on_day(self, day: dt.date):
        start, end = _local_day_bounds(day)
        return self.filter(started_at__gte=start, started_at__lt=end)

    def missed(self):
        return self.filter(answered_at__isnull=True)

    def with_p1(self):
        """Annotate the P1 outcome (`p1_status`) of each call: one query for a whole list."""
        return self.annotate(p1_status=_obligation_of(Call, "P1", "status"))


class Call(models.Model):
    """One telephone call taken (or missed) by a staff member's extension."""

    started_at = models.DateTimeField(_("started ringing"))
    answered_at = models.DateTimeField(
        _("answered"), null=True, blank=True, help_text=_("Empty: the call was not answered.")
    )
    rings = models.PositiveSmallIntegerField(_("rings before answer"))
    ring_seconds = models.PositiveIntegerField(
        _("seconds ringing"),
        null=True,
        blank=True,
        help_text=_("From the phone system's record: answer − start. Empty: typed by staff."),
    )
    external_id = models.CharField(
        _("phone system's id"),
        max_length=150,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The phone system's unique id of the call (Asterisk: uniqueid)."),
    )
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("answered by"),
        help_text=_("Whose extension rang; who answered when it was answered."),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="calls", verbose_name=_("department")
    )
    caller_number = models.CharField(_("caller's number"), max_length=20, blank=True)
    caller_name = models.CharField(_("caller's name"), max_length=50, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    greeting = models.BooleanField(_("greeted with department, rank and name"), default=False)
    repeated_back = models.BooleanField(_("repeated the key points back"), default=False)
    transferred = models.BooleanField(_("transferred to someone else"), default=False)
    closing = models.BooleanField(_("closing done"), default=False)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)
    ticks_logged_at = models.DateTimeField(
        _("ticks logged"),
        null=True,
        blank=True,
        help_text=_("When staff logged the ticks; empty for a phone-system call not yet ticked."),
    )
    obligations = GenericRelation(Obligation, related_query_name="call")

    history = HistoricalRecords()
    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(
        since="started_at", fields={"caller_number": "", "caller_name": ""}
    )
    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [
            # Today's calls of a department (calls:today).
            models.Index(fields=["department", "started_at"], name="call_dept_started"),
            models.Index(fields=["staff", "started_at"], name="call_staff_started"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("started_at")),
                name="call_answered_after_start",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class CallbackQuerySet(ScopedQuerySet):
    """Memos belong to the department that owes the callback: `visible_to(user)` first."""

    def with_related(self):
        return self.select_related(
            "assigned_to__rank",
            "assigned_to__department",
            "taken_by__rank",
            "answered_by__rank",
            "department",
        )

    def open(self):
        return self.filter(answered_at__isnull=True)

    def answered(self):
        return self.filter(answered_at__isnull=False)

    def for_staff(self, staff: StaffMember):
        return self.filter(assigned_to=staff)

    def with_deadline(self):
        """Annotate the P4 deadline (`due_at`) and outcome (`p4_status`) of each memo."""
        return self.annotate(
            due_at=_obligation_of(Callback, "P4", "due_at"),
            p4_status=_obligation_of(Callback, "P4", "status"),
        )

    def by_time_left(self):
        return self.with_deadline().order_by(F("due_at").asc(nulls_last=True), "created_at")


class Callback(models.Model):
    """A callback memo (P4): the customer is to be called back; answering it is P6."""

    customer_name = models.CharField(_("customer's name"), max_length=50, blank=True)
    customer_phone = models.CharField(_("customer's phone number"), max_length=20)
    question = bounds.BoundedTextField(
        _("question"),
        max_length=bounds.TEXT,
        blank=True,
    )
    taken_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="callbacks_taken",
        verbose_name=_("taken by"),
    )
    assigned_to = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="callbacks",
        verbose_name=_("to be answered by"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="callbacks", verbose_name=_("department")
    )
    call = models.OneToOneField(
        Call,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="callback",
        verbose_name=_("missed call"),
    )
    created_at = models.DateTimeField(_("memo taken"))
    answered_at = models.DateTimeField(_("called back"), null=True, blank=True)
    answered_by = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="callbacks_answered",
        verbose_name=_("called back by"),
    )
    summary = bounds.BoundedTextField(
        _("what was said"),
        max_length=bounds.TEXT,
        blank=True,
    )
    greeting = models.BooleanField(_("greeted the customer"), default=False)
    identified = models.BooleanField(_("gave department and name"), default=False)
    verified = models.BooleanField(_("confirmed the right customer"), default=False)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    obligations = GenericRelation(Obligation, related_query_name="callback")

    history = HistoricalRecords()
    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(
        since="created_at", fields={"customer_name": "", "customer_phone": ""}
    )
    objects = CallbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("callback memo")
        verbose_name_plural = _("callback memos")
        indexes = [
            # My callbacks (calls:callbacks): open memos of one person.
            models.Index(
                fields=["assigned_to", "created_at"],
                condition=Q(answered_at__isnull=True),
                name="callback_open_by_staff",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("created_at")),
                name="callback_answered_after_memo",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("calls:callback_answer", args=[self.pk])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class CallRecordQuerySet(ScopedQuerySet):
    """Scoped by the call's department: an unassigned record (no call, an unknown extension)
    is seen only by whom sees every department (an admin maps the extension)."""

    scope_field = "call__department"

    def unassigned(self):
        return self.filter(call__isnull=True)


class CallRecord(models.Model):
    """One call detail record (CDR) as the phone system sent it (Asterisk's fields), kept
    whether or not it could be turned into a call: idempotent by `uniqueid`. A record whose
    extension matches no staff member stays unassigned (`call` empty, `problem` says why)."""

    uniqueid = models.CharField(_("unique id"), max_length=150, unique=True)
    start = models.DateTimeField(pgettext_lazy("cdr", "start"))
    answer = models.DateTimeField(pgettext_lazy("cdr", "answer"), null=True, blank=True)
    end = models.DateTimeField(pgettext_lazy("cdr", "end"), null=True, blank=True)
    duration = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    billsec = models.PositiveIntegerField(_("billed seconds"), null=True, blank=True)
    disposition = models.CharField(_("disposition"), max_length=20)
    src = models.CharField(_("caller number"), max_length=80, blank=True)
    dst = models.CharField(_("extension dialled"), max_length=80, blank=True)
    channel = models.CharField(_("channel"), max_length=150, blank=True)
    dstchannel = models.CharField(_("destination channel"), max_length=150, blank=True)
    call = models.OneToOneField(
        Call,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="record",
        verbose_name=pgettext_lazy("cdr", "call"),
    )
    problem = models.CharField(_("problem"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    # Blanked after the retention period (charter.retention).
    personal_data = PersonalData(since="start", fields={"src": ""})
    objects = CallRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("call detail record")
        verbose_name_plural = _("call detail records")

    def __str__(self):
        return self.uniqueid
