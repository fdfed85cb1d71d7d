"""Pages of fax, e-mail and post: thin, the services decide and write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from charter.access import access_record, reveal, source_of
from charter.forms import add_service_errors
from charter.models import Obligation
from charter.privacy import mask_email, mask_name, mask_phone
from charter.scope import may, scope_of, visible_departments
from charter.sms import sms_bytes, sms_kind

from . import services
from .forms import (
    ConfirmForm,
    InboxCheckForm,
    IncompleteForm,
    NoticeForm,
    ReceivedDocumentForm,
)
from .models import SENT_FROM_APP, Channel, InboxCheck, Notice, NoticeChannel, ReceivedDocument

PERSONAL_FIELDS = ("customer_name", "customer_phone", "customer_email")


# -- Inbox checks ------------------------------------------------------------------------


def _inbox_department(request, chosen: str, departments, strict: bool):
    """The department whose inboxes the page shows: the one chosen among those the user sees
    (any other is a 404 when `strict`, else ignored), else the user's own, else the only one
    they see."""
    if chosen:
        department = next((d for d in departments if str(d.pk) == chosen), None)
        if department is not None:
            return department
        if strict:
            raise Http404
    staff = scope_of(request.user).staff
    if staff is not None:
        return staff.department
    return departments[0] if len(departments) == 1 else None


def _inbox_context(request, form=None, chosen="", strict=True):
    user = request.user
    departments = list(visible_departments(user).active().order_by("order", "pk"))
    department = _inbox_department(request, chosen, departments, strict)
    today = timezone.localdate()
    counts = (
        services.inbox_counts(user=user, department=department, day=today) if department else {}
    )
    needed = services.min_checks()
    channels = [(c.value, c.label, counts.get(c.value, 0), needed) for c in Channel]
    checks = []
    if department is not None:
        checks = list(
            InboxCheck.objects.visible_to(user)
            .of_department(department)
            .on_day(today)
            .with_related()[:60]
        )
    return {
        "department": department,
        "departments": departments if len(departments) > 1 else None,
        "can_check": department is not None
        and user.has_perm("documents.add_inboxcheck")
        and may(user, "log", department),
        "channels": channels,
        "checks": checks,
        "form": form or InboxCheckForm(),
        "today": today,
    }


@login_required
@permission_required("documents.view_inboxcheck", raise_exception=True)
def inbox(request):
    chosen = request.GET.get("department", "")
    return render(request, "documents/inbox.html", _inbox_context(request, chosen=chosen))


@require_POST
@login_required
@permission_required("documents.add_inboxcheck", raise_exception=True)
def inbox_check(request):
    form = InboxCheckForm(request.POST)
    if form.is_valid():
        try:
            check = services.inbox_check_record(
                by=request.user,
                channel=form.cleaned_data["channel"],
                department=form.cleaned_data.get("department"),
                checked_at=form.cleaned_data.get("checked_at"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = services.inbox_counts(
                user=request.user,
                department=check.department,
                day=timezone.localtime(check.checked_at).date(),
            )[check.channel]
            messages.success(
                request,
                _("%(channel)s check recorded: %(count)s of %(needed)s today.")
                % {
                    "channel": check.get_channel_display(),
                    "count": count,
                    "needed": services.min_checks(),
                },
            )
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                target = "documents:inbox"
            return redirect(target)
    context = _inbox_context(request, form, chosen=request.POST.get("department", ""), strict=False)
    return render(request, "documents/inbox.html", context, status=400)


# -- Received documents ------------------------------------------------------------------


def _masked(document, visible: bool):
    document.shown_name = document.customer_name if visible else mask_name(document.customer_name)
    document.shown_phone = (
        document.customer_phone if visible else mask_phone(document.customer_phone)
    )
    document.shown_email = (
        document.customer_email if visible else mask_email(document.customer_email)
    )
    return document


@login_required
@permission_required("documents.view_receiveddocument", raise_exception=True)
def document_list(request):
    show = request.GET.get("show", "open")
    if show not in ("open", "today", "all"):
        show = "open"
    documents = ReceivedDocument.objects.visible_to(request.user).with_related()
    if show == "open":
        documents = documents.open()
    elif show == "today":
        documents = documents.received_on(timezone.localdate())
    # Lists always mask customers' personal data; the detail page shows it to staff.
    rows = [_masked(d, False) for d in documents[:200]]
    seen = scope_of(request.user).see
    return render(
        request,
        "documents/document_list.html",
        {
            "documents": rows,
            "show": show,
            "now": timezone.now(),
            # A department column for users who see more than their one department.
            "many_departments": seen is None or len(seen) > 1,
        },
    )


@login_required
@permission_required("documents.add_receiveddocument", raise_exception=True)
def document_new(request):
    form = ReceivedDocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_receive(
                by=request.user,
                department=data.get("department"),
                channel=data["channel"],
                customer_name=data["customer_name"],
                customer_phone=data.get("customer_phone", ""),
                customer_email=data.get("customer_email", ""),
                description=data["description"],
                received_at=data.get("received_at"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The received documents are registered."))
            return redirect("documents:detail", pk=document.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/document_form.html", {"form": form}, status=status)


def _notice_preview(request, document, form):
    data = form.cleaned_data
    staff = getattr(request.user, "staff_member", None)
    body = (
        data.get("body")
        or services.notice_text(document=document, kind=data["kind"], sender=staff)["body"]
    )
    to = data.get("to") or (
        document.customer_phone if data["channel"] == NoticeChannel.SMS else document.customer_email
    )
    sms = data["channel"] == NoticeChannel.SMS
    return render(
        request,
        "documents/notice_confirm.html",
        {
            "document": document,
            "form": form,
            "kind": dict(Notice.Kind.choices)[data["kind"]],
            "channel": dict(NoticeChannel.choices)[data["channel"]],
            "to": mask_phone(to) if sms else mask_email(to),
            "body": body,
            "sms": sms,
            "sms_kind": sms_kind(body) if sms else "",
            "sms_bytes": sms_bytes(body) if sms else 0,
        },
    )


def _detail(request, document, status=200, **forms):
    # Staff of the department see their customer in full here (to call, to write), and that
    # opening is recorded; managers, executives and everyone else see masks.
    visible = reveal(request, document, PERSONAL_FIELDS)
    _masked(document, visible)
    notices = list(document.notices.all())
    for notice in notices:
        notice.shown_to = notice.to if visible else _mask_to(notice)
        notice.shown_body = notice.body if visible else document.masked(notice.body)
    if visible:
        _record_notices_shown(request, notices)
    obligations = list(
        Obligation.objects.visible_to(request.user)
        .for_subject(document)
        .with_related()
        .order_by("id")
    )
    initial_kind = (
        Notice.Kind.DEFICIENCY
        if document.blocked and document.deficiency_notified_at is None
        else Notice.Kind.RECEIPT
    )
    context = {
        "document": document,
        "notices": notices,
        "obligations": obligations,
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "incomplete_form": forms.get("incomplete_form") or IncompleteForm(),
        "notice_form": forms.get("notice_form")
        or NoticeForm(initial={"kind": initial_kind, "channel": "sms"}),
        "visible": visible,
        "can_handle": may(request.user, "handle", document.department_id),
        "now": timezone.now(),
    }
    return render(request, "documents/document_detail.html", context, status=status)


def _record_notices_shown(request, notices) -> None:
    """The notices' recipients and texts, shown unmasked with their document, are recorded
    as opened too."""
    shown = [n for n in notices if n.to or n.body]
    fields = {field for n in shown for field in ("to", "body") if getattr(n, field)}
    if shown:
        access_record(user=request.user, subjects=shown, fields=fields, source=source_of(request))


def _mask_to(notice):
    if "@" in notice.to:
        return mask_email(notice.to)
    if notice.channel in ("sms", "phone"):
        return mask_phone(notice.to)
    return notice.to


def _document(request, pk):
    """The document, if the user sees its department; else a 404 (its existence is not
    revealed)."""
    return get_object_or_404(
        ReceivedDocument.objects.visible_to(request.user)
        .with_related()
        .prefetch_related(Prefetch("notices", queryset=Notice.objects.select_related("sent_by"))),
        pk=pk,
    )


@login_required
@permission_required("documents.view_receiveddocument", raise_exception=True)
def document_detail(request, pk):
    return _detail(request, _document(request, pk))


@require_POST
@login_required
@permission_required("documents.change_receiveddocument", raise_exception=True)
def document_confirm(request, pk):
    document = _document(request, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.document_confirm(
                document=document, by=request.user, at=form.cleaned_data.get("confirmed_at")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Confirmed. Send the receipt notice now."))
            return redirect("documents:detail", pk=pk)
    return _detail(request, document, status=400, confirm_form=form)


@require_POST
@login_required
@permission_required("documents.change_receiveddocument", raise_exception=True)
def document_incomplete(request, pk):
    document = _document(request, pk)
    form = IncompleteForm(request.POST)
    if form.is_valid():
        try:
            services.document_mark_incomplete(
                document=document, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Marked incomplete."))
            return redirect("documents:detail", pk=pk)
    return _detail(request, document, status=400, incomplete_form=form)


@require_POST
@login_required
@permission_required("documents.add_notice", raise_exception=True)
def notice_create(request, pk):
    """A notice the app sends (SMS, e-mail) takes two steps: the form posted first shows the
    text, the recipient and (for SMS) its length as the carrier counts it; only the
    confirmation (`confirm`) sends. A notice already made is recorded in one step."""
    document = _document(request, pk)
    form = NoticeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        sends = data["channel"] in SENT_FROM_APP and data.get("sent_at") is None
        # A notice the service would refuse (documents not confirmed, a deficiency notice for
        # documents not blocked) gets its error at once, not a preview.
        sendable = document.confirmed_at is not None and (
            data["kind"] != Notice.Kind.DEFICIENCY or document.blocked
        )
        if sends and sendable and not request.POST.get("confirm"):
            return _notice_preview(request, document, form)
        try:
            notice = services.notice_send(
                document=document,
                by=request.user,
                kind=data["kind"],
                channel=data["channel"],
                to=data.get("to", ""),
                body=data.get("body", ""),
                sent_at=data.get("sent_at"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if notice.sent_from_app:
                messages.success(request, _("The notice was sent."))
            else:
                messages.success(request, _("The notice was recorded."))
            return redirect("documents:detail", pk=pk)
    return _detail(request, document, status=400, notice_form=form)
