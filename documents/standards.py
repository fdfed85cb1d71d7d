"""What the documents app measures (D1–D4) and the pages it adds; read by charter.registry."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from charter.registry import Measure, NavEntry, Section

S = "documents.services."
INCOMPLETE = S + "document_mark_incomplete"

SECTION = Section(
    app="documents",
    label=pgettext_lazy("menu", "Documents"),
    url_prefix="documents/",
    order=30,
    measures=(
        Measure("D1", "documents.InboxDay", S + "inbox_day_open", S + "inbox_check_record"),
        Measure("D2", "documents.ReceivedDocument", S + "document_confirm", S + "notice_send"),
        Measure("D3", "documents.ReceivedDocument", INCOMPLETE, INCOMPLETE),
        Measure("D4", "documents.ReceivedDocument", INCOMPLETE, S + "notice_send"),
    ),
    nav=(
        NavEntry("documents:inbox", _("Inbox checks"), ("documents.view_inboxcheck",)),
        NavEntry("documents:list", _("Received documents"), ("documents.view_receiveddocument",)),
    ),
    home_panel="documents/home_panel.html",
    demo="documents.demo.seed_demo",
)
