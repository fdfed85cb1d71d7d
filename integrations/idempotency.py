"""`Idempotency-Key` on every create of the API: a retried request gets the first response.

`install(router)` wraps the `create` action of every viewset on the router (and the views'
`idempotent_actions`). With the header, the first request with a key stores its response
(IdempotentRequest, unique per user and key) in the request's transaction; the same key again
with the same body gets that response replayed, with `Idempotent-Replayed: true`, and stores
nothing new; with another body (or another address) it is a 422. A request that failed stored
nothing (its transaction was rolled back), so it may be retried with its key. Two requests with
one key at once: the second one's INSERT waits on the unique index for the first's commit, then
replays its response (one create). Without the header nothing changes."""

from __future__ import annotations

import functools
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY = 255


def fingerprint(request) -> str:
    """SHA-256 of the method, the path and the body as parsed (key order and spacing aside)."""
    try:
        data = request.data
        body = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    except Exception:  # noqa: BLE001 (an unparsable body: the view answers it)
        body = ""
    text = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(row: IdempotentRequest) -> Response:
    data = json.loads(bytes(row.response_body).decode()) if row.response_body else None
    return Response(data, status=row.status_code, headers={REPLAYED: "true"})


def _conflict(message: str) -> Response:
    return Response({HEADER: [message]}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)


def run(request, handler):
    """Run `handler()` (a create) under the request's Idempotency-Key, if it has one."""
    key = request.headers.get(HEADER)
    user = getattr(request, "user", None)
    if key is None or user is None or not user.is_authenticated:
        return handler()
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        return Response(
            {HEADER: [_("Give an Idempotency-Key of 1 to %(max)d characters.") % {"max": MAX_KEY}]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    print_ = fingerprint(request)
    try:
        with transaction.atomic():
            row = IdempotentRequest.objects.create(
                user=user, key=key, method=request.method, path=request.path, fingerprint=print_
            )
    except IntegrityError:
        row = IdempotentRequest.objects.filter(user=user, key=key).first()
        if row is None or row.status_code is None:
            return Response(
                {HEADER: [_("A request with this Idempotency-Key is still being processed.")]},
                status=status.HTTP_409_CONFLICT,
            )
        if row.fingerprint != print_:
            return _conflict(
                _(
                    "This Idempotency-Key was already used for a different request. "
                    "Use a new key for a new request."
                )
            )
        return _replay(row)
    response = handler()
    if 200 <= response.status_code < 300:
        body = json.dumps(response.data, cls=DjangoJSONEncoder, ensure_ascii=False)
        IdempotentRequest.objects.filter(pk=row.pk).update(
            status_code=response.status_code,
            response_body=body.encode(),
            content_type="application/json",
        )
    else:
        # Not a success: nothing is kept, the same key may be tried again.
        IdempotentRequest.objects.filter(pk=row.pk).delete()
    return response


def idempotent(method):
    """Decorator of a viewset action: the action under the request's Idempotency-Key."""
    if getattr(method, "_idempotent", False):
        return method

    @functools.wraps(method)
    def wrapper(self, request, *args, **kwargs):
        return run(request, lambda: method(self, request, *args, **kwargs))

    wrapper._idempotent = True
    return wrapper


def install(router) -> None:
    """Every create on `router` (and each viewset's `idempotent_actions`) honours the key."""
    for _prefix, viewset, _basename in router.registry:
        names = ["create", *getattr(viewset, "idempotent_actions", ())]
        for name in names:
            method = getattr(viewset, name, None)
            if method is not None and not getattr(method, "_idempotent", False):
                setattr(viewset, name, idempotent(method))
