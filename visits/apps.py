from django.utils.translation import gettext_lazy as _

from charter.registry import SectionAppConfig


class VisitsConfig(SectionAppConfig):
    """Its standards and pages: standards.SECTION (charter.registry)."""

    default = True  # (the module also imports SectionAppConfig)
    name = "visits"
    verbose_name = _("visits")
