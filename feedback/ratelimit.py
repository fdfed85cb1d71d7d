"""A small fixed-window rate limit per client IP on Django's cache framework.

The client IP is REMOTE_ADDR: behind a reverse proxy, have the proxy set it (or add a trusted
proxy middleware) rather than trusting a header a client can write."""

from django.conf import settings
from django.core.cache import cache

# (requests, seconds) per client IP; override with the settings named below.
SUBMIT_DEFAULT = (5, 600)
TRACK_DEFAULT = (20, 600)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def limit_of(scope: str) -> tuple[int, int]:
    if scope == "submit":
        return tuple(getattr(settings, "FEEDBACK_SUBMIT_RATE", SUBMIT_DEFAULT))
    return tuple(getattr(settings, "FEEDBACK_TRACK_RATE", TRACK_DEFAULT))


def hit(request, scope: str) -> bool:
    """Count one request; True while the client is within its limit."""
    limit, window = limit_of(scope)
    key = f"feedback:rate:{scope}:{client_ip(request)}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
