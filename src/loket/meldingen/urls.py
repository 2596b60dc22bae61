from django.urls import path

from . import views

app_name = "meldingen"

urlpatterns = [
    path("melden/", views.report, name="report"),
    path("melden/vragen/", views.questions, name="questions"),
    path("melden/suggestie/", views.suggest, name="suggest"),
    path("melden/adres/", views.address_lookup, name="address"),
    path("melding/<str:token>/", views.status, name="status"),
    path("meldingen/<uuid:uuid>/volgen/", views.follow, name="follow"),
    path("meldingen/kaart/", views.public_map, name="map"),
    path("meldingen/kaart/data.json", views.public_map_data, name="map_data"),
    path("meldingen/foto/<int:pk>/", views.public_photo, name="public_photo"),
    path("werkplek/meldingen/", views.staff_queue, name="staff_queue"),
    path("werkplek/meldingen/triage/", views.staff_triage, name="staff_triage"),
    path("werkplek/meldingen/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("werkplek/meldingen/<int:pk>/<slug:action>/", views.staff_action, name="staff_action"),
    path("werkplek/meldingen/foto/<int:pk>/<slug:kind>/", views.staff_photo, name="staff_photo"),
]
