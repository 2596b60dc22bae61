"""The append-only log of every access to personal data.

Who (staff member or system) saw or changed which person's data, when, why,
from where. Rows are never changed or removed: the model refuses it and a
database trigger (migration 0002) refuses it for any SQL client too.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("ingezien")
    SEARCH = "search", _("gezocht")
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    EXPORT = "export", _("geëxporteerd")


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    timestamp = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    # DO_NOTHING, no database constraint: removing a staff member or organisation must not
    # touch their entries (the trigger would refuse the UPDATE of SET_NULL).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("medewerker"), null=True, blank=True,
        on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
    )
    actor_display = models.CharField(_("door"), max_length=200, help_text=_("Naam op het moment van de toegang."))
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisatie"), null=True, blank=True,
        on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
    )
    action = models.CharField(_("handeling"), max_length=10, choices=AuditAction.choices)
    subject_type = models.CharField(_("soort persoon"), max_length=100)
    subject_id = models.CharField(_("persoon"), max_length=64, db_index=True)
    subject_display = models.CharField(_("persoon (gemaskeerd)"), max_length=200)
    object_type = models.CharField(_("soort gegeven"), max_length=100, blank=True)
    object_id = models.CharField(_("gegeven"), max_length=64, blank=True)
    fields = models.JSONField(_("velden"), default=list, blank=True, help_text=_("Welke gegevens getoond of gewijzigd werden."))
    reason = models.CharField(_("reden"), max_length=500)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-timestamp", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "-timestamp"], name="audit_subject_idx")]
        verbose_name = _("toegang tot persoonsgegevens")
        verbose_name_plural = _("toegangslog persoonsgegevens")

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_display} {self.get_action_display()} {self.subject_display}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")


class ApiAuditTrail(models.Model):
    """One change through a ZGW API (the ZGW ``AuditTrail`` resource), served at ``.../{uuid}/audittrail``.

    Written by :func:`loket.platform.audit.services.record_api_change` in the transaction of the change.
    ``hoofd_object`` is the URL of the main object (the zaak, document or besluit) the change belongs to;
    the audittrail endpoints list by it (indexed). Append-only like :class:`AuditEntry`.
    """

    uuid = models.UUIDField(unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisatie"), null=True, blank=True,
        on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
    )
    bron = models.CharField(_("bron"), max_length=3)
    applicatie_id = models.CharField(_("applicatie"), max_length=100, blank=True)
    applicatie_weergave = models.CharField(_("applicatie (weergave)"), max_length=200, blank=True)
    gebruikers_id = models.CharField(_("gebruiker"), max_length=255, blank=True)
    gebruikers_weergave = models.CharField(_("gebruiker (weergave)"), max_length=255, blank=True)
    actie = models.CharField(_("actie"), max_length=50)
    actie_weergave = models.CharField(_("actie (weergave)"), max_length=200, blank=True)
    resultaat = models.PositiveIntegerField(_("resultaat (HTTP-status)"))
    hoofd_object = models.URLField(_("hoofdobject"), max_length=1000)
    hoofd_object_uuid = models.UUIDField(_("hoofdobject (uuid)"), null=True, blank=True)
    resource = models.CharField(_("resource"), max_length=50)
    resource_url = models.URLField(_("resource-URL"), max_length=1000)
    resource_weergave = models.CharField(_("resource (weergave)"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True)
    aanmaakdatum = models.DateTimeField(_("aanmaakdatum"), auto_now_add=True)
    oud = models.JSONField(_("oud"), null=True, blank=True)
    nieuw = models.JSONField(_("nieuw"), null=True, blank=True)

    class Meta:
        ordering = ["aanmaakdatum", "pk"]
        indexes = [models.Index(fields=["hoofd_object_uuid", "aanmaakdatum"], name="api_audit_hoofd_idx")]
        verbose_name = _("API-audittrail")
        verbose_name_plural = _("API-audittrail")

    def __str__(self):
        return f"{self.aanmaakdatum:%Y-%m-%d %H:%M} {self.applicatie_weergave} {self.actie} {self.resource_weergave}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")
