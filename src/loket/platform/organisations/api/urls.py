from rest_framework.routers import DefaultRouter

from .views import LocationViewSet, OrganisationViewSet

router = DefaultRouter(trailing_slash=True)
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("locations", LocationViewSet, basename="location")
urlpatterns = router.urls
