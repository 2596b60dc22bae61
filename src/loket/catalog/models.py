"""The product and service catalog (IPDC / CPSV-AP / UPL aligned).

A :class:`Product` holds the *published* content residents see; staff edit a
:class:`ProductVersion` (draft -> review -> published) and publishing copies the
version's content onto the product. Search reads a stored, weighted tsvector
(``search_vector``) and a trigram-indexed text (``search_names``), both kept up
to date by :func:`loket.catalog.services.reindex`.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import (
    Department,
    Location,
    Organisation,
    OrganisationScoped,
)


class ProductType(models.TextChoices):
    """IPDC product types (https://productencatalogus.data.vlaanderen.be/id/concept/Type/...)."""

    FINANCIAL_OBLIGATION = "FinancieleVerplichting", _("Financiële verplichting")
    PERMISSION = "Toelating", _("Toelating")
    EVIDENCE = "Bewijs", _("Bewijs")
    OBJECT = "Voorwerp", _("Voorwerp")
    ADVICE = "AdviesBegeleiding", _("Advies en begeleiding")
    INFRASTRUCTURE = "InfrastructuurMateriaal", _("Infrastructuur en materiaal")
    FINANCIAL_BENEFIT = "FinancieelVoordeel", _("Financieel voordeel")


class Theme(models.TextChoices):
    CITIZEN_GOVERNMENT = "BurgerOverheid", _("Burger en overheid")
    CULTURE_SPORT = "CultuurSportVrijeTijd", _("Cultuur, sport en vrije tijd")
    ECONOMY_WORK = "EconomieWerk", _("Economie en werk")
    ENVIRONMENT_ENERGY = "MilieuEnergie", _("Milieu en energie")
    MOBILITY = "MobiliteitOpenbareWerken", _("Mobiliteit en openbare werken")
    EDUCATION = "OnderwijsWetenschap", _("Onderwijs en wetenschap")
    WELFARE_HEALTH = "WelzijnGezondheid", _("Welzijn en gezondheid")
    HOUSING = "BouwenWonen", _("Bouwen en wonen")


class Audience(models.TextChoices):
    CITIZEN = "Burger", _("Inwoners")
    BUSINESS = "Onderneming", _("Ondernemingen")
    ORGANISATION = "Organisatie", _("Organisaties")
    ASSOCIATION = "Vereniging", _("Verenigingen")


class GovernmentLevel(models.TextChoices):
    EUROPEAN = "Europees", _("Europees")
    FEDERAL = "Federaal", _("Federaal")
    FLEMISH = "Vlaams", _("Vlaams")
    PROVINCIAL = "Provinciaal", _("Provinciaal")
    LOCAL = "Lokaal", _("Lokaal")
    NATIONAL_NL = "Rijk", _("Rijksoverheid (NL)")
    WATER_BOARD = "Waterschap", _("Waterschap (NL)")


class LifeEvent(models.TextChoices):
    MOVING = "verhuizen", _("Verhuizen")
    BABY = "kind-krijgen", _("Een kind krijgen")
    MARRIAGE = "trouwen-samenwonen", _("Trouwen of samenwonen")
    DEATH = "overlijden", _("Overlijden")
    START_BUSINESS = "zaak-starten", _("Een zaak starten")
    BUILDING = "bouwen-verbouwen", _("Bouwen of verbouwen")
    EVENT = "evenement-organiseren", _("Een evenement organiseren")
    AGEING = "ouder-worden", _("Ouder worden")
    MONEY = "geldzorgen-werk-verliezen", _("Geldzorgen of uw werk verliezen")
    SCHOOL = "kinderopvang-school", _("Kinderopvang en school")
    TRAVEL = "op-reis", _("Op reis gaan")
    CAR = "auto-en-verkeer", _("Auto en verkeer")
    DIVORCE = "scheiden", _("Scheiden")
    NEWCOMER = "nieuw-in-de-gemeente", _("Nieuw in de gemeente")
    CARE = "handicap-of-zorg", _("Een handicap of zorg nodig")
    ASSOCIATION = "vereniging", _("Een vereniging runnen")


class State(models.TextChoices):
    DRAFT = "draft", _("Concept")
    REVIEW = "review", _("Ter controle")
    PUBLISHED = "published", _("Gepubliceerd")
    ARCHIVED = "archived", _("Gearchiveerd")


class ChannelKind(models.TextChoices):
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Telefoon")
    COUNTER = "counter", _("Aan de balie (zonder afspraak)")
    APPOINTMENT = "appointment", _("Aan de balie (op afspraak)")
    HOME_VISIT = "home_visit", _("Huisbezoek")
    POST = "post", _("Per post")
    EMAIL = "email", _("Per e-mail")


class AssuranceLevel(models.TextChoices):
    """eIDAS assurance levels of an online log-in (itsme/CSAM, DigiD)."""

    LOW = "low", _("laag")
    SUBSTANTIAL = "substantial", _("substantieel")
    HIGH = "high", _("hoog")


class Product(OrganisationScoped):
    """A product or service as residents see it. ``organisation`` is the one that executes it (and owns it)."""

    key = models.SlugField(_("sleutel"), max_length=120, help_text=_("Korte naam in het webadres."))
    # NULL (not "") for local products: the UPL URI is unique per organisation when present.
    upl_uri = models.URLField(_("UPL-URI"), max_length=300, null=True, blank=True)  # noqa: DJ001
    upl_name = models.CharField(_("uniforme productnaam"), max_length=300, blank=True)
    sdg_codes = ArrayField(models.CharField(max_length=4), verbose_name=_("SDG-codes"), default=list, blank=True)
    name = models.CharField(_("naam"), max_length=200)
    short_description = models.CharField(_("korte omschrijving"), max_length=300, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    type = models.CharField(_("type"), max_length=30, choices=ProductType.choices, default=ProductType.EVIDENCE)
    themes = ArrayField(models.CharField(max_length=40, choices=Theme.choices), verbose_name=_("thema's"),
                        default=list, blank=True)
    audiences = ArrayField(models.CharField(max_length=20, choices=Audience.choices), verbose_name=_("doelgroepen"),
                           default=list, blank=True)
    life_events = ArrayField(models.CharField(max_length=40, choices=LifeEvent.choices),
                             verbose_name=_("levensgebeurtenissen"), default=list, blank=True)
    business_events = ArrayField(models.CharField(max_length=60), verbose_name=_("bedrijfsgebeurtenissen"),
                                 default=list, blank=True)
    conditions = models.JSONField(_("voorwaarden"), default=list, blank=True)
    evidence = models.JSONField(_("wat meebrengen"), default=list, blank=True)
    procedure = models.JSONField(_("procedure"), default=list, blank=True)
    costs = models.JSONField(_("kosten"), default=list, blank=True, help_text=_("[{label, amount}] in euro."))
    cost_explanation = models.TextField(_("uitleg bij de kosten"), blank=True)
    lead_time = models.CharField(_("doorlooptijd"), max_length=300, blank=True)
    lead_time_days = models.PositiveIntegerField(_("doorlooptijd in werkdagen"), null=True, blank=True)
    deadline = models.CharField(_("termijn"), max_length=300, blank=True)
    legal_basis = models.JSONField(_("wettelijke basis"), default=list, blank=True, help_text=_("[{label, url}]"))
    competent_authority = models.CharField(_("bevoegde overheid"), max_length=200, blank=True)
    competent_level = models.CharField(_("bevoegd niveau"), max_length=20, choices=GovernmentLevel.choices,
                                       default=GovernmentLevel.LOCAL)
    executing_level = models.CharField(_("uitvoerend niveau"), max_length=20, choices=GovernmentLevel.choices,
                                       default=GovernmentLevel.LOCAL)
    department = models.ForeignKey(Department, verbose_name=_("verantwoordelijke dienst"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="products")
    partners = models.ManyToManyField(Organisation, verbose_name=_("partnerorganisaties"), blank=True,
                                      related_name="partner_products")
    contact_points = models.JSONField(_("contactpunten"), default=list, blank=True,
                                      help_text=_("[{label, phone, email, url}]"))
    keywords = ArrayField(models.CharField(max_length=80), verbose_name=_("trefwoorden"), default=list, blank=True)
    external_url = models.URLField(_("externe link"), max_length=500, blank=True,
                                   help_text=_("Voor producten van een andere overheid: waar inwoners terechtkunnen."))
    related = models.ManyToManyField("self", verbose_name=_("verwante producten"), blank=True, symmetrical=False)
    search_weight = models.FloatField(
        _("zoekgewicht"), default=0.0,
        help_text=_("0 tot 1: veelgevraagde producten komen bij gelijke treffers hoger."),
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=40, blank=True, help_text=_("upl, ipdc, demo, staff, import"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Search (maintained by services.reindex, never edited directly)
    search_vector = SearchVectorField(null=True, editable=False)
    search_names = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("producten")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="product_key_unique_per_org"),
            models.UniqueConstraint(fields=["organisation", "upl_uri"], name="product_upl_unique_per_org"),
        ]
        indexes = [
            # fastupdate off: the catalog is read far more than written, and a pending list slows every search.
            GinIndex(fields=["search_vector"], name="product_search_vector", fastupdate=False),
            GinIndex(fields=["search_names"], name="product_search_names_trgm", opclasses=["gin_trgm_ops"],
                     fastupdate=False),
            GinIndex(fields=["life_events"], name="product_life_events"),
            models.Index(fields=["organisation", "state"], name="product_org_state"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_external(self) -> bool:
        return bool(self.external_url)

    @property
    def total_cost(self):
        from decimal import Decimal, InvalidOperation

        try:
            return sum((Decimal(str(c.get("amount") or 0)) for c in self.costs), Decimal(0))
        except (InvalidOperation, TypeError, AttributeError):
            return None


class Channel(models.Model):
    """One way to get a product: online, phone, counter, appointment, home visit, post or e-mail."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("kanaal"), max_length=20, choices=ChannelKind.choices)
    login = models.CharField(_("aanmelden"), max_length=20, choices=AssuranceLevel.choices, blank=True,
                             help_text=_("Leeg: zonder aanmelden. Anders het betrouwbaarheidsniveau."))
    location = models.ForeignKey(Location, verbose_name=_("locatie"), null=True, blank=True, on_delete=models.SET_NULL)
    location_name = models.CharField(_("naam locatie"), max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duur (minuten)"), null=True, blank=True)
    availability = models.CharField(_("beschikbaarheid"), max_length=300, blank=True)
    handling_time = models.CharField(_("verwachte behandeltijd"), max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("opmerking"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kanaal")
        verbose_name_plural = _("kanalen")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.product}"


class ProductVersion(models.Model):
    """A version of a product's content. Only one draft/review version is open at a time."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    data = models.JSONField(_("inhoud"))
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gecontroleerd door"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("opmerking"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["product", "-number"]
        constraints = [models.UniqueConstraint(fields=["product", "number"], name="product_version_unique")]
        verbose_name = _("productversie")
        verbose_name_plural = _("productversies")

    def __str__(self):
        return f"{self.product} v{self.number}"


class Synonym(OrganisationScoped):
    """A resident's word (``term``) and what it means in the catalog (``meaning``), managed by staff."""

    term = models.CharField(_("woord van inwoners"), max_length=100)
    meaning = models.CharField(_("betekent"), max_length=300, help_text=_("Woorden uit de catalogus, gescheiden door spaties."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["organisation", "term"], name="synonym_term_unique_per_org")]
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")

    def __str__(self):
        return f"{self.term} → {self.meaning}"


class SearchWord(OrganisationScoped):
    """The catalog's vocabulary (names and keywords), for typo correction and "bedoelde u"."""

    word = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "word"], name="search_word_unique")]
        # GiST: nearest word by trigram distance (ORDER BY word <-> query LIMIT 1) straight from the index.
        indexes = [GistIndex(fields=["word"], name="search_word_trgm_gist", opclasses=["gist_trgm_ops"]),
                   models.Index(fields=["word", "organisation"], name="search_word_exact")]


class SearchTerm(OrganisationScoped):
    """What residents searched for, counted per (scrubbed) query. No user, no IP address, no time of one search."""

    query = models.CharField(_("zoekterm"), max_length=200)
    searches = models.PositiveIntegerField(_("zoekopdrachten"), default=0)
    zero_results = models.PositiveIntegerField(_("zonder resultaat"), default=0)
    clicks = models.PositiveIntegerField(_("doorgeklikt"), default=0)
    first_seen = models.DateField(_("eerst gezien"), auto_now_add=True)
    last_seen = models.DateField(_("laatst gezien"), auto_now=True)

    class Meta:
        ordering = ["-searches"]
        constraints = [models.UniqueConstraint(fields=["organisation", "query"], name="search_term_unique")]
        verbose_name = _("zoekterm")
        verbose_name_plural = _("zoektermen")

    def __str__(self):
        return self.query

    @property
    def click_rate(self) -> float:
        return self.clicks / self.searches if self.searches else 0.0


class UplEntry(models.Model):
    """One product of the Dutch Uniforme Productnamenlijst (a national list, shared by every organisation)."""

    uri = models.URLField(max_length=300, unique=True)
    name = models.CharField(max_length=300)
    levels = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    audiences = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    kinds = ArrayField(models.CharField(max_length=20), default=list, blank=True,
                       help_text="Aanvraag, Subsidie, Melding, Verplichting")
    flags = ArrayField(models.CharField(max_length=20), default=list, blank=True,
                       help_text="Dienstenwet, SDG, Autonomie, Medebewind")
    legal_basis = models.JSONField(default=list, blank=True)
    sdg_codes = ArrayField(models.CharField(max_length=4), default=list, blank=True)
    national_text = models.TextField(blank=True, help_text="Ondernemersplein-tekst, indien beschikbaar.")
    national_url = models.URLField(max_length=500, blank=True)
    withdrawn = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("UPL-product")
        verbose_name_plural = _("UPL-producten")

    def __str__(self):
        return self.name

    @property
    def municipal(self) -> bool:
        return "Gemeente" in self.levels


class SdgArea(models.Model):
    code = models.CharField(max_length=4, unique=True)
    area = models.CharField(max_length=200)
    theme = models.TextField()
    uri = models.URLField(max_length=300)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.area}"


class Concept(models.Model):
    """An IPDC code list entry (type, thema, doelgroep, bestuursniveau)."""

    scheme = models.CharField(max_length=60)
    code = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    uri = models.URLField(max_length=300, unique=True)

    class Meta:
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="concept_unique")]

    def __str__(self):
        return f"{self.scheme}: {self.label}"


class CatalogImport(models.Model):
    """One run of the import, with what changed in the UPL since the previous run."""

    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=300)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.source}"
