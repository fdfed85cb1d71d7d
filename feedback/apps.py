from django.utils.translation import gettext_lazy as _

from charter.registry import SectionAppConfig


class FeedbackConfig(SectionAppConfig):
    """Its standards and pages: standards.SECTION (charter.registry)."""

    default = True  # (the module also imports SectionAppConfig)
    name = "feedback"
    verbose_name = _("feedback")
