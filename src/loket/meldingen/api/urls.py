from django.urls import path

from . import views

urlpatterns = [
    path("meldingen/classify", views.ClassifyView.as_view(), name="meldingen-api-classify"),
]
