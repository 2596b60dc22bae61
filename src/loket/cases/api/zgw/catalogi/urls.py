"""Catalogi API 1.3.1 at /catalogi/api/v1/ (the paths Open Zaak's clients use)."""

from pathlib import Path

from django.urls import path
from rest_framework.routers import SimpleRouter

from loket.platform.zgw.schema import schema_view

from . import views

app_name = "zgw-catalogi"

router = SimpleRouter(trailing_slash=False)
router.register("catalogussen", views.CatalogusViewSet, basename="catalogus")
router.register("zaaktypen", views.ZaakTypeViewSet, basename="zaaktype")
router.register("statustypen", views.StatusTypeViewSet, basename="statustype")
router.register("roltypen", views.RolTypeViewSet, basename="roltype")
router.register("resultaattypen", views.ResultaatTypeViewSet, basename="resultaattype")
router.register("eigenschappen", views.EigenschapViewSet, basename="eigenschap")
router.register("informatieobjecttypen", views.InformatieObjectTypeViewSet, basename="informatieobjecttype")
router.register("zaaktype-informatieobjecttypen", views.ZaakTypeInformatieObjectTypeViewSet,
                basename="zaaktypeinformatieobjecttype")
router.register("besluittypen", views.BesluitTypeViewSet, basename="besluittype")
router.register("zaakobjecttypen", views.ZaakObjectTypeViewSet, basename="zaakobjecttype")

urlpatterns = [
    path("schema/openapi.yaml", schema_view(Path(__file__).parent / "openapi.yaml"), name="schema"),
    *router.urls,
]
