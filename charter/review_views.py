"""The review queue page: the breaches of the manager's departments not yet reviewed; each
is noted (a review note) or waived with a reason, and leaves the queue."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import review, services
from .exports import prefetch_subjects
from .forms import add_service_errors
from .models import Obligation

PAGE_SIZE = 20  # each breach is a card with its form: 20 keep the page short enough to work through


class ReviewForm(forms.Form):
    # The two submit buttons carry the action (name "<prefix>-action").
    action = forms.ChoiceField(choices=[("review", "review"), ("waive", "waive")], required=False)
    note = forms.CharField(
        label=gettext_lazy("Review note or reason for waiving"),
        max_length=review.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _page(request, errors=None, status=200):
    rows = review.review_queue(request.user).with_related()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    prefetch_subjects(page.object_list)
    for obligation in page.object_list:
        form = (errors or {}).get(obligation.pk)
        obligation.review_form = form or ReviewForm(prefix=f"o{obligation.pk}")
    return render(request, "charter/review.html", {"page": page}, status=status)


@login_required
@permission_required("charter.waive_obligation", raise_exception=True)
def queue(request):
    return _page(request)


@require_POST
@login_required
@permission_required("charter.waive_obligation", raise_exception=True)
def act(request, pk):
    obligation = get_object_or_404(Obligation.objects.visible_to(request.user), pk=pk)
    form = ReviewForm(request.POST, prefix=f"o{pk}")
    if form.is_valid():
        action, note = form.cleaned_data["action"] or "review", form.cleaned_data["note"]
        try:
            if action == "waive":
                services.obligation_waive(obligation=obligation, by=request.user, reason=note)
            else:
                review.obligation_review(obligation=obligation, by=request.user, note=note)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "reason" in error.error_dict:
                error = ValidationError({"note": error.error_dict["reason"]})
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                (_("#%(pk)s waived.") if action == "waive" else _("#%(pk)s reviewed."))
                % {"pk": pk},
            )
            return redirect("charter:dashboard-review")
    return _page(request, errors={obligation.pk: form}, status=400)
