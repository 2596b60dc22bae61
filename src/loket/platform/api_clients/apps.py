from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiClientsConfig(AppConfig):
    name = "loket.platform.api_clients"
    label = "api_clients"
    verbose_name = _("API-koppelingen")
