from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "loket.catalog"
    label = "catalog"
    verbose_name = _("Producten- en dienstencatalogus")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_save

        from loket.platform.organisations.models import Organisation

        from .selectors import forget_families

        # The search caches which organisations share a catalog; forget it when that changes.
        m2m_changed.connect(forget_families, sender=Organisation.partners.through, dispatch_uid="catalog-partners")
        post_save.connect(forget_families, sender=Organisation, dispatch_uid="catalog-organisations")
