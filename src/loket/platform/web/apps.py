from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The shared web layout (NL Design System), the resident home and the staff workspace."""

    name = "loket.platform.web"
    label = "web"
    verbose_name = _("Website")
