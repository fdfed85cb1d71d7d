"""Test settings: pytest-django. DATABASE_URL and CELERY_BROKER_URL still apply, so the same
suite runs on SQLite and the filesystem broker, or on PostgreSQL and Redis."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# A file, not memory: the live server, the Celery worker thread and the tests share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "charter.notify.LocmemSmsBackend"
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
