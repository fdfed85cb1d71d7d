"""The notes of the existing D1 inbox-day obligations, written in Korean whatever the reader
("팩스 2026-12-02"), become language-neutral (charter.texts): the channel's message id and the
day, taken from the inbox day itself. A note that is not of that shape stays as it was."""

import re

from django.db import migrations

NOTES = {"fax": "Fax %(day)s", "email": "E-mail %(day)s", "post": "Post %(day)s"}
OLD_NOTE = re.compile(r"^\S+ \d{4}-\d{2}-\d{2}$")
BATCH = 1000


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Obligation = apps.get_model("charter", "Obligation")
    InboxDay = apps.get_model("documents", "InboxDay")
    kind = ContentType.objects.filter(app_label="documents", model="inboxday").first()
    if kind is None:
        return
    rows = list(
        Obligation.objects.filter(content_type=kind, note_data={})
        .exclude(note="")
        .values_list("id", "object_id", "note")
    )
    for start in range(0, len(rows), BATCH):
        batch = [row for row in rows[start : start + BATCH] if OLD_NOTE.match(row[2])]
        days = {
            pk: (channel, date)
            for pk, channel, date in InboxDay.objects.filter(
                pk__in=[object_id for _pk, object_id, _note in batch]
            ).values_list("pk", "channel", "date")
        }
        changed = [
            Obligation(
                id=pk,
                note="",
                note_data={
                    "msgid": NOTES[days[object_id][0]],
                    "params": {"day": f"{days[object_id][1]:%Y-%m-%d}"},
                },
            )
            for pk, object_id, _note in batch
            if object_id in days and days[object_id][0] in NOTES
        ]
        Obligation.objects.bulk_update(changed, ["note", "note_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_text_bounds"),
        ("charter", "0015_notes_to_language_neutral"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
