"""Pages: the public submission and tracking pages, the staff lists and detail with actions,
and contests. Thin: forms validate, feedback.services decide and write.

Staff pages read through `visible_to(request.user)` (charter.scope): another department's item
or contest is a 404. Lists show customers masked; one item's page shows its customer in full to
staff of its department, and that opening is recorded (charter.access.reveal). The public
pages (submit, submitted, track) need no login and are not scoped: a citizen sees their own
submission with its tracking number and the contact they gave."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from charter.access import reveal
from charter.forms import add_service_errors
from charter.models import Obligation
from charter.privacy import mask_email, mask_name, mask_phone
from charter.scope import may, visible_departments

from . import ratelimit, services
from .forms import (
    AssignForm,
    AwardsForm,
    CauseForm,
    ContestForm,
    CorrectiveForm,
    PublicSubmitForm,
    ReceiveForm,
    ReplyForm,
    RulesForm,
    TrackForm,
)
from .models import Contest, Feedback, ReplyChannel

SUBMITTED_KEY = "feedback_submitted"


CUSTOMER_FIELDS = ("customer_name", "customer_phone", "customer_email")


def customer_of(feedback: Feedback, *, full: bool = False) -> dict:
    """The customer's name and contact: masked unless `full` (see charter.access.reveal)."""
    if full:
        return {
            "name": feedback.customer_name,
            "phone": feedback.customer_phone,
            "email": feedback.customer_email,
        }
    return {
        "name": mask_name(feedback.customer_name),
        "phone": mask_phone(feedback.customer_phone),
        "email": mask_email(feedback.customer_email),
    }


# -- Public pages (no login) --------------------------------------------------------------


@never_cache
def submit(request):
    form = PublicSubmitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.hit(request, "submit"):
            return render(request, "feedback/too_many.html", status=429)
        if form.is_robot:
            form.is_valid()  # nothing is stored; the form comes back as it was typed
            form.add_error(None, _("Your submission could not be accepted. Please try again."))
            status = 400
        elif form.is_valid():
            data = form.cleaned_data
            try:
                feedback = services.feedback_submit(
                    kind=data["kind"],
                    department=data["department"],
                    title=data["title"],
                    text=data["text"],
                    customer_name=data["customer_name"],
                    customer_phone=data["customer_phone"],
                    customer_email=data["customer_email"],
                    consent=data["consent"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                request.session[SUBMITTED_KEY] = feedback.tracking_number
                return redirect("feedback:submitted")
        else:
            status = 400
    return render(request, "feedback/submit.html", {"form": form}, status=status)


@never_cache
def submitted(request):
    number = request.session.get(SUBMITTED_KEY)
    if not number:
        return redirect("feedback:submit")
    return render(request, "feedback/submitted.html", {"number": number})


@never_cache
def track(request):
    """The public tracking page. The form posts (with its CSRF token) and the answer is the
    POST's own response, not a redirect: Post/Redirect/Get would put the contact in the next
    address (written to access logs) or in the session (a stored copy of it for every anonymous
    visitor, outside the retention purge). A number or a contact in the address is not read:
    the page sends the visitor to its plain address, so that no link on it (the language
    switch's "next") carries them on. Never cached; a wrong number and a wrong contact give the
    same 404 page; rate-limited."""
    if request.method != "POST" and {"number", "contact"} & request.GET.keys():
        return redirect("feedback:track")
    form = TrackForm(request.POST or None)
    context = {"form": form}
    status = 200
    if request.method == "POST":
        if not ratelimit.hit(request, "track"):
            return render(request, "feedback/too_many.html", status=429)
        feedback = None
        if form.is_valid():
            feedback = services.feedback_track(
                number=form.cleaned_data["number"], contact=form.cleaned_data["contact"]
            )
        if feedback is None:
            context["not_found"] = form.is_valid()
            status = 404 if form.is_valid() else 400
        else:
            context["feedback"] = feedback
            context["replies"] = list(feedback.replies.in_order())
            # The promised date of the next answer (F1/F3), not "within a week".
            context["next_due_at"] = (
                Feedback.objects.with_next_due()
                .filter(pk=feedback.pk)
                .values_list("next_due_at", flat=True)
                .first()
            )
    return render(request, "feedback/track.html", context, status=status)


# -- Staff pages --------------------------------------------------------------------------


@login_required
@permission_required("feedback.view_feedback", raise_exception=True)
def feedback_list(request):
    staff = getattr(request.user, "staff_member", None)
    departments = list(visible_departments(request.user).filter(active=True))
    chosen = request.GET.get("department", "")
    if chosen == "" and staff is not None:
        chosen = str(staff.department_id)
    items = Feedback.objects.visible_to(request.user).with_related().with_next_due()
    if chosen != "all" and chosen.isdigit():
        items = items.in_department(int(chosen))
    kind = request.GET.get("kind", "")
    if kind in Feedback.Kind.values:
        items = items.filter(kind=kind)
    state = request.GET.get("state", "open")
    if state == "open":
        items = items.open()
    elif state == "closed":
        items = items.filter(status=Feedback.Status.CLOSED)
    if state == "open":
        items = items.order_by(F("next_due_at").asc(nulls_last=True), "-received_at")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [{"item": item, "customer": customer_of(item)} for item in page]
    return render(
        request,
        "feedback/list.html",
        {
            "page": page,
            "rows": rows,
            "now": now,
            "departments": departments,
            "chosen": chosen,
            "kind": kind,
            "state": state,
            "kinds": Feedback.Kind.choices,
        },
    )


@login_required
@permission_required("feedback.add_feedback", raise_exception=True)
def feedback_new(request):
    staff = getattr(request.user, "staff_member", None)
    initial = {"received_at": timezone.localtime().replace(second=0, microsecond=0)}
    if staff is not None:
        initial.update(department=staff.department, assignee=staff)
    form = ReceiveForm(request.POST or None, initial=initial, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback = services.feedback_receive(by=request.user, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("feedback:detail", pk=feedback.pk)
        status = 400
    return render(request, "feedback/new.html", {"form": form}, status=status)


def _forms(request, feedback: Feedback, data=None) -> dict:
    user, department = request.user, feedback.department_id
    return {
        "assign_form": AssignForm(
            data,
            initial={"department": None, "assignee": feedback.assignee},
            user=user,
            feedback=feedback,
        ),
        "cause_form": CauseForm(data, initial={"cause": feedback.cause or None}),
        "reply_form": ReplyForm(
            data,
            initial={
                "kind": "progress"
                if feedback.is_complaint and not feedback.replies.exists()
                else "result",
                "channel": "email" if feedback.customer_email else "sms",
            },
            user=user,
            department=department,
        ),
        "corrective_form": CorrectiveForm(
            data,
            initial={"channel": "email" if feedback.customer_email else "sms"},
            user=user,
            department=department,
        ),
    }


def _detail(request, feedback: Feedback, *, status=200, **forms):
    staff = getattr(request.user, "staff_member", None)
    user, department = request.user, feedback.department_id
    defaults = _forms(request, feedback)
    defaults.update(forms)
    obligations = (
        Obligation.objects.visible_to(user).for_subject(feedback).with_related().order_by("due_at")
    )
    full = not feedback.purged_at and reveal(request, feedback, CUSTOMER_FIELDS)
    return render(
        request,
        "feedback/detail.html",
        {
            "feedback": feedback,
            "customer": customer_of(feedback, full=full),
            "replies": feedback.replies.select_related("sent_by", "sent_by__staff_member"),
            "obligations": obligations,
            "now": timezone.now(),
            "staff": staff,
            "can_handle": may(user, "handle", department),
            "can_hand_over": may(user, "hand_over", department),
            **defaults,
        },
        status=status,
    )


def _get(request, pk) -> Feedback:
    return get_object_or_404(Feedback.objects.visible_to(request.user).with_related(), pk=pk)


@login_required
@permission_required("feedback.view_feedback", raise_exception=True)
def feedback_detail(request, pk):
    return _detail(request, _get(request, pk))


def _action(request, pk, form_name, call, done=None):
    """Validate `form_name`, run the service; on success a confirmation (`done(data)`)."""
    feedback = _get(request, pk)
    form = _forms(request, feedback, request.POST)[form_name]
    if form.is_valid():
        try:
            call(feedback, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if done is not None:
                messages.success(request, done(form.cleaned_data))
            return _after(request, feedback)
    return _detail(request, feedback, status=400, **{form_name: form})


def _after(request, feedback: Feedback):
    """Back to the item's page, or to the list once it was handed over out of sight."""
    if Feedback.objects.visible_to(request.user).filter(pk=feedback.pk).exists():
        return redirect("feedback:detail", pk=feedback.pk)
    messages.success(
        request,
        _("%(number)s was handed over to %(department)s.")
        % {"number": feedback.tracking_number, "department": feedback.department.name},
    )
    return redirect("feedback:list")


@require_POST
@login_required
@permission_required("feedback.change_feedback", raise_exception=True)
def feedback_assign(request, pk):
    return _action(
        request,
        pk,
        "assign_form",
        lambda fb, data: services.feedback_assign(feedback=fb, by=request.user, **data),
        lambda data: _("Saved the assignment."),
    )


@require_POST
@login_required
@permission_required("feedback.change_feedback", raise_exception=True)
def feedback_cause(request, pk):
    return _action(
        request,
        pk,
        "cause_form",
        lambda fb, data: services.complaint_record_cause(
            feedback=fb, cause=data["cause"], by=request.user
        ),
        lambda data: _("Recorded the cause."),
    )


@require_POST
@login_required
@permission_required("feedback.add_reply", raise_exception=True)
def feedback_reply(request, pk):
    return _action(
        request,
        pk,
        "reply_form",
        lambda fb, data: services.feedback_reply(feedback=fb, by=request.user, **data),
        _reply_done,
    )


def _reply_done(data) -> str:
    if data["channel"] in (ReplyChannel.SMS, ReplyChannel.EMAIL):
        return _("The reply is on its way to the customer (%(channel)s).") % {
            "channel": ReplyChannel(data["channel"]).label
        }
    return _("Recorded the reply given by %(channel)s.") % {
        "channel": ReplyChannel(data["channel"]).label
    }


@require_POST
@login_required
@permission_required("feedback.add_reply", raise_exception=True)
def feedback_corrective(request, pk):
    return _action(
        request,
        pk,
        "corrective_form",
        lambda fb, data: services.complaint_record_corrective_action(
            feedback=fb, by=request.user, **data
        ),
        lambda data: _("Recorded the corrective action."),
    )


# -- Contests -----------------------------------------------------------------------------


@login_required
@permission_required("feedback.view_contest", raise_exception=True)
def contest_list(request):
    contests = (
        Contest.objects.visible_to(request.user)
        .with_related()
        .select_related("rules_obligation", "awards_obligation")
    )
    return render(
        request, "feedback/contest_list.html", {"contests": contests, "now": timezone.now()}
    )


@login_required
@permission_required("feedback.add_contest", raise_exception=True)
def contest_new(request):
    staff = getattr(request.user, "staff_member", None)
    form = ContestForm(
        request.POST or None,
        initial={"department": staff.department if staff else None},
        user=request.user,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                contest = services.contest_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("feedback:contest", pk=contest.pk)
        status = 400
    return render(request, "feedback/contest_new.html", {"form": form}, status=status)


def _contest_page(request, contest, *, status=200, **forms):
    context = {
        "contest": contest,
        "now": timezone.now(),
        "can_handle": may(request.user, "handle", contest.department_id),
        "rules_form": RulesForm(),
        "awards_form": AwardsForm(),
        **forms,
    }
    return render(request, "feedback/contest_detail.html", context, status=status)


def _contest(request, pk) -> Contest:
    return get_object_or_404(
        Contest.objects.visible_to(request.user)
        .with_related()
        .select_related("rules_obligation", "awards_obligation"),
        pk=pk,
    )


@login_required
@permission_required("feedback.view_contest", raise_exception=True)
def contest_detail(request, pk):
    return _contest_page(request, _contest(request, pk))


@require_POST
@login_required
@permission_required("feedback.change_contest", raise_exception=True)
def contest_publish_rules(request, pk):
    contest = _contest(request, pk)
    form = RulesForm(request.POST)
    if form.is_valid():
        try:
            services.contest_publish_rules(
                contest=contest, rules=form.cleaned_data["rules"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("feedback:contest", pk=contest.pk)
    return _contest_page(request, contest, status=400, rules_form=form)


@require_POST
@login_required
@permission_required("feedback.change_contest", raise_exception=True)
def contest_announce_awards(request, pk):
    contest = _contest(request, pk)
    form = AwardsForm(request.POST)
    if form.is_valid():
        try:
            services.contest_announce_awards(
                contest=contest, awards=form.cleaned_data["awards"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("feedback:contest", pk=contest.pk)
    return _contest_page(request, contest, status=400, awards_form=form)
