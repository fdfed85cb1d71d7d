"""Test settings: pytest-django. DATABASE_URL and CELERY_BROKER_URL still apply, so the same
suite runs on SQLite and the filesystem broker, or on PostgreSQL and Redis."""

import os

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, env

DEBUG = False
# A file, not memory: the live server, the Celery worker thread and the tests share it. One per
# process, so that two test runs on one machine never share a database or a queue.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
if CELERY_BROKER_URL.startswith("filesystem://"):  # noqa: F405
    _queue = VAR_DIR / "celery" / f"test-{os.getpid()}"  # noqa: F405
    _queue.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {  # noqa: F405
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
    }
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "charter.notify.LocmemSmsBackend"
# The outbox sends in the test process after commit (tests call notices.services.messages_deliver
# where the test transaction never commits); tests of the worker put "celery" back.
NOTICES_DELIVERY = "inline"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/charter-test-media")  # noqa: S108
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Static files straight from the app folders (production serves collectstatic's STATIC_ROOT).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The suite calls the API far faster than a person or a system would, all from one address;
# tests/charter/test_logins.py proves the throttles with low rates of its own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"user": "100000/minute", "anon": "100000/minute"},
}
# Many tests log a client in once and then move the clock by hours or days, or count a page's
# queries: here sessions last Django's default 14 days and are not saved on every request.
# tests/charter/test_logins.py puts back the configured values (config.settings.base) to prove
# the idle timeout.
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_SAVE_EVERY_REQUEST = False
