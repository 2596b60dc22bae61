from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeldingenConfig(AppConfig):
    name = "loket.meldingen"
    label = "meldingen"
    verbose_name = _("Meldingen openbare ruimte")

    def ready(self):
        from . import config_cache

        config_cache.connect_signals()
