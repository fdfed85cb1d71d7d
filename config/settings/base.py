"""Settings shared by every environment. Every value that differs between machines is read
from the environment (django-environ); see README.md, "Configuration"."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "charter",
    "rest_framework_api_key",
    "integrations",
    "visits",
    "calls",
    "documents",
    "feedback",
    "corrections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Embedded default: SQLite under var/. Production: DATABASE_URL=postgres://user:pass@host/db
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "charter:home"
LOGOUT_REDIRECT_URL = "login"

# Korean first, English second. The language comes from the language cookie (the switcher in
# the page header), else Korean; the API also honours Accept-Language (config.middleware).
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
# Our catalogue first; then vendor catalogues whose language code differs from ours (DRF ships
# "ko_KR"; `make messages` (config/messages.py) copies it under var/locale-vendor/ko/).
LOCALE_PATHS = [BASE_DIR / "locale", VAR_DIR / "locale-vendor"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="charter@gcgf.or.kr")
# Customers' names, phone numbers and e-mail addresses are blanked this many days after the
# record (after closing, for opinions and complaints): charter.retention.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=365)
# Records of who opened customers' personal data unmasked (charter.access): kept this long,
# never changed or removed before (안전성 확보조치 기준: at least 2 years for a public body).
ACCESS_RECORD_RETENTION_DAYS = env.int("ACCESS_RECORD_RETENTION_DAYS", default=730)
# The public opinion/complaint form: the department that triages submissions without one (by
# name; default the first active department), an extra address told of each new submission.
FEEDBACK_DEFAULT_DEPARTMENT = env("FEEDBACK_DEFAULT_DEPARTMENT", default="")
FEEDBACK_NOTIFY_EMAIL = env("FEEDBACK_NOTIFY_EMAIL", default="")
# SMS gateway: a class with send_messages(messages) (charter.notify). Console by default.
SMS_BACKEND = env("CHARTER_SMS_BACKEND", default="charter.notify.ConsoleSmsBackend")

# One cache shared by every web worker in production (the public form's rate limit counts in
# it): CACHE_URL=redis://127.0.0.1:6379/1. Default: this process's memory.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Celery. Embedded default: kombu's filesystem transport under var/celery (no server needed).
# Production: CELERY_BROKER_URL=redis://host:6379/0
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = VAR_DIR / "celery" / "queue"
    _processed = VAR_DIR / "celery" / "processed"
    _control = VAR_DIR / "celery" / "control"
    for _folder in (_queue, _processed, _control):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(_processed),
        "store_processed": False,
        "control_folder": str(_control),
    }
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Static beat schedule: every scheduled job is a thin task over a service function that a
# management command also runs. The scan is idempotent, so a missed or doubled tick is harmless.
CELERY_BEAT_SCHEDULE = {
    "scan-breaches": {"task": "charter.tasks.scan_breaches", "schedule": 60.0},
    "notify-obligations": {"task": "charter.tasks.notify_obligations", "schedule": 60.0},
    # Idempotent: blanks customers' personal data past PERSONAL_DATA_RETENTION_DAYS.
    "purge-personal-data": {
        "task": "charter.tasks.purge_personal_data",
        "schedule": 6 * 3600.0,
    },
    "visits-check-directory": {"task": "visits.tasks.check_directory", "schedule": 15 * 60.0},
    # Idempotent: opens today's D1 inbox days and any day a stopped worker missed.
    "open-inbox-days": {"task": "documents.tasks.open_inbox_days", "schedule": 600.0},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Other systems: `Authorization: Api-Key <key>`, one integration client per system.
        "integrations.authentication.IntegrationKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Charter tracker API",
    "DESCRIPTION": "Log interactions and read obligations of the customer service charter.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name across apps get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "visits.models.Ticket.Status",
        "FieldVisitNoticeMethodEnum": "visits.models.FieldVisit.NoticeMethod",
        "FeedbackChannelEnum": "feedback.models.Channel",
        "FeedbackReplyChannelEnum": "feedback.models.ReplyChannel",
        "FeedbackCauseEnum": "feedback.models.Feedback.Cause",
        "ObligationStatusEnum": "charter.models.Obligation.Status",
        "InboxChannelEnum": "documents.models.Channel",
        "DocumentNoticeChannelEnum": "documents.models.NoticeChannel",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
