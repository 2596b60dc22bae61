from django.urls import path

from . import views, views_builder

app_name = "eforms"

# The resident's form runner (H2).
_RUN = "aanvragen/<slug:product_key>/<uuid:uuid>/"
urlpatterns = [
    path("aanvragen/adres/", views.address_lookup, name="address"),
    path("aanvragen/testbetaling/<str:reference>/", views.test_payment, name="test_payment"),
    path("aanvragen/<slug:product_key>/", views.start, name="start"),
    path(_RUN, views.resume, name="resume"),
    path(_RUN + "overzicht/", views.summary, name="summary"),
    path(_RUN + "gepauzeerd/", views.paused, name="paused"),
    path(_RUN + "verwijderen/", views.discard, name="discard"),
    path(_RUN + "bevestiging/", views.confirmation, name="confirmation"),
    path(_RUN + "ontvangstbewijs.pdf", views.receipt, name="receipt"),
    path(_RUN + "betaling/<str:reference>/", views.payment_return, name="payment_return"),
    path(_RUN + "<slug:step_slug>/logica/", views.logic, name="logic"),
    path(_RUN + "<slug:step_slug>/", views.step, name="step"),
]

# The staff form builder (H3).
_BUILDER = "werkplek/formulieren/<uuid:uuid>/versie/<int:number>/"
urlpatterns += [
    path("werkplek/formulieren/", views_builder.form_list, name="builder"),
    path("werkplek/formulieren/nieuw/", views_builder.new_form, name="builder_new"),
    path("werkplek/formulieren/<uuid:uuid>/", views_builder.form_page, name="builder_form"),
    path(_BUILDER, views_builder.version_page, name="builder_version"),
    path(_BUILDER + "voorbeeld/", views_builder.preview, name="builder_preview"),
    path(_BUILDER + "voorbeeld/<slug:step_slug>/", views_builder.preview, name="builder_preview_step"),
    path(_BUILDER + "stap/<int:pk>/", views_builder.step_page, name="builder_step"),
    path(_BUILDER + "stap/<int:pk>/<slug:action>/", views_builder.step_action, name="builder_step_action"),
    path(_BUILDER + "veld/<int:pk>/", views_builder.field_page, name="builder_field"),
    path(_BUILDER + "veld/<int:pk>/<slug:action>/", views_builder.field_action, name="builder_field_action"),
    path(_BUILDER + "<slug:action>/", views_builder.version_action, name="builder_version_action"),
]
