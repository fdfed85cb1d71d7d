"""What the calls app measures (P1–P6) and the pages it adds; read by charter.registry."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from charter.registry import Measure, NavEntry, Section

LOG = "calls.services.call_log"
CALLBACK_OPEN = "calls.services.callback_open"
CALLBACK_ANSWER = "calls.services.callback_answer"

SECTION = Section(
    app="calls",
    label=pgettext_lazy("menu", "Phone"),
    url_prefix="calls/",
    order=10,
    measures=(
        Measure("P1", "calls.Call", LOG, LOG),
        Measure("P2", "calls.Call", LOG, LOG),
        Measure("P3", "calls.Call", LOG, LOG),
        Measure("P4", "calls.Callback", CALLBACK_OPEN, CALLBACK_ANSWER),
        Measure("P5", "calls.Call", LOG, LOG),
        Measure("P6", "calls.Callback", CALLBACK_ANSWER, CALLBACK_ANSWER),
    ),
    nav=(
        NavEntry("calls:log", _("Log a call"), ("calls.add_call",)),
        NavEntry("calls:callbacks", _("My callbacks"), ("calls.view_callback",)),
        NavEntry("calls:today", _("Today's calls"), ("calls.view_call",)),
    ),
    home_panel="calls/home_panel.html",
    demo="calls.demo.seed_demo",
)
