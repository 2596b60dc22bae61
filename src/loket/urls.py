from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from loket.platform.core import health

urlpatterns = [
    path("health", health.ready, name="health"),
    path("health/live", health.live, name="health-live"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("medewerkers/", include("loket.platform.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("api/schema/openapi.yaml", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("loket.platform.web.urls")),
]

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
