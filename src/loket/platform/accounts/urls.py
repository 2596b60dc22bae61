from django.conf import settings
from django.urls import include, path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.token_view, name="token"),
    path("inloggen/tweestapsverificatie/", views.enrol_view, name="enrol"),
    path("afmelden/", views.logout_view, name="logout"),
]
if settings.DEBUG:
    urlpatterns.append(path("ontwikkelaar/", views.development_login_view, name="development_login"))
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
