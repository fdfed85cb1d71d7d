"""The managers' printable reports: the monthly report (/dashboard/reports/monthly/) and the
yearly results, 이행실적 (/dashboard/reports/yearly/), each as a page (with a print stylesheet,
A4) and, with `format=xlsx`, the same content as a workbook.

Everything is in the URL: `month=2026-11` or `year=2026&kind=evaluation|calendar`, and
`department`. A department the reader does not see is a 404; a bad month or year is a message
in the reader's language and a 400.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from . import bounds, monthly, report_exports, yearly
from .clock import SEOUL
from .scope import may, visible_departments


def _today() -> dt.date:
    return timezone.localdate(timezone.now(), SEOUL)


class ReportForm(forms.Form):
    department = forms.CharField(label=_("Department"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", "HTML"), ("xlsx", "XLSX")], required=False
    )

    error_messages = {"department": _("Choose a department from the list.")}

    def clean_department(self):
        value = self.cleaned_data["department"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError(self.error_messages["department"])
        return int(value) if value else None


class MonthForm(ReportForm):
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-\d{2}$",
        required=False,
        error_messages={"invalid": _("Enter the month as YYYY-MM, e.g. 2026-11.")},
        widget=forms.TextInput({"type": "month"}),
    )

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return monthly.month_period(_today()).previous().start  # last month
        try:
            first = dt.date(int(value[:4]), int(value[5:7]), 1)
        except ValueError:
            raise forms.ValidationError(self.fields["month"].error_messages["invalid"]) from None
        if first < bounds.EARLIEST.date() or first > _today():
            raise forms.ValidationError(
                _("Choose a month from %(first)s to this month.")
                % {"first": f"{bounds.EARLIEST:%Y-%m}"}
            )
        return first


class YearForm(ReportForm):
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        error_messages={"invalid": _("Enter the year as four digits, e.g. 2026.")},
    )
    kind = forms.ChoiceField(label=_("Kind of year"), choices=yearly.KINDS, required=False)

    def clean(self):
        data = super().clean()
        if "year" in self.errors or "kind" in self.errors:
            return data
        kind = data.get("kind") or "evaluation"
        today = _today()
        year = data.get("year")
        if year is None:
            year = yearly.current_year(kind, today)
        if not bounds.EARLIEST.year <= year <= yearly.current_year(kind, today):
            self.add_error(
                "year",
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": bounds.EARLIEST.year, "last": yearly.current_year(kind, today)},
            )
            return data
        data["year"], data["kind"] = year, kind
        return data


def _department(request, form):
    """The department chosen (404 when the reader does not see it), the one the reader sees
    when they see only one, else None; and the list to pick from (None when only one)."""
    departments = list(visible_departments(request.user).active())
    picker = departments if len(departments) > 1 else None
    chosen = form.cleaned_data.get("department") if form.is_valid() else None
    if chosen is not None:
        department = next((d for d in departments if d.pk == chosen), None)
        if department is None:
            raise Http404  # another department's report: not found
        return department, picker
    if len(departments) == 1:
        return departments[0], picker
    return None, picker


def _allowed(request):
    if not may(request.user, "view_dashboard"):
        raise PermissionDenied


def _query(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@login_required
@permission_required("charter.view_dashboard", raise_exception=True)
def monthly_report(request):
    _allowed(request)
    form = MonthForm(request.GET)
    department, picker = _department(request, form)
    context = {
        "form": form,
        "departments": picker,
        "department": department,
        "month": form.data.get("month", ""),
    }
    if not form.is_valid():
        return render(request, "charter/report_monthly.html", context, status=400)
    first = form.cleaned_data["month"]
    report = monthly.monthly_report(user=request.user, first=first, department=department)
    if form.cleaned_data["format"] == "xlsx":
        return report_exports.monthly(report)
    query = _query(month=f"{first:%Y-%m}", department=department.pk if department else None)
    return render(
        request,
        "charter/report_monthly.html",
        {
            **context,
            "report": report,
            "month": f"{first:%Y-%m}",
            "query": query,
            "now": timezone.now(),
        },
    )


@login_required
@permission_required("charter.view_dashboard", raise_exception=True)
def yearly_report(request):
    _allowed(request)
    form = YearForm(request.GET)
    department, picker = _department(request, form)
    context = {
        "form": form,
        "departments": picker,
        "department": department,
        "kinds": yearly.KINDS,
        "year": form.data.get("year", ""),
        "kind": form.data.get("kind", ""),
    }
    if not form.is_valid():
        return render(request, "charter/report_yearly.html", context, status=400)
    data = form.cleaned_data
    report = yearly.yearly_report(
        user=request.user, year=data["year"], kind=data["kind"], department=department
    )
    if data["format"] == "xlsx":
        return report_exports.yearly(report)
    query = _query(
        year=data["year"], kind=data["kind"], department=department.pk if department else None
    )
    return render(
        request,
        "charter/report_yearly.html",
        {
            **context,
            "report": report,
            "year": data["year"],
            "kind": data["kind"],
            "query": query,
            "now": timezone.now(),
        },
    )


def public_year(request):
    """/charter/results/?year=2026&kind=evaluation: one year's results for anyone, every
    department together, counts only (charter.yearly.public_year, cached)."""
    form = YearForm(request.GET)
    context = {
        "form": form,
        "kinds": yearly.KINDS,
        "today": _today(),
        "year": form.data.get("year", ""),
        "kind": form.data.get("kind", ""),
    }
    if not form.is_valid():
        return render(request, "charter/results_year.html", context, status=400)
    data = form.cleaned_data
    figures = yearly.public_year(data["year"], data["kind"], _today())
    return render(request, "charter/results_year.html", {**context, **figures})
