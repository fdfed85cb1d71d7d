"""What the visits app measures (V1–V7, S1–S4) and the pages it adds; read by charter.registry."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from charter.registry import Measure, NavEntry, Section

S = "visits.services."
DIRECTORY = S + "directory_check"
COMPLETE = S + "ticket_complete"
FIELD_RECORD = S + "field_visit_record"

SECTION = Section(
    app="visits",
    label=pgettext_lazy("menu", "Visits"),
    url_prefix="visits/",
    order=20,
    measures=(
        Measure("V1", "charter.StaffMember", DIRECTORY, DIRECTORY),
        Measure("V2", "visits.Ticket", COMPLETE, COMPLETE),
        Measure("V3", "visits.Ticket", COMPLETE, COMPLETE),
        Measure("V4", "visits.AbsenceMemo", S + "absence_memo_create", S + "absence_memo_contact"),
        Measure("V5", "visits.Ticket", S + "ticket_serve", COMPLETE),
        Measure(
            "V6", "visits.AssistedVisit", S + "assisted_visit_create", S + "assisted_visit_assign"
        ),
        Measure("V7", "visits.Ticket", COMPLETE, COMPLETE),
        Measure(
            "S1", "visits.FieldVisit", S + "field_visit_create", S + "field_visit_record_consent"
        ),
        Measure("S2", "visits.FieldVisit", FIELD_RECORD, FIELD_RECORD),
        Measure("S3", "visits.FieldVisit", FIELD_RECORD, FIELD_RECORD),
        Measure("S4", "visits.FieldVisit", FIELD_RECORD, FIELD_RECORD),
    ),
    nav=(
        NavEntry("visits:queue_home", _("Reception"), ("visits.view_ticket",)),
        NavEntry("visits:memos", _("Absent staff"), ("visits.view_absencememo",)),
        NavEntry("visits:assisted", _("Assisted visits"), ("visits.view_assistedvisit",)),
        NavEntry("visits:field_list", _("Field visits"), ("visits.view_fieldvisit",)),
        NavEntry("visits:directory", _("Staff directory")),
    ),
    public_nav=(NavEntry("visits:directory", _("Staff directory")),),
    home_panel="visits/home_panel.html",
    demo="visits.demo.seed_demo",
)
