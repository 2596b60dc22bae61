"""Applications that use Loket's standard APIs (ZGW Autorisaties) and their authorisations.

An :class:`Applicatie` is a connected system (a zaaksysteem, a document management system, a form
builder). It identifies itself with one of its ``client_ids`` in a JWT signed with the secret of that
client id (:class:`ClientCredential`). What it may do is either everything (``heeft_alle_autorisaties``)
or the sum of its :class:`Autorisatie` rows: per component a set of scopes, limited to one case,
document or decision type and (for cases and documents) a maximum confidentiality.
"""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.cases.models import Confidentiality
from loket.platform.organisations.models import OrganisationScoped


class Component(models.TextChoices):
    AC = "ac", _("Autorisatiecomponent")
    NRC = "nrc", _("Notificatierouteringcomponent")
    ZRC = "zrc", _("Zaakregistratiecomponent")
    ZTC = "ztc", _("Zaaktypecatalogus")
    DRC = "drc", _("Documentregistratiecomponent")
    BRC = "brc", _("Besluitregistratiecomponent")


#: The field of an Autorisatie that names the type it is limited to, per component.
TYPE_FIELD = {Component.ZRC: "zaaktype", Component.DRC: "informatieobjecttype", Component.BRC: "besluittype"}
#: Components whose authorisations carry a maximum confidentiality.
CONFIDENTIALITY_COMPONENTS = {Component.ZRC, Component.DRC}


class Applicatie(OrganisationScoped):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client_ids = ArrayField(
        models.CharField(max_length=50), verbose_name=_("client ids"), default=list,
        help_text=_("Een client id mag slechts bij één applicatie voorkomen."),
    )
    label = models.CharField(_("naam"), max_length=100)
    heeft_alle_autorisaties = models.BooleanField(_("heeft alle autorisaties"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label", "pk"]
        indexes = [GinIndex(fields=["client_ids"], name="applicatie_client_ids_gin")]
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")

    def __str__(self):
        return self.label


class Autorisatie(models.Model):
    applicatie = models.ForeignKey(Applicatie, on_delete=models.CASCADE, related_name="autorisaties")
    component = models.CharField(_("component"), max_length=3, choices=Component.choices)
    scopes = ArrayField(models.CharField(max_length=100), verbose_name=_("scopes"), default=list)
    zaaktype = models.URLField(_("zaaktype"), max_length=1000, blank=True)
    informatieobjecttype = models.URLField(_("informatieobjecttype"), max_length=1000, blank=True)
    besluittype = models.URLField(_("besluittype"), max_length=1000, blank=True)
    max_vertrouwelijkheidaanduiding = models.CharField(
        _("maximale vertrouwelijkheidaanduiding"), max_length=20, choices=Confidentiality.choices, blank=True,
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("autorisatie")
        verbose_name_plural = _("autorisaties")

    def __str__(self):
        return f"{self.component}: {', '.join(self.scopes)}"

    @property
    def type_url(self) -> str:
        field = TYPE_FIELD.get(self.component)
        return getattr(self, field) if field else ""


class ClientCredential(models.Model):
    """The secret a client id signs its JWTs with (HS256). Stored encrypted (Fernet), never shown again."""

    client_id = models.CharField(_("client id"), max_length=50, unique=True)
    secret_encrypted = models.TextField(_("geheim (versleuteld)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["client_id"]
        verbose_name = _("client-geheim")
        verbose_name_plural = _("client-geheimen")

    def __str__(self):
        return self.client_id

    @property
    def secret(self) -> str:
        from loket.contacts.identifiers import decrypt

        return decrypt(self.secret_encrypted)

    def set_secret(self, secret: str) -> None:
        from loket.contacts.identifiers import encrypt

        self.secret_encrypted = encrypt(secret)
