"""Pages of visits: thin views over visits.services.

Every read goes through `visible_to(request.user)`: another department's queue, memo, booking
or visit is a 404. The services check who acts (an executive sees everything and gets a 403 on
every action). Customers' names and numbers are masked in lists; the page of one memo, booking
or field visit shows them in full to staff of its department, and that opening is recorded
(charter.access.reveal). The staff directory is public and shows staff, never customers."""

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

from charter.access import reveal
from charter.clock import SEOUL
from charter.forms import add_service_errors
from charter.models import Department, StaffMember
from charter.privacy import mask_name, mask_phone
from charter.scope import actionable_departments, may, scope_of, visible_departments

from . import forms, services
from .models import AbsenceMemo, AssistedVisit, FieldVisit, Ticket, business_date


def _error_message(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _masked(name: str, phone: str = "") -> tuple[str, str]:
    """Lists show every customer masked, whoever looks."""
    return mask_name(name), mask_phone(phone)


def _shown(request, record, name_field: str, phone_field: str) -> tuple[str, str]:
    """The page of one record: in full (and the opening recorded) for staff of its department
    who may see it, else masked."""
    name, phone = getattr(record, name_field), getattr(record, phone_field)
    if reveal(request, record, [name_field, phone_field]):
        return name, phone
    return _masked(name, phone)


def _assignable_staff(user) -> dict[int, list[StaffMember]]:
    """Active staff by department (home or covering), for the departments `user` acts in."""
    by_department: dict[int, list[StaffMember]] = {}
    acting = set(actionable_departments(user).values_list("pk", flat=True))
    for member in forms.staff_choices(user).prefetch_related("extra_departments"):
        for department_id in {member.department_id} | {
            d.pk for d in member.extra_departments.all()
        }:
            if department_id in acting:
                by_department.setdefault(department_id, []).append(member)
    return by_department


# -- Reception queue -----------------------------------------------------------------------


@login_required
@permission_required("visits.view_ticket", raise_exception=True)
def queue_home(request):
    staff = scope_of(request.user).staff
    visible = visible_departments(request.user).active()
    department = staff.department if staff else visible.first()
    if department is None or not visible.filter(pk=department.pk).exists():
        raise Http404
    return redirect("visits:queue", department_id=department.pk)


QUEUE_ACTIONS = {"take", "call_next", "call", "serve", "complete", "leave"}


@login_required
@permission_required("visits.view_ticket", raise_exception=True)
def queue(request, department_id: int):
    department = get_object_or_404(visible_departments(request.user).active(), pk=department_id)
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
    user = request.user
    tickets = list(
        Ticket.objects.visible_to(user).of_day(department, today).with_related().in_arrival_order()
    )
    waiting = [t for t in tickets if t.status == Ticket.Status.WAITING]
    for ticket in waiting[1:]:
        ticket.needs_reason = True
    bookings = list(AssistedVisit.objects.visible_to(user).on_day(department, today).with_related())
    for booking in bookings:
        booking.shown_name, _phone = _masked(booking.customer_name)
    return render(
        request,
        "visits/queue.html",
        {
            "department": department,
            "departments": visible_departments(user).active(),
            "can_log": may(user, "log", department),
            "can_handle": may(user, "handle", department),
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
    return get_object_or_404(
        Ticket.objects.visible_to(request.user),
        pk=form.cleaned_data["ticket"],
        department=department,
    )


def _queue_action(request, department, action: str, now: dt.datetime) -> None:
    if action == "take":
        form = forms.TakeNumberForm(request.POST)
        purpose = form.cleaned_data["purpose"] if form.is_valid() else ""
        ticket = services.ticket_take(
            department=department, by=request.user, at=now, purpose=purpose
        )
        messages.success(request, _("Number %(number)s issued.") % {"number": ticket.number})
        return
    if action == "call_next":
        ticket = services.ticket_call_next(department=department, by=request.user, at=now)
        messages.success(request, _("Calling number %(number)s.") % {"number": ticket.number})
    elif action == "call":
        form = forms.CallForm(request.POST)
        form.is_valid()
        ticket = services.ticket_call(
            ticket=_ticket(department, request),
            by=request.user,
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
            by=request.user,
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
            by=request.user,
            at=now,
            greeted=form.cleaned_data.get("greeted", False),
            greeted_first=form.cleaned_data.get("greeted_first", False),
            asked_further=form.cleaned_data.get("asked_further", False),
        )
        messages.success(request, _("Number %(number)s is done.") % {"number": ticket.number})
    elif action == "leave":
        ticket = services.ticket_leave(ticket=_ticket(department, request), by=request.user, at=now)
        messages.success(
            request, _("Number %(number)s left without service.") % {"number": ticket.number}
        )


# -- Absent staff (V4) ---------------------------------------------------------------------


@login_required
@permission_required("visits.view_absencememo", raise_exception=True)
def memos(request):
    user = request.user
    form = forms.AbsenceMemoForm(user=user)
    if request.method == "POST":
        if not user.has_perm("visits.add_absencememo"):
            raise PermissionDenied
        form = forms.AbsenceMemoForm(request.POST, user=user)
        if form.is_valid():
            try:
                services.absence_memo_create(by=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The memo is recorded."))
                return redirect("visits:memos")
    rows = list(AbsenceMemo.objects.visible_to(user).with_related()[:50])
    for memo in rows:
        memo.shown_name, memo.shown_phone = _masked(memo.customer_name, memo.customer_phone)
        memo.can_handle = may(user, "handle", memo.department_id)
    return render(
        request,
        "visits/memos.html",
        {
            "form": form,
            "can_log": may(user, "log") and user.has_perm("visits.add_absencememo"),
            "memos": rows,
            "now": timezone.now(),
        },
    )


@login_required
@permission_required("visits.view_absencememo", raise_exception=True)
def memo_detail(request, pk: int):
    """One memo: the customer's name and number in full for staff of its department, to call
    them back (the opening is recorded)."""
    memo = get_object_or_404(AbsenceMemo.objects.visible_to(request.user).with_related(), pk=pk)
    shown_name, shown_phone = _shown(request, memo, "customer_name", "customer_phone")
    return render(
        request,
        "visits/memo_detail.html",
        {
            "memo": memo,
            "shown_name": shown_name,
            "shown_phone": shown_phone,
            "can_handle": may(request.user, "handle", memo.department_id),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
@permission_required("visits.change_absencememo", raise_exception=True)
def memo_contact(request):
    form = forms.ContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a memo."))
        return redirect("visits:memos")
    memo = get_object_or_404(
        AbsenceMemo.objects.visible_to(request.user), pk=form.cleaned_data["memo"]
    )
    try:
        services.absence_memo_contact(memo=memo, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The contact is recorded."))
    if request.POST.get("next") == "detail":
        return redirect("visits:memo_detail", pk=memo.pk)
    return redirect("visits:memos")


# -- Assisted visits (V6) ------------------------------------------------------------------


@login_required
@permission_required("visits.view_assistedvisit", raise_exception=True)
def assisted(request):
    user = request.user
    form = forms.AssistedVisitForm(user=user)
    if request.method == "POST":
        if not user.has_perm("visits.add_assistedvisit"):
            raise PermissionDenied
        form = forms.AssistedVisitForm(request.POST, user=user)
        if form.is_valid():
            try:
                services.assisted_visit_create(by=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The assisted visit is booked."))
                return redirect("visits:assisted")
    now = timezone.now()
    rows = list(
        AssistedVisit.objects.visible_to(user)
        .with_related()
        .filter(booked_at__gte=now - dt.timedelta(days=14))
        .order_by("booked_at")[:100]
    )
    assignable = _assignable_staff(user) if may(user, "handle") else {}
    for visit in rows:
        visit.shown_name, visit.shown_phone = _masked(visit.customer_name, visit.customer_phone)
        visit.assign_staff = assignable.get(visit.department_id, [])
    return render(
        request,
        "visits/assisted.html",
        {
            "form": form,
            "can_log": may(user, "log") and user.has_perm("visits.add_assistedvisit"),
            "visits": rows,
            "now": now,
        },
    )


@login_required
@permission_required("visits.view_assistedvisit", raise_exception=True)
def assisted_detail(request, pk: int):
    """One booking: the customer's name and number in full for staff of its department, to
    guide them (the opening is recorded)."""
    visit = get_object_or_404(AssistedVisit.objects.visible_to(request.user).with_related(), pk=pk)
    shown_name, shown_phone = _shown(request, visit, "customer_name", "customer_phone")
    can_handle = may(request.user, "handle", visit.department_id)
    return render(
        request,
        "visits/assisted_detail.html",
        {
            "visit": visit,
            "shown_name": shown_name,
            "shown_phone": shown_phone,
            "can_handle": can_handle,
            "assign_staff": (
                _assignable_staff(request.user).get(visit.department_id, []) if can_handle else []
            ),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
@permission_required("visits.change_assistedvisit", raise_exception=True)
def assisted_assign(request):
    visit_id = request.POST.get("visit", "")
    if not visit_id.isdigit():
        messages.error(request, _("Choose a booking."))
        return redirect("visits:assisted")
    visit = get_object_or_404(AssistedVisit.objects.visible_to(request.user), pk=visit_id)
    form = forms.AssignForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.assisted_visit_assign(
                visit=visit, staff=form.cleaned_data["staff"], by=request.user
            )
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("The dedicated staff member is assigned."))
    else:
        messages.error(request, _("Choose the dedicated staff member."))
    if request.POST.get("next") == "detail":
        return redirect("visits:assisted_detail", pk=visit.pk)
    return redirect("visits:assisted")


# -- Field visits (S1–S4) ------------------------------------------------------------------


@login_required
@permission_required("visits.view_fieldvisit", raise_exception=True)
def field_list(request):
    staff = scope_of(request.user).staff
    visits = FieldVisit.objects.visible_to(request.user).with_related()
    mine = request.GET.get("mine") == "1" and staff is not None
    if mine:
        visits = visits.of_staff(staff)
    return render(
        request,
        "visits/field_list.html",
        {
            "visits": list(visits[:100]),
            "mine": mine,
            "can_log": may(request.user, "log") and request.user.has_perm("visits.add_fieldvisit"),
            "now": timezone.now(),
        },
    )


@login_required
@permission_required("visits.add_fieldvisit", raise_exception=True)
def field_create(request):
    user = request.user
    own = scope_of(user).staff
    form = forms.FieldVisitForm(initial={"staff": own.pk if own else None}, user=user)
    if request.method == "POST":
        form = forms.FieldVisitForm(request.POST, user=user)
        if form.is_valid():
            try:
                visit = services.field_visit_create(by=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The visit is planned."))
                return redirect("visits:field_detail", pk=visit.pk)
    return render(request, "visits/field_form.html", {"form": form})


@login_required
@permission_required("visits.view_fieldvisit", raise_exception=True)
def field_detail(request, pk: int):
    user = request.user
    visit = get_object_or_404(FieldVisit.objects.visible_to(user).with_related(), pk=pk)
    now_local = timezone.now().astimezone(SEOUL).replace(second=0, microsecond=0, tzinfo=None)
    notice_form = forms.NoticeForm(initial={"notified_at": now_local}, prefix="notice")
    consent_form = forms.ConsentForm(initial={"consented_at": now_local}, prefix="consent")
    record_form = forms.VisitRecordForm(
        initial={"arrived_at": visit.scheduled_at.astimezone(SEOUL).replace(tzinfo=None)},
        prefix="record",
    )
    if request.method == "POST":
        if not user.has_perm("visits.change_fieldvisit"):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "notice":
                notice_form = forms.NoticeForm(request.POST, prefix="notice")
                if notice_form.is_valid():
                    services.field_visit_record_notice(
                        visit=visit, by=user, **notice_form.cleaned_data
                    )
                    messages.success(request, _("The notice is recorded."))
                    return redirect("visits:field_detail", pk=visit.pk)
            elif action == "consent":
                consent_form = forms.ConsentForm(request.POST, prefix="consent")
                if consent_form.is_valid():
                    services.field_visit_record_consent(
                        visit=visit, by=user, **consent_form.cleaned_data
                    )
                    messages.success(request, _("The consent is recorded."))
                    return redirect("visits:field_detail", pk=visit.pk)
            elif action == "record":
                record_form = forms.VisitRecordForm(request.POST, prefix="record")
                if record_form.is_valid():
                    services.field_visit_record(visit=visit, by=user, **record_form.cleaned_data)
                    messages.success(request, _("The visit is recorded."))
                    return redirect("visits:field_detail", pk=visit.pk)
            else:
                messages.error(request, _("Unknown action."))
                return redirect("visits:field_detail", pk=visit.pk)
        except ValidationError as error:
            target = {"notice": notice_form, "consent": consent_form}.get(action, record_form)
            add_service_errors(target, error)
    shown_name, shown_phone = _shown(request, visit, "contact_name", "contact_phone")
    return render(
        request,
        "visits/field_detail.html",
        {
            "visit": visit,
            "notice_form": notice_form,
            "consent_form": consent_form,
            "record_form": record_form,
            "can_handle": may(user, "handle", visit.department_id),
            "shown_contact": (shown_name, shown_phone),
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
