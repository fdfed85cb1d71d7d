"""Pages of the phone section: quick call log, today's calls, my callbacks, memo and answer.

Every read goes through `visible_to(request.user)` (another department's record is a 404);
every action is checked by calls.services. Customers' names and numbers are masked in lists;
the page of one memo shows them in full to staff of its department (charter.access.reveal,
which records the opening)."""

import datetime as dt

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from charter.access import reveal
from charter.forms import add_service_errors
from charter.privacy import mask_name, mask_phone
from charter.scope import colleagues, may, scope_of, visible_departments

from . import services
from .forms import LOCAL_MINUTE, CallbackAnswerForm, CallbackForm, CallLogForm
from .models import Call, Callback
from .outcomes import describe

PERSONAL_FIELDS = ("customer_name", "customer_phone")


def _staff_of(request):
    """The user's staff member, or None (an executive, an admin without one)."""
    return scope_of(request.user).staff


def _now_local() -> str:
    return timezone.localtime().strftime(LOCAL_MINUTE)


def _mask_memo(memo) -> None:
    memo.phone_shown = mask_phone(memo.customer_phone)
    memo.name_shown = mask_name(memo.customer_name)


@login_required
@permission_required("calls.add_call", raise_exception=True)
def call_log(request):
    staff = _staff_of(request)
    if request.method == "POST":
        form = CallLogForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = services.call_log(
                    by=request.user,
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
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(f"{reverse('calls:log')}?logged={call.pk}")
    else:
        form = CallLogForm(
            initial={"started_at": _now_local(), "extension": staff.extension if staff else ""}
        )
    logged, outcomes = None, []
    logged_id = request.GET.get("logged", "")
    if request.method == "GET" and logged_id.isdigit():
        logged = Call.objects.visible_to(request.user).with_related().filter(pk=int(logged_id))
        logged = logged.first()
        if logged is not None:
            outcomes = [describe(o, logged) for o in services.obligations_of(logged)]
            memo = Callback.objects.visible_to(request.user).filter(call=logged).first()
            if memo is not None:
                outcomes.append(
                    {"text": _("A callback memo was opened for this missed call."), "tone": "warn"}
                )
    return render(
        request,
        "calls/log.html",
        {"form": form, "logged": logged, "outcomes": outcomes, "staff": staff},
    )


def _chosen_department(request, default):
    """The department picked with ?department= among those the user sees (another one is a
    404), else `default`. Returns (department or None for all, the departments to pick from
    or None when there is only one)."""
    departments = list(visible_departments(request.user).active())
    chosen = request.GET.get("department", "")
    if chosen:
        department = next((d for d in departments if str(d.pk) == chosen), None)
        if department is None:
            raise Http404
    elif len(departments) == 1:
        department = departments[0]
    else:
        department = default
    return department, (departments if len(departments) > 1 else None)


@login_required
@permission_required("calls.view_call", raise_exception=True)
def today(request):
    staff = _staff_of(request)
    department, departments = _chosen_department(request, staff.department if staff else None)
    calls = Call.objects.visible_to(request.user).with_related().with_p1()
    if department is not None:
        calls = calls.of_department(department)
    calls = list(calls.on_day(timezone.localdate()).order_by("-started_at"))
    for call in calls:  # a list: masked for everyone
        call.caller_shown = mask_phone(call.caller_number)
        call.caller_name_shown = mask_name(call.caller_name)
    breaches = sum(1 for c in calls if c.p1_status == "breached")
    return render(
        request,
        "calls/today.html",
        {
            "calls": calls,
            "department": department,
            "departments": departments,
            "p1_breaches": breaches,
        },
    )


def _memo_result(request) -> dict | None:
    """What the memo just taken (?taken=) or answered (?answered=) came to, shown on top of
    my callbacks in a status region (no session messages: the outcome stays on the URL)."""
    for key in ("taken", "answered"):
        pk = request.GET.get(key, "")
        if pk.isdigit():
            memo = Callback.objects.visible_to(request.user).filter(pk=int(pk)).first()
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
    """My callbacks (the memos assigned to me); a user without a staff record (an
    executive) sees the open memos of the departments they see instead."""
    staff = _staff_of(request)
    now = timezone.now()
    visible = Callback.objects.visible_to(request.user).with_related()
    if staff is not None:
        memos = list(visible.open().for_staff(staff).by_time_left())
        answered = list(
            visible.with_deadline()
            .answered()
            .for_staff(staff)
            .filter(answered_at__gte=now - dt.timedelta(days=1))
            .order_by("-answered_at")
        )
    else:
        memos, answered = list(visible.open().by_time_left()[:200]), []
    for memo in memos + answered:  # lists: masked for everyone
        memo.overdue = memo.answered_at is None and memo.due_at is not None and memo.due_at < now
        _mask_memo(memo)
    return render(
        request,
        "calls/callbacks.html",
        {
            "result": _memo_result(request),
            "mine": staff is not None,
            "memos": memos,
            "answered": answered,
            "now": now,
            "overdue_count": sum(1 for m in memos if m.overdue),
        },
    )


@login_required
@permission_required("calls.add_callback", raise_exception=True)
def callback_new(request):
    staff = _staff_of(request)
    if request.method == "POST":
        form = CallbackForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                memo = services.callback_open(
                    by=request.user,
                    customer_name=data["customer_name"],
                    customer_phone=data["customer_phone"],
                    question=data["question"],
                    assigned_to=data["assigned_to"],
                    created_at=data["created_at"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(f"{reverse('calls:callbacks')}?taken={memo.pk}")
    else:
        form = CallbackForm(
            initial={"assigned_to": staff, "created_at": _now_local()}, user=request.user
        )
    return render(request, "calls/callback_form.html", {"form": form})


@login_required
@permission_required("calls.view_callback", raise_exception=True)
def callback_answer(request, pk):
    """One memo: the customer's name and number in full for staff of its department (the
    opening is recorded), masked for everyone else; the answer form for those who may."""
    memo = get_object_or_404(
        Callback.objects.visible_to(request.user).with_related().with_deadline(), pk=pk
    )
    may_answer = request.user.has_perm("calls.change_callback")
    form = None
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        form = CallbackAnswerForm(
            request.POST, colleagues=colleagues(request.user, memo.department_id)
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                answered = services.callback_answer(
                    callback=memo,
                    by=request.user,
                    answered_by=data.get("answered_by"),
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
    elif may_answer and may(request.user, "handle", memo.department_id):
        # Someone without a staff record (an admin) names the doer: the assignee, to start.
        doer = memo.assigned_to if _staff_of(request) is None else None
        form = CallbackAnswerForm(
            initial={"answered_at": _now_local(), "answered_by": doer},
            colleagues=colleagues(request.user, memo.department_id),
        )
    now = timezone.now()
    memo.overdue = memo.answered_at is None and memo.due_at is not None and memo.due_at < now
    if reveal(request, memo, PERSONAL_FIELDS):
        memo.phone_shown, memo.name_shown = memo.customer_phone, memo.customer_name
    else:
        _mask_memo(memo)
    return render(request, "calls/callback_answer.html", {"form": form, "memo": memo, "now": now})
