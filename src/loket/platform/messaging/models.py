"""The e-mail outbox: a message is stored in the same transaction as the change that causes it.

The job that sends it is deferred in that transaction too, so either both
exist or neither does; the worker then delivers with retries.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import OrganisationScoped


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("in wachtrij")
    SENT = "sent", _("verzonden")
    FAILED = "failed", _("mislukt")


class OutgoingEmail(OrganisationScoped):
    to = models.JSONField(_("aan"), help_text=_("Lijst van e-mailadressen."))
    subject = models.CharField(_("onderwerp"), max_length=300)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")

    def __str__(self):
        return self.subject
