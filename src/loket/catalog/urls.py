from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("producten/", views.search, name="search"),
    path("producten/suggesties/", views.suggestions, name="suggestions"),
    path("producten/<slug:key>/", views.product_detail, name="product"),
    path("levensgebeurtenissen/<slug:code>/", views.life_event, name="life_event"),
    path("themas/<str:code>/", views.theme, name="theme"),
    path("werkplek/catalogus/", views.staff_list, name="staff_list"),
    path("werkplek/catalogus/nieuw/", views.staff_edit, name="staff_new"),
    path("werkplek/catalogus/zoektermen/", views.staff_search_terms, name="staff_search_terms"),
    path("werkplek/catalogus/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("werkplek/catalogus/<int:pk>/bewerken/", views.staff_edit, name="staff_edit"),
    path("werkplek/catalogus/<int:pk>/voorbeeld/", views.staff_preview, name="staff_preview"),
    path("werkplek/catalogus/<int:pk>/<slug:action>/", views.staff_transition, name="staff_transition"),
]
