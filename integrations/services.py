"""Making, revoking and using integration clients. The only module of this app that writes.

The key is returned once by integration_client_create and never stored, logged or shown again:
only its prefix and hash are kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from charter.models import Department
from charter.scope import may

from .models import IntegrationClient

# Every client's user is in this group; the permissions its endpoints need are given to the
# group (charter.roles), the allow-list of endpoints narrows them per client.
SYSTEM_GROUP = "system"
# last_used_at is written at most this often per client.
USE_RESOLUTION = dt.timedelta(minutes=1)


def may_manage(user) -> bool:
    """Admins (charter.roles: "administer") make and revoke integration keys."""
    return user is not None and user.is_active and may(user, "administer")


def _check_actor(by) -> None:
    if not may_manage(by):
        raise PermissionDenied(_("Only administrators may create or revoke integration keys."))


def _free(username: str) -> bool:
    return not get_user_model().objects.filter(username__iexact=username).exists()


@transaction.atomic
def integration_client_create(
    *,
    name: str,
    departments: Iterable[Department],
    endpoints: Iterable[str],
    by,
    expiry_date: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> tuple[IntegrationClient, str]:
    """A new client with its own user ("system-<slug of the name>", or "system-<id>" when the
    name gives no slug or that user exists), no usable password, in the group "system".

    Returns the client and its key: the only time the key is seen."""
    _check_actor(by)
    now = now or timezone.now()
    departments = list(departments)
    client = IntegrationClient(
        name=(name or "").strip(), endpoints=list(dict.fromkeys(endpoints)), expiry_date=expiry_date
    )
    errors = {}
    try:
        client.clean_fields(exclude=["user", "prefix", "hashed_key"])
        client.clean()
    except ValidationError as error:
        errors.update(error.error_dict)
    if not client.endpoints and "endpoints" not in errors:
        errors["endpoints"] = [ValidationError(_("Choose at least one endpoint."))]
    if not departments:
        errors["departments"] = [ValidationError(_("Choose at least one department."))]
    if expiry_date is not None and expiry_date <= now and "expiry_date" not in errors:
        errors["expiry_date"] = [ValidationError(_("The expiry date must be in the future."))]
    if errors:
        raise ValidationError(errors)

    key = IntegrationClient.objects.assign_key(client)
    slug = slugify(client.name, allow_unicode=True)
    wanted = f"system-{slug}"[:150] if slug else None
    by_name = wanted is not None and _free(wanted)
    # Until the client has an id: the key's prefix, unique and not secret.
    user = get_user_model()(
        username=wanted if by_name else f"system-key-{client.prefix}", first_name=client.name
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=SYSTEM_GROUP)[0])
    client.user = user
    client.save()
    client.departments.set(departments)
    if not by_name and _free(f"system-{client.pk}"):
        user.username = f"system-{client.pk}"
        user.save(update_fields=["username"])
    return client, key


@transaction.atomic
def integration_client_revoke(*, client: IntegrationClient, by) -> IntegrationClient:
    """Revoke the key for good and deactivate its user. Revoking twice changes nothing."""
    _check_actor(by)
    IntegrationClient.objects.filter(pk=client.pk).update(revoked=True)
    get_user_model().objects.filter(pk=client.user_id).update(is_active=False)
    client.revoked = True
    # The library refuses to un-revoke on save(); the loaded object now knows it is revoked.
    client._initial_revoked = True
    return client


def integration_client_mark_used(*, client: IntegrationClient, now=None) -> bool:
    """Record that the client used its key: at most one UPDATE a minute, none when the loaded
    row is recent enough. Two workers at once: the condition lets one of them write."""
    now = now or timezone.now()
    stale = now - USE_RESOLUTION
    if client.last_used_at is not None and client.last_used_at > stale:
        return False
    changed = (
        IntegrationClient.objects.filter(pk=client.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale))
        .update(last_used_at=now)
    )
    if changed:
        client.last_used_at = now
    return bool(changed)


def idempotency_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the Idempotency-Key responses older than IDEMPOTENCY_KEY_TTL_HOURS. Safe to run
    twice at once (a DELETE of what is old)."""
    from django.conf import settings

    from .models import IdempotentRequest

    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    deleted, _rows = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
