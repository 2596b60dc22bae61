"""Organisations, their departments and teams, and the places where residents meet them.

One installation serves several organisations: a gemeente, its OCMW and the
partners they work with in a network (CAW, police zone, waste intercommunale,
housing company). Every record of every other app belongs to one organisation
through :class:`OrganisationScoped`.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Geef een kleur als #RRGGBB."))


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    OCMW = "ocmw", _("OCMW")
    CAW = "caw", _("Centrum Algemeen Welzijnswerk")
    POLITIEZONE = "politiezone", _("Politiezone")
    AFVALINTERCOMMUNALE = "afvalintercommunale", _("Afvalintercommunale")
    WOONMAATSCHAPPIJ = "woonmaatschappij", _("Woonmaatschappij")
    HULPVERLENINGSZONE = "hulpverleningszone", _("Hulpverleningszone (brandweer)")
    ANDERE = "andere", _("Andere partner")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("hoort bij"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children", help_text=_("Bijvoorbeeld: het OCMW hoort bij de gemeente."),
    )
    partners = models.ManyToManyField(
        "self", verbose_name=_("ketenpartners"), blank=True, symmetrical=True,
        help_text=_("Organisaties die samen aan dossiers werken."),
    )
    country = models.CharField(_("land"), max_length=2, choices=[("BE", "België"), ("NL", "Nederland")], default="BE")
    identifier = models.CharField(
        _("ondernemingsnummer / OIN"), max_length=40, blank=True,
        help_text=_("KBO-nummer (BE) of OIN/RSIN (NL)."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Theming: the NL Design System tokens are overridden with these per organisation.
    domain = models.CharField(
        _("domeinnaam"), max_length=200, blank=True, db_index=True,
        help_text=_("Host waarop de bewonerssite van deze organisatie draait, bv. loket.heidebeek.be."),
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    primary_colour = models.CharField(_("hoofdkleur"), max_length=7, default="#1f5f8b", validators=[hex_colour])
    primary_text_colour = models.CharField(_("tekstkleur op hoofdkleur"), max_length=7, default="#ffffff", validators=[hex_colour])
    accent_colour = models.CharField(_("accentkleur"), max_length=7, default="#0b7a53", validators=[hex_colour])
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name


class OrganisationScoped(models.Model):
    """Base for every record that belongs to one organisation."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT)

    class Meta:
        abstract = True


class Department(OrganisationScoped):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField()
    description = models.TextField(_("omschrijving"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="department_slug_unique_per_org")]
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")

    def __str__(self):
        return f"{self.name} ({self.organisation.name})"


class Team(models.Model):
    department = models.ForeignKey(Department, verbose_name=_("afdeling"), on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="team_name_unique_per_department")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class LocationKind(models.TextChoices):
    TOWN_HALL = "gemeentehuis", _("Gemeentehuis")
    SOCIAL_HOUSE = "sociaal_huis", _("Sociaal Huis")
    DISTRICT_OFFICE = "dienstencentrum", _("Dienstencentrum / deelgemeentehuis")
    LIBRARY = "bibliotheek", _("Bibliotheek")
    RECYCLING_PARK = "recyclagepark", _("Recyclagepark")
    PARTNER_OFFICE = "kantoor", _("Kantoor van een partner")


class Location(OrganisationScoped):
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=LocationKind.choices)
    street = models.CharField(_("straat"), max_length=200)
    house_number = models.CharField(_("huisnummer"), max_length=20)
    postal_code = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("gemeente"), max_length=100)
    latitude = models.DecimalField(_("breedtegraad"), max_digits=9, decimal_places=6,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    accessibility = models.TextField(_("toegankelijkheid"), blank=True)
    departments = models.ManyToManyField(Department, verbose_name=_("afdelingen"), blank=True, related_name="locations")

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}, {self.postal_code} {self.city}"

    def opening_state_at(self, moment: datetime.datetime | None = None) -> str:
        """``"open"``, ``"appointment"`` (only by appointment now) or ``"closed"`` at ``moment``.

        Uses prefetched hours and closed days when present.
        """
        moment = timezone.localtime(moment)
        if any(day.date == moment.date() for day in self.closed_days.all()):
            return "closed"
        now = moment.time()
        current = [
            period for period in self.opening_hours.all()
            if period.weekday == moment.weekday() and period.opens <= now < period.closes
        ]
        if not current:
            return "closed"
        return "appointment" if all(period.by_appointment_only for period in current) else "open"

    def is_open_at(self, moment: datetime.datetime | None = None) -> bool:
        """Open for walk-in visitors at ``moment``."""
        return self.opening_state_at(moment) == "open"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class OpeningHours(models.Model):
    """One opening period on one weekday; a day may have several (morning and afternoon)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    opens = models.TimeField(_("van"))
    closes = models.TimeField(_("tot"))
    by_appointment_only = models.BooleanField(_("enkel op afspraak"), default=False)

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="opening_hours_closes_after_opens"),
        ]
        verbose_name = _("openingsuur")
        verbose_name_plural = _("openingsuren")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosedDay(models.Model):
    """A public holiday or other day a location is closed."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="closed_days")
    date = models.DateField(_("datum"))
    reason = models.CharField(_("reden"), max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["location", "date"], name="closed_day_unique")]
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")

    def __str__(self):
        return f"{self.date}: {self.reason}"
