"""Pages of the corrections section (thin: forms validate, services write).

Every read goes through `visible_to(request.user)`: another department's record is a 404.
Lists mask customers' personal data; one record's page shows it in full only to those who may
see it (charter.access.reveal, which records the opening). The services check the actor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charter.access import reveal
from charter.scope import may

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
PERSONAL_FIELDS = ("customer_name", "customer_phone", "customer_email")


def _me(request):
    return getattr(request.user, "staff_member", None)


def _now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


@login_required
@permission_required("corrections.view_servicecorrection", raise_exception=True)
def correction_list(request):
    corrections = ServiceCorrection.objects.visible_to(request.user).with_related()
    defects = HandlingDefect.objects.visible_to(request.user).with_related()
    context = {
        "open_corrections": corrections.open().with_deadline().order_by("due_at", "pk"),
        "open_defects": defects.open().with_deadline().order_by("due_at", "pk"),
        "done_corrections": corrections.done().with_outcome().order_by("-corrected_at")[:RECENT],
        "done_defects": defects.done().with_outcome().order_by("-notified_at")[:RECENT],
        "now": timezone.now(),
        "personal": False,  # lists are masked for everyone
    }
    return render(request, "corrections/list.html", context)


# -- C1 ----------------------------------------------------------------------------------


@login_required
@permission_required("corrections.add_servicecorrection", raise_exception=True)
def service_report(request):
    if request.method == "POST":
        form = ServiceCorrectionReportForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                report = services.service_correction_report(**form.cleaned_data, by=request.user)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Report %(ref)s recorded. The correction is due by %(due)s.")
                    % {"ref": report, "due": _due_text(request, report)},
                )
                return redirect("corrections:service_detail", pk=report.pk)
    else:
        form = ServiceCorrectionReportForm(
            user=request.user, initial={"received_at": _now_minute()}
        )
    return render(request, "corrections/service_report.html", {"form": form})


def _due_text(request, subject) -> str:
    due = type(subject).objects.visible_to(request.user).with_deadline().get(pk=subject.pk).due_at
    return f"{timezone.localtime(due):%Y-%m-%d %H:%M}" if due else "-"


def _can_handle(request, subject) -> bool:
    """May the user do the work on this record (show its form)? The service decides."""
    meta = subject._meta
    return request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}") and may(
        request.user, "handle", subject.department_id
    )


def _service_page(request, report, form=None):
    can_act = _can_handle(request, report)
    if form is None and can_act and not report.is_corrected:
        form = ServiceCorrectionCorrectForm(
            correction=report,
            user=request.user,
            initial={"at": _now_minute(), "corrected_by": _me(request)},
        )
    return render(
        request,
        "corrections/service_detail.html",
        {
            "report": report,
            "form": form,
            "can_act": can_act,
            "now": timezone.now(),
            "personal": reveal(request, report, PERSONAL_FIELDS),
        },
    )


def _service_report_or_404(request, pk):
    return get_object_or_404(
        ServiceCorrection.objects.visible_to(request.user)
        .with_related()
        .with_deadline()
        .with_outcome(),
        pk=pk,
    )


@login_required
@permission_required("corrections.view_servicecorrection", raise_exception=True)
def service_detail(request, pk):
    return _service_page(request, _service_report_or_404(request, pk))


@login_required
@permission_required("corrections.change_servicecorrection", raise_exception=True)
@require_POST
def service_correct(request, pk):
    report = _service_report_or_404(request, pk)
    form = ServiceCorrectionCorrectForm(request.POST, correction=report, user=request.user)
    if form.is_valid():
        try:
            services.service_correction_correct(
                correction=report, by=request.user, **form.cleaned_data
            )
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
        form = HandlingDefectReportForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                defect = services.handling_defect_report(**form.cleaned_data, by=request.user)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("Defect %(ref)s recorded. The correction is due by %(due)s.")
                    % {"ref": defect, "due": _due_text(request, defect)},
                )
                return redirect("corrections:defect_detail", pk=defect.pk)
    else:
        form = HandlingDefectReportForm(
            user=request.user,
            initial={"discovered_at": _now_minute(), "discovered_by": _me(request)},
        )
    return render(request, "corrections/defect_report.html", {"form": form})


def _defect_or_404(request, pk):
    return get_object_or_404(
        HandlingDefect.objects.visible_to(request.user)
        .with_related()
        .with_deadline()
        .with_outcome(),
        pk=pk,
    )


def _defect_page(request, defect, form=None):
    can_act = _can_handle(request, defect)
    if form is None and can_act and not defect.is_corrected:
        form = HandlingDefectCorrectForm(
            defect=defect,
            user=request.user,
            initial={"at": _now_minute(), "corrected_by": _me(request)},
        )
    elif form is None and can_act and not defect.is_notified:
        form = HandlingDefectNotifyForm(initial={"at": _now_minute()})
    return render(
        request,
        "corrections/defect_detail.html",
        {
            "defect": defect,
            "form": form,
            "step": "notify" if isinstance(form, HandlingDefectNotifyForm) else "correct",
            "can_act": can_act,
            "now": timezone.now(),
            "personal": reveal(request, defect, PERSONAL_FIELDS),
        },
    )


@login_required
@permission_required("corrections.view_handlingdefect", raise_exception=True)
def defect_detail(request, pk):
    return _defect_page(request, _defect_or_404(request, pk))


@login_required
@permission_required("corrections.change_handlingdefect", raise_exception=True)
@require_POST
def defect_correct(request, pk):
    defect = _defect_or_404(request, pk)
    form = HandlingDefectCorrectForm(request.POST, defect=defect, user=request.user)
    if form.is_valid():
        try:
            services.handling_defect_correct(defect=defect, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The correction is recorded. Notify the customer by %(due)s.")
                % {"due": _due_text(request, defect)},
            )
            return redirect("corrections:defect_detail", pk=defect.pk)
    return _defect_page(request, defect, form)


@login_required
@permission_required("corrections.change_handlingdefect", raise_exception=True)
@require_POST
def defect_notify(request, pk):
    defect = _defect_or_404(request, pk)
    form = HandlingDefectNotifyForm(request.POST)
    if form.is_valid():
        try:
            services.handling_defect_notify(defect=defect, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The notice to the customer is recorded."))
            return redirect("corrections:defect_detail", pk=defect.pk)
    return _defect_page(request, defect, form)
