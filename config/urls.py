from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

import calls.api  # noqa: F401  (each app's api module registers its viewsets)
import charter.api  # noqa: F401
import corrections.api  # noqa: F401
import documents.api  # noqa: F401
import feedback.api  # noqa: F401
import visits.api  # noqa: F401

from .api import router

urlpatterns = [
    path("", include("charter.urls")),
    path("visits/", include("visits.urls")),
    path("calls/", include("calls.urls")),
    path("documents/", include("documents.urls")),
    path("feedback/", include("feedback.urls")),
    path("corrections/", include("corrections.urls")),
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
