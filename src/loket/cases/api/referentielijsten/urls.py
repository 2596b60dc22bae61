from pathlib import Path

from django.urls import path

from loket.platform.zgw.schema import schema_view

from . import views

app_name = "zgw-referentielijsten"

HERE = Path(__file__).parent

urlpatterns = [
    path("procestypen", views.ProcesTypeList.as_view(), name="referentielijsten-procestypen"),
    path("procestypen/<str:uuid>", views.ProcesTypeDetail.as_view(), name="referentielijsten-procestype"),
    path("resultaten", views.ResultaatList.as_view(), name="referentielijsten-resultaten"),
    path("resultaten/<str:uuid>", views.ResultaatDetail.as_view(), name="referentielijsten-resultaat"),
    path("resultaattypeomschrijvingen", views.ResultaattypeOmschrijvingList.as_view(),
         name="referentielijsten-resultaattypeomschrijvingen"),
    path("resultaattypeomschrijvingen/<str:uuid>", views.ResultaattypeOmschrijvingDetail.as_view(),
         name="referentielijsten-resultaattypeomschrijving"),
    path("health", views.Health.as_view(), name="referentielijsten-health"),
    path("schema/openapi.yaml", schema_view(HERE / "openapi.yaml", extensions=HERE / "corrections.yaml"),
         name="referentielijsten-schema"),
]
