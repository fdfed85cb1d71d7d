from django.utils.translation import gettext_lazy as _

from charter.registry import SectionAppConfig


class CallsConfig(SectionAppConfig):
    """Its standards and pages: standards.SECTION (charter.registry)."""

    default = True  # (the module also imports SectionAppConfig)
    name = "calls"
    verbose_name = _("calls")
