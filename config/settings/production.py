"""Production: refuses to start (ImproperlyConfigured) with a missing or short secret key, no
allowed hosts, SQLite, a console/in-memory e-mail or SMS backend (customers' notices would never
leave the server), or a per-process cache (the public form's rate limit would count per worker).
HTTPS only: HSTS and the redirect to HTTPS are on unless switched off. `.env` is not read
(DJANGO_READ_DOT_ENV_FILE=true to read it). `manage.py check --deploy --fail-level WARNING`
passes with these settings (.ci/run)."""

import os

# Before base.py reads the environment: production takes its variables from the real
# environment only, not from a .env file left in the checkout.
os.environ.setdefault("DJANGO_READ_DOT_ENV_FILE", "false")

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from .base import *  # noqa: E402, F403
from .base import CACHES, DATABASES, EMAIL_BACKEND, SMS_BACKEND, env  # noqa: E402

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set.")
# The same bar as Django's security.W009: long, varied, not a generated development key.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be at least 50 random characters (it signs sessions, password "
        'reset links and CSRF tokens). Generate one with: python -c "from '
        'django.core.management.utils import get_random_secret_key as k; print(k())"'
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured("Production needs DATABASE_URL pointing at PostgreSQL.")

# The mail server, one variable (django-environ): EMAIL_URL=smtp+tls://user:password@host:587
# (smtp+ssl:// for port 465, smtp://host for a relay without log-in). It sets the SMTP backend.
if env("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=30)
# Customers' notices (deadline extensions, replies, receipts) must reach them: a backend that
# writes to the console or keeps messages in memory or in files delivers nothing.
_UNDELIVERED = ("console", "locmem", "dummy", "filebased")
if any(word in EMAIL_BACKEND.lower() for word in _UNDELIVERED):
    raise ImproperlyConfigured(
        f"The e-mail backend is {EMAIL_BACKEND}, which delivers no e-mail. Production needs a "
        "mail server: EMAIL_URL=smtp+tls://user:password@host:587 (or DJANGO_EMAIL_BACKEND="
        "django.core.mail.backends.smtp.EmailBackend for a relay on localhost:25)."
    )
if any(word in SMS_BACKEND.lower() for word in _UNDELIVERED):
    raise ImproperlyConfigured(
        f"CHARTER_SMS_BACKEND is {SMS_BACKEND}, which delivers no SMS. Production needs a "
        "gateway, e.g. charter.notify.HttpSmsBackend with CHARTER_SMS_URL."
    )
# charter.notify.HttpSmsBackend: the gateway's URL, its bearer token, the registered sender
# number (발신번호) and the seconds to wait for an answer.
SMS_GATEWAY_URL = env("CHARTER_SMS_URL", default="")
SMS_GATEWAY_TOKEN = env("CHARTER_SMS_TOKEN", default="")
SMS_SENDER = env("CHARTER_SMS_SENDER", default="")
SMS_GATEWAY_TIMEOUT = env.int("CHARTER_SMS_TIMEOUT", default=10)
if SMS_BACKEND == "charter.notify.HttpSmsBackend" and not SMS_GATEWAY_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "charter.notify.HttpSmsBackend needs CHARTER_SMS_URL, an https:// address (the token "
        "and customers' numbers go over it)."
    )
# One cache for every worker and host: the public form's rate limit counts in it.
if CACHES["default"]["BACKEND"] in (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
):
    raise ImproperlyConfigured(
        "Production needs CACHE_URL pointing at a cache shared by every worker, e.g. "
        "redis://127.0.0.1:6379/1 (the public form's rate limit counts in it)."
    )

# HTTPS only. Behind a proxy that terminates TLS, the proxy must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off only where the proxy itself redirects http:// to https:// (check --deploy warns then).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading commits the whole registrable domain (every host of gcgf.or.kr) to HTTPS in every
# browser: the domain owner's decision, not this app's. Off by default, so its warning is off.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# `manage.py seed_demo` refuses to run here: it would create log-ins with a published password.
DEMO_DATA_ALLOWED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    },
}
