"""Pages of the phone section: quick call log, today's calls, my callbacks, memo and answer."""

import datetime as dt

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from charter.forms import add_service_errors
from charter.privacy import can_see_personal_data, mask_name, mask_phone

from . import services
from .forms import LOCAL_MINUTE, CallbackAnswerForm, CallbackForm, CallLogForm
from .models import Call, Callback
from .outcomes import describe


def _staff_or_403(request):
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Your account is not linked to a staff member."))
    return staff


def _now_local() -> str:
    return timezone.localtime().strftime(LOCAL_MINUTE)


@login_required
@permission_required("calls.add_call", raise_exception=True)
def call_log(request):
    staff = _staff_or_403(request)
    if request.method == "POST":
        form = CallLogForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = services.call_log(
                    started_at=data["started_at"],
                    answered_at=None if data["missed"] else data["started_at"],
                    rings=data["rings"],
                    extension=data["extension"],
                    caller_number=data["caller_number"],
                    caller_name=data["caller_name"],
                    topic=data["topic"],
                    greeting=data["greeting"],
                    repeated_back=data["repeated_back"],
                    transferred=data["transferred"],
                    closing=data["closing"],
                    logged_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(f"{reverse('calls:log')}?logged={call.pk}")
    else:
        form = CallLogForm(initial={"started_at": _now_local(), "extension": staff.extension})
    logged, outcomes = None, []
    logged_id = request.GET.get("logged", "")
    if request.method == "GET" and logged_id.isdigit():
        logged = (
            Call.objects.with_related()
            .filter(pk=int(logged_id), department=staff.department)
            .first()
        )
        if logged is not None:
            outcomes = [describe(o, logged) for o in services.obligations_of(logged)]
            memo = Callback.objects.filter(call=logged).first()
            if memo is not None:
                outcomes.append(
                    {"text": _("A callback memo was opened for this missed call."), "tone": "warn"}
                )
    return render(
        request,
        "calls/log.html",
        {"form": form, "logged": logged, "outcomes": outcomes, "staff": staff},
    )


@login_required
@permission_required("calls.view_call", raise_exception=True)
def today(request):
    staff = _staff_or_403(request)
    calls = list(
        Call.objects.with_related()
        .with_p1()
        .of_department(staff.department)
        .on_day(timezone.localdate())
        .order_by("-started_at")
    )
    full = can_see_personal_data(request.user)
    for call in calls:
        call.caller_shown = call.caller_number if full else mask_phone(call.caller_number)
        call.caller_name_shown = call.caller_name if full else mask_name(call.caller_name)
    breaches = sum(1 for c in calls if c.p1_status == "breached")
    return render(
        request,
        "calls/today.html",
        {"calls": calls, "department": staff.department, "p1_breaches": breaches},
    )


def _memo_result(request, staff) -> dict | None:
    """What the memo just taken (?taken=) or answered (?answered=) came to, shown on top of
    my callbacks in a status region (no session messages: the outcome stays on the URL)."""
    for key in ("taken", "answered"):
        pk = request.GET.get(key, "")
        if pk.isdigit():
            memo = (
                Callback.objects.filter(pk=int(pk))
                .filter(Q(department=staff.department) | Q(taken_by=staff) | Q(answered_by=staff))
                .first()
            )
            if memo is None:
                return None
            obligations = services.obligations_of(memo)
            if key == "taken":
                p4 = next((o for o in obligations if o.standard.code == "P4"), None)
                if p4 is None:
                    return None
                due = timezone.localtime(p4.due_at)
                title = _("Callback memo taken. Call the customer back by %(due)s (P4).") % {
                    "due": f"{due:%Y-%m-%d %H:%M}"
                }
                outcomes = []
            else:
                outcomes = [describe(o) for o in obligations]
                title = _("Callback recorded.")
            return {"title": title, "outcomes": outcomes}
    return None


@login_required
@permission_required("calls.view_callback", raise_exception=True)
def callbacks(request):
    staff = _staff_or_403(request)
    now = timezone.now()
    memos = list(Callback.objects.with_related().open().for_staff(staff).by_time_left())
    answered = list(
        Callback.objects.with_related()
        .with_deadline()
        .answered()
        .for_staff(staff)
        .filter(answered_at__gte=now - dt.timedelta(days=1))
        .order_by("-answered_at")
    )
    full = can_see_personal_data(request.user)
    for memo in memos + answered:
        memo.overdue = memo.answered_at is None and memo.due_at is not None and memo.due_at < now
        memo.phone_shown = memo.customer_phone if full else mask_phone(memo.customer_phone)
        memo.name_shown = memo.customer_name if full else mask_name(memo.customer_name)
    return render(
        request,
        "calls/callbacks.html",
        {
            "result": _memo_result(request, staff),
            "memos": memos,
            "answered": answered,
            "now": now,
            "overdue_count": sum(1 for m in memos if m.overdue),
        },
    )


@login_required
@permission_required("calls.add_callback", raise_exception=True)
def callback_new(request):
    staff = _staff_or_403(request)
    if request.method == "POST":
        form = CallbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                memo = services.callback_open(
                    customer_name=data["customer_name"],
                    customer_phone=data["customer_phone"],
                    question=data["question"],
                    taken_by=staff,
                    assigned_to=data["assigned_to"],
                    created_at=data["created_at"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(f"{reverse('calls:callbacks')}?taken={memo.pk}")
    else:
        form = CallbackForm(initial={"assigned_to": staff, "created_at": _now_local()})
    return render(request, "calls/callback_form.html", {"form": form})


@login_required
@permission_required("calls.change_callback", raise_exception=True)
def callback_answer(request, pk):
    staff = _staff_or_403(request)
    memo = get_object_or_404(Callback.objects.with_related().with_deadline(), pk=pk)
    if request.method == "POST":
        form = CallbackAnswerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                answered = services.callback_answer(
                    callback=memo,
                    answered_by=staff,
                    answered_at=data["answered_at"],
                    summary=data["summary"],
                    greeting=data["greeting"],
                    identified=data["identified"],
                    verified=data["verified"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(f"{reverse('calls:callbacks')}?answered={answered.pk}")
    else:
        form = CallbackAnswerForm(initial={"answered_at": _now_local()})
    now = timezone.now()
    memo.overdue = memo.answered_at is None and memo.due_at is not None and memo.due_at < now
    full = can_see_personal_data(request.user)
    memo.phone_shown = memo.customer_phone if full else mask_phone(memo.customer_phone)
    memo.name_shown = memo.customer_name if full else mask_name(memo.customer_name)
    return render(request, "calls/callback_answer.html", {"form": form, "memo": memo, "now": now})
