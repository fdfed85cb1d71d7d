"""The organisation: departments, ranks and staff members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..scope import ScopedQuerySet
from .calendars import Calendar

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
