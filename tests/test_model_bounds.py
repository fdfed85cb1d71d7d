"""Every text a model stores is bounded in the model (charter.bounds), so in every form and
admin page built on it; a text over its bound is refused with a message in the user's
language and nothing is stored."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import translation

from charter import bounds
from charter.models import Standard

OURS = {"charter", "calls", "visits", "documents", "feedback", "corrections", "notices"}


def _text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OURS or model.__name__.startswith("Historical"):
            continue  # a history model mirrors its record's fields (and stores files as text)
        for field in model._meta.fields:
            if isinstance(field, models.CharField | models.TextField):
                yield model, field


def test_every_text_field_of_our_models_is_bounded_in_the_model():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model, field in _text_fields()
        if not (
            isinstance(field, models.CharField)
            and field.max_length
            or any(isinstance(v, MaxLengthValidator) for v in field.validators)
        )
    ]
    assert unbounded == []


@pytest.mark.django_db
def test_the_admin_refuses_a_standard_text_over_the_bound_in_korean(admin_client):
    standard = Standard.objects.get(code="P1")
    with translation.override("ko"), pytest.raises(ValidationError) as refused:
        standard.text_ko = "가" * (bounds.TEXT + 1)
        standard.full_clean()
    assert "10000" in " ".join(refused.value.message_dict["text_ko"])
    page = admin_client.get(f"/admin/charter/standard/{standard.pk}/change/")
    assert f'maxlength="{bounds.TEXT}"' in page.content.decode()


def test_a_bounded_text_field_is_a_plain_text_field_with_its_validator_to_migrations():
    field = bounds.BoundedTextField("note", max_length=bounds.NOTE, blank=True)
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "django.db.models.TextField"
    assert kwargs["max_length"] == bounds.NOTE
    assert kwargs["validators"] == [MaxLengthValidator(bounds.NOTE)]
    clone = field.clone()  # as the migration autodetector and history models copy it
    assert [v.limit_value for v in clone.validators] == [bounds.NOTE]
    with pytest.raises(ValidationError):
        clone.clean("x" * (bounds.NOTE + 1), None)
