from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("contact/", views.locations, name="locations"),
    path("werkplek/", views.workspace, name="workspace"),
]
