"""`Authorization: Api-Key <key>` for the REST API: the key's integration client acts as its own
user, and only on the endpoints it was given.

First in REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]: a request without such a header is
left to the next class (the browser's session). The allow-list is enforced here, not in a
permission class, because viewsets set their own permission_classes; the user's model
permissions (group "system") still apply after it. The key is never logged nor echoed."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework_api_key.permissions import KeyParser

from .models import IntegrationClient
from .services import integration_client_mark_used


def endpoint_of(request) -> str | None:
    """The endpoint name of a DRF request: "<basename>-<action>" for a viewset (the action is
    None for a method it does not map), else the URL name."""
    # Not at the top: DRF imports this module while rest_framework.views is half imported.
    from rest_framework.viewsets import ViewSetMixin

    view = (request.parser_context or {}).get("view")
    if isinstance(view, ViewSetMixin):
        basename = getattr(view, "basename", None)
        action = getattr(view, "action", None)
        return f"{basename}-{action}" if basename and action else None
    match = getattr(request._request, "resolver_match", None)
    return match.url_name if match is not None else None


class IntegrationKeyAuthentication(BaseAuthentication):
    key_parser = KeyParser()

    def authenticate(self, request):
        key = self.key_parser.get(request._request)
        if key is None:
            return None
        key = key.strip()
        try:
            client = IntegrationClient.objects.get_from_key(key)
        except IntegrationClient.DoesNotExist:
            raise exceptions.AuthenticationFailed(
                _("The API key is not valid or has been revoked.")
            ) from None
        if not client.is_usable():
            if client.revoked or not client.user.is_active:
                raise exceptions.AuthenticationFailed(_("The API key has been revoked."))
            raise exceptions.AuthenticationFailed(_("The API key has expired."))
        endpoint = endpoint_of(request)
        if not client.may_call(endpoint):
            raise exceptions.PermissionDenied(
                _("This API key may not call “%(endpoint)s”.") % {"endpoint": endpoint or "?"}
            )
        # In the request's transaction (ATOMIC_REQUESTS): a request that fails (DRF rolls
        # back on every API error) leaves no trace, not even this one.
        integration_client_mark_used(client=client)
        return client.user, client

    def authenticate_header(self, request) -> str:
        return KeyParser.keyword


class IsIntegrationClient(BasePermission):
    """Only a request made with an integration client's key (the phone system's records are
    the machine's own: nobody types them in through a session)."""

    message = _("Only an integration client's API key may call this endpoint.")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, IntegrationClient)
