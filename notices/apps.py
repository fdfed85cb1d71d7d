from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """The outbox: every message the application sends, to customers and to staff."""

    name = "notices"
    verbose_name = _("Outgoing messages")
    default_auto_field = "django.db.models.BigAutoField"
