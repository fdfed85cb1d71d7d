from django.utils.translation import gettext_lazy as _

from charter.registry import SectionAppConfig


class DocumentsConfig(SectionAppConfig):
    """Its standards and pages: standards.SECTION (charter.registry)."""

    default = True  # (the module also imports SectionAppConfig)
    name = "documents"
    verbose_name = _("documents")
