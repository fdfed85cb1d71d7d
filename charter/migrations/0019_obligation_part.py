"""Obligations get the part of their standard they measure (Obligation.Part): "" the standard
itself, "notice" its follow-up. The existing C2 follow-ups ("notify the customer", opened by
corrections.services.handling_defect_correct) become the notice part: by their language-neutral
note, or, for a note a person or an older wording wrote, as a C2 opened after another C2 of the
same subject."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q

DEFECT_NOTICE = "%(defect)s: notify the customer"


def mark_notices(apps, schema_editor):
    Obligation = apps.get_model("charter", "Obligation")
    c2 = Obligation.objects.filter(standard__code="C2")
    earlier = c2.filter(
        content_type_id=OuterRef("content_type_id"),
        object_id=OuterRef("object_id"),
        id__lt=OuterRef("id"),
    )
    c2.filter(Q(note_data__msgid=DEFECT_NOTICE) | Q(Exists(earlier))).update(part="notice")


def unmark_notices(apps, schema_editor):
    apps.get_model("charter", "Obligation").objects.update(part="")


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0018_obligation_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="obligation",
            name="part",
            field=models.CharField(
                blank=True,
                choices=[("", "fix"), ("notice", "notice")],
                db_default="",
                default="",
                max_length=10,
                verbose_name="part",
            ),
        ),
        migrations.RunPython(mark_notices, unmark_notices, elidable=True),
    ]
