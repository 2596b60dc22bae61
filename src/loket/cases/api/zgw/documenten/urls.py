"""Documenten API 1.4.2 at /documenten/api/v1/ (the paths Open Zaak's clients use), all of it: documents,
bestandsdelen, gebruiksrechten, objectinformatieobjecten, verzendingen, audit trail."""

from pathlib import Path

from django.urls import path
from rest_framework.routers import SimpleRouter

from loket.platform.zgw.schema import schema_view

from . import views

app_name = "zgw-documenten"

router = SimpleRouter(trailing_slash=False)
router.register("enkelvoudiginformatieobjecten", views.EnkelvoudigInformatieObjectViewSet,
                basename="enkelvoudiginformatieobject")
router.register("gebruiksrechten", views.GebruiksrechtenViewSet, basename="gebruiksrechten")
router.register("objectinformatieobjecten", views.ObjectInformatieObjectViewSet, basename="objectinformatieobject")
router.register("bestandsdelen", views.BestandsDeelViewSet, basename="bestandsdeel")
router.register("verzendingen", views.VerzendingViewSet, basename="verzending")

audittrail = views.EIOAuditTrailViewSet

urlpatterns = [
    path("schema/openapi.yaml", schema_view(Path(__file__).parent / "openapi.yaml"), name="schema"),
    path("enkelvoudiginformatieobjecten/<str:enkelvoudiginformatieobject_uuid>/audittrail",
         audittrail.as_view({"get": "list"}), name="audittrail-list"),
    path("enkelvoudiginformatieobjecten/<str:enkelvoudiginformatieobject_uuid>/audittrail/<str:uuid>",
         audittrail.as_view({"get": "retrieve"}), name="audittrail-detail"),
    *router.urls,
]
