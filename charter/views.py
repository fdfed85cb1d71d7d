import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar as ICalendar
from icalendar import Event

from . import registry, results, services, yearly
from .calendars import load_calendar
from .clock import SEOUL
from .exports import prefetch_subjects
from .forms import ExtendForm, PauseForm, WaiveForm, add_service_errors
from .models import Calendar, Obligation, Section
from .scope import may
from .survey_views import charter_context


def home(request):
    """Anonymous visitors get the foundation's public charter service page (the front door);
    signed-in staff get their own work."""
    if not request.user.is_authenticated:
        public = [
            (reverse(entry.url_name), entry.label)
            for section in registry.sections()
            for entry in section.public_nav
        ]
        return render(
            request,
            "charter/front.html",
            {"sections": Section.objects.all(), "public_links": public},
        )
    staff = getattr(request.user, "staff_member", None)
    obligations = []
    now = timezone.now()
    if staff is not None:
        obligations = list(
            Obligation.objects.visible_to(request.user)
            .outstanding()
            .of_staff(staff)
            .with_related()
            .order_by("due_at")[:50]
        )
        prefetch_subjects(obligations)
        for obligation in obligations:
            obligation.due_soon = obligation.is_due_soon(now)
    return render(
        request,
        "charter/home.html",
        {"staff": staff, "obligations": obligations, "now": now},
    )


def charter_page(request):
    return render(request, "charter/charter.html", charter_context())


def charter_results(request):
    """The charter's public results (이행실적), per standard: last evaluation year, this one."""
    if request.GET.get("year") or request.GET.get("kind"):
        from .report_views import public_year

        return public_year(request)  # one chosen year
    today = timezone.localdate(timezone.now(), SEOUL)
    return render(
        request,
        "charter/results.html",
        {**results.public_figures(today), "today": today, "kinds": yearly.KINDS},
    )


@login_required
@permission_required("charter.view_obligation", raise_exception=True)
def obligation_detail(request, pk, pause_form=None, extend_form=None, waive_form=None):
    obligation = get_object_or_404(
        Obligation.objects.visible_to(request.user).with_related(), pk=pk
    )
    user, department = request.user, obligation.department_id
    return render(
        request,
        "charter/obligation.html",
        {
            "obligation": obligation,
            "events": obligation.events.select_related("by"),
            "now": timezone.now(),
            "can_change": may(user, "pause", department) or may(user, "extend", department),
            "can_waive": may(user, "waive", department),
            "waive_form": waive_form or WaiveForm(),
            "pause_form": pause_form or PauseForm(),
            "extend_form": extend_form or ExtendForm(),
        },
    )


def _apply(request, pk, form_class, action, success, form_name):
    obligation = get_object_or_404(Obligation.objects.visible_to(request.user), pk=pk)
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            action(obligation=obligation, by=request.user, **(form.cleaned_data if form else {}))
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(obligation)
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(obligation)
    return obligation_detail(request, pk, **{form_name: form})


@require_POST
@login_required
@permission_required("charter.pause_obligation", raise_exception=True)
def obligation_pause(request, pk):
    return _apply(request, pk, PauseForm, services.obligation_pause, _("Paused."), "pause_form")


@require_POST
@login_required
@permission_required("charter.pause_obligation", raise_exception=True)
def obligation_resume(request, pk):
    return _apply(request, pk, None, services.obligation_resume, _("Resumed."), "pause_form")


@require_POST
@login_required
@permission_required("charter.pause_obligation", raise_exception=True)
def obligation_extend(request, pk):
    return _apply(
        request, pk, ExtendForm, services.obligation_extend, _("Extended."), "extend_form"
    )


@require_POST
@login_required
@permission_required("charter.waive_obligation", raise_exception=True)
def obligation_waive(request, pk):
    """Two steps: the reason posted first shows what the waiver will do (a preview); only the
    confirmation (`confirm`) waives."""
    if not request.POST.get("confirm"):
        form = WaiveForm(request.POST)
        if form.is_valid():
            obligation = get_object_or_404(
                Obligation.objects.visible_to(request.user).with_related(), pk=pk
            )
            return render(
                request,
                "charter/obligation_waive_confirm.html",
                {"obligation": obligation, "reason": form.cleaned_data["reason"]},
            )
        return obligation_detail(request, pk, waive_form=form)
    return _apply(request, pk, WaiveForm, services.obligation_waive, _("Waived."), "waive_form")


def calendar_feed(request):
    """The foundation's non-working days (default calendar), this year and next: iCalendar."""
    calendar = Calendar.objects.default()
    work = load_calendar(calendar)
    year = timezone.localdate().year
    feed = ICalendar()
    feed.add("prodid", "-//Gyeonggi Credit Guarantee Foundation//Charter tracker//KO")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", _("Foundation non-working days"))
    feed.add("x-wr-timezone", "Asia/Seoul")
    stamp = timezone.now()
    for day, name, source in work.non_working_days(year) + work.non_working_days(year + 1):
        if source == "override":
            continue  # a holiday the foundation works on is a working day
        event = Event()
        event.add("uid", f"{day:%Y%m%d}-{source}@charter.gcgf.or.kr")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", name or _("Closed"))
        event.add("categories", [source])
        event.add("transp", "TRANSPARENT")
        feed.add_component(event)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gcgf-non-working-days.ics"'
    return response
