import pytest
from django.core.cache import cache

from charter import notify


@pytest.fixture(autouse=True)
def _fresh_limits_and_outbox():
    cache.clear()
    notify.outbox.clear()
    yield
    cache.clear()
    notify.outbox.clear()
