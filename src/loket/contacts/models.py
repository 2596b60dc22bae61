"""Parties: the residents, businesses and organisations Loket serves.

This is the shared register every app links to (cases, meldingen, contacts,
appointments). National numbers are encrypted at rest; showing one is logged
through :mod:`loket.platform.audit`.
"""

import logging

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import OrganisationScoped

from . import identifiers

logger = logging.getLogger(__name__)


class PartyKind(models.TextChoices):
    PERSON = "persoon", _("Inwoner")
    BUSINESS = "onderneming", _("Onderneming")
    ORGANISATION = "organisatie", _("Organisatie of vereniging")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "telefoon", _("Telefoon")
    POST = "post", _("Brief")
    PORTAL = "portaal", _("Mijn loket")


class Party(OrganisationScoped):
    kind = models.CharField(_("soort"), max_length=20, choices=PartyKind.choices)
    first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    business_name = models.CharField(_("naam onderneming"), max_length=200, blank=True)
    national_number_encrypted = models.TextField(_("rijksregister-/BSN-nummer (versleuteld)"), blank=True, editable=False)
    national_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    business_number = models.CharField(_("KBO-/KvK-nummer"), max_length=20, blank=True, db_index=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("gemeente"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    preferred_channel = models.CharField(_("voorkeurskanaal"), max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "business_name"]
        indexes = [models.Index(fields=["organisation", "last_name", "first_name"], name="party_name_idx")]
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == PartyKind.PERSON:
            return f"{self.first_name} {self.last_name}".strip()
        return self.business_name

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}, {self.postal_code} {self.city}".strip(", ")

    def set_national_number(self, value: str) -> None:
        self.national_number_encrypted = identifiers.encrypt(identifiers.digits(value))
        self.national_number_index = identifiers.blind_index(value)

    def reveal_national_number(self) -> str:
        """The number in the clear: only call this after recording the access in the audit log."""
        return identifiers.decrypt(self.national_number_encrypted)

    def masked_national_number(self) -> str:
        try:
            return identifiers.mask(self.reveal_national_number())
        except identifiers.UnreadableIdentifier:
            logger.error("national number of party %s cannot be decrypted with the current key", self.pk)
            return "[onleesbaar]"

    def audit_display(self) -> str:
        """How the audit log names this party: name and masked number, never the number itself."""
        masked = self.masked_national_number() if self.national_number_encrypted else self.business_number
        return f"{self.display_name} ({masked})" if masked else self.display_name
