"""Settings of a real worker process in tests/notices/test_outbox_workers.py: the test settings
with the real gateways the test started (an SMTP server and an HTTP SMS gateway on 127.0.0.1),
whose addresses come in the environment."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST, EMAIL_PORT, EMAIL_TIMEOUT = "127.0.0.1", int(os.environ["TEST_SMTP_PORT"]), 5
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
SMS_BACKEND = "charter.notify.HttpSmsBackend"
SMS_GATEWAY_URL = os.environ["TEST_SMS_URL"]
SMS_GATEWAY_TIMEOUT = 5
NOTICES_DELIVERY = "celery"
