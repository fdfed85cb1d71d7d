"""The managers' dashboard and its drill-down: thin views over charter.reports.

Everything they show is in the URL (a GET form), so a view can be bookmarked and sent:
`period` (this_week, last_month, this_eval_year, … or `since`/`until` dates), `department`,
`section`, `standard` (with `part`: fix or notice, one part of C2); the drill-down adds
`status`, `responsible`, `sort`, `page` and `format` (csv, xlsx). A department outside the
user's scope is a 404; any other bad value is a message in the user's language and a 400,
never an error page.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from . import bounds, charts, exports, reports, survey
from .clock import SEOUL
from .models import StaffMember, Standard
from .scope import may, scope_of, visible_departments

PERIODS = [
    ("this_week", _("This week")),
    ("last_week", _("Last week")),
    ("this_month", _("This month")),
    ("last_month", _("Last month")),
    ("this_quarter", _("This quarter")),
    ("last_quarter", _("Last quarter")),
    ("this_year", _("This year")),
    ("last_year", _("Last year")),
    ("this_eval_year", _("This evaluation year (Sep–Aug)")),
    ("last_eval_year", _("Last evaluation year (Sep–Aug)")),
    ("range", _("From–to dates")),
]
STATUSES = [
    ("", _("All")),
    ("met", _("Met as promised")),
    ("extended", _("Met within extension")),
    ("breached", _("Breaches")),
    ("waived", _("Waived")),
    ("open", _("Still open")),
    ("late", _("Late now")),
    ("due_today", _("Due today")),
]
SORTS = {
    "starts": ["starts_at", "id"],
    "due": ["due_at", "id"],
    "standard": ["standard__section__order", "standard__order", "starts_at"],
    "department": ["department__order", "department__name", "starts_at"],
    "responsible": ["responsible__name", "starts_at"],
    "status": ["status", "starts_at"],
}
SORT_CHOICES = [("", "")] + [(k, k) for key in SORTS for k in (key, f"-{key}")]
PAGE_SIZE = 50
STAFF_COLUMNS = [
    ("name", _("Name")),
    ("total", _("All")),
    ("breached", _("Breaches")),
    ("open", _("Still open")),
    ("rate", _("Compliance")),
]
OBLIGATION_COLUMNS = [
    ("standard", _("Charter standard")),
    ("status", _("Status")),
    ("department", _("Department")),
    ("responsible", _("Responsible")),
    ("starts", _("Started")),
    ("due", _("Due")),
]


class FilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(
        label=_("Until (date)"), required=False, widget=forms.DateInput({"type": "date"})
    )
    department = forms.CharField(label=_("Department"), required=False)
    section = forms.ChoiceField(label=_("Section"), required=False)
    standard = forms.ChoiceField(label=_("Charter standard"), required=False)
    # With `standard`: one part of a standard reported in parts (C2 fix, C2 notice).
    part = forms.ChoiceField(
        label=_("Part"),
        choices=[("", "")] + [(slug, slug) for slug in reports.PART_SLUGS.values()],
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)
    responsible = forms.IntegerField(label=_("Responsible"), required=False, min_value=1)
    sort = forms.ChoiceField(label=_("Order"), choices=SORT_CHOICES, required=False)
    staff_sort = forms.ChoiceField(
        label=_("Order"),
        choices=[("", "")] + [(k, k) for key in reports.STAFF_SORTS for k in (key, f"-{key}")],
        required=False,
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", "HTML"), ("csv", "CSV"), ("xlsx", "XLSX")], required=False
    )

    error_messages = {
        "department": _("Choose a department from the list."),
        "range": _("Enter both dates, the first not after the second."),
        "standard_section": _("That standard is not in the chosen section."),
    }

    def __init__(self, data, *, sections, standards):
        super().__init__(data)
        self.sections, self.standards = sections, standards
        self.fields["section"].choices = [("", _("All sections"))] + [
            (s.code, str(s)) for s in sections
        ]
        self.fields["standard"].choices = [("", _("All standards"))] + [
            (s.code, f"{s.code} {s.name}") for s in standards
        ]
        for name in ("since", "until"):
            self.fields[name].widget.attrs.update(
                min=bounds.EARLIEST.date().isoformat(),
                max=(bounds.latest() - dt.timedelta(days=1)).date().isoformat(),
            )

    def clean_department(self):
        value = self.cleaned_data["department"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError(self.error_messages["department"])
        return int(value) if value else None

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if "since" in self.errors or "until" in self.errors:
            return data
        if data.get("period") == "range" or since or until:
            if not since or not until or since > until:
                raise forms.ValidationError(self.error_messages["range"])
            for value in (since, until):
                try:
                    bounds.validate_instant(dt.datetime.combine(value, dt.time(), SEOUL))
                except forms.ValidationError as error:
                    raise forms.ValidationError(error.messages) from None
            data["period"] = "range"
        section = next((s for s in self.sections if s.code == data.get("section")), None)
        standard = next((s for s in self.standards if s.code == data.get("standard")), None)
        if section and standard and standard.section_id != section.pk:
            self.add_error("standard", self.error_messages["standard_section"])
        data["section"], data["standard"] = section, standard
        return data


def _filters(request, *, drill: bool = False):
    """(FilterForm, reports.Filters or None when the form has errors, departments to pick
    from or None when the user sees only one)."""
    departments = list(visible_departments(request.user).active())
    data = request.GET.copy()
    if not data.get("period") and not (data.get("since") or data.get("until")):
        data["period"] = "this_month"
    # One query for both lists: the sections are those of the standards.
    standards = list(Standard.objects.select_related("section"))
    sections = sorted({s.section for s in standards}, key=lambda s: (s.order, s.pk))
    form = FilterForm(data, sections=sections, standards=standards)
    picker = departments if len(departments) > 1 else None
    if not form.is_valid():
        return form, None, picker
    data = form.cleaned_data
    department = None
    if data["department"] is not None:
        department = next((d for d in departments if d.pk == data["department"]), None)
        if department is None:
            raise Http404  # another department's figures: not found
    elif len(departments) == 1:
        department = departments[0]
    today = timezone.localdate(timezone.now(), SEOUL)
    kind = data["period"]
    if kind == "range":
        period = reports.Period("range", data["since"], data["until"] + dt.timedelta(days=1))
    else:
        period = reports.Period.named(kind, today)
    responsible = None
    if drill and data["responsible"]:
        responsible = StaffMember.objects.filter(pk=data["responsible"]).first()
        if responsible is None:
            form.add_error(None, _("No such staff member."))
            return form, None, picker
    filters = reports.Filters(
        period=period,
        department=department,
        section=data["section"],
        standard=data["standard"],
        responsible=responsible,
        status=data["status"] if drill else "",
        part=reports.part_of_slug(data["part"]) if data["standard"] else None,
    )
    return form, filters, picker


def query_of(filters: reports.Filters, **overrides) -> str:
    """The URL query that shows `filters` (with `overrides`; None drops a parameter)."""
    period = filters.period
    params = {}
    if period.kind == "range":
        params.update(since=period.start.isoformat(), until=period.last_day.isoformat())
    else:
        params["period"] = period.kind
    if filters.department is not None:
        params["department"] = filters.department.pk
    if filters.section is not None:
        params["section"] = filters.section.code
    if filters.standard is not None:
        params["standard"] = filters.standard.code
        if filters.part is not None:
            params["part"] = reports.part_slug(filters.part)
    if filters.responsible is not None:
        params["responsible"] = filters.responsible.pk
    if filters.status:
        params["status"] = filters.status
    params.update(overrides)
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _allowed(request):
    if not may(request.user, "view_dashboard"):
        raise PermissionDenied


def _bad_request(request, template, form, picker, **context):
    return render(
        request,
        template,
        {
            "form": form,
            "departments": picker,
            "department": None,
            "chosen_period": form.data.get("period", ""),
            **context,
        },
        status=400,
    )


@login_required
@permission_required("charter.view_dashboard", raise_exception=True)
def dashboard(request):
    _allowed(request)
    form, filters, picker = _filters(request)
    if filters is None:
        return _bad_request(request, "charter/dashboard.html", form, picker)
    user, now = request.user, timezone.now()
    lines = reports.per_standard(filters, user, form.standards)
    if form.cleaned_data["format"]:
        return exports.standards(lines, filters, form.cleaned_data["format"])
    live = filters.obligations(user).with_related()
    today = timezone.localdate(now, SEOUL)
    trend_span, weekly = reports.weekly_trend(filters, user, today, form.sections)
    daily_points = reports.daily_breaches(filters, user)
    staff_sort = form.cleaned_data["staff_sort"] or "rate"
    return render(
        request,
        "charter/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "chosen_period": filters.period.kind,
            "query": query_of(filters),
            "previous": filters.period.previous(),
            "department": filters.department,
            "departments": picker,
            "rows": lines,
            "headline": reports.headline(lines, filters, user, now),
            "ranking": (reports.per_department(filters, user) if scope_of(user).sees_all else None),
            "staff": (
                reports.per_staff(filters, user, staff_sort)
                if filters.department is not None
                else None
            ),
            "staff_sort": staff_sort,
            "staff_columns": STAFF_COLUMNS,
            "overdue": exports.prefetch_subjects(
                reports.late_now(live, now).order_by("due_at")[:50]
            ),
            "soon": exports.prefetch_subjects(
                live.due_soon(
                    now,
                    windows=[
                        (s.pk, s.warn_before) for s in form.standards if s.warn_before is not None
                    ],
                ).order_by("due_at")[:50]
            ),
            "now": now,
            "trend_span": trend_span,
            "weekly": [charts.rate_lines(series) for series in weekly],
            "daily": charts.breach_bars(daily_points),
            "daily_points": daily_points,
            "satisfaction": survey.satisfaction_summary(
                user=user,
                since=filters.period.start,
                until=filters.period.end,
                department=filters.department,
            ),
        },
    )


@login_required
@permission_required("charter.view_dashboard", raise_exception=True)
def obligations(request):
    """The obligations behind a number of the dashboard: paginated, sortable, exportable."""
    _allowed(request)
    form, filters, picker = _filters(request, drill=True)
    if filters is None:
        return _bad_request(request, "charter/dashboard_obligations.html", form, picker, drill=True)
    now = timezone.now()
    sort = form.cleaned_data["sort"] or "-starts"
    order = SORTS[sort.lstrip("-")]
    if sort.startswith("-"):
        order = [f"-{field}" for field in order]
    rows = reports.drill_down(filters, request.user, now).with_related().order_by(*order)
    if form.cleaned_data["format"]:
        return exports.obligations(rows, filters, form.cleaned_data["format"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    exports.prefetch_subjects(page.object_list)
    return render(
        request,
        "charter/dashboard_obligations.html",
        {
            "form": form,
            "filters": filters,
            "chosen_period": filters.period.kind,
            "drill": True,
            "query": query_of(filters),
            "sort_query": query_of(filters, sort=sort),
            "sort": sort,
            "department": filters.department,
            "departments": picker,
            "page": page,
            "now": now,
            "status_label": dict(STATUSES).get(filters.status, ""),
            "columns": OBLIGATION_COLUMNS,
        },
    )
