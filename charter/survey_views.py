"""The satisfaction survey's pages (charter.survey): the answer posted from `/charter/` and the
one-question page a reply's link opens. Public, no log-in; every answer goes through
`survey.satisfaction_record`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import survey
from .forms import add_service_errors
from .models import SatisfactionResponse, Section


def charter_context(form=None) -> dict:
    """What `/charter/` shows: the standards and the survey's question."""
    return {
        "sections": Section.objects.prefetch_related("standards"),
        "survey_form": form or survey.SatisfactionForm(auto_id="survey_%s"),
    }


@never_cache
@require_POST
def charter_answer(request):
    """The public page's answer: stored, thanked (PRG), limited per client like the opinion
    form; a missing answer is the page again with the message, nothing stored."""
    if not survey.public_answer_allowed(request):
        return render(request, "charter/too_many.html", status=429)
    form = survey.SatisfactionForm(request.POST, auto_id="survey_%s")
    if form.is_valid():
        try:
            survey.satisfaction_record(
                score=form.cleaned_data["score"], source=SatisfactionResponse.Source.CHARTER
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("charter:charter")  # the thanks shows at the top
    return render(request, "charter/charter.html", charter_context(form), status=400)


@never_cache
def reply_answer(request, token):
    """The one-question page of a reply's link: asked once; an altered or expired link is a
    page that says so (400)."""
    try:
        answered = survey.token_answered(token)
    except survey.InvalidToken:
        return render(request, "charter/satisfaction_invalid.html", status=400)
    form = survey.SatisfactionForm(request.POST or None, auto_id="survey_%s")
    form.fields["score"].label = survey.REPLY_QUESTION
    status = 200
    if request.method == "POST":
        if answered:
            messages.info(request, _("This answer was already recorded. Thank you."))
            return redirect(request.path)
        if form.is_valid():
            try:
                survey.satisfaction_record(
                    score=form.cleaned_data["score"],
                    source=SatisfactionResponse.Source.REPLY,
                    token=token,
                )
            except survey.InvalidToken:
                return render(request, "charter/satisfaction_invalid.html", status=400)
            except ValidationError as error:
                if any(e.code == "answered" for e in error.error_dict.get("score", [])):
                    messages.info(request, _("This answer was already recorded. Thank you."))
                    return redirect(request.path)
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Thank you for your answer."))
                return redirect(request.path)
        else:
            status = 400
    return render(
        request, "charter/satisfaction.html", {"form": form, "answered": answered}, status=status
    )
