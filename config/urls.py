from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

import charter.api
import charter.api_reference  # noqa: F401 (registers the reference endpoints)
from charter import registry
from integrations import idempotency

from .api import router

registry.import_api_modules()  # each section app's api module registers its viewsets
idempotency.install(router)  # every create honours Idempotency-Key

handler400 = "config.api.bad_request"
handler404 = "config.api.not_found"

urlpatterns = [
    path("", include("charter.urls")),
    *registry.url_patterns(),  # each section app's pages, from its standards.py
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static_url("favicon.svg"))),
    path("notices/", include("notices.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/compliance/", charter.api.ComplianceView.as_view(), name="compliance"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
