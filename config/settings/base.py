"""Settings shared by every environment. Every value that differs between machines is read
from the environment (django-environ); see README.md, "Configuration"."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp import constants as csp
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# .env is a developer's convenience: read unless DJANGO_READ_DOT_ENV_FILE=false, which
# config/settings/production.py makes the default (production reads its real environment only).
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=True):
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
    "axes",
    "charter",
    "rest_framework_api_key",
    "integrations",
    "notices",
    "visits",
    "calls",
    "documents",
    "feedback",
    "corrections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into its page (AXES_LOCKOUT_TEMPLATE).
    "axes.middleware.AxesMiddleware",
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
                "notices.context_processors.unread_notifications",
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

# Log-ins (안전성 확보조치 기준: limit access after repeated failures; keep who logged in and
# out, when and from where). django-axes counts failed log-ins (the log-in page and the admin's)
# per account and per address: the DJANGO_LOGIN_FAILURE_LIMIT-th failure within the cool-off
# locks; from then on even the right password is refused until an admin unlocks (admin "Access
# attempts": delete the rows; or `manage.py axes_reset_username <name>` / `axes_reset_ip
# <address>` / `axes_reset`) or DJANGO_LOGIN_COOLOFF_MINUTES pass without another attempt (an
# attempt during the lock restarts them). A successful log-in does not clear earlier failures:
# it would also clear the address's, which a colleague's guesses from the same address share.
# Integration keys (integrations.authentication) are not log-ins: axes never sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out log-in before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=30) / 60  # hours, for axes
# The account (guessed from anywhere) or the address (one password tried on many accounts). The
# address is REMOTE_ADDR: where every request reaches Django from one proxy address, set
# DJANGO_LOGIN_LOCK_ADDRESS=false, or one person's typos lock everyone out.
AXES_LOCKOUT_PARAMETERS = ["username"]
if env.bool("DJANGO_LOGIN_LOCK_ADDRESS", default=True):
    AXES_LOCKOUT_PARAMETERS.append("ip_address")
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# The admin's "Access logs" (log-in and log-out time, user, address, browser) and "Access
# failures" (each failed log-in: the username typed, address, time), read-only. Passwords never:
# axes masks them (and the username) in the form data it keeps of a failed attempt.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Idle timeout: a session ends DJANGO_SESSION_IDLE_MINUTES after its last request (every request
# renews it); the next page then asks to log in again.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True

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

# Console by default, with the customer masked (charter.notify.MaskingConsoleEmailBackend).
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="charter.notify.MaskingConsoleEmailBackend")
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
# The outbox (notices): "celery" hands each action's messages to a worker after commit (beat
# sends whatever is left every minute); "inline" sends them in the web process after commit.
NOTICES_DELIVERY = env("NOTICES_DELIVERY", default="celery")
# The site's public address, put before the links that e-mails and texts carry (the
# satisfaction survey's): CHARTER_PUBLIC_URL=https://charter.gcgf.example
CHARTER_PUBLIC_URL = env("CHARTER_PUBLIC_URL", default="")
SMS_BACKEND = env("CHARTER_SMS_BACKEND", default="charter.notify.ConsoleSmsBackend")

# The phone system's call records (POST /api/v1/calls/cdr/): the ringback cadence in seconds
# (Korea: 1 s tone + 2 s silence = 3 s a ring); rings = floor((answer − start) ÷ cadence) + 1.
# A typed call and a record of the same extension within CDR_MATCH_SECONDS are one call.
CDR_RING_CADENCE_SECONDS = env.float("CDR_RING_CADENCE_SECONDS", default=3.0)
CDR_MATCH_SECONDS = env.int("CDR_MATCH_SECONDS", default=120)
CDR_BATCH_MAX = 500
# import_cdr: the time zone of cdr_csv's times (Asterisk writes local time; "UTC" if it logs UTC).
CDR_CSV_TIMEZONE = env("CDR_CSV_TIMEZONE", default="Asia/Seoul")
# Idempotency-Key: a stored response is replayed for this long, then purged by beat.
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24)

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
# Time limits for every task (seconds; a task may set its own): at the soft limit the task gets
# SoftTimeLimitExceeded, at the hard limit its process is killed and, with acks_late, the job is
# delivered again (every task is safe to run twice).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=600)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=900)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Keep the project's logging (and its personal-data masking filter) in the worker.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A broker that is down fails a send quickly instead of holding the page.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY = False
# A recompute run still queued after this many seconds is sent again by beat.
RECOMPUTE_REQUEUE_AFTER = env.int("RECOMPUTE_REQUEUE_AFTER", default=120)
# A running recompute run beats after every batch; one silent for longer (its worker died) is
# sent again by beat, without waiting for the task's hard time limit.
RECOMPUTE_LEASE = env.int("RECOMPUTE_LEASE", default=120)
# Static beat schedule: every scheduled job is a thin task over a service function that a
# management command also runs. The scan is idempotent, so a missed or doubled tick is harmless.
CELERY_BEAT_SCHEDULE = {
    "scan-breaches": {"task": "charter.tasks.scan_breaches", "schedule": 60.0},
    "notify-obligations": {"task": "charter.tasks.notify_obligations", "schedule": 60.0},
    # The managers' morning digest, 08:30 Asia/Seoul (CELERY_TIMEZONE) every day; the service
    # sends only on the default calendar's working days, and once per manager and day.
    "send-digest": {
        "task": "charter.tasks.send_digest",
        "schedule": crontab(hour=8, minute=30),
    },
    # The outbox: whatever the after-commit hand-over missed, retries after their delay, and
    # rows a dead worker left (notices.services). Safe to run twice at once.
    "deliver-messages": {"task": "notices.tasks.deliver", "schedule": 60.0},
    # Sends again the recompute runs the broker never took (it was down) or a killed worker left.
    "resume-recomputes": {"task": "charter.tasks.resume_recomputes", "schedule": 60.0},
    # Idempotent: blanks customers' personal data past PERSONAL_DATA_RETENTION_DAYS.
    "purge-personal-data": {
        "task": "charter.tasks.purge_personal_data",
        "schedule": 6 * 3600.0,
    },
    # Idempotent: deletes Idempotency-Key responses older than IDEMPOTENCY_KEY_TTL_HOURS.
    "purge-idempotency-keys": {
        "task": "integrations.tasks.purge_idempotency_keys",
        "schedule": 3600.0,
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
    # JSON only: a form-encoded body cannot say "no value" apart from "" (an empty optional
    # instant was taken as "now"), and integrators send JSON.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_FILTER_BACKENDS": ["config.api.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    # Per user (staff; each integration client is its own user) and, for anonymous callers
    # (the public tracking API), per address: counted in CACHES["default"], shared by workers.
    # Over the rate: 429 with Retry-After, the message in the request's language.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("DJANGO_API_THROTTLE_USER", default="600/minute"),
        "anon": env("DJANGO_API_THROTTLE_ANON", default="30/minute"),
    },
    # The caller's address is REMOTE_ADDR, never an X-Forwarded-For that the client wrote.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Charter tracker API",
    "DESCRIPTION": "Log interactions and read obligations of the customer service charter.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the error bodies config.api.exception_handler gives.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.document_errors",
    ],
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
        "DocumentNoticeKindEnum": "documents.models.Notice.Kind",
        "FeedbackKindEnum": "feedback.models.Feedback.Kind",
        "FeedbackStatusEnum": "feedback.models.Feedback.Status",
        "CorrectionNoticeChannelEnum": "corrections.models.NoticeChannel",
        "AbsenceReasonEnum": "visits.models.AbsenceMemo.Reason",
    },
}

# Content-Security-Policy (django-csp): our own origin only, no inline script or style without
# the response's nonce (only Swagger UI's start-up script and style at /api/docs/ carry one:
# templates/drf_spectacular/swagger_ui.html). Images may also be data: URIs (the admin's and
# Swagger UI's icons). DJANGO_CSP_REPORT_ONLY=true sends the same policy as report-only (to try a
# change out); DJANGO_CSP_REPORT_URI is where browsers report violations.
_CSP_DIRECTIVES = {
    "default-src": [csp.SELF],
    "script-src": [csp.SELF, csp.NONCE],
    "style-src": [csp.SELF, csp.NONCE],
    "img-src": [csp.SELF, "data:"],
    "object-src": [csp.NONE],
    "base-uri": [csp.NONE],
    "form-action": [csp.SELF],
    "frame-ancestors": [csp.NONE],
}
if env("DJANGO_CSP_REPORT_URI", default=""):
    _CSP_DIRECTIVES["report-uri"] = [env("DJANGO_CSP_REPORT_URI")]
if env.bool("DJANGO_CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Phone numbers and e-mail addresses are masked in every record (config.logging).
    "filters": {"mask_personal_data": {"()": "config.logging.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Django's loggers, runserver's access log among them, write through the root handler
    # rather than handlers of their own (Django's defaults) that would bypass the mask; and no
    # error e-mails to ADMINS carrying the request's data.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
