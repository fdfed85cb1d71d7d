"""Pages of visits: thin views over visits.services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charter.clock import SEOUL
from charter.forms import add_service_errors
from charter.models import Department, StaffMember
from charter.privacy import can_see_personal_data, mask_name, mask_phone

from . import forms, services
from .models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket, business_date


def _staff(request) -> StaffMember:
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise PermissionDenied(_("Your account is not linked to a staff member."))
    return staff


def _error_message(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _masked(user, name: str, phone: str = "") -> tuple[str, str]:
    if can_see_personal_data(user):
        return name, phone
    return mask_name(name), mask_phone(phone)


# -- Reception queue -----------------------------------------------------------------------


@login_required
@permission_required("visits.view_ticket", raise_exception=True)
def queue_home(request):
    staff = getattr(request.user, "staff_member", None)
    department = staff.department if staff else Department.objects.filter(active=True).first()
    if department is None:
        raise Http404
    return redirect("visits:queue", department_id=department.pk)


QUEUE_ACTIONS = {"take", "call_next", "call", "serve", "complete", "leave"}


@login_required
@permission_required("visits.view_ticket", raise_exception=True)
def queue(request, department_id: int):
    department = get_object_or_404(Department, pk=department_id, active=True)
    now = timezone.now()
    today = business_date(now)
    if request.method == "POST":
        if not request.user.has_perm("visits.change_ticket"):
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in QUEUE_ACTIONS:
            messages.error(request, _("Unknown action."))
            return redirect("visits:queue", department_id=department.pk)
        try:
            _queue_action(request, department, action, now)
        except ValidationError as error:
            _error_message(request, error)
        return redirect("visits:queue", department_id=department.pk)
    tickets = list(Ticket.objects.of_day(department, today).with_related().in_arrival_order())
    waiting = [t for t in tickets if t.status == Ticket.Status.WAITING]
    for ticket in waiting[1:]:
        ticket.needs_reason = True
    bookings = list(AssistedVisit.objects.on_day(department, today).with_related())
    for booking in bookings:
        booking.shown_name, _phone = _masked(request.user, booking.customer_name)
    return render(
        request,
        "visits/queue.html",
        {
            "department": department,
            "departments": Department.objects.filter(active=True),
            "today": today,
            "tickets": tickets,
            "waiting": waiting,
            "active": [
                t for t in tickets if t.status in (Ticket.Status.CALLED, Ticket.Status.SERVING)
            ],
            "finished": [
                t for t in tickets if t.status in (Ticket.Status.DONE, Ticket.Status.LEFT)
            ],
            "bookings": bookings,
            "take_form": forms.TakeNumberForm(),
            "estimate_choices": forms.ESTIMATE_CHOICES,
            "now": now,
        },
    )


def _ticket(department, request) -> Ticket:
    form = forms.TicketActionForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Choose a customer."))
    return get_object_or_404(Ticket, pk=form.cleaned_data["ticket"], department=department)


def _queue_action(request, department, action: str, now: dt.datetime) -> None:
    if action == "take":
        form = forms.TakeNumberForm(request.POST)
        purpose = form.cleaned_data["purpose"] if form.is_valid() else ""
        ticket = services.ticket_take(department=department, at=now, purpose=purpose)
        messages.success(request, _("Number %(number)s issued.") % {"number": ticket.number})
        return
    staff = _staff(request)
    if action == "call_next":
        ticket = services.ticket_call_next(department=department, by=staff, at=now)
        messages.success(request, _("Calling number %(number)s.") % {"number": ticket.number})
    elif action == "call":
        form = forms.CallForm(request.POST)
        form.is_valid()
        ticket = services.ticket_call(
            ticket=_ticket(department, request),
            by=staff,
            at=now,
            priority_reason=form.cleaned_data.get("priority_reason", ""),
        )
        if ticket.called_out_of_order and not ticket.priority_reason:
            messages.warning(
                request,
                _(
                    "Number %(number)s was called before earlier customers without a priority "
                    "reason: recorded as a breach of V5."
                )
                % {"number": ticket.number},
            )
        else:
            messages.success(request, _("Calling number %(number)s.") % {"number": ticket.number})
    elif action == "serve":
        form = forms.ServeForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose the estimated processing time."))
        ticket = services.ticket_serve(
            ticket=_ticket(department, request),
            by=staff,
            at=now,
            estimate_minutes=form.cleaned_data["estimate_minutes"],
        )
        if ticket.estimated_done_at is None:
            messages.warning(
                request,
                _("No estimate was given to number %(number)s: recorded as a breach of V5.")
                % {"number": ticket.number},
            )
        else:
            messages.success(
                request,
                _("Serving number %(number)s; estimated completion %(time)s.")
                % {
                    "number": ticket.number,
                    "time": f"{ticket.estimated_done_at.astimezone(SEOUL):%H:%M}",
                },
            )
    elif action == "complete":
        form = forms.CompleteForm(request.POST)
        form.is_valid()
        ticket = services.ticket_complete(
            ticket=_ticket(department, request),
            by=staff,
            at=now,
            greeted=form.cleaned_data.get("greeted", False),
            greeted_first=form.cleaned_data.get("greeted_first", False),
            asked_further=form.cleaned_data.get("asked_further", False),
        )
        messages.success(request, _("Number %(number)s is done.") % {"number": ticket.number})
    elif action == "leave":
        ticket = services.ticket_leave(ticket=_ticket(department, request), at=now)
        messages.success(
            request, _("Number %(number)s left without service.") % {"number": ticket.number}
        )


# -- Absent staff (V4) ---------------------------------------------------------------------


@login_required
@permission_required("visits.view_absencememo", raise_exception=True)
def memos(request):
    form = forms.AbsenceMemoForm()
    if request.method == "POST":
        if not request.user.has_perm("visits.add_absencememo"):
            raise PermissionDenied
        form = forms.AbsenceMemoForm(request.POST)
        if form.is_valid():
            try:
                services.absence_memo_create(by=_staff(request), **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The memo is recorded."))
                return redirect("visits:memos")
    rows = list(AbsenceMemo.objects.with_related()[:50])
    for memo in rows:
        memo.shown_name, memo.shown_phone = _masked(
            request.user, memo.customer_name, memo.customer_phone
        )
    return render(
        request, "visits/memos.html", {"form": form, "memos": rows, "now": timezone.now()}
    )


@login_required
@require_POST
@permission_required("visits.change_absencememo", raise_exception=True)
def memo_contact(request):
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        memo = get_object_or_404(AbsenceMemo, pk=form.cleaned_data["memo"])
        try:
            services.absence_memo_contact(memo=memo, by=_staff(request))
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("The contact is recorded."))
    return redirect("visits:memos")


# -- Assisted visits (V6) ------------------------------------------------------------------


@login_required
@permission_required("visits.view_assistedvisit", raise_exception=True)
def assisted(request):
    form = forms.AssistedVisitForm()
    if request.method == "POST":
        if not request.user.has_perm("visits.add_assistedvisit"):
            raise PermissionDenied
        form = forms.AssistedVisitForm(request.POST)
        if form.is_valid():
            try:
                services.assisted_visit_create(by=_staff(request), **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The assisted visit is booked."))
                return redirect("visits:assisted")
    now = timezone.now()
    rows = list(
        AssistedVisit.objects.with_related()
        .filter(booked_at__gte=now - dt.timedelta(days=14))
        .order_by("booked_at")[:100]
    )
    for visit in rows:
        visit.shown_name, visit.shown_phone = _masked(
            request.user, visit.customer_name, visit.customer_phone
        )
    return render(
        request,
        "visits/assisted.html",
        {
            "form": form,
            "visits": rows,
            "assign_staff": list(forms.staff_choices()),
            "now": now,
        },
    )


@login_required
@require_POST
@permission_required("visits.change_assistedvisit", raise_exception=True)
def assisted_assign(request):
    form = forms.AssignForm(request.POST)
    if form.is_valid():
        visit = get_object_or_404(AssistedVisit, pk=form.cleaned_data["visit"])
        try:
            services.assisted_visit_assign(
                visit=visit, staff=form.cleaned_data["staff"], by=_staff(request)
            )
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("The dedicated staff member is assigned."))
    else:
        messages.error(request, _("Choose the dedicated staff member."))
    return redirect("visits:assisted")


# -- Field visits (S1–S4) ------------------------------------------------------------------


@login_required
@permission_required("visits.view_fieldvisit", raise_exception=True)
def field_list(request):
    staff = getattr(request.user, "staff_member", None)
    visits = FieldVisit.objects.with_related()
    mine = request.GET.get("mine") == "1" and staff is not None
    if mine:
        visits = visits.of_staff(staff)
    return render(
        request,
        "visits/field_list.html",
        {"visits": list(visits[:100]), "mine": mine, "now": timezone.now()},
    )


@login_required
@permission_required("visits.add_fieldvisit", raise_exception=True)
def field_create(request):
    staff = _staff(request)
    form = forms.FieldVisitForm(initial={"staff": staff.pk})
    if request.method == "POST":
        form = forms.FieldVisitForm(request.POST)
        if form.is_valid():
            try:
                visit = services.field_visit_create(by=staff, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The visit is planned."))
                return redirect("visits:field_detail", pk=visit.pk)
    return render(request, "visits/field_form.html", {"form": form})


@login_required
@permission_required("visits.view_fieldvisit", raise_exception=True)
def field_detail(request, pk: int):
    visit = get_object_or_404(FieldVisit.objects.with_related(), pk=pk)
    now_local = timezone.now().astimezone(SEOUL).replace(second=0, microsecond=0, tzinfo=None)
    notice_form = forms.NoticeForm(initial={"notified_at": now_local}, prefix="notice")
    consent_form = forms.ConsentForm(initial={"consented_at": now_local}, prefix="consent")
    record_form = forms.VisitRecordForm(
        initial={"arrived_at": visit.scheduled_at.astimezone(SEOUL).replace(tzinfo=None)},
        prefix="record",
    )
    if request.method == "POST":
        if not request.user.has_perm("visits.change_fieldvisit"):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "notice":
                notice_form = forms.NoticeForm(request.POST, prefix="notice")
                if notice_form.is_valid():
                    services.field_visit_record_notice(visit=visit, **notice_form.cleaned_data)
                    messages.success(request, _("The notice is recorded."))
                    return redirect("visits:field_detail", pk=visit.pk)
            elif action == "consent":
                consent_form = forms.ConsentForm(request.POST, prefix="consent")
                if consent_form.is_valid():
                    services.field_visit_record_consent(visit=visit, **consent_form.cleaned_data)
                    messages.success(request, _("The consent is recorded."))
                    return redirect("visits:field_detail", pk=visit.pk)
            elif action == "record":
                record_form = forms.VisitRecordForm(request.POST, prefix="record")
                if record_form.is_valid():
                    services.field_visit_record(visit=visit, **record_form.cleaned_data)
                    messages.success(request, _("The visit is recorded."))
                    return redirect("visits:field_detail", pk=visit.pk)
        except ValidationError as error:
            target = {"notice": notice_form, "consent": consent_form}.get(action, record_form)
            add_service_errors(target, error)
    return render(
        request,
        "visits/field_detail.html",
        {
            "visit": visit,
            "notice_form": notice_form,
            "consent_form": consent_form,
            "record_form": record_form,
            "can_see": can_see_personal_data(request.user),
            "shown_contact": _masked(request.user, visit.contact_name, visit.contact_phone),
        },
    )


# -- Public staff directory (V1) -----------------------------------------------------------


def directory(request):
    departments = Department.objects.filter(active=True).prefetch_related(
        Prefetch(
            "staff",
            queryset=StaffMember.objects.active().select_related("rank"),
            to_attr="members",
        )
    )
    return render(request, "visits/directory.html", {"departments": departments})


def directory_department(request, department_id: int):
    department = get_object_or_404(Department, pk=department_id, active=True)
    members = list(StaffMember.objects.active().in_department(department).select_related("rank"))
    seats = {(m.seat_row, m.seat_column): m for m in members if m.seat_row and m.seat_column}
    grid = [
        [
            {"row": r, "column": c, "member": seats.get((r, c))}
            for c in range(1, department.seat_columns + 1)
        ]
        for r in range(1, department.seat_rows + 1)
    ]
    return render(
        request,
        "visits/directory_department.html",
        {
            "department": department,
            "members": members,
            "grid": grid,
            "departments": Department.objects.filter(active=True),
        },
    )
