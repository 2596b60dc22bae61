from pathlib import Path

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from loket.platform.zgw.schema import schema_view
from loket.platform.zgw.views import not_found

from .views import ApplicatieViewSet

app_name = "zgw-autorisaties"

router = SimpleRouter(trailing_slash=False)
router.register("applicaties", ApplicatieViewSet, basename="applicatie")

urlpatterns = [
    path("schema/openapi.yaml", schema_view(Path(__file__).parent / "openapi.yaml"), name="schema"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
