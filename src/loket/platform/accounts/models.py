"""Staff users and their roles per department."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import Department, Organisation


class Role(models.TextChoices):
    """What a staff member does in a department; later apps grant rights per role."""

    FRONT_OFFICE = "frontoffice", _("Baliemedewerker")
    CONTACT_CENTRE = "kcc", _("KCC-medewerker")
    CASE_HANDLER = "behandelaar", _("Dossierbehandelaar")
    SOCIAL_WORKER = "maatschappelijk_werker", _("Maatschappelijk werker")
    MANAGER = "leidinggevende", _("Leidinggevende")
    ADMINISTRATOR = "beheerder", _("Functioneel beheerder")


class User(AbstractUser):
    """A staff member of one of the organisations (residents log in through the portal)."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="staff",
    )
    is_demo_account = models.BooleanField(
        _("demo-account"), default=False, help_text=_("Aangemaakt door de demo; log-ins worden getoond bij het starten."),
    )

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def __str__(self):
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A staff member's role in a department (one person can hold several)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(Department, verbose_name=_("afdeling"), on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey("organisations.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL)
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["department__name", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "department", "role"], name="membership_unique")]
        verbose_name = _("rol in afdeling")
        verbose_name_plural = _("rollen in afdelingen")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.department.name})"
