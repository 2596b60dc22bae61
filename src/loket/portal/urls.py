from django.urls import path

from . import views, views_login, views_staff, views_testidp

app_name = "portal"

urlpatterns = [
    # H1: log-in, log-out, representation, the test identity provider (404 unless LOKET_TEST_IDP is on)
    path("mijn/aanmelden/", views_login.login, name="login"),
    path("mijn/aanmelden/<slug:provider_id>/", views_login.login_start, name="login_start"),
    path("mijn/aanmelden/<slug:provider_id>/terug/", views_login.login_callback, name="login_callback"),
    path("mijn/afmelden/", views_login.logout, name="logout"),
    path("mijn/namens/", views_login.act_for, name="act_for"),
    path("testidp/.well-known/openid-configuration", views_testidp.discovery, name="testidp_discovery"),
    path("testidp/authorize/", views_testidp.authorize, name="testidp_authorize"),
    path("testidp/token/", views_testidp.token, name="testidp_token"),
    path("testidp/userinfo/", views_testidp.userinfo, name="testidp_userinfo"),
    path("testidp/jwks/", views_testidp.jwks, name="testidp_jwks"),
    # H4: my overview
    path("mijn/", views.overview, name="overview"),
    path("mijn/zaken/", views.cases, name="cases"),
    path("mijn/zaken/<uuid:uuid>/", views.case, name="case"),
    path("mijn/zaken/<uuid:uuid>/documenten/<uuid:document_uuid>/", views.case_document, name="case_document"),
    path("mijn/zaken/<uuid:uuid>/opladen/<uuid:request_uuid>/", views.case_upload, name="case_upload"),
    path("mijn/meldingen/", views.meldingen, name="meldingen"),
    path("mijn/vragen/", views.questions, name="questions"),
    path("mijn/vragen/nieuw/", views.new_question, name="new_question"),
    path("mijn/berichten/", views.messages_list, name="messages"),
    path("mijn/berichten/gelezen/", views.messages_read, name="messages_read"),
    path("mijn/berichten/<uuid:uuid>/", views.message, name="message"),
    path("mijn/gegevens/", views.profile, name="profile"),
    path("mijn/inzage/", views.access_log, name="access_log"),
    # H4: staff side — ask the applicant for a document
    path("werkplek/zaken/<uuid:uuid>/document-opvragen/", views_staff.request_document, name="request_document"),
    path("werkplek/zaken/<uuid:uuid>/document-opvragen/<uuid:request_uuid>/intrekken/", views_staff.cancel_document_request,
         name="cancel_document_request"),
]
