"""What the feedback app measures (F1–F4) and the pages it adds; read by charter.registry."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from charter.registry import Measure, NavEntry, Section

S = "feedback.services."
RECEIVE = S + "feedback_receive"
REPLY = S + "feedback_reply"

SECTION = Section(
    app="feedback",
    label=pgettext_lazy("menu", "Customer opinions"),
    url_prefix="feedback/",
    order=40,
    measures=(
        Measure("F1", "feedback.Feedback", RECEIVE, REPLY),
        Measure("F2", "feedback.Contest", S + "contest_create", S + "contest_announce_awards"),
        Measure("F3", "feedback.Feedback", RECEIVE, REPLY),
        Measure(
            "F4",
            "feedback.Feedback",
            S + "complaint_record_cause",
            S + "complaint_record_corrective_action",
        ),
    ),
    nav=(
        NavEntry(
            "feedback:list",
            _("Opinions & complaints"),
            ("feedback.view_feedback",),
        ),
        NavEntry("feedback:contests", _("Contests"), ("feedback.view_contest",)),
    ),
    public_nav=(
        NavEntry("feedback:submit", _("Opinions and complaints")),
        NavEntry("feedback:track", _("Track my submission")),
    ),
    home_panel="feedback/home_panel.html",
    demo="feedback.demo.seed_demo",
)
