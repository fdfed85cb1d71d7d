"""What the corrections app measures (C1, C2) and the pages it adds; read by charter.registry."""

from django.utils.translation import pgettext_lazy

from charter.registry import Measure, NavEntry, Section

S = "corrections.services."

SECTION = Section(
    app="corrections",
    label=pgettext_lazy("menu", "Corrections"),
    url_prefix="corrections/",
    order=50,
    measures=(
        Measure(
            "C1",
            "corrections.ServiceCorrection",
            S + "service_correction_report",
            S + "service_correction_correct",
        ),
        Measure(
            "C2",
            "corrections.HandlingDefect",
            S + "handling_defect_report",
            S + "handling_defect_notify",
        ),
    ),
    nav=(
        NavEntry(
            "corrections:list",
            pgettext_lazy("corrections", "Corrections"),
            ("corrections.view_servicecorrection", "corrections.view_handlingdefect"),
        ),
    ),
    home_panel="corrections/home_panel.html",
    demo="corrections.demo.seed_demo",
)
