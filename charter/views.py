from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .models import Obligation, Section


@login_required
def home(request):
    staff = getattr(request.user, "staff_member", None)
    obligations = []
    if staff is not None:
        obligations = list(
            Obligation.objects.open().of_staff(staff).with_related().order_by("due_at")[:50]
        )
    return render(
        request,
        "charter/home.html",
        {"staff": staff, "obligations": obligations, "now": timezone.now()},
    )


def charter_page(request):
    sections = Section.objects.prefetch_related("standards")
    return render(request, "charter/charter.html", {"sections": sections})
