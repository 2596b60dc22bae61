"""Case handling: case types (ZGW Catalogi), cases (ZGW Zaken), documents (ZGW Documenten), decisions (ZGW Besluiten).

The tables follow the ZGW information model so the ZGW APIs can be served over them without a second model.
The verbose names carry the ZGW resource names; docs/cases.md maps every model and field. Loket's own additions
(process steps, tasks, notes, work queues, deadlines) live next to them. Every change goes through
:mod:`loket.cases.services`; reads through :mod:`loket.cases.selectors`.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import Location, OrganisationScoped


class _DocumentsStorage(LazyObject):
    """The "documents" storage alias, resolved on first use (and again after STORAGES changes in tests)."""

    def _setup(self):
        self._wrapped = storages["documents"]


_documents_storage = _DocumentsStorage()


@receiver(setting_changed)
def _reset_documents_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _documents_storage._wrapped = empty


def documents_storage():
    return _documents_storage


# -- Choices (ZGW enumerations) ------------------------------------------------------------------


class Confidentiality(models.TextChoices):
    """ZGW ``vertrouwelijkheidaanduiding``, from least to most restricted (see CONFIDENTIALITY_RANK)."""

    OPENBAAR = "openbaar", _("Openbaar")
    BEPERKT_OPENBAAR = "beperkt_openbaar", _("Beperkt openbaar")
    INTERN = "intern", _("Intern")
    ZAAKVERTROUWELIJK = "zaakvertrouwelijk", _("Zaakvertrouwelijk")
    VERTROUWELIJK = "vertrouwelijk", _("Vertrouwelijk")
    CONFIDENTIEEL = "confidentieel", _("Confidentieel")
    GEHEIM = "geheim", _("Geheim")
    ZEER_GEHEIM = "zeer_geheim", _("Zeer geheim")


CONFIDENTIALITY_RANK = {value: rank for rank, value in enumerate(Confidentiality.values)}


class ServiceLevel(models.TextChoices):
    """The three levels of service a case type belongs to."""

    TRANSACTIONAL = "transactioneel", _("Transactioneel (een inwoner vraagt)")
    COLLECTIVE = "collectief", _("Collectief (de gemeenschap vraagt)")
    TASK_DRIVEN = "taakgericht", _("Taakgericht (een project van algemeen belang)")


class InternalOrExternal(models.TextChoices):
    INTERN = "intern", _("Intern")
    EXTERN = "extern", _("Extern")


class RoleGeneric(models.TextChoices):
    """ZGW ``omschrijvingGeneriek`` of a RolType."""

    ADVISEUR = "adviseur", _("Adviseur")
    BEHANDELAAR = "behandelaar", _("Behandelaar")
    BELANGHEBBENDE = "belanghebbende", _("Belanghebbende")
    BESLISSER = "beslisser", _("Beslisser")
    INITIATOR = "initiator", _("Initiator")
    KLANTCONTACTER = "klantcontacter", _("Klantcontacter")
    ZAAKCOORDINATOR = "zaakcoordinator", _("Zaakcoördinator")
    MEDE_INITIATOR = "mede_initiator", _("Mede-initiator")


class BetrokkeneType(models.TextChoices):
    NATUURLIJK_PERSOON = "natuurlijk_persoon", _("Natuurlijk persoon")
    NIET_NATUURLIJK_PERSOON = "niet_natuurlijk_persoon", _("Niet-natuurlijk persoon")
    VESTIGING = "vestiging", _("Vestiging")
    ORGANISATORISCHE_EENHEID = "organisatorische_eenheid", _("Organisatorische eenheid")
    MEDEWERKER = "medewerker", _("Medewerker")


class Archiefnominatie(models.TextChoices):
    BLIJVEND_BEWAREN = "blijvend_bewaren", _("Blijvend bewaren")
    VERNIETIGEN = "vernietigen", _("Vernietigen")


class Archiefstatus(models.TextChoices):
    NOG_TE_ARCHIVEREN = "nog_te_archiveren", _("Nog te archiveren")
    GEARCHIVEERD = "gearchiveerd", _("Gearchiveerd")
    GEARCHIVEERD_PROCESTERMIJN_ONBEKEND = "gearchiveerd_procestermijn_onbekend", _("Gearchiveerd (procestermijn onbekend)")
    OVERGEDRAGEN = "overgedragen", _("Overgedragen")


class Afleidingswijze(models.TextChoices):
    """ZGW ``brondatumArchiefprocedure.afleidingswijze``: how the archiving source date is derived."""

    AFGEHANDELD = "afgehandeld", _("Afgehandeld")
    ANDER_DATUMKENMERK = "ander_datumkenmerk", _("Ander datumkenmerk")
    EIGENSCHAP = "eigenschap", _("Eigenschap")
    GERELATEERDE_ZAAK = "gerelateerde_zaak", _("Gerelateerde zaak")
    HOOFDZAAK = "hoofdzaak", _("Hoofdzaak")
    INGANGSDATUM_BESLUIT = "ingangsdatum_besluit", _("Ingangsdatum besluit")
    TERMIJN = "termijn", _("Termijn")
    VERVALDATUM_BESLUIT = "vervaldatum_besluit", _("Vervaldatum besluit")
    ZAAKOBJECT = "zaakobject", _("Zaakobject")


class EigenschapFormat(models.TextChoices):
    TEKST = "tekst", _("Tekst")
    GETAL = "getal", _("Getal")
    DATUM = "datum", _("Datum")
    DATUM_TIJD = "datum_tijd", _("Datum en tijd")


class Direction(models.TextChoices):
    INKOMEND = "inkomend", _("Inkomend")
    INTERN = "intern", _("Intern")
    UITGAAND = "uitgaand", _("Uitgaand")


class RelationKind(models.TextChoices):
    """ZGW ``relevanteAndereZaken.aardRelatie``."""

    VERVOLG = "vervolg", _("Vervolg")
    ONDERWERP = "onderwerp", _("Onderwerp")
    BIJDRAGE = "bijdrage", _("Bijdrage")


class DocumentStatus(models.TextChoices):
    IN_BEWERKING = "in_bewerking", _("In bewerking")
    TER_VASTSTELLING = "ter_vaststelling", _("Ter vaststelling")
    DEFINITIEF = "definitief", _("Definitief")
    GEARCHIVEERD = "gearchiveerd", _("Gearchiveerd")


class ScanStatus(models.TextChoices):
    PENDING = "pending", _("Wordt gescand")
    CLEAN = "clean", _("Geen virus gevonden")
    INFECTED = "infected", _("Virus gevonden")
    NOT_SCANNED = "not_scanned", _("Niet gescand")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Nieuw")
    ACCEPTED = "accepted", _("Aanvaard")
    RETURNED = "returned", _("Teruggestuurd")
    COMPLETED = "completed", _("Afgerond")
    CANCELLED = "cancelled", _("Geannuleerd")


OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.ACCEPTED)


class HolidayCountry(models.TextChoices):
    BE = "BE", _("België")
    NL = "NL", _("Nederland")
    NONE = "", _("Geen feestdagen")


# -- Organisation settings for cases --------------------------------------------------------------


class CaseSettings(models.Model):
    """Per organisation: which public holidays count, warning period, case number prefix."""

    organisation = models.OneToOneField(
        "organisations.Organisation", verbose_name=_("organisatie"), on_delete=models.CASCADE, related_name="case_settings",
    )
    holiday_country = models.CharField(_("feestdagen van"), max_length=2, choices=HolidayCountry.choices, default="BE", blank=True)
    holiday_subdivision = models.CharField(
        _("regio voor feestdagen"), max_length=10, blank=True,
        help_text=_("Optioneel, bv. een provincie of gewest zoals de holidays-bibliotheek ze kent."),
    )
    use_closed_days = models.BooleanField(
        _("sluitingsdagen meetellen"), default=True,
        help_text=_("Dagen waarop alle locaties van de organisatie gesloten zijn, tellen niet als werkdag."),
    )
    warning_days = models.PositiveSmallIntegerField(
        _("waarschuwen vanaf (werkdagen voor de termijn)"), default=3,
    )
    case_number_prefix = models.CharField(_("voorvoegsel zaaknummer"), max_length=20, default="ZAAK")
    rsin = models.CharField(_("RSIN / KBO-nummer (bronorganisatie)"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("zaakinstellingen")
        verbose_name_plural = _("zaakinstellingen")

    def __str__(self):
        return str(self.organisation)


@receiver(models.signals.post_save, sender=CaseSettings)
@receiver(models.signals.post_delete, sender=CaseSettings)
def _forget_case_settings(sender, instance, **kwargs):
    from . import deadlines

    deadlines.forget_organisation(instance.organisation_id)


@receiver(models.signals.post_save, sender="organisations.ClosedDay")
@receiver(models.signals.post_delete, sender="organisations.ClosedDay")
def _forget_closed_days(sender, instance, **kwargs):
    from . import deadlines

    organisation_id = Location.objects.filter(pk=instance.location_id).values_list("organisation_id", flat=True).first()
    if organisation_id:
        deadlines.forget_organisation(organisation_id)


class CaseNumberSequence(OrganisationScoped):
    """The last case number used per organisation and year (updated with an atomic upsert)."""

    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="case_number_sequence_unique")]


# -- Catalogi -------------------------------------------------------------------------------------


class Catalogus(OrganisationScoped):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(_("naam"), max_length=200)
    domein = models.CharField(_("domein"), max_length=5, help_text=_("Korte afkorting, bv. 'HDBK'."))
    rsin = models.CharField(_("RSIN"), max_length=9, blank=True)
    contactpersoon_beheer_naam = models.CharField(_("contactpersoon beheer"), max_length=100, blank=True)
    contactpersoon_beheer_emailadres = models.EmailField(_("e-mail contactpersoon beheer"), blank=True)
    contactpersoon_beheer_telefoonnummer = models.CharField(_("telefoon contactpersoon beheer"), max_length=20, blank=True)
    versie = models.CharField(_("versie"), max_length=20, blank=True)
    begindatum_versie = models.DateField(_("begindatum versie"), null=True, blank=True)

    class Meta:
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["organisation", "domein"], name="catalogus_domein_unique")]
        verbose_name = _("catalogus (Catalogus)")
        verbose_name_plural = _("catalogi")

    def __str__(self):
        return self.naam


class VersionedType(models.Model):
    """Common fields of versioned catalogue types (ZaakType, InformatieObjectType, BesluitType)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    catalogus = models.ForeignKey(Catalogus, verbose_name=_("catalogus"), on_delete=models.PROTECT)
    omschrijving = models.CharField(_("omschrijving"), max_length=80)
    begin_geldigheid = models.DateField(_("begin geldigheid"))
    einde_geldigheid = models.DateField(_("einde geldigheid"), null=True, blank=True)
    concept = models.BooleanField(_("concept"), default=True, help_text=_("Een concept kan nog gewijzigd worden; een gepubliceerde versie niet."))
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    class Meta:
        abstract = True


class InformatieObjectType(VersionedType):
    """A document type, with Loket's upload limits (allowed MIME types, maximum size)."""

    vertrouwelijkheidaanduiding = models.CharField(
        _("vertrouwelijkheidaanduiding"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    informatieobjectcategorie = models.CharField(_("categorie"), max_length=80, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    allowed_mime_types = ArrayField(
        models.CharField(max_length=100), verbose_name=_("toegelaten bestandstypes"), default=list, blank=True,
        help_text=_("Leeg: de standaardlijst van toegelaten types."),
    )
    max_size = models.PositiveBigIntegerField(_("maximale grootte (bytes)"), null=True, blank=True)
    trefwoord = ArrayField(models.CharField(max_length=30), verbose_name=_("trefwoorden"), default=list, blank=True)
    omschrijving_generiek = models.JSONField(
        _("generieke omschrijving"), default=dict, blank=True,
        help_text=_("ZGW omschrijvingGeneriek: informatieobjecttypeOmschrijvingGeneriek, definitie..., herkomst..., hierarchie..., opmerking..."),
    )

    class Meta:
        ordering = ["omschrijving", "-begin_geldigheid"]
        verbose_name = _("documenttype (InformatieObjectType)")
        verbose_name_plural = _("documenttypes")

    def __str__(self):
        return self.omschrijving


class BesluitType(VersionedType):
    omschrijving_generiek = models.CharField(_("generieke omschrijving"), max_length=80, blank=True)
    besluitcategorie = models.CharField(_("besluitcategorie"), max_length=40, blank=True)
    reactietermijn_days = models.PositiveIntegerField(_("reactietermijn (dagen)"), null=True, blank=True)
    publicatie_indicatie = models.BooleanField(_("te publiceren"), default=False)
    publicatietekst = models.TextField(_("publicatietekst"), blank=True)
    publicatietermijn_days = models.PositiveIntegerField(_("publicatietermijn (dagen)"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    informatieobjecttypen = models.ManyToManyField(InformatieObjectType, verbose_name=_("documenttypes"), blank=True)

    class Meta:
        ordering = ["omschrijving", "-begin_geldigheid"]
        verbose_name = _("besluittype (BesluitType)")
        verbose_name_plural = _("besluittypes")

    def __str__(self):
        return self.omschrijving


class ZaakType(VersionedType):
    """A case type version. Versions of one case type share ``identificatie``; their validity periods do not overlap."""

    identificatie = models.CharField(_("code"), max_length=50, help_text=_("Gelijk voor alle versies van dit zaaktype."))
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("verantwoordelijke afdeling"), on_delete=models.PROTECT,
        related_name="case_types",
    )
    omschrijving_generiek = models.CharField(_("generieke omschrijving"), max_length=80, blank=True)
    vertrouwelijkheidaanduiding = models.CharField(
        _("vertrouwelijkheidaanduiding"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    doel = models.TextField(_("doel"), blank=True)
    aanleiding = models.TextField(_("aanleiding"), blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    indicatie_intern_of_extern = models.CharField(
        _("intern of extern"), max_length=6, choices=InternalOrExternal.choices, default=InternalOrExternal.EXTERN,
    )
    handeling_initiator = models.CharField(_("handeling initiator"), max_length=20, default="Aanvragen")
    onderwerp = models.CharField(_("onderwerp"), max_length=80, blank=True)
    handeling_behandelaar = models.CharField(_("handeling behandelaar"), max_length=20, default="Behandelen")
    service_level = models.CharField(_("niveau van dienstverlening"), max_length=20, choices=ServiceLevel.choices, default=ServiceLevel.TRANSACTIONAL)
    # Service level: the handling deadline (ZGW doorlooptijd / servicenorm), suspension and extension rules.
    doorlooptijd_days = models.PositiveIntegerField(_("afhandeltermijn (dagen)"))
    working_days = models.BooleanField(_("termijn in werkdagen"), default=True, help_text=_("Anders kalenderdagen."))
    servicenorm_days = models.PositiveIntegerField(_("servicenorm (dagen)"), null=True, blank=True)
    opschorting_en_aanhouding_mogelijk = models.BooleanField(_("opschorten mogelijk"), default=False)
    max_suspension_days = models.PositiveIntegerField(_("maximale opschorting (dagen)"), null=True, blank=True)
    verlenging_mogelijk = models.BooleanField(_("verlengen mogelijk"), default=False)
    verlengingstermijn_days = models.PositiveIntegerField(_("verlengingstermijn (dagen)"), null=True, blank=True)
    trefwoorden = ArrayField(models.CharField(max_length=30), verbose_name=_("trefwoorden"), default=list, blank=True)
    publicatie_indicatie = models.BooleanField(_("te publiceren"), default=False)
    publicatietekst = models.TextField(_("publicatietekst"), blank=True)
    verantwoordingsrelatie = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    selectielijst_procestype = models.UUIDField(
        _("selectielijst-procestype"), null=True, blank=True, help_text=_("Uit de referentielijsten (procestypen)."),
    )
    referentieproces_naam = models.CharField(_("referentieproces"), max_length=80, blank=True)
    referentieproces_link = models.URLField(_("link referentieproces"), max_length=200, blank=True)
    # broncatalogus / bronzaaktype: where this case type was taken from (ZGW, informative).
    broncatalogus_url = models.URLField(_("broncatalogus"), max_length=200, blank=True)
    broncatalogus_domein = models.CharField(_("domein broncatalogus"), max_length=5, blank=True)
    broncatalogus_rsin = models.CharField(_("RSIN broncatalogus"), max_length=9, blank=True)
    bronzaaktype_url = models.URLField(_("bronzaaktype"), max_length=200, blank=True)
    bronzaaktype_identificatie = models.CharField(_("identificatie bronzaaktype"), max_length=50, blank=True)
    bronzaaktype_omschrijving = models.CharField(_("omschrijving bronzaaktype"), max_length=80, blank=True)
    producten_of_diensten_extern = ArrayField(
        models.URLField(max_length=1000), verbose_name=_("externe producten en diensten"), default=list, blank=True,
        help_text=_("URL's van producten uit een externe productencatalogus (naast de gekoppelde producten)."),
    )
    verantwoordelijke = models.CharField(_("verantwoordelijke (organisatie)"), max_length=50, blank=True)
    versiedatum = models.DateField(_("versiedatum"))
    besluittypen = models.ManyToManyField(BesluitType, verbose_name=_("besluittypes"), blank=True, related_name="zaaktypen")
    informatieobjecttypen = models.ManyToManyField(
        InformatieObjectType, verbose_name=_("documenttypes"), blank=True, through="ZaakTypeInformatieObjectType",
        related_name="zaaktypen",
    )
    deelzaaktypen = models.ManyToManyField("self", verbose_name=_("deelzaaktypes"), blank=True, symmetrical=False)
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("producten en diensten"), blank=True, related_name="case_types",
        help_text=_("De producten uit de catalogus die dit zaaktype levert (ZGW: productenOfDiensten)."),
    )
    parts_revision = models.PositiveIntegerField(
        default=0, editable=False, help_text="Raised by the services whenever a part (status, role, property, step) changes.",
    )
    previous_version = models.ForeignKey(
        "self", verbose_name=_("vorige versie"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    # products (catalog M2M) are added by the lead at integration.

    class Meta:
        ordering = ["omschrijving", "-begin_geldigheid"]
        indexes = [models.Index(fields=["catalogus", "identificatie", "begin_geldigheid"], name="zaaktype_version_idx")]
        verbose_name = _("zaaktype (ZaakType)")
        verbose_name_plural = _("zaaktypes")

    def __str__(self):
        return f"{self.omschrijving} ({self.begin_geldigheid:%d-%m-%Y})"

    @property
    def organisation(self):
        return self.catalogus.organisation


class StatusType(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="statustypen")
    omschrijving = models.CharField(_("omschrijving"), max_length=80)
    omschrijving_generiek = models.CharField(_("generieke omschrijving"), max_length=80, blank=True)
    statustekst = models.CharField(_("tekst voor de klant"), max_length=1000, blank=True)
    volgnummer = models.PositiveSmallIntegerField(_("volgnummer"))
    informeren = models.BooleanField(_("klant informeren"), default=False)
    doorlooptijd_days = models.PositiveIntegerField(_("doorlooptijd (dagen)"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    checklistitems = models.JSONField(
        _("checklist"), default=list, blank=True, help_text=_("ZGW checklistitemStatustype: itemnaam, vraagstelling, verplicht, toelichting."),
    )
    zaakobjecttype = models.ForeignKey(
        "ZaakObjectType", verbose_name=_("zaakobjecttype"), null=True, blank=True, on_delete=models.SET_NULL, related_name="statustypen",
    )

    class Meta:
        ordering = ["zaaktype_id", "volgnummer"]
        constraints = [models.UniqueConstraint(fields=["zaaktype", "volgnummer"], name="statustype_volgnummer_unique")]
        verbose_name = _("statustype (StatusType)")
        verbose_name_plural = _("statustypes")

    def __str__(self):
        return self.omschrijving


class RolType(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="roltypen")
    omschrijving = models.CharField(_("omschrijving"), max_length=100)
    omschrijving_generiek = models.CharField(_("generieke omschrijving"), max_length=20, choices=RoleGeneric.choices)

    class Meta:
        ordering = ["zaaktype_id", "omschrijving"]
        verbose_name = _("roltype (RolType)")
        verbose_name_plural = _("roltypes")

    def __str__(self):
        return self.omschrijving


class ResultaatType(models.Model):
    """A possible result, with its archiving rules (archiefnominatie, archiefactietermijn, brondatum)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="resultaattypen")
    omschrijving = models.CharField(_("omschrijving"), max_length=30)
    resultaattypeomschrijving = models.UUIDField(_("generieke omschrijving (referentielijst)"), null=True, blank=True)
    omschrijving_generiek = models.CharField(_("generieke omschrijving"), max_length=80, blank=True)
    selectielijstklasse = models.UUIDField(_("selectielijstklasse"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    archiefnominatie = models.CharField(_("archiefnominatie"), max_length=20, choices=Archiefnominatie.choices)
    archiefactietermijn = models.CharField(
        _("archiefactietermijn"), max_length=20, blank=True, help_text=_("ISO 8601-duur, bv. P10Y."),
    )
    # brondatumArchiefprocedure
    afleidingswijze = models.CharField(_("afleidingswijze brondatum"), max_length=30, choices=Afleidingswijze.choices, default=Afleidingswijze.AFGEHANDELD)
    datumkenmerk = models.CharField(
        _("datumkenmerk"), max_length=80, blank=True,
        help_text=_("Naam van de eigenschap, het besluit- of zaakobjectkenmerk dat de brondatum geeft."),
    )
    einddatum_bekend = models.BooleanField(_("einddatum bekend"), default=False)
    objecttype = models.CharField(_("objecttype"), max_length=80, blank=True)
    registratie = models.CharField(_("registratie"), max_length=80, blank=True)
    procestermijn = models.CharField(_("procestermijn"), max_length=20, blank=True, help_text=_("ISO 8601-duur, bv. P5Y."))
    procesobjectaard = models.CharField(_("procesobjectaard"), max_length=200, blank=True)
    indicatie_specifiek = models.BooleanField(_("specifiek voor de procesobjectaard"), null=True, blank=True)
    selectielijst_procestermijn = models.CharField(
        _("procestermijn (selectielijst)"), max_length=20, blank=True,
        help_text=_("ISO 8601-duur dat het dossier na afronding actief gebruikt wordt."),
    )
    besluittypen = models.ManyToManyField(BesluitType, verbose_name=_("besluittypes"), blank=True, related_name="resultaattypen")
    informatieobjecttypen = models.ManyToManyField(
        InformatieObjectType, verbose_name=_("verplichte documenttypes"), blank=True, related_name="resultaattypen",
    )
    zaakobjecttype = models.ForeignKey(
        "ZaakObjectType", verbose_name=_("zaakobjecttype"), null=True, blank=True, on_delete=models.SET_NULL, related_name="resultaattypen",
    )

    class Meta:
        ordering = ["zaaktype_id", "omschrijving"]
        verbose_name = _("resultaattype (ResultaatType)")
        verbose_name_plural = _("resultaattypes")

    def __str__(self):
        return self.omschrijving


class Eigenschap(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="eigenschappen")
    naam = models.CharField(_("naam"), max_length=20)
    definitie = models.CharField(_("definitie"), max_length=255)
    formaat = models.CharField(_("formaat"), max_length=10, choices=EigenschapFormat.choices, default=EigenschapFormat.TEKST)
    lengte = models.PositiveSmallIntegerField(_("lengte"), default=255)
    kardinaliteit = models.CharField(_("kardinaliteit"), max_length=3, default="1")
    waardenverzameling = ArrayField(models.CharField(max_length=100), verbose_name=_("toegelaten waarden"), default=list, blank=True)
    verplicht = models.BooleanField(_("verplicht bij aanmaken"), default=False)
    toelichting = models.TextField(_("toelichting"), blank=True)
    groep = models.CharField(_("groep"), max_length=32, blank=True)
    statustype = models.ForeignKey(
        StatusType, verbose_name=_("verplicht vanaf status"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="eigenschappen",
    )

    class Meta:
        ordering = ["zaaktype_id", "naam"]
        constraints = [models.UniqueConstraint(fields=["zaaktype", "naam"], name="eigenschap_naam_unique")]
        verbose_name = _("eigenschap (Eigenschap)")
        verbose_name_plural = _("eigenschappen")

    def __str__(self):
        return self.naam


class ZaakTypeInformatieObjectType(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="ziot")
    informatieobjecttype = models.ForeignKey(InformatieObjectType, on_delete=models.PROTECT, related_name="ziot")
    volgnummer = models.PositiveSmallIntegerField(_("volgnummer"))
    richting = models.CharField(_("richting"), max_length=10, choices=Direction.choices, default=Direction.INKOMEND)
    statustype = models.ForeignKey(StatusType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["zaaktype_id", "volgnummer"]
        constraints = [models.UniqueConstraint(fields=["zaaktype", "informatieobjecttype"], name="ziot_unique")]
        verbose_name = _("documenttype van zaaktype (ZaakTypeInformatieObjectType)")
        verbose_name_plural = _("documenttypes van zaaktypes")

    def __str__(self):
        return f"{self.zaaktype} – {self.informatieobjecttype}"


class ZaakTypenRelatie(models.Model):
    """ZGW ``gerelateerdeZaaktypen``: a case type whose cases are relevant for cases of this type (a URL, local or not)."""

    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="gerelateerde_zaaktypen")
    gerelateerd_zaaktype = models.URLField(_("gerelateerd zaaktype"), max_length=200)
    aard_relatie = models.CharField(_("aard relatie"), max_length=20, choices=RelationKind.choices)
    toelichting = models.CharField(_("toelichting"), max_length=255, blank=True)

    class Meta:
        ordering = ["zaaktype_id", "id"]
        verbose_name = _("gerelateerd zaaktype (ZaakTypenRelatie)")
        verbose_name_plural = _("gerelateerde zaaktypes")

    def __str__(self):
        return f"{self.aard_relatie}: {self.gerelateerd_zaaktype}"


class ZaakObjectType(models.Model):
    """ZGW ZaakObjectType: a kind of object (from an Objecttypen API) cases of this type relate to."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="zaakobjecttypen")
    ander_objecttype = models.BooleanField(_("ander objecttype"), default=False)
    objecttype = models.URLField(_("objecttype"), max_length=200)
    relatie_omschrijving = models.CharField(_("relatieomschrijving"), max_length=80)
    begin_geldigheid = models.DateField(_("begin geldigheid"))
    einde_geldigheid = models.DateField(_("einde geldigheid"), null=True, blank=True)

    class Meta:
        ordering = ["zaaktype_id", "relatie_omschrijving"]
        verbose_name = _("zaakobjecttype (ZaakObjectType)")
        verbose_name_plural = _("zaakobjecttypes")

    def __str__(self):
        return self.relatie_omschrijving


class ProcessStep(models.Model):
    """Loket: one step of a case type's route. Steps with the same ``order`` run in parallel.

    The step is done by a department (of the case type's organisation or of a partner) or by a partner
    organisation as a whole; it becomes a task with its own deadline when the case reaches it.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="process_steps")
    order = models.PositiveSmallIntegerField(_("volgorde"), help_text=_("Stappen met hetzelfde nummer lopen parallel."))
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("afdeling"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    partner = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("partnerorganisatie"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    deadline_days = models.PositiveIntegerField(_("termijn (dagen)"))
    working_days = models.BooleanField(_("termijn in werkdagen"), default=True)
    statustype = models.ForeignKey(
        StatusType, verbose_name=_("start bij status"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Leeg: de stap start samen met de vorige groep (of bij aanmaken)."),
    )

    class Meta:
        ordering = ["zaaktype_id", "order", "name"]
        verbose_name = _("processtap")
        verbose_name_plural = _("processtappen")

    def __str__(self):
        return f"{self.order}. {self.name}"


# -- Zaken ---------------------------------------------------------------------------------------


class Zaak(OrganisationScoped):
    """A case. ``identificatie`` is the case number, unique per organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identificatie = models.CharField(_("zaaknummer"), max_length=40)
    bronorganisatie = models.CharField(_("bronorganisatie"), max_length=20, blank=True)
    zaaktype = models.ForeignKey(ZaakType, verbose_name=_("zaaktype"), on_delete=models.PROTECT, related_name="zaken")
    omschrijving = models.CharField(_("omschrijving"), max_length=80)
    toelichting = models.TextField(_("toelichting"), blank=True)
    registratiedatum = models.DateField(_("registratiedatum"))
    startdatum = models.DateField(_("startdatum"))
    einddatum_gepland = models.DateField(_("geplande einddatum"), null=True, blank=True)
    uiterlijke_einddatum_afdoening = models.DateField(_("uiterste einddatum"), help_text=_("De afhandeltermijn, na opschorting en verlenging."))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    publicatiedatum = models.DateField(_("publicatiedatum"), null=True, blank=True)
    communicatiekanaal = models.CharField(_("kanaal"), max_length=1000, blank=True)
    vertrouwelijkheidaanduiding = models.CharField(_("vertrouwelijkheidaanduiding"), max_length=20, choices=Confidentiality.choices)
    confidentiality_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    # ZGW Zaken API attributes (stored as given; see docs/zgw-zaken.md)
    verantwoordelijke_organisatie = models.CharField(_("verantwoordelijke organisatie (RSIN)"), max_length=9, blank=True, db_default="")
    communicatiekanaal_naam = models.CharField(_("naam kanaal"), max_length=250, blank=True, db_default="")
    producten_of_diensten = ArrayField(models.URLField(max_length=1000), verbose_name=_("producten of diensten"), default=list, blank=True,
                                       db_default=models.Value([], output_field=ArrayField(models.URLField(max_length=1000))))
    betalingsindicatie = models.CharField(_("betalingsindicatie"), max_length=12, blank=True, db_default="")
    laatste_betaaldatum = models.DateTimeField(_("laatste betaaldatum"), null=True, blank=True)
    selectielijstklasse = models.URLField(_("selectielijstklasse"), max_length=1000, blank=True, db_default="")
    kenmerken = models.JSONField(_("kenmerken"), default=list, blank=True, db_default=models.Value([], output_field=models.JSONField()))
    opdrachtgevende_organisatie = models.CharField(_("opdrachtgevende organisatie"), max_length=9, blank=True, db_default="")
    processobjectaard = models.CharField(_("processobjectaard"), max_length=200, blank=True, db_default="")
    processobject = models.JSONField(_("processobject"), null=True, blank=True)
    # zaakgeometrie: the GeoJSON geometry as given plus its bounding box (WGS84 lon/lat), so `within` searches use
    # an index without PostGIS (the bounding box pre-filters, the exact test runs in Python).
    zaakgeometrie = models.JSONField(_("zaakgeometrie (GeoJSON)"), null=True, blank=True)
    geometrie_min_lon = models.FloatField(null=True, blank=True, editable=False)
    geometrie_min_lat = models.FloatField(null=True, blank=True, editable=False)
    geometrie_max_lon = models.FloatField(null=True, blank=True, editable=False)
    geometrie_max_lat = models.FloatField(null=True, blank=True, editable=False)
    hoofdzaak = models.ForeignKey(
        "self", verbose_name=_("hoofdzaak"), null=True, blank=True, on_delete=models.PROTECT, related_name="deelzaken",
    )
    # Suspension (opschorting) and extension (verlenging)
    opschorting_indicatie = models.BooleanField(_("opgeschort"), default=False)
    opschorting_reden = models.CharField(_("reden opschorting"), max_length=200, blank=True)
    suspended_since = models.DateField(_("opgeschort sinds"), null=True, blank=True)
    suspended_days_total = models.PositiveIntegerField(_("dagen opgeschort"), default=0)
    verlenging_reden = models.CharField(_("reden verlenging"), max_length=200, blank=True)
    verlenging_duur_days = models.PositiveIntegerField(_("verlenging (dagen)"), null=True, blank=True)
    # Archiving
    archiefnominatie = models.CharField(_("archiefnominatie"), max_length=20, choices=Archiefnominatie.choices, blank=True)
    archiefstatus = models.CharField(_("archiefstatus"), max_length=40, choices=Archiefstatus.choices, default=Archiefstatus.NOG_TE_ARCHIVEREN)
    archiefactiedatum = models.DateField(_("archiefactiedatum"), null=True, blank=True)
    startdatum_bewaartermijn = models.DateField(_("brondatum archiefprocedure"), null=True, blank=True)
    # Loket: routing and work queues
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("afdeling"), on_delete=models.PROTECT, related_name="cases",
    )
    team = models.ForeignKey("organisations.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("behandelaar"), null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_cases",
    )
    current_status = models.ForeignKey(
        "Status", verbose_name=_("status"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    current_statustype = models.ForeignKey(
        StatusType, verbose_name=_("statustype"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    is_closed = models.BooleanField(_("afgesloten"), default=False)
    initiator_party = models.ForeignKey(
        "contacts.Party", verbose_name=_("initiator"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
    )
    source_app = models.CharField(_("aangemaakt via"), max_length=30, blank=True, help_text=_("web, api, meldingen, portaal, ..."))
    source_reference = models.CharField(_("bronreferentie"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deadline_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    deadline_escalated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["uiterlijke_einddatum_afdoening", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "identificatie"], name="zaak_identificatie_unique_per_org")]
        indexes = [
            models.Index(fields=["organisation", "department", "is_closed", "uiterlijke_einddatum_afdoening"], name="zaak_dept_queue_idx"),
            models.Index(fields=["department", "zaaktype", "is_closed", "uiterlijke_einddatum_afdoening"], name="zaak_dept_type_queue_idx"),
            models.Index(fields=["organisation", "department", "is_closed", "registratiedatum"], name="zaak_dept_registered_idx"),
            models.Index(fields=["team", "is_closed", "uiterlijke_einddatum_afdoening"], name="zaak_team_queue_idx"),
            models.Index(fields=["assignee", "is_closed", "uiterlijke_einddatum_afdoening"], name="zaak_person_queue_idx"),
            models.Index(fields=["is_closed", "uiterlijke_einddatum_afdoening"], name="zaak_deadline_idx"),
            models.Index(fields=["zaaktype", "is_closed"], name="zaak_type_idx"),
            models.Index(fields=["zaaktype", "-id"], name="zaak_type_id_idx"),
            models.Index(fields=["bronorganisatie", "identificatie"], name="zaak_bron_identificatie_idx"),
            models.Index(fields=["geometrie_min_lon", "geometrie_min_lat"], name="zaak_geometrie_idx",
                         condition=models.Q(geometrie_min_lon__isnull=False)),
        ]
        verbose_name = _("zaak (Zaak)")
        verbose_name_plural = _("zaken")
        permissions = [("reopen_zaak", _("Mag afgesloten zaken heropenen"))]

    def __str__(self):
        return f"{self.identificatie} {self.omschrijving}"


class Status(models.Model):
    """One entry of a case's status history; append-only."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="statussen")
    statustype = models.ForeignKey(StatusType, verbose_name=_("statustype"), on_delete=models.PROTECT, related_name="+")
    datum_status_gezet = models.DateTimeField(_("datum gezet"))
    statustoelichting = models.CharField(_("toelichting"), max_length=1000, blank=True)
    gezetdoor = models.ForeignKey("Rol", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["zaak_id", "datum_status_gezet", "pk"]
        indexes = [models.Index(fields=["zaak", "datum_status_gezet"], name="status_zaak_idx")]
        verbose_name = _("status (Status)")
        verbose_name_plural = _("statussen")

    def __str__(self):
        return f"{self.statustype} ({self.datum_status_gezet:%d-%m-%Y %H:%M})"

    def save(self, *args, **kwargs):
        allow_update = kwargs.pop("allow_update", False)
        if self.pk is not None and not allow_update:
            from .exceptions import CaseError

            raise CaseError(_("Een status kan niet gewijzigd worden; zet een nieuwe status."))
        super().save(*args, **kwargs)


class Rol(models.Model):
    """Who plays which role in a case: a party (resident, business), a staff member, a department or an organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="rollen")
    roltype = models.ForeignKey(RolType, verbose_name=_("roltype"), on_delete=models.PROTECT, related_name="+")
    omschrijving = models.CharField(_("omschrijving"), max_length=100, editable=False)
    omschrijving_generiek = models.CharField(_("generieke omschrijving"), max_length=20, choices=RoleGeneric.choices, editable=False)
    betrokkene_type = models.CharField(_("soort betrokkene"), max_length=30, choices=BetrokkeneType.choices)
    party = models.ForeignKey("contacts.Party", verbose_name=_("klant"), null=True, blank=True, on_delete=models.PROTECT, related_name="case_roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("medewerker"), null=True, blank=True, on_delete=models.PROTECT, related_name="case_roles")
    department = models.ForeignKey("organisations.Department", verbose_name=_("afdeling"), null=True, blank=True, on_delete=models.PROTECT, related_name="case_roles")
    partner = models.ForeignKey("organisations.Organisation", verbose_name=_("organisatie"), null=True, blank=True, on_delete=models.PROTECT, related_name="case_roles")
    roltoelichting = models.CharField(_("toelichting"), max_length=1000, blank=True)
    registratiedatum = models.DateTimeField(_("registratiedatum"), auto_now_add=True)
    indicatie_machtiging = models.CharField(_("machtiging"), max_length=20, blank=True)
    # ZGW Zaken API: a betrokkene known by URL or by identification data only (no local party or staff member).
    betrokkene_url = models.URLField(_("betrokkene (URL)"), max_length=1000, blank=True, db_default="")
    betrokkene_identificatie = models.JSONField(_("betrokkene-identificatie"), default=dict, blank=True,
                                                db_default=models.Value({}, output_field=models.JSONField()))
    afwijkende_naam_betrokkene = models.CharField(_("afwijkende naam betrokkene"), max_length=625, blank=True, db_default="")
    contactpersoon_rol = models.JSONField(_("contactpersoon"), null=True, blank=True)

    class Meta:
        ordering = ["zaak_id", "registratiedatum"]
        constraints = [
            models.CheckConstraint(
                name="rol_one_betrokkene",
                condition=(
                    models.Q(party__isnull=True, user__isnull=True, department__isnull=True, partner__isnull=True)
                    |
                    models.Q(party__isnull=False, user__isnull=True, department__isnull=True, partner__isnull=True)
                    | models.Q(party__isnull=True, user__isnull=False, department__isnull=True, partner__isnull=True)
                    | models.Q(party__isnull=True, user__isnull=True, department__isnull=False, partner__isnull=True)
                    | models.Q(party__isnull=True, user__isnull=True, department__isnull=True, partner__isnull=False)
                ),
            ),
        ]
        verbose_name = _("rol (Rol)")
        verbose_name_plural = _("rollen")

    def __str__(self):
        return f"{self.omschrijving}: {self.betrokkene}"

    @property
    def betrokkene(self):
        local = self.party or self.user or self.department or self.partner
        if local is not None:
            return local
        ident = self.betrokkene_identificatie or {}
        name = " ".join(str(ident.get(k) or "") for k in ("voornamen", "voorvoegselGeslachtsnaam", "geslachtsnaam")).split()
        return (self.afwijkende_naam_betrokkene or " ".join(name) or ident.get("statutaireNaam") or ident.get("naam")
                or ident.get("achternaam") or ident.get("identificatie") or self.betrokkene_url or "")


class Resultaat(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.OneToOneField(Zaak, on_delete=models.CASCADE, related_name="resultaat")
    resultaattype = models.ForeignKey(ResultaatType, verbose_name=_("resultaattype"), on_delete=models.PROTECT, related_name="+")
    toelichting = models.CharField(_("toelichting"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("resultaat (Resultaat)")
        verbose_name_plural = _("resultaten")

    def __str__(self):
        return str(self.resultaattype)


class ZaakEigenschap(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="eigenschappen")
    eigenschap = models.ForeignKey(Eigenschap, on_delete=models.PROTECT, related_name="+")
    naam = models.CharField(_("naam"), max_length=20, editable=False)
    waarde = models.TextField(_("waarde"))

    class Meta:
        ordering = ["zaak_id", "naam"]
        verbose_name = _("eigenschap van zaak (ZaakEigenschap)")
        verbose_name_plural = _("eigenschappen van zaken")

    def __str__(self):
        return f"{self.naam}: {self.waarde}"


class ZaakObject(models.Model):
    """ZGW ZaakObject: an object the case is about (an address, a public-space object, a permit, ...).

    ``object_identificatie`` holds the object's data; a result type with afleidingswijze ``zaakobject`` reads the
    archiving source date from the attribute ``datumkenmerk`` of the case's object of type ``objecttype``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="zaakobjecten")
    object_type = models.CharField(_("objecttype"), max_length=100)
    object = models.URLField(_("object (URL)"), max_length=1000, blank=True)
    object_identificatie = models.JSONField(_("objectgegevens"), default=dict, blank=True)
    relatieomschrijving = models.CharField(_("relatieomschrijving"), max_length=80, blank=True)
    object_type_overige = models.CharField(_("objecttype overige"), max_length=100, blank=True, db_default="")
    object_type_overige_definitie = models.JSONField(_("definitie objecttype overige"), null=True, blank=True)
    zaakobjecttype = models.URLField(_("zaakobjecttype"), max_length=1000, blank=True, db_default="")

    class Meta:
        ordering = ["zaak_id", "pk"]
        verbose_name = _("zaakobject (ZaakObject)")
        verbose_name_plural = _("zaakobjecten")

    def __str__(self):
        return self.object_type


class KlantContact(models.Model):
    """ZGW KlantContact (Zaken API): a contact with the customer about the case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="klantcontacten")
    identificatie = models.CharField(_("identificatie"), max_length=14)
    datumtijd = models.DateTimeField(_("datum en tijd"))
    kanaal = models.CharField(_("kanaal"), max_length=20, blank=True)
    onderwerp = models.CharField(_("onderwerp"), max_length=200, blank=True)
    toelichting = models.CharField(_("toelichting"), max_length=1000, blank=True)

    class Meta:
        ordering = ["zaak_id", "datumtijd"]
        verbose_name = _("klantcontact (KlantContact)")
        verbose_name_plural = _("klantcontacten")

    def __str__(self):
        return self.identificatie


class ZaakContactMoment(models.Model):
    """ZGW ZaakContactMoment: a contact moment (Contactmomenten/Klantinteracties API URL) about the case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="zaakcontactmomenten")
    contactmoment = models.URLField(_("contactmoment"), max_length=1000)

    class Meta:
        ordering = ["zaak_id", "pk"]
        verbose_name = _("contactmoment van zaak (ZaakContactMoment)")
        verbose_name_plural = _("contactmomenten van zaken")

    def __str__(self):
        return self.contactmoment


class ZaakVerzoek(models.Model):
    """ZGW ZaakVerzoek: a request (Verzoeken API URL) that led to the case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="zaakverzoeken")
    verzoek = models.URLField(_("verzoek"), max_length=1000)

    class Meta:
        ordering = ["zaak_id", "pk"]
        verbose_name = _("verzoek van zaak (ZaakVerzoek)")
        verbose_name_plural = _("verzoeken van zaken")

    def __str__(self):
        return self.verzoek


class CaseRelation(models.Model):
    """ZGW ``relevanteAndereZaken``: a related case (not a sub-case: that is ``hoofdzaak``)."""

    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="relations")
    related = models.ForeignKey(Zaak, verbose_name=_("gerelateerde zaak"), on_delete=models.CASCADE, related_name="+")
    aard_relatie = models.CharField(_("aard relatie"), max_length=20, choices=RelationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zaak", "related"], name="case_relation_unique"),
            models.CheckConstraint(condition=~models.Q(zaak=models.F("related")), name="case_relation_not_self"),
        ]
        verbose_name = _("gerelateerde zaak")
        verbose_name_plural = _("gerelateerde zaken")

    def __str__(self):
        return f"{self.zaak_id} → {self.related_id} ({self.aard_relatie})"


class Task(OrganisationScoped):
    """Loket: an internal service request on a case for a department or partner, with its own deadline.

    ``organisation`` is the organisation that does the task (the department's, or the partner).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="tasks")
    process_step = models.ForeignKey(ProcessStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("afdeling"), null=True, blank=True, on_delete=models.PROTECT, related_name="case_tasks",
    )
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uitvoerder"), null=True, blank=True, on_delete=models.SET_NULL, related_name="case_tasks")
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    deadline = models.DateField(_("termijn"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("gevraagd door"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("antwoord"), blank=True, help_text=_("Het advies, de reden van terugsturen of het resultaat."))
    deadline_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    deadline_escalated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["department", "status", "deadline"], name="task_dept_queue_idx"),
            models.Index(fields=["organisation", "status", "deadline"], name="task_org_queue_idx"),
            models.Index(fields=["assignee", "status", "deadline"], name="task_person_queue_idx"),
            models.Index(fields=["zaak", "created_at"], name="task_zaak_idx"),
        ]
        verbose_name = _("taak")
        verbose_name_plural = _("taken")

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES


class Note(models.Model):
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["zaak_id", "-created_at"]
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")

    def __str__(self):
        return self.text[:50]


class CaseEvent(models.Model):
    """Loket: the case's timeline (who did what when); written by the services, never edited."""

    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["zaak_id", "-at", "-pk"]
        indexes = [models.Index(fields=["zaak", "at"], name="case_event_zaak_idx")]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")

    def __str__(self):
        return self.message


class SavedFilter(OrganisationScoped):
    """A work queue filter a staff member saved (optionally shared with a department)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_case_filters")
    name = models.CharField(_("naam"), max_length=100)
    filters = models.JSONField(_("filters"), default=dict)
    shared_with = models.ForeignKey(
        "organisations.Department", verbose_name=_("gedeeld met afdeling"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_filter_name_unique")]
        verbose_name = _("bewaard filter")
        verbose_name_plural = _("bewaarde filters")

    def __str__(self):
        return self.name


# -- Documenten ------------------------------------------------------------------------------------


class EnkelvoudigInformatieObject(OrganisationScoped):
    """A document (the ZGW canonical object); its content and metadata live in versions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identificatie = models.CharField(_("identificatie"), max_length=40)
    bronorganisatie = models.CharField(_("bronorganisatie"), max_length=20, blank=True)
    informatieobjecttype = models.ForeignKey(InformatieObjectType, verbose_name=_("documenttype"), on_delete=models.PROTECT, related_name="+")
    latest_version = models.ForeignKey("DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lock = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    indicatie_gebruiksrecht = models.BooleanField(
        _("indicatie gebruiksrecht"), null=True, blank=True,
        help_text=_("ZGW: waar zodra er gebruiksrechten zijn vastgelegd; leeg als dat nog niet bekend is."),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "identificatie"], name="document_identificatie_unique")]
        verbose_name = _("document (EnkelvoudigInformatieObject)")
        verbose_name_plural = _("documenten")

    def __str__(self):
        return self.latest_version.titel if self.latest_version_id else self.identificatie


def document_upload_to(instance, filename):
    return f"{instance.document.organisation_id}/{instance.document.uuid}/{instance.versie}/{filename}"


class DocumentVersion(models.Model):
    """One version of a document (ZGW EnkelvoudigInformatieObject ``versie``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(EnkelvoudigInformatieObject, on_delete=models.CASCADE, related_name="versions")
    versie = models.PositiveIntegerField(_("versie"))
    titel = models.CharField(_("titel"), max_length=200)
    beschrijving = models.TextField(_("beschrijving"), blank=True)
    auteur = models.CharField(_("auteur"), max_length=200)
    creatiedatum = models.DateField(_("creatiedatum"))
    status = models.CharField(_("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.IN_BEWERKING, blank=True)
    vertrouwelijkheidaanduiding = models.CharField(_("vertrouwelijkheidaanduiding"), max_length=20, choices=Confidentiality.choices)
    taal = models.CharField(_("taal"), max_length=3, default="nld")
    formaat = models.CharField(_("bestandstype"), max_length=255)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    bestandsomvang = models.PositiveBigIntegerField(_("grootte (bytes)"))
    inhoud = models.FileField(_("inhoud"), storage=documents_storage, upload_to=document_upload_to, max_length=500)
    checksum_sha256 = models.CharField(max_length=64, editable=False)
    scan_status = models.CharField(_("virusscan"), max_length=12, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED)
    begin_registratie = models.DateTimeField(_("begin registratie"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # ZGW Documenten API fields (metadata per version, as in the standard)
    link = models.URLField(_("link"), max_length=200, blank=True)
    ontvangstdatum = models.DateField(_("ontvangstdatum"), null=True, blank=True)
    verzenddatum = models.DateField(_("verzenddatum"), null=True, blank=True)
    verschijningsvorm = models.TextField(_("verschijningsvorm"), blank=True)
    ondertekening = models.JSONField(_("ondertekening"), null=True, blank=True, help_text=_("ZGW: {soort, datum}."))
    integriteit = models.JSONField(_("integriteit"), null=True, blank=True, help_text=_("ZGW: {algoritme, waarde, datum}."))
    trefwoorden = ArrayField(models.CharField(max_length=100), verbose_name=_("trefwoorden"), default=list, blank=True)

    class Meta:
        ordering = ["document_id", "versie"]
        constraints = [models.UniqueConstraint(fields=["document", "versie"], name="document_version_unique")]
        verbose_name = _("documentversie")
        verbose_name_plural = _("documentversies")

    def __str__(self):
        return f"{self.titel} (v{self.versie})"


class Gebruiksrechten(models.Model):
    """ZGW Documenten ``gebruiksrechten``: the conditions under which a document may be used."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    informatieobject = models.ForeignKey(EnkelvoudigInformatieObject, on_delete=models.CASCADE, related_name="gebruiksrechten")
    startdatum = models.DateTimeField(_("startdatum"))
    einddatum = models.DateTimeField(_("einddatum"), null=True, blank=True)
    omschrijving_voorwaarden = models.TextField(_("omschrijving voorwaarden"))

    class Meta:
        ordering = ["informatieobject_id", "startdatum", "pk"]
        verbose_name = _("gebruiksrecht (Gebruiksrechten)")
        verbose_name_plural = _("gebruiksrechten")

    def __str__(self):
        return self.omschrijving_voorwaarden[:50]


def bestandsdeel_upload_to(instance, filename):
    return f"{instance.informatieobject.organisation_id}/{instance.informatieobject.uuid}/bestandsdelen/{instance.uuid}"


class BestandsDeel(models.Model):
    """ZGW Documenten ``bestandsdelen``: one part of a large file uploaded in parts (Documenten 1.1+).

    Created when a document is created or changed with a ``bestandsomvang`` and no content; merged into the
    content of the document's latest version when the document is unlocked (services.documenten_zgw)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    informatieobject = models.ForeignKey(EnkelvoudigInformatieObject, on_delete=models.CASCADE, related_name="bestandsdelen")
    volgnummer = models.PositiveIntegerField(_("volgnummer"))
    omvang = models.PositiveBigIntegerField(_("omvang (bytes)"))
    inhoud = models.FileField(_("inhoud"), storage=documents_storage, upload_to=bestandsdeel_upload_to, max_length=500, blank=True)
    voltooid = models.BooleanField(_("voltooid"), default=False)

    class Meta:
        ordering = ["informatieobject_id", "volgnummer"]
        constraints = [models.UniqueConstraint(fields=["informatieobject", "volgnummer"], name="bestandsdeel_unique")]
        verbose_name = _("bestandsdeel")
        verbose_name_plural = _("bestandsdelen")

    def __str__(self):
        return f"{self.informatieobject_id} #{self.volgnummer}"


class AardRelatie(models.TextChoices):
    AFZENDER = "afzender", _("afzender")
    GEADRESSEERDE = "geadresseerde", _("geadresseerde")


class Verzending(models.Model):
    """ZGW Documenten ``verzendingen``: a document received from (afzender) or sent to (geadresseerde) a party,
    with the one way it was sent (an address, e-mail, phone, fax or MijnOverheid)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    informatieobject = models.ForeignKey(EnkelvoudigInformatieObject, on_delete=models.CASCADE, related_name="verzendingen")
    betrokkene = models.URLField(_("betrokkene"), max_length=200)
    aard_relatie = models.CharField(_("aard relatie"), max_length=20, choices=AardRelatie.choices)
    toelichting = models.CharField(_("toelichting"), max_length=200, blank=True)
    ontvangstdatum = models.DateField(_("ontvangstdatum"), null=True, blank=True)
    verzenddatum = models.DateField(_("verzenddatum"), null=True, blank=True)
    contact_persoon = models.URLField(_("contactpersoon"), max_length=1000)
    contactpersoonnaam = models.CharField(_("naam contactpersoon"), max_length=40, blank=True)
    binnenlands_correspondentieadres = models.JSONField(_("binnenlands correspondentieadres"), null=True, blank=True)
    buitenlands_correspondentieadres = models.JSONField(_("buitenlands correspondentieadres"), null=True, blank=True)
    correspondentie_postadres = models.JSONField(_("correspondentiepostadres"), null=True, blank=True)
    faxnummer = models.CharField(_("faxnummer"), max_length=15, blank=True)
    emailadres = models.CharField(_("e-mailadres"), max_length=100, blank=True)
    mijn_overheid = models.BooleanField(_("via MijnOverheid"), default=False)
    telefoonnummer = models.CharField(_("telefoonnummer"), max_length=15, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["informatieobject", "aard_relatie"], name="verzending_io_idx")]
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen")

    def __str__(self):
        return f"{self.get_aard_relatie_display()}: {self.betrokkene}"


class ExternalObjectRelation(models.Model):
    """ZGW Documenten ``objectinformatieobjecten`` for an object in ANOTHER installation: a zaak or besluit of an
    external Zaken/Besluiten API (which registers its side first), or a verzoek. Relations with Loket's own zaken
    and besluiten are their ZaakInformatieObject/BesluitInformatieObject rows, not these."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    informatieobject = models.ForeignKey(EnkelvoudigInformatieObject, on_delete=models.PROTECT, related_name="external_relations")
    object_url = models.URLField(_("object"), max_length=1000)
    object_type = models.CharField(_("objecttype"), max_length=10, choices=[("zaak", "zaak"), ("besluit", "besluit"), ("verzoek", "verzoek")])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["informatieobject", "object_url"], name="external_oio_unique")]
        verbose_name = _("relatie met extern object")
        verbose_name_plural = _("relaties met externe objecten")

    def __str__(self):
        return f"{self.object_type}: {self.object_url}"


class ZaakInformatieObject(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="documents")
    informatieobject = models.ForeignKey(EnkelvoudigInformatieObject, on_delete=models.PROTECT, related_name="zaak_links")
    titel = models.CharField(_("titel"), max_length=200, blank=True)
    beschrijving = models.TextField(_("beschrijving"), blank=True)
    registratiedatum = models.DateTimeField(_("registratiedatum"), auto_now_add=True)
    vernietigingsdatum = models.DateTimeField(_("vernietigingsdatum"), null=True, blank=True)
    status = models.ForeignKey(Status, null=True, blank=True, on_delete=models.SET_NULL, related_name="zaakinformatieobjecten")

    class Meta:
        ordering = ["zaak_id", "registratiedatum"]
        constraints = [models.UniqueConstraint(fields=["zaak", "informatieobject"], name="zio_unique")]
        indexes = [models.Index(fields=["zaak", "registratiedatum"], name="zio_zaak_idx")]
        verbose_name = _("document van zaak (ZaakInformatieObject)")
        verbose_name_plural = _("documenten van zaken")

    def __str__(self):
        return self.titel or str(self.informatieobject_id)


# -- Besluiten ------------------------------------------------------------------------------------


class Besluit(OrganisationScoped):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identificatie = models.CharField(_("identificatie"), max_length=50)
    verantwoordelijke_organisatie = models.CharField(_("verantwoordelijke organisatie"), max_length=20, blank=True)
    besluittype = models.ForeignKey(BesluitType, verbose_name=_("besluittype"), on_delete=models.PROTECT, related_name="+")
    zaak = models.ForeignKey(Zaak, null=True, blank=True, on_delete=models.PROTECT, related_name="besluiten")
    datum = models.DateField(_("datum"))
    toelichting = models.TextField(_("toelichting"), blank=True)
    bestuursorgaan = models.CharField(_("bestuursorgaan"), max_length=50, blank=True)
    ingangsdatum = models.DateField(_("ingangsdatum"))
    vervaldatum = models.DateField(_("vervaldatum"), null=True, blank=True)
    vervalreden = models.CharField(_("vervalreden"), max_length=30, blank=True)
    publicatiedatum = models.DateField(_("publicatiedatum"), null=True, blank=True)
    verzenddatum = models.DateField(_("verzenddatum"), null=True, blank=True)
    uiterlijke_reactiedatum = models.DateField(_("uiterlijke reactiedatum"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-datum", "pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "identificatie"], name="besluit_identificatie_unique")]
        verbose_name = _("besluit (Besluit)")
        verbose_name_plural = _("besluiten")

    def __str__(self):
        return f"{self.identificatie} {self.besluittype}"


class BesluitInformatieObject(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    besluit = models.ForeignKey(Besluit, on_delete=models.CASCADE, related_name="documents")
    informatieobject = models.ForeignKey(EnkelvoudigInformatieObject, on_delete=models.PROTECT, related_name="besluit_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["besluit", "informatieobject"], name="bio_unique")]
        verbose_name = _("document van besluit (BesluitInformatieObject)")
        verbose_name_plural = _("documenten van besluiten")

    def __str__(self):
        return f"{self.besluit_id} – {self.informatieobject_id}"
