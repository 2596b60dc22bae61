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
    path("api/v1/", include("loket.contacts.api.urls")),
    path("api/v1/", include("loket.meldingen.api.urls")),
    path("api/v1/schema/openapi.yaml", SpectacularAPIView.as_view(), name="api-schema"),
    # Standard APIs at the paths their clients expect (Open Zaak, Open Notificaties, Open Klant).
    path("catalogi/api/v1/", include("loket.cases.api.zgw.catalogi.urls")),
    path("zaken/api/v1/", include("loket.cases.api.zgw.zaken.urls")),
    path("documenten/api/v1/", include("loket.cases.api.zgw.documenten.urls")),
    path("besluiten/api/v1/", include("loket.cases.api.zgw.besluiten.urls")),
    path("autorisaties/api/v1/", include("loket.platform.api_clients.api.zgw.urls")),
    path("notificaties/api/v1/", include("loket.platform.notifications.api.zgw.urls")),
    path("referentielijsten/api/v1/", include("loket.cases.api.referentielijsten.urls")),
    path("klantinteracties/api/v1/", include("loket.contacts.api.klantinteracties.urls")),
    path("open311/v2/", include("loket.meldingen.api.open311.urls")),
    path("", include("loket.portal.urls")),
    path("", include("loket.eforms.urls")),
    path("", include("loket.catalog.urls")),
    path("", include("loket.cases.urls")),
    path("", include("loket.contacts.urls")),
    path("", include("loket.meldingen.urls")),
    path("", include("loket.platform.web.urls")),
]
