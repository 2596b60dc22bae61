from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView


def favicon(request):
    """Browsers ask for /favicon.ico on every page that names none (the admin's)."""
    return redirect(static("loket/favicon.svg"), permanent=True)


def organisation_logo(request, path):
    """Organisation logos are public; other uploads (case documents) get views with access checks."""
    return serve(request, path, document_root=settings.MEDIA_ROOT / "logos")


urlpatterns = [
    path("favicon.ico", favicon),
    path("media/logos/<path:path>", organisation_logo),
    path("i18n/", include("django.conf.urls.i18n")),
    path("medewerkers/", include("loket.platform.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("loket.platform.organisations.api.urls")),
    path("api/v1/", include("loket.catalog.api.urls")),
    path("api/v1/", include("loket.cases.api.urls")),
    path("api/v1/schema/openapi.yaml", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include("loket.catalog.urls")),
    path("", include("loket.cases.urls")),
    path("", include("loket.platform.web.urls")),
]
