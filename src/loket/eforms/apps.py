from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EformsConfig(AppConfig):
    name = "loket.eforms"
    label = "eforms"
    verbose_name = _("Aanvraagformulieren")
