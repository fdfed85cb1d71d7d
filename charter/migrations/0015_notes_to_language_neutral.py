"""Existing notes and recompute reasons written in the language of the request that created
them become language-neutral (charter.texts): each is matched against the message ids the
services now store, in English and in Korean, and its parameters are kept. A note that matches
none (typed by a person, or from an older wording) stays as free text."""

import re

from django.db import migrations
from django.utils import translation

NOTES = [
    "No. %(number)s called before No. %(skipped)s; priority: %(reason)s",
    "No. %(number)s called before No. %(skipped)s without a priority reason",
    "No. %(number)s called in arrival order",
    "No. %(number)s: no estimated processing time was given",
    "No. %(number)s: done by the estimate, %(time)s",
    "Reception No. %(number)s",
    "Handled by a colleague (%(name)s) for %(absent)s",
    "Contact the customer about: %(matter)s",
    "Assign a dedicated staff member for the visit at %(time)s",
    "Notice and consent before visiting %(company)s",
    "Arrived %(minutes)s minute(s) after the appointment",
    "ID shown before working",
    "Results explained on site",
    "Business card left",
    "Asked for other questions and closed politely",
    "Directory: photo and seat for %(name)s",
    "Award rules: %(title)s",
    "Awards: %(title)s",
]
# Before: "<defect>: " + "notify the customer" (two pieces, in the request's language).
DEFECT_NOTICE = "%(defect)s: notify the customer"
REASONS = ["Calendar “%(name)s” changed"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(template: str) -> re.Pattern:
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        parts.append(f"(?P<{match.group(1)}>.+?)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


def _patterns(msgids):
    found = []
    for msgid in msgids:
        with translation.override("ko"):
            korean = translation.gettext(msgid)
        for template in {msgid, korean}:
            found.append((msgid, _pattern(template)))
    return found


def _match(text, patterns):
    for msgid, pattern in patterns:
        match = pattern.match(text)
        if match:
            return {"msgid": msgid, "params": match.groupdict()}
    return None


def forwards(apps, schema_editor):
    Obligation = apps.get_model("charter", "Obligation")
    ObligationEvent = apps.get_model("charter", "ObligationEvent")
    notes = _patterns(NOTES)
    with translation.override("ko"):
        tails = {translation.gettext("notify the customer"), "notify the customer"}
    defect = [(DEFECT_NOTICE, re.compile(rf"^(?P<defect>.+?): {re.escape(t)}$")) for t in tails]
    changed = []
    for obligation in Obligation.objects.exclude(note="").filter(note_data={}).iterator():
        data = _match(obligation.note, notes) or _match(obligation.note, defect)
        if data:
            obligation.note_data, obligation.note = data, ""
            changed.append(obligation)
        if len(changed) >= 1000:
            Obligation.objects.bulk_update(changed, ["note", "note_data"])
            changed = []
    Obligation.objects.bulk_update(changed, ["note", "note_data"])
    reasons = _patterns(REASONS)
    events = []
    for event in ObligationEvent.objects.filter(kind="recompute").exclude(reason="").iterator():
        data = _match(event.reason, reasons)
        if data:
            event.reason_data, event.reason = data, ""
            events.append(event)
    ObligationEvent.objects.bulk_update(events, ["reason", "reason_data"], batch_size=1000)


def backwards(apps, schema_editor):
    """Back to stored text, in Korean (the default language)."""
    Obligation = apps.get_model("charter", "Obligation")
    ObligationEvent = apps.get_model("charter", "ObligationEvent")
    with translation.override("ko"):
        for obligation in Obligation.objects.exclude(note_data={}).iterator():
            data = obligation.note_data
            obligation.note = (translation.gettext(data["msgid"]) % data["params"])[:300]
            obligation.save(update_fields=["note"])
        for event in ObligationEvent.objects.exclude(reason_data={}).iterator():
            data = event.reason_data
            event.reason = translation.gettext(data["msgid"]) % data["params"]
            event.save(update_fields=["reason"])


class Migration(migrations.Migration):
    dependencies = [("charter", "0014_language_neutral_notes")]

    operations = [migrations.RunPython(forwards, backwards)]
