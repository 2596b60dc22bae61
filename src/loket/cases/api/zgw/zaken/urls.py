"""Zaken API 1.5.1 at /zaken/api/v1/ (Open Zaak's paths, no trailing slashes) plus Loket's extensions."""

from pathlib import Path

from django.urls import path

from loket.platform.zgw.schema import schema_view

from . import extensions, views

app_name = "zgw-zaken"

LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "head": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}


def _routes(prefix: str, viewset, name: str, *, detail=None, listing=None):
    return [
        path(prefix, viewset.as_view(listing or LIST), name=f"{name}-list"),
        path(f"{prefix}/<str:uuid>", viewset.as_view(detail or DETAIL), name=f"{name}-detail"),
    ]


urlpatterns = [
    path("schema/openapi.yaml", schema_view(Path(__file__).parent / "openapi.yaml",
                                            extensions=Path(__file__).parent / "loket-extensions.yaml"), name="schema"),
    path("zaken/_zoek", views.ZaakViewSet.as_view({"post": "_zoek"}), name="zaak--zoek"),
    path("loket/zaak-registreren", extensions.RegisterCaseView.as_view(), name="loket-register-case"),
    path("loket/zaken/<str:uuid>/overzicht", extensions.CaseOverviewView.as_view(), name="loket-case-overview"),
    *_routes("zaken", views.ZaakViewSet, "zaak"),
    *_routes("statussen", views.StatusViewSet, "status", detail={"get": "retrieve", "head": "retrieve"}),
    *_routes("rollen", views.RolViewSet, "rol", detail={"get": "retrieve", "head": "retrieve", "delete": "destroy"}),
    *_routes("resultaten", views.ResultaatViewSet, "resultaat"),
    *_routes("zaakobjecten", views.ZaakObjectViewSet, "zaakobject"),
    *_routes("zaakinformatieobjecten", views.ZaakInformatieObjectViewSet, "zaakinformatieobject"),
    *_routes("klantcontacten", views.KlantContactViewSet, "klantcontact", detail={"get": "retrieve"}),
    *_routes("zaakcontactmomenten", views.ZaakContactMomentViewSet, "zaakcontactmoment",
             detail={"get": "retrieve", "delete": "destroy"}),
    *_routes("zaakverzoeken", views.ZaakVerzoekViewSet, "zaakverzoek", detail={"get": "retrieve", "delete": "destroy"}),
    *_routes("zaken/<str:zaak_uuid>/zaakeigenschappen", views.ZaakEigenschapViewSet, "zaakeigenschap"),
    *_routes("zaken/<str:zaak_uuid>/besluiten", views.ZaakBesluitViewSet, "zaakbesluit",
             detail={"get": "retrieve", "delete": "destroy"}),
    path("zaken/<str:zaak_uuid>/audittrail", views.AuditTrailViewSet.as_view({"get": "list"}), name="audittrail-list"),
    path("zaken/<str:zaak_uuid>/audittrail/<str:uuid>", views.AuditTrailViewSet.as_view({"get": "retrieve"}),
         name="audittrail-detail"),
]
