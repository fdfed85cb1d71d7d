import datetime as dt

import pytest
from django.contrib.auth.models import Group

from charter.clock import SEOUL
from tests import factories


def kst(*args) -> dt.datetime:
    """An aware datetime in Asia/Seoul: kst(2026, 9, 23, 17, 30)."""
    return dt.datetime(*args, tzinfo=SEOUL)


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    """Each test starts with no SMS sent, as Django empties mail.outbox."""
    from charter import notify

    notify.outbox.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the public results' figures are cached)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def department(db):
    return factories.DepartmentFactory()


@pytest.fixture
def staff(db, department):
    return factories.StaffMemberFactory(department=department, role="staff")


@pytest.fixture
def manager(db, department):
    return factories.StaffMemberFactory(department=department, role="manager", rank_name="부장")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff.user)
    return client


@pytest.fixture
def roles(db):
    return {group.name: group for group in Group.objects.all()}


# -- Scope: one department and another, with every role -----------------------------------


@pytest.fixture
def other_department(db):
    return factories.DepartmentFactory()


@pytest.fixture
def other_staff(db, other_department):
    return factories.StaffMemberFactory(department=other_department, role="staff")


@pytest.fixture
def other_manager(db, other_department):
    return factories.StaffMemberFactory(
        department=other_department, role="manager", rank_name="부장"
    )


@pytest.fixture
def executive(db):
    """An executive: every department, read-only (a user without a department)."""
    return factories.UserFactory(role="executive")


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(role="admin", is_staff=True, is_superuser=True)


# -- Real worker processes (tests/workers.py) ----------------------------------------------

from tests.workers import pg_redis_missing, worker_process  # noqa: E402, F401


def pytest_runtest_setup(item):
    """`requires_pg_redis` tests run on PostgreSQL and Redis (CI stage 2), else are skipped."""
    if item.get_closest_marker("requires_pg_redis") and (reason := pg_redis_missing()):
        pytest.skip(reason)


# -- The broker down ------------------------------------------------------------------------

CLOSED_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _point_broker_at(url):
    """Point the Celery app at `url`, dropping its cached connections and producers."""
    from config.celery_app import app

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url


@pytest.fixture
def broker_down():
    """Celery pointed at a port where nothing listens, then back (pools reset)."""
    from config.celery_app import app

    previous = app.conf.broker_url
    _point_broker_at(CLOSED_BROKER)
    yield
    _point_broker_at(previous)
    from kombu import pools

    pools.reset()  # kombu's shared producer pools still hold the closed connections
