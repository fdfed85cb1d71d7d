"""Customers' personal data in the Django admin, for every model that declares some: in full
(and recorded) for an admin, masked (and not recorded) for a manager with admin access, and
another department's record is a 404 there too."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from charter.admin import PersonalDataAdminMixin
from charter.models import AccessRecord
from charter.privacy import mask_for
from notices.services import message_queue
from tests import factories
from tests.test_permission_matrix import app_matrices

pytestmark = pytest.mark.django_db

ADMINS = sorted(
    (
        (model._meta.label, model)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, PersonalDataAdminMixin)
    ),
    key=lambda pair: pair[0],
)


def test_every_model_with_personal_data_masks_it_in_the_admin():
    from charter.retention import models_with_personal_data

    registered = {m for m in models_with_personal_data() if m in admin.site._registry}
    assert registered == {model for _label, model in ADMINS}


@pytest.fixture
def records(department):
    """One record of every kind in `department` (the matrix's records)."""
    staff = factories.StaffMemberFactory(department=department, role="staff")
    for matrix in app_matrices().values():
        matrix.make(department=department, staff=staff)
    message_queue(  # the outbox: a customer's notice
        kind="receipt",
        channel="sms",
        to="010-1234-5678",
        subject="서류 접수 안내",
        body="홍길동 고객님, 서류를 잘 받았습니다.",
        department=department,
    )


def one_with_personal_data(model):
    spec = model.personal_data
    rows = model._base_manager.exclude(**dict.fromkeys(spec.fields, "")).order_by("pk")
    found = next((row for row in rows if all(getattr(row, f) for f in spec.fields)), None)
    return found or rows.first()


@pytest.mark.parametrize(("label", "model"), ADMINS, ids=[label for label, _m in ADMINS])
def test_the_admin_shows_customers_in_full_only_to_whom_may_see_them(
    client, records, department, other_department, admin_user, label, model
):
    record = one_with_personal_data(model)
    assert record is not None, f"the matrix makes no {label} with personal data"
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk]
    )
    values = {f: getattr(record, f) for f in model.personal_data.fields if getattr(record, f)}
    opened = AccessRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=record.pk
    )

    manager = factories.StaffMemberFactory(
        department=department, role="manager", rank_name="부장"
    ).user
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for field, value in values.items():
        assert str(value) not in html, f"{label}.{field} shown to a manager"
        assert mask_for(field)(value) in html
    assert not opened.exists()

    outsider = factories.StaffMemberFactory(
        department=other_department, role="manager", rank_name="부장"
    ).user
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 404)  # the admin redirects a missing object

    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200
    for field, value in values.items():
        assert str(value) in page.content.decode(), f"{label}.{field} hidden from the admin"
    [access] = opened
    assert access.user == admin_user and set(access.fields.split(",")) == set(values)
    assert not any(str(value) in access.fields + access.source for value in values.values())
