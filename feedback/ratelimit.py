"""The public form's and tracking's limits, per client IP (the mechanism: charter.ratelimit)."""

from django.conf import settings

from charter import ratelimit
from charter.ratelimit import client_ip  # noqa: F401 (kept for callers)

# (requests, seconds) per client IP; override with the settings named below.
SUBMIT_DEFAULT = (5, 600)
TRACK_DEFAULT = (20, 600)


def limit_of(scope: str) -> tuple[int, int]:
    if scope == "submit":
        return tuple(getattr(settings, "FEEDBACK_SUBMIT_RATE", SUBMIT_DEFAULT))
    return tuple(getattr(settings, "FEEDBACK_TRACK_RATE", TRACK_DEFAULT))


def hit(request, scope: str) -> bool:
    """Count one request; True while the client is within its limit."""
    return ratelimit.hit(request, f"feedback:{scope}", limit_of(scope))
