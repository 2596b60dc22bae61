"""Stored classifier versions (imported by ``loket.meldingen.models``, so they belong to the meldingen app)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import Organisation


class TrainedClassifier(models.Model):
    """One trained classifier: the scikit-learn object, pickled by Loket itself and signed with an HMAC.

    ``organisation`` is empty for the seed model (trained on the shipped seed set only), which every
    organisation uses until it has a model trained on its own handled meldingen as well. The newest row per
    organisation (or the newest seed row) is the one in use; older rows are kept a while for comparison.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: het basismodel dat alleen op de meegeleverde voorbeeldmeldingen is getraind."),
    )
    created_at = models.DateTimeField(_("getraind op"), auto_now_add=True)
    seed_examples = models.PositiveIntegerField(_("voorbeeldmeldingen"), default=0)
    own_examples = models.PositiveIntegerField(_("eigen afgehandelde meldingen"), default=0)
    training_seconds = models.FloatField(_("trainingsduur (s)"), default=0)
    sklearn_version = models.CharField(_("scikit-learn-versie"), max_length=20)
    signature = models.CharField(_("handtekening"), max_length=64)
    payload = models.BinaryField(_("model"))

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="meld_classifier_org_newest")]
        verbose_name = _("getrainde classificatie")
        verbose_name_plural = _("getrainde classificaties")

    def __str__(self):
        who = self.organisation.name if self.organisation_id else _("basismodel")
        return f"{who} ({self.created_at:%Y-%m-%d %H:%M})"
