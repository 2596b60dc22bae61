"""Notificaties API 1.0.0 at /notificaties/api/v1/ (the paths Open Notificaties' clients use)."""

from pathlib import Path

from django.urls import path
from rest_framework.routers import SimpleRouter

from loket.platform.zgw.schema import schema_view

from . import views

app_name = "zgw-notificaties"

router = SimpleRouter(trailing_slash=False)
router.register("kanaal", views.KanaalViewSet, basename="kanaal")
router.register("abonnement", views.AbonnementViewSet, basename="abonnement")
router.register("notificaties", views.NotificatieViewSet, basename="notificaties")

urlpatterns = [
    path("schema/openapi.yaml", schema_view(Path(__file__).parent / "openapi.yaml"), name="schema"),
    *router.urls,
]
