"""The Klantinteracties API at /klantinteracties/api/v1/ (resource model of the VNG standard, as Open Klant serves it)."""

from rest_framework.routers import SimpleRouter

from . import views

app_name = "klantinteracties"

router = SimpleRouter(trailing_slash=False)
router.register("partijen", views.PartijViewSet, basename="partij")
router.register("digitaleadressen", views.DigitaalAdresViewSet, basename="digitaaladres")
router.register("actoren", views.ActorViewSet, basename="actor")
router.register("klantcontacten", views.KlantcontactViewSet, basename="klantcontact")
router.register("betrokkenen", views.BetrokkeneViewSet, basename="betrokkene")
router.register("onderwerpobjecten", views.OnderwerpobjectViewSet, basename="onderwerpobject")
router.register("internetaken", views.InterneTaakViewSet, basename="internetaak")

urlpatterns = router.urls
