from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from django.apps import apps

    # After the last app's permissions exist (auth creates them for each app before us).
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        from .roles import sync_roles

        sync_roles()


class CharterConfig(AppConfig):
    name = "charter"
    verbose_name = _("Customer service charter")

    def ready(self):
        # Groups are created by migration 0002; their permissions follow every migrate.
        post_migrate.connect(_sync_roles, dispatch_uid="charter.sync_roles")
