"""Pages of the corrections section (thin: forms validate, services write)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charter.privacy import can_see_personal_data

from . import services
from .forms import (
    HandlingDefectCorrectForm,
    HandlingDefectNotifyForm,
    HandlingDefectReportForm,
    ServiceCorrectionCorrectForm,
    ServiceCorrectionReportForm,
)
from .models import HandlingDefect, ServiceCorrection

RECENT = 10


def _me(request):
    return getattr(request.user, "staff_member", None)


def _now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


@login_required
@permission_required("corrections.view_servicecorrection", raise_exception=True)
def correction_list(request):
    corrections = ServiceCorrection.objects.with_related()
    defects = HandlingDefect.objects.with_related()
    context = {
        "open_corrections": corrections.open().with_deadline().order_by("due_at", "pk"),
        "open_defects": defects.open().with_deadline().order_by("due_at", "pk"),
        "done_corrections": corrections.done().with_outcome().order_by("-corrected_at")[:RECENT],
        "done_defects": defects.done().with_outcome().order_by("-notified_at")[:RECENT],
        "now": timezone.now(),
        "personal": can_see_personal_data(request.user),
    }
    return render(request, "corrections/list.html", context)


# -- C1 ----------------------------------------------------------------------------------


@login_required
@permission_required("corrections.add_servicecorrection", raise_exception=True)
def service_report(request):
    if request.method == "POST":
        form = ServiceCorrectionReportForm(request.POST)
        if form.is_valid():
            try:
                report = services.service_correction_report(
                    **form.cleaned_data, reported_by=_me(request)
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Report %(ref)s recorded. The correction is due by %(due)s.")
                    % {"ref": report, "due": _due_text(report)},
                )
                return redirect("corrections:service_detail", pk=report.pk)
    else:
        form = ServiceCorrectionReportForm(initial={"received_at": _now_minute()})
    return render(request, "corrections/service_report.html", {"form": form})


def _due_text(subject) -> str:
    due = type(subject).objects.with_deadline().get(pk=subject.pk).due_at
    return f"{timezone.localtime(due):%Y-%m-%d %H:%M}" if due else "-"


def _service_page(request, report, form=None):
    if form is None and not report.is_corrected:
        form = ServiceCorrectionCorrectForm(
            correction=report,
            initial={"at": _now_minute(), "corrected_by": _me(request)},
        )
    return render(
        request,
        "corrections/service_detail.html",
        {
            "report": report,
            "form": form,
            "now": timezone.now(),
            "personal": can_see_personal_data(request.user),
        },
    )


def _service_report_or_404(pk):
    return get_object_or_404(
        ServiceCorrection.objects.with_related().with_deadline().with_outcome(), pk=pk
    )


@login_required
@permission_required("corrections.view_servicecorrection", raise_exception=True)
def service_detail(request, pk):
    return _service_page(request, _service_report_or_404(pk))


@login_required
@permission_required("corrections.change_servicecorrection", raise_exception=True)
@require_POST
def service_correct(request, pk):
    report = _service_report_or_404(pk)
    form = ServiceCorrectionCorrectForm(request.POST, correction=report)
    if form.is_valid():
        try:
            services.service_correction_correct(correction=report, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The correction, notice and apology are recorded."))
            return redirect("corrections:service_detail", pk=report.pk)
    return _service_page(request, report, form)


# -- C2 ----------------------------------------------------------------------------------


@login_required
@permission_required("corrections.add_handlingdefect", raise_exception=True)
def defect_report(request):
    if request.method == "POST":
        form = HandlingDefectReportForm(request.POST)
        if form.is_valid():
            try:
                defect = services.handling_defect_report(**form.cleaned_data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Defect %(ref)s recorded. The correction is due by %(due)s.")
                    % {"ref": defect, "due": _due_text(defect)},
                )
                return redirect("corrections:defect_detail", pk=defect.pk)
    else:
        form = HandlingDefectReportForm(
            initial={"discovered_at": _now_minute(), "discovered_by": _me(request)}
        )
    return render(request, "corrections/defect_report.html", {"form": form})


def _defect_or_404(pk):
    return get_object_or_404(
        HandlingDefect.objects.with_related().with_deadline().with_outcome(), pk=pk
    )


def _defect_page(request, defect, form=None):
    if form is None and not defect.is_corrected:
        form = HandlingDefectCorrectForm(
            initial={"at": _now_minute(), "corrected_by": _me(request)}
        )
    elif form is None and not defect.is_notified:
        form = HandlingDefectNotifyForm(initial={"at": _now_minute()})
    return render(
        request,
        "corrections/defect_detail.html",
        {
            "defect": defect,
            "form": form,
            "step": "notify" if isinstance(form, HandlingDefectNotifyForm) else "correct",
            "now": timezone.now(),
            "personal": can_see_personal_data(request.user),
        },
    )


@login_required
@permission_required("corrections.view_handlingdefect", raise_exception=True)
def defect_detail(request, pk):
    return _defect_page(request, _defect_or_404(pk))


@login_required
@permission_required("corrections.change_handlingdefect", raise_exception=True)
@require_POST
def defect_correct(request, pk):
    defect = _defect_or_404(pk)
    form = HandlingDefectCorrectForm(request.POST)
    if form.is_valid():
        try:
            services.handling_defect_correct(defect=defect, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The correction is recorded. Notify the customer by %(due)s.")
                % {"due": _due_text(defect)},
            )
            return redirect("corrections:defect_detail", pk=defect.pk)
    return _defect_page(request, defect, form)


@login_required
@permission_required("corrections.change_handlingdefect", raise_exception=True)
@require_POST
def defect_notify(request, pk):
    defect = _defect_or_404(pk)
    form = HandlingDefectNotifyForm(request.POST)
    if form.is_valid():
        try:
            services.handling_defect_notify(defect=defect, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The notice to the customer is recorded."))
            return redirect("corrections:defect_detail", pk=defect.pk)
    return _defect_page(request, defect, form)
