"""Default warning windows: 15 minutes before a one-hour or half-hour deadline, two hours before
a day-long one, a day before a week-long one."""

from django.db import migrations

WINDOWS = {
    "P4": 15, "D2": 15, "V4": 30, "V6": 60, "S1": 60, "D4": 120, "C2": 120,
    "F1": 1440, "F2": 1440, "F3": 1440, "F4": 1440, "C1": 1440,
}


def forwards(apps, schema_editor):
    Standard = apps.get_model("charter", "Standard")
    for code, minutes in WINDOWS.items():
        Standard.objects.filter(code=code).update(warn_before=minutes)


class Migration(migrations.Migration):
    dependencies = [("charter", "0008_warnings_and_notifications")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
