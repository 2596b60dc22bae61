"""Loket as its own Notificaties hub: kanalen, abonnementen and an outbox of notifications.

A change publishes a :class:`Notification` (the outbox row) in its own transaction
(``services.publish``). The worker then fans it out into one :class:`Delivery` per
matching :class:`Abonnement` and POSTs the standard message to each callback URL,
with retries and exponential backoff; a periodic job picks up whatever a killed
worker left behind. Delivery state is kept per subscriber, so administrators see
what reached whom (admin at /beheer/).

Kanalen are installation-wide (the standard's channel names are unique across the
hub, like Open Notificaties); abonnementen and notifications record the
organisation they belong to when it is known (the client's or the publishing
change's), so a hub shared by a gemeente and its OCMW can tell them apart.
"""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import Organisation


class Kanaal(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(
        _("naam"), max_length=50, unique=True,
        help_text=_("Naam van het kanaal (ook wel 'exchange') dat de bron vertegenwoordigt, bv. zaken."),
    )
    documentatie_link = models.URLField(_("documentatielink"), max_length=200, blank=True)
    filters = ArrayField(
        models.CharField(max_length=100), verbose_name=_("filters"), default=list, blank=True,
        help_text=_("Kenmerken waarop abonnementen op dit kanaal kunnen filteren."),
    )

    class Meta:
        ordering = ["naam"]
        verbose_name = _("kanaal")
        verbose_name_plural = _("kanalen")

    def __str__(self):
        return self.naam


class Abonnement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, null=True, blank=True,
        help_text=_("De organisatie van de applicatie die het abonnement nam, indien bekend."),
    )
    callback_url = models.URLField(_("callback-URL"), max_length=200)
    auth = models.CharField(
        _("autorisatieheader"), max_length=1000,
        help_text=_("Waarde van de Authorization-header bij het afleveren, bv. 'Bearer a4daa31...'."),
    )
    client_id = models.CharField(
        _("client-ID"), max_length=255, blank=True,
        help_text=_("De applicatie die het abonnement via de API aanmaakte."),
    )
    is_active = models.BooleanField(
        _("actief"), default=True,
        help_text=_("Zet je een abonnement op inactief, dan krijgt het geen nieuwe notificaties meer."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")

    def __str__(self):
        return self.callback_url


class FilterGroup(models.Model):
    """One kanaal of an abonnement, with the kenmerken it filters on."""

    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="filter_groups")
    kanaal = models.ForeignKey(Kanaal, on_delete=models.CASCADE, related_name="filter_groups")
    filters = models.JSONField(
        _("filters"), default=dict, blank=True,
        help_text=_("Kenmerk -> waarde; '*' of '#' staat voor elke waarde."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("kanaal van een abonnement")
        verbose_name_plural = _("kanalen van een abonnement")
        constraints = [models.UniqueConstraint(fields=["abonnement", "kanaal"], name="notif_filtergroup_unique")]

    def __str__(self):
        return f"{self.kanaal}: {self.filters}"


class Notification(models.Model):
    """The outbox row: the standard message, written in the transaction of the change."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, null=True, blank=True,
    )
    kanaal = models.ForeignKey(Kanaal, verbose_name=_("kanaal"), on_delete=models.PROTECT, related_name="notifications")
    hoofd_object = models.URLField(_("hoofdobject"), max_length=1000)
    resource = models.CharField(_("resource"), max_length=100)
    resource_url = models.URLField(_("resource-URL"), max_length=1000)
    actie = models.CharField(_("actie"), max_length=100)
    aanmaakdatum = models.DateTimeField(_("aanmaakdatum"), default=timezone.now)
    kenmerken = models.JSONField(_("kenmerken"), default=dict, blank=True)
    source = models.CharField(
        _("bron"), max_length=255, blank=True,
        help_text=_("Leeg voor Loket zelf, anders de client-ID die de notificatie via de API aanbood."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    fanned_out_at = models.DateTimeField(
        _("verdeeld op"), null=True, blank=True,
        help_text=_("Wanneer de aflevering per abonnement werd aangemaakt."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        indexes = [
            models.Index(fields=["created_at"], name="notif_not_fanned_out",
                         condition=models.Q(fanned_out_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.kanaal.naam} {self.resource} {self.actie}"

    def message(self) -> dict:
        """The standard's message (Notificaties API 1.0.0 `Message`), as POSTed to subscribers."""
        return {
            "kanaal": self.kanaal.naam,
            "hoofdObject": self.hoofd_object,
            "resource": self.resource,
            "resourceUrl": self.resource_url,
            "actie": self.actie,
            "aanmaakdatum": self.aanmaakdatum.isoformat().replace("+00:00", "Z"),
            "kenmerken": self.kenmerken,
        }


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("te versturen")
    DELIVERED = "delivered", _("afgeleverd")
    FAILED = "failed", _("opgegeven")


class Delivery(models.Model):
    """One notification to one abonnement: its state, attempts and schedule."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("notificatie"))
    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="deliveries",
                                   verbose_name=_("abonnement"))
    state = models.CharField(_("status"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    lease_until = models.DateTimeField(
        _("bezig tot"), null=True, blank=True,
        help_text=_("Een worker verstuurt dit nu; na dit tijdstip mag een andere het overnemen."),
    )
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("laatste HTTP-status"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aflevering")
        verbose_name_plural = _("afleveringen")
        constraints = [
            models.UniqueConstraint(fields=["notification", "abonnement"], name="notif_delivery_unique"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="notif_delivery_due",
                         condition=models.Q(state="pending")),
            models.Index(fields=["state", "created_at"], name="notif_delivery_state"),
        ]

    def __str__(self):
        return f"{self.notification} -> {self.abonnement}"
