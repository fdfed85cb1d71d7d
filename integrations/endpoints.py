"""The API endpoints an integration client may be allowed to call, by name.

A viewset's endpoint is "<basename>-<action>" (the router's basename: "call-create",
"callback-answer"); any other API view's is its URL name ("compliance"). Both lists are read
from the URLconf and config.api.router, so an endpoint added later is offered by itself."""

from __future__ import annotations

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# The router's standard actions, in its order, with their HTTP method and whether they act on
# one object (rest_framework.routers.SimpleRouter.routes).
STANDARD_ACTIONS = {
    "list": ("GET", False),
    "create": ("POST", False),
    "retrieve": ("GET", True),
    "update": ("PUT", True),
    "partial_update": ("PATCH", True),
    "destroy": ("DELETE", True),
}


def endpoint_choices() -> list[tuple[str, str]]:
    """Every endpoint name with a label that says what it is: ("call-create",
    "call-create · POST /api/v1/calls/"). Router endpoints first (in registration order),
    then the other API views by URL name."""
    resolver = get_resolver()
    patterns = resolver.url_patterns  # imports the URLconf, which registers every viewset
    from config.api import router

    try:
        root = reverse("api-root")
    except NoReverseMatch:  # pragma: no cover (the router without its root view)
        root = "/"
    choices: dict[str, str] = {}
    for prefix, viewset, basename in router.registry:
        for action, (method, detail) in STANDARD_ACTIONS.items():
            if hasattr(viewset, action):
                path = f"{root}{prefix}/{'{id}/' if detail else ''}"
                choices.setdefault(f"{basename}-{action}", f"{method} {path}")
        for extra in viewset.get_extra_actions():
            path = f"{root}{prefix}/{'{id}/' if extra.detail else ''}{extra.url_path}/"
            for method, action in extra.mapping.items():
                choices.setdefault(f"{basename}-{action}", f"{method.upper()} {path}")
    for name, methods, path in _other_api_views(patterns):
        choices.setdefault(name, f"{'/'.join(methods)} {path}")
    return [(name, f"{name} · {where}") for name, where in choices.items()]


def endpoint_names() -> set[str]:
    return {name for name, _label in endpoint_choices()}


def _other_api_views(patterns, prefix="/"):
    """(URL name, methods, path) of every named DRF view in the URLconf that is not a router
    viewset."""
    from rest_framework.views import APIView  # not at import: see integrations.authentication

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _other_api_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            callback = pattern.callback
            view_class = getattr(callback, "cls", None)
            is_viewset = getattr(callback, "actions", None) is not None
            if view_class and issubclass(view_class, APIView) and not is_viewset:
                methods = [
                    method.upper()
                    for method in view_class.http_method_names
                    if method not in ("head", "options") and hasattr(view_class, method)
                ]
                yield pattern.name, methods, prefix + str(pattern.pattern)
