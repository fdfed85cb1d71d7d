"""A staff member's notifications (`/notices/`): newest first, each linking to its obligation,
marked read one by one or all at once; and their e-mail setting (`/notices/settings/`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from . import services
from .models import Notification, NotificationPreference

PAGE_SIZE = 30


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email"]
        labels = {"email": gettext_lazy("Send me these notifications by e-mail too")}


@login_required
def notification_list(request):
    rows = (
        Notification.objects.visible_to(request.user)
        .select_related("obligation__standard", "obligation__department")
        .order_by("-created_at", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    """POST `id` (one of mine) or `all`; back to the list (the same page)."""
    if "all" in request.POST:
        ids = None
    else:
        try:
            ids = [int(request.POST.get("id", ""))]
        except ValueError:
            messages.error(request, _("Choose a notification."))
            return redirect("notices:list")
    count = services.notification_mark_read(user=request.user, notification_ids=ids)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    page = request.POST.get("page", "")
    query = f"?page={page}" if page.isdigit() else ""
    return redirect(reverse("notices:list") + query)


@login_required
def preference(request):
    current = NotificationPreference.objects.filter(user=request.user).first()
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        instance=current or NotificationPreference(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.notification_preference_set(user=request.user, email=form.cleaned_data["email"])
        if form.cleaned_data["email"]:
            messages.success(request, _("You will receive these e-mails."))
        else:
            messages.success(
                request, _("E-mails are off. Your notifications still appear in the list.")
            )
        return redirect("notices:settings")
    return render(request, "notices/settings.html", {"form": form})
