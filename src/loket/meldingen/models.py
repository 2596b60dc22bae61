"""Reports about public space (meldingen): each one is a case.

A melding has a location (latitude/longitude plus an address), a sub category (whose parent is the main category), a
state in an explicit state machine (:mod:`loket.meldingen.states`), an append-only history (:class:`StateChange`), and
is routed to a department or a partner organisation by ordered :class:`RoutingRule` rows. The rules live in
:mod:`loket.meldingen.services`.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import OrganisationScoped


class State(models.TextChoices):
    REPORTED = "reported", _("Gemeld")
    AWAITING = "awaiting", _("In afwachting van behandeling")
    IN_PROGRESS = "in_progress", _("In behandeling")
    PLANNED = "planned", _("Ingepland")
    ON_HOLD = "on_hold", _("On hold")
    FORWARDED = "forwarded", _("Doorgestuurd naar partner")
    HANDLED = "handled", _("Afgehandeld")
    CANCELLED = "cancelled", _("Geannuleerd")
    REOPEN_REQUESTED = "reopen_requested", _("Verzoek tot heropenen")
    REOPENED = "reopened", _("Heropend")


CLOSED_STATES = frozenset({State.HANDLED, State.CANCELLED})


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    PHONE = "phone", _("Telefoon (contactcenter)")
    COUNTER = "counter", _("Balie")
    EMAIL = "email", _("E-mail")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


def _token() -> str:
    return secrets.token_urlsafe(24)


class MeldingSettings(OrganisationScoped):
    """Per-organisation settings for meldingen (one row per organisation; defaults when there is none)."""

    boundary = models.JSONField(
        _("grens"), null=True, blank=True,
        help_text=_("GeoJSON Polygon of MultiPolygon (lengtegraad, breedtegraad) van het grondgebied."),
    )
    duplicate_radius_m = models.PositiveIntegerField(_("straal voor dubbele meldingen (m)"), default=50)
    duplicate_age_days = models.PositiveIntegerField(_("leeftijd voor dubbele meldingen (dagen)"), default=84)
    triage_threshold = models.FloatField(
        _("drempel voor automatische classificatie"), default=0.6,
        help_text=_("Onder deze zekerheid gaat een melding naar de triage."),
    )
    case_type_code = models.CharField(_("zaaktype (code)"), max_length=50, default="MELDING-OPENBARE-RUIMTE")
    default_department = models.ForeignKey(
        "organisations.Department", verbose_name=_("standaardafdeling"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    anonymise_after_days = models.PositiveIntegerField(
        _("melders anonimiseren na (dagen na afsluiten)"), default=365,
    )
    delete_after_days = models.PositiveIntegerField(_("meldingen verwijderen na (dagen na afsluiten)"), default=365 * 5)
    map_tile_url = models.CharField(
        _("kaarttegels (URL)"), max_length=300, default="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    )
    map_attribution = models.CharField(_("kaartbron"), max_length=300, default="© OpenStreetMap-bijdragers")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="melding_settings_one_per_org")]
        verbose_name = _("instellingen meldingen")
        verbose_name_plural = _("instellingen meldingen")


class Category(OrganisationScoped):
    """A main category (no parent) or a sub category (with a main category as parent)."""

    parent = models.ForeignKey(
        "self", verbose_name=_("hoofdcategorie"), null=True, blank=True, on_delete=models.PROTECT, related_name="children",
    )
    slug = models.SlugField(max_length=100)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    handling_code = models.CharField(_("afhandelcode"), max_length=30, blank=True)
    deadline_days = models.PositiveIntegerField(_("afhandeltermijn (dagen)"), default=5)
    deadline_working_days = models.BooleanField(_("termijn in werkdagen"), default=True)
    handling_message = models.TextField(
        _("standaard afhandeltekst"), blank=True, help_text=_("Staat in de bevestiging aan de melder."),
    )
    status_texts = models.JSONField(
        _("standaardteksten per status"), default=dict, blank=True,
        help_text=_("Per status (bv. 'handled') de tekst die de melder krijgt."),
    )
    is_public = models.BooleanField(_("openbaar op de kaart"), default=True)
    is_active = models.BooleanField(_("actief"), default=True)
    extra_questions = models.JSONField(
        _("extra vragen"), default=list, blank=True,
        help_text=_("Lijst van {key, label, type (text|choice|boolean|number), required, choices}."),
    )
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("standaardafdeling"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="melding_categories",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # The taxonomy has a main "overig" with a sub "overig": slugs are unique per level.
            models.UniqueConstraint(fields=["organisation", "slug"], condition=models.Q(parent__isnull=True),
                                    name="melding_main_category_slug_per_org"),
            models.UniqueConstraint(fields=["organisation", "slug"], condition=models.Q(parent__isnull=False),
                                    name="melding_sub_category_slug_per_org"),
        ]
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")

    def __str__(self):
        return self.name

    @property
    def is_main(self) -> bool:
        return self.parent_id is None


class Melding(OrganisationScoped):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.OneToOneField(
        "cases.Zaak", verbose_name=_("zaak"), null=True, blank=True, on_delete=models.PROTECT, related_name="melding",
    )
    text = models.TextField(_("omschrijving"))
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    address = models.CharField(_("adres"), max_length=300, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("subcategorie"), on_delete=models.PROTECT, related_name="meldingen",
    )
    main_category = models.ForeignKey(
        Category, verbose_name=_("hoofdcategorie"), on_delete=models.PROTECT, related_name="+",
    )
    classifier_confidence = models.FloatField(_("zekerheid classificatie"), null=True, blank=True)
    classifier_suggestions = models.JSONField(_("voorstellen classificatie"), default=dict, blank=True)
    needs_triage = models.BooleanField(_("in triage"), default=False)
    reclassified = models.BooleanField(_("categorie gecorrigeerd"), default=False)
    answers = models.JSONField(_("antwoorden op extra vragen"), default=dict, blank=True)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.REPORTED)
    is_open = models.BooleanField(default=True)
    state_changed_at = models.DateTimeField(_("status gewijzigd op"), auto_now_add=True)
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("afdeling"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="meldingen",
    )
    partner = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("partner"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="forwarded_meldingen",
    )
    routing_rule = models.ForeignKey(
        "RoutingRule", verbose_name=_("routeringsregel"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    # The reporter: a known party, or contact details given with the report (or nothing: anonymous).
    party = models.ForeignKey(
        "contacts.Party", verbose_name=_("melder"), null=True, blank=True, on_delete=models.SET_NULL, related_name="meldingen",
    )
    reporter_name = models.CharField(_("naam melder"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("e-mail melder"), blank=True)
    reporter_phone = models.CharField(_("telefoon melder"), max_length=40, blank=True)
    wants_updates = models.BooleanField(_("wil updates ontvangen"), default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    api_client = models.ForeignKey(
        "Open311Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="meldingen",
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("hoofdmelding (deelmelding van)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("samengevoegd met"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged",
    )
    deadline = models.DateField(_("uiterste datum"), null=True, blank=True)
    deadline_3x = models.DateField(_("3x uiterste datum"), null=True, blank=True)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [
            models.Index(fields=["organisation", "is_open", "state"], name="melding_org_open_state"),
            models.Index(fields=["organisation", "needs_triage"], name="melding_triage",
                         condition=models.Q(needs_triage=True)),
            models.Index(fields=["organisation", "-created_at"], name="melding_org_created"),
        ]
        # Plus (in the migration) a GiST index on point(longitude, latitude) for the nearby and map look-ups.

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        if self.zaak_id and getattr(self, "zaak", None) is not None:
            return self.zaak.identificatie
        return f"M{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES


class MeldingPhoto(models.Model):
    """A photo: the upload as received (staff only) and a resized copy without metadata (EXIF/GPS) for display."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="photos")
    original = models.FileField(upload_to="meldingen/originals/%Y/%m/")
    display = models.FileField(upload_to="meldingen/display/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=50, default="image/jpeg")
    public_approved = models.BooleanField(_("openbaar goedgekeurd"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")

    def __str__(self):
        return f"{self.melding_id}: {self.display.name}"


class StateChange(models.Model):
    """One step in a melding's history (append-only: also category corrections, routing, merges)."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=30, default="state")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    public_text = models.TextField(_("bericht aan melder"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("historiek")

    KIND_LABELS = {
        "state": _("Status gewijzigd"),
        "routed": _("Doorgestuurd naar behandelaar"),
        "assigned": _("Toegewezen"),
        "reclassified": _("Categorie aangepast"),
        "split": _("Gesplitst"),
        "merged": _("Samengevoegd"),
        "followed": _("Gevolgd"),
        "feedback": _("Reactie van de melder"),
        "photo": _("Foto beoordeeld"),
    }

    def __str__(self):
        return f"{self.melding_id}: {self.kind} {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("De historiek van een melding kan niet gewijzigd worden."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("De historiek van een melding kan niet gewijzigd worden."))

    @property
    def label(self) -> str:
        """What happened, in words: the new state's name, or the kind of step."""
        if self.to_state:
            try:
                return str(State(self.to_state).label)
            except ValueError:
                return self.to_state
        return str(self.KIND_LABELS.get(self.kind, self.kind))


class RoutingRule(OrganisationScoped):
    """Ordered: the first active rule whose category, area and time window fit decides the department or partner."""

    order = models.PositiveIntegerField(_("volgorde"), default=100)
    name = models.CharField(_("naam"), max_length=200)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categorieën"), blank=True, related_name="routing_rules",
        help_text=_("Hoofd- of subcategorieën; leeg: alle."),
    )
    area = models.JSONField(_("gebied"), null=True, blank=True, help_text=_("GeoJSON Polygon; leeg: overal."))
    weekdays = models.JSONField(_("weekdagen"), default=list, blank=True, help_text=_("0 = maandag; leeg: elke dag."))
    start_time = models.TimeField(_("vanaf"), null=True, blank=True)
    end_time = models.TimeField(_("tot"), null=True, blank=True)
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("afdeling"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    partner = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("partner"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")

    def __str__(self):
        return self.name


class Follower(models.Model):
    """Someone who follows a melding (a resident who chose an existing report instead of a duplicate)."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["melding", "email"], name="melding_follower_unique")]

    def __str__(self):
        return f"{self.melding_id}: {self.email}"


class Feedback(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="feedback")
    is_satisfied = models.BooleanField(_("tevreden"))
    reasons = models.JSONField(_("redenen"), default=list, blank=True)
    text = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return f"{self.melding_id}: {self.is_satisfied}"


class Open311Client(OrganisationScoped):
    """An application allowed to POST Open311 service requests with an API key (stored as a SHA-256 hash)."""

    name = models.CharField(_("naam"), max_length=200)
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(max_length=8)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311-client")
        verbose_name_plural = _("Open311-clients")

    def __str__(self):
        return self.name


# Stored classifier versions: defined in the classification package, registered with this app here.
from .classification.models import TrainedClassifier  # noqa: E402, F401
