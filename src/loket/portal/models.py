"""State of the resident portal ("Mijn loket").

Identity (H1): which log-in (provider + subject) belongs to which contacts ``Party``, and the log-in history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import OrganisationScoped

# -- H4: my overview — messages, document requests, address verification, SMS outbox (migration 0002_overview) ----


class MessageKind(models.TextChoices):
    STATUS = "status", _("Nieuwe status")
    SUSPENDED = "suspended", _("Zaak ligt stil")
    RESUMED = "resumed", _("Zaak loopt weer")
    EXTENDED = "extended", _("Termijn verlengd")
    DOCUMENT_REQUEST = "document_request", _("Document gevraagd")
    DECISION = "decision", _("Besluit")
    CLOSED = "closed", _("Zaak afgehandeld")
    REOPENED = "reopened", _("Zaak heropend")
    ANSWER = "answer", _("Antwoord op uw vraag")


class PortalMessage(OrganisationScoped):
    """A message from the municipality to a party in "Mijn loket" (Berichten). Holds no more personal data than the
    subject needs: the case number and what happened; the details stay on the (access-checked) case page."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey("contacts.Party", verbose_name=_("klant"), on_delete=models.CASCADE,
                              related_name="portal_messages")
    zaak = models.ForeignKey("cases.Zaak", verbose_name=_("zaak"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="portal_messages")
    kind = models.CharField(_("soort"), max_length=20, choices=MessageKind.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["party", "-created_at"], name="portal_message_party_idx"),
            models.Index(fields=["party"], condition=models.Q(read_at__isnull=True), name="portal_message_unread_idx"),
        ]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self):
        return self.subject


class DocumentRequest(OrganisationScoped):
    """Staff ask the resident (the case's initiator) for a document; the resident uploads it on the case page."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey("cases.Zaak", verbose_name=_("zaak"), on_delete=models.CASCADE,
                             related_name="document_requests")
    informatieobjecttype = models.ForeignKey("cases.InformatieObjectType", verbose_name=_("documenttype"),
                                             on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("welk document"), max_length=1000)
    due_date = models.DateField(_("uiterlijk op"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    fulfilled_at = models.DateTimeField(_("ontvangen op"), null=True, blank=True)
    document = models.ForeignKey("cases.EnkelvoudigInformatieObject", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    cancelled_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["zaak", "fulfilled_at"], name="portal_docrequest_zaak_idx")]
        verbose_name = _("gevraagd document")
        verbose_name_plural = _("gevraagde documenten")

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.fulfilled_at is None and self.cancelled_at is None


class AddressVerification(OrganisationScoped):
    """A 6-digit code sent to a new e-mail address or phone number; only a confirmed address is saved as the
    party's digital address. The code is stored as an HMAC (with a per-code nonce), never in the clear."""

    party = models.ForeignKey("contacts.Party", on_delete=models.CASCADE, related_name="address_verifications")
    kind = models.CharField(_("soort"), max_length=20)
    value = models.CharField(_("adres"), max_length=254)
    normalised_value = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=100)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["party", "-created_at"], name="portal_verification_party_idx")]
        verbose_name = _("verificatiecode")
        verbose_name_plural = _("verificatiecodes")


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("in wachtrij")
    SENT = "sent", _("verzonden")
    FAILED = "failed", _("mislukt")


class OutgoingSms(OrganisationScoped):
    """The SMS outbox: stored in the transaction of the change, delivered by a job through the SMS backend."""

    to = models.CharField(_("aan"), max_length=40)
    text = models.CharField(_("tekst"), max_length=480)
    status = models.CharField(_("status"), max_length=10, choices=SmsStatus.choices, default=SmsStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitgaande sms")
        verbose_name_plural = _("uitgaande sms'en")

    def __str__(self):
        return self.text[:50]


# -- H1: identity (log-in mapping and log-in history; migration 0001_identity)


class PortalIdentity(OrganisationScoped):
    """A log-in at an identity provider (its ``sub``) linked to the party it was mapped to."""

    provider = models.CharField(_("aanmeldmiddel"), max_length=50)
    subject = models.CharField(_("kenmerk bij de aanbieder"), max_length=255)
    party = models.ForeignKey("contacts.Party", verbose_name=_("klant"), on_delete=models.CASCADE,
                              related_name="portal_identities")
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(_("laatst aangemeld"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "provider", "subject"],
                                               name="portal_identity_unique_subject")]
        verbose_name = _("aanmeldidentiteit")
        verbose_name_plural = _("aanmeldidentiteiten")

    def __str__(self):
        return f"{self.provider}: {self.party}"


class LoginEventKind(models.TextChoices):
    LOGIN = "login", _("Aangemeld")
    REFUSED = "refused", _("Aanmelding geweigerd")
    LOGOUT = "logout", _("Afgemeld")
    EXPIRED = "expired", _("Sessie verlopen")
    ACT_FOR = "act_for", _("Handelt namens")


class LoginEvent(OrganisationScoped):
    """One log-in, refusal, log-out or switch of whom a resident acts for. Never changed afterwards."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=10, choices=LoginEventKind.choices)
    party = models.ForeignKey("contacts.Party", verbose_name=_("klant"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    acting_for = models.ForeignKey("contacts.Party", verbose_name=_("namens"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    acting_person = models.CharField(_("handelende persoon"), max_length=200, blank=True)
    provider = models.CharField(_("aanmeldmiddel"), max_length=50, blank=True)
    assurance = models.CharField(_("betrouwbaarheidsniveau"), max_length=20, blank=True)
    party_created = models.BooleanField(_("klant aangemaakt"), default=False)
    detail = models.CharField(_("toelichting"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["party", "-created_at"], name="portal_login_party_idx")]
        verbose_name = _("aanmeldgebeurtenis")
        verbose_name_plural = _("aanmeldgebeurtenissen")

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
