from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "loket.portal"
    label = "portal"
    verbose_name = _("Mijn loket")

    def ready(self):
        from . import checks  # noqa: F401 - registers the provider configuration check
