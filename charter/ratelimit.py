"""A small fixed-window rate limit per client IP on Django's cache framework, for the public
forms (the opinion form and tracking in feedback, the satisfaction survey in charter.survey).

The client IP is REMOTE_ADDR: behind a reverse proxy, have the proxy set it (or add a trusted
proxy middleware) rather than trusting a header a client can write."""

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request, scope: str, limit: tuple[int, int]) -> bool:
    """Count one request of `scope` from the client; True while it is within `limit`
    (requests, seconds)."""
    allowed, window = limit
    key = f"rate:{scope}:{client_ip(request)}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= allowed
