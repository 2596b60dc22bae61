from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("werkplek/klantcontact/", views.workspace, name="search"),
    path("werkplek/klantcontact/anoniem/", views.anonymous_contact, name="anonymous"),
    path("werkplek/klantcontact/producten/", views.product_suggestions, name="product_suggestions"),
    path("werkplek/klantcontact/kennis/", views.knowledge_panel, name="knowledge_panel"),
    path("werkplek/klantcontact/klant/<int:pk>/", views.party_page, name="party"),
    path("werkplek/klantcontact/klant/<int:pk>/openen/", views.open_party, name="open"),
    path("werkplek/klantcontact/klant/<int:pk>/rijksregisternummer/", views.reveal_national_number, name="reveal"),
    path("werkplek/klantcontact/klant/<int:pk>/contact/", views.register_contact, name="register_contact"),
    path("werkplek/klantcontact/klant/<int:pk>/zaak/", views.new_case_for_party, name="new_case"),
    path("werkplek/klantcontact/klant/<int:pk>/melding/", views.new_melding_for_party, name="new_melding"),
    path("werkplek/terugbelverzoeken/", views.callback_queue, name="callbacks"),
    path("werkplek/terugbelverzoeken/<int:pk>/beantwoorden/", views.answer_callback, name="answer_callback"),
    path("werkplek/kennisbank/", views.knowledge_list, name="knowledge"),
    path("werkplek/kennisbank/<int:product_pk>/", views.knowledge_article, name="knowledge_article"),
]
