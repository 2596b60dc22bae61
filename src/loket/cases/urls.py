from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("werkplek/zaken/", views.queue, {"scope": "person"}, name="queue"),
    path("werkplek/zaken/team/", views.queue, {"scope": "team"}, name="queue_team"),
    path("werkplek/zaken/afdeling/", views.queue, {"scope": "department"}, name="queue_department"),
    path("werkplek/zaken/nieuw/", views.new_case, name="new"),
    path("werkplek/zaken/<uuid:uuid>/", views.case_page, name="detail"),
    path("werkplek/zaken/<uuid:uuid>/documenten/<uuid:document_uuid>/", views.case_document, name="document"),
    path("werkplek/zaken/<uuid:uuid>/<slug:action>/", views.case_action, name="action"),
    path("werkplek/taken/", views.task_queue, name="tasks"),
    path("werkplek/taken/<uuid:uuid>/<slug:action>/", views.task_action, name="task_action"),
    path("werkplek/zaaktypen/", views.case_types, name="case_types"),
    path("werkplek/zaaktypen/nieuw/", views.new_case_type, name="new_case_type"),
    path("werkplek/zaaktypen/<uuid:uuid>/", views.case_type_page, name="case_type"),
    path("werkplek/zaaktypen/<uuid:uuid>/<slug:action>/", views.case_type_action, name="case_type_action"),
]
