"""Besluiten API 1.0.2 at /besluiten/api/v1/ (Open Zaak's paths, no trailing slashes)."""

from pathlib import Path

from django.urls import path, re_path

from loket.platform.zgw.schema import schema_view
from loket.platform.zgw.views import not_found

from . import views

app_name = "zgw-besluiten"

LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "head": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}

urlpatterns = [
    path("schema/openapi.yaml", schema_view(Path(__file__).parent / "openapi.yaml"), name="schema"),
    path("besluiten", views.BesluitViewSet.as_view(LIST), name="besluit-list"),
    path("besluiten/<str:uuid>", views.BesluitViewSet.as_view(DETAIL), name="besluit-detail"),
    path("besluiten/<str:besluit_uuid>/audittrail", views.BesluitAuditTrailViewSet.as_view({"get": "list"}),
         name="besluit-audittrail-list"),
    path("besluiten/<str:besluit_uuid>/audittrail/<str:uuid>", views.BesluitAuditTrailViewSet.as_view({"get": "retrieve"}),
         name="besluit-audittrail-detail"),
    path("besluitinformatieobjecten", views.BesluitInformatieObjectViewSet.as_view(LIST), name="besluitinformatieobject-list"),
    path("besluitinformatieobjecten/<str:uuid>",
         views.BesluitInformatieObjectViewSet.as_view({"get": "retrieve", "head": "retrieve", "delete": "destroy"}),
         name="besluitinformatieobject-detail"),
    re_path(r"^.*$", not_found),
]
