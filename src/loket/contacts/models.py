"""Parties and their contacts: the residents, businesses and organisations Loket serves.

This is the shared register every app links to (cases, meldingen, contacts,
appointments). National numbers are encrypted at rest; showing one is logged
through :mod:`loket.platform.audit`. Contact moments on every channel, callback
tasks, knowledge articles and the merge history of duplicate parties live here
too (the Klantinteracties resource model: Partij, Klantcontact, Betrokkene,
Onderwerpobject, InterneTaak, Actor, DigitaalAdres; see docs/contacts.md).

``search_name`` and ``search_address`` are kept by a database trigger
(migration 0002): lower case without accents, for the trigram indexes of the
party search, whatever wrote the row (ORM, bulk_create, COPY).
"""

import logging
import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.platform.organisations.models import OrganisationScoped

from . import identifiers

logger = logging.getLogger(__name__)


class PartyKind(models.TextChoices):
    PERSON = "persoon", _("Inwoner")
    BUSINESS = "onderneming", _("Onderneming")
    ORGANISATION = "organisatie", _("Organisatie of vereniging")
    CONTACT_PERSON = "contactpersoon", _("Contactpersoon")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "telefoon", _("Telefoon")
    POST = "post", _("Brief")
    PORTAL = "portaal", _("Mijn loket")


class NationalNumberType(models.TextChoices):
    RIJKSREGISTERNUMMER = "rijksregisternummer", _("Rijksregisternummer")
    BSN = "bsn", _("BSN")


class BusinessNumberType(models.TextChoices):
    KBO = "kbo", _("KBO-ondernemingsnummer")
    KVK = "kvk", _("KvK-nummer")


class Party(OrganisationScoped):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=20, choices=PartyKind.choices)
    first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    business_name = models.CharField(_("naam onderneming"), max_length=200, blank=True)
    national_number_encrypted = models.TextField(_("rijksregister-/BSN-nummer (versleuteld)"), blank=True, editable=False)
    national_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    national_number_type = models.CharField(_("soort nummer"), max_length=20, choices=NationalNumberType.choices, blank=True)
    business_number = models.CharField(_("KBO-/KvK-nummer"), max_length=20, blank=True, db_index=True)
    business_number_type = models.CharField(_("soort ondernemingsnummer"), max_length=3, choices=BusinessNumberType.choices, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("gemeente"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    preferred_channel = models.CharField(_("voorkeurskanaal"), max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    preferred_digital_address = models.ForeignKey(
        "DigitalAddress", verbose_name=_("voorkeursadres"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    language = models.CharField(_("voorkeurstaal"), max_length=3, default="nld", blank=True)
    confidential = models.BooleanField(_("geheimhouding"), default=False)
    internal_note = models.TextField(_("interne notitie"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("samengevoegd met"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged_parties",
    )
    search_name = models.TextField(blank=True, default="", editable=False)
    search_address = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "business_name"]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"], name="party_name_idx"),
            GinIndex(fields=["search_name"], name="party_search_name_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["search_address"], name="party_search_address_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["organisation", "date_of_birth"], name="party_birth_idx"),
        ]
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == PartyKind.PERSON:
            return f"{self.first_name} {self.last_name}".strip()
        return self.business_name

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}, {self.postal_code} {self.city}".strip(", ")

    def set_national_number(self, value: str) -> None:
        self.national_number_encrypted = identifiers.encrypt(identifiers.digits(value))
        self.national_number_index = identifiers.blind_index(value)
        self.national_number_type = identifiers.national_number_type(value)

    def reveal_national_number(self) -> str:
        """The number in the clear: only call this after recording the access in the audit log."""
        return identifiers.decrypt(self.national_number_encrypted)

    def masked_national_number(self) -> str:
        try:
            return identifiers.mask(self.reveal_national_number())
        except identifiers.UnreadableIdentifier:
            logger.error("national number of party %s cannot be decrypted with the current key", self.pk)
            return "[onleesbaar]"

    def audit_display(self) -> str:
        """How the audit log names this party: name and masked number, never the number itself."""
        masked = self.masked_national_number() if self.national_number_encrypted else self.business_number
        return f"{self.display_name} ({masked})" if masked else self.display_name


class Establishment(OrganisationScoped):
    """A place where a business works (KBO vestigingseenheid, KvK vestiging)."""

    business = models.ForeignKey(Party, verbose_name=_("onderneming"), on_delete=models.CASCADE, related_name="establishments")
    name = models.CharField(_("naam"), max_length=200)
    establishment_number = models.CharField(_("vestigingsnummer"), max_length=20, blank=True, db_index=True)
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("gemeente"), max_length=100, blank=True)
    is_main = models.BooleanField(_("hoofdvestiging"), default=False)

    class Meta:
        ordering = ["-is_main", "name"]
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")

    def __str__(self):
        return self.name


class RepresentationReason(models.TextChoices):
    FAMILY = "familie", _("Familielid")
    GUARDIAN = "voogd", _("Voogd of bewindvoerder")
    SOCIAL_WORKER = "maatschappelijk_werker", _("Maatschappelijk werker")
    MANDATE = "volmacht", _("Volmacht of machtiging")
    CONTACT_PERSON = "contactpersoon", _("Contactpersoon van de onderneming of organisatie")


class Representation(OrganisationScoped):
    """``representative`` may act for ``represented`` (Klantinteracties: vertegenwoordigden), for a reason, for a time."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    representative = models.ForeignKey(Party, verbose_name=_("vertegenwoordiger"), on_delete=models.CASCADE, related_name="represents")
    represented = models.ForeignKey(Party, verbose_name=_("vertegenwoordigde"), on_delete=models.CASCADE, related_name="representatives")
    reason = models.CharField(_("reden"), max_length=30, choices=RepresentationReason.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(name="representation_not_self", condition=~models.Q(representative=models.F("represented"))),
            models.CheckConstraint(
                name="representation_period",
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
            ),
        ]
        verbose_name = _("vertegenwoordiging")
        verbose_name_plural = _("vertegenwoordigingen")

    def __str__(self):
        return f"{self.representative} → {self.represented} ({self.get_reason_display()})"

    def is_valid_on(self, date) -> bool:
        return self.valid_from <= date and (self.valid_until is None or date <= self.valid_until)


class DigitalAddressKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "telefoonnummer", _("Telefoon")
    OTHER = "overig", _("Overig")


class DigitalAddress(OrganisationScoped):
    """An e-mail address, phone number or other digital address of a party (Klantinteracties: DigitaalAdres).

    ``normalised_value`` is what look-ups compare: e-mail in lower case, phone numbers in E.164.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    party = models.ForeignKey(Party, verbose_name=_("klant"), on_delete=models.CASCADE, related_name="digital_addresses")
    kind = models.CharField(_("soort"), max_length=20, choices=DigitalAddressKind.choices)
    value = models.CharField(_("adres"), max_length=254)
    normalised_value = models.CharField(max_length=254, editable=False)
    description = models.CharField(_("omschrijving"), max_length=80, blank=True)
    is_default = models.BooleanField(_("standaardadres"), default=False)
    verified_at = models.DateTimeField(_("geverifieerd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-is_default", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["party", "kind", "normalised_value"], name="digital_address_unique_per_party"),
        ]
        indexes = [models.Index(fields=["normalised_value", "organisation"], name="digital_address_lookup_idx")]
        verbose_name = _("digitaal adres")
        verbose_name_plural = _("digitale adressen")

    def __str__(self):
        return self.value

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class ContactChannel(models.TextChoices):
    PHONE = "telefoon", _("Telefoon")
    COUNTER = "balie", _("Balie")
    EMAIL = "email", _("E-mail")
    WEB_FORM = "webformulier", _("Webformulier")
    CHAT = "chat", _("Chat")
    SOCIAL_MEDIA = "sociale_media", _("Sociale media")
    LETTER = "brief", _("Brief")
    HOME_VISIT = "huisbezoek", _("Huisbezoek")


class ContactOutcome(models.TextChoices):
    ANSWERED = "beantwoord", _("Beantwoord bij het eerste contact")
    HANDED_ON = "doorgezet", _("Doorgezet (terugbelverzoek of taak)")
    APPOINTMENT = "afspraak", _("Afspraak gemaakt")
    INFORMED = "geinformeerd", _("Inwoner geïnformeerd (uitgaand)")
    NOT_REACHED = "niet_bereikt", _("Niet bereikt")


class ContactDirection(models.TextChoices):
    INCOMING = "inkomend", _("Inkomend")
    OUTGOING = "uitgaand", _("Uitgaand")


class ActorKind(models.TextChoices):
    STAFF = "medewerker", _("Medewerker")
    AUTOMATED = "geautomatiseerde_actor", _("Geautomatiseerde actor")
    DEPARTMENT = "organisatorische_eenheid", _("Afdeling")


class Actor(OrganisationScoped):
    """Who handles contacts and tasks (Klantinteracties: Actor): a staff member, a department or a system."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=30, choices=ActorKind.choices)
    name = models.CharField(_("naam"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("medewerker"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("organisations.Department", verbose_name=_("afdeling"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], condition=models.Q(user__isnull=False), name="actor_one_per_user"),
            models.UniqueConstraint(fields=["organisation", "department"], condition=models.Q(department__isnull=False),
                                    name="actor_one_per_department"),
        ]
        verbose_name = _("actor")
        verbose_name_plural = _("actoren")

    def __str__(self):
        return self.name


class ContactMoment(OrganisationScoped):
    """One contact with a party on one channel (Klantinteracties: Klantcontact).

    ``party`` is the party the contact is about (Betrokkene with rol "klant"); ``representative`` the party who
    made contact for them, if another (rol "vertegenwoordiger"). The subject is a catalog product, a case or free
    text (Onderwerpobject).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Foreign keys without their own index where a composite or partial index below covers the look-ups: fewer
    # indexes to write on every contact (10 million rows in the benchmark).
    party = models.ForeignKey(Party, verbose_name=_("klant"), null=True, blank=True, on_delete=models.PROTECT, related_name="contacts",
                              db_index=False)
    representative = models.ForeignKey(Party, verbose_name=_("namens de klant"), null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="contacts_as_representative", db_index=False)
    channel = models.CharField(_("kanaal"), max_length=20, choices=ContactChannel.choices)
    direction = models.CharField(_("richting"), max_length=10, choices=ContactDirection.choices, default=ContactDirection.INCOMING)
    started_at = models.DateTimeField(_("begonnen op"))
    ended_at = models.DateTimeField(_("geëindigd op"), null=True, blank=True)
    actor = models.ForeignKey(Actor, verbose_name=_("behandeld door"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="contacts")
    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="contacts", db_index=False)
    zaak = models.ForeignKey("cases.Zaak", verbose_name=_("zaak"), null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts",
                             db_index=False)
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    question = models.TextField(_("vraag"), blank=True)
    answer = models.TextField(_("antwoord"), blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=ContactOutcome.choices)
    wait_seconds = models.PositiveIntegerField(_("wachttijd (s)"), null=True, blank=True)
    handling_seconds = models.PositiveIntegerField(_("behandeltijd (s)"), null=True, blank=True)
    confidential = models.BooleanField(_("vertrouwelijk"), default=False)
    answers_task = models.ForeignKey("InternalTask", verbose_name=_("antwoord op taak"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="answer_contacts", db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["party", "-started_at", "-id"], name="contact_party_time_idx"),
            models.Index(fields=["organisation", "-started_at"], name="contact_org_time_idx"),
            models.Index(fields=["representative"], name="contact_representative_idx", condition=models.Q(representative__isnull=False)),
            models.Index(fields=["zaak"], name="contact_zaak_idx", condition=models.Q(zaak__isnull=False)),
            models.Index(fields=["product", "-started_at"], name="contact_product_idx", condition=models.Q(product__isnull=False)),
            models.Index(fields=["answers_task"], name="contact_answers_task_idx", condition=models.Q(answers_task__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(name="contact_ends_after_start",
                                   condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at"))),
        ]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")

    def __str__(self):
        return f"{self.get_channel_display()} {self.started_at:%d-%m-%Y %H:%M}"


class InternalTaskStatus(models.TextChoices):
    OPEN = "te_verwerken", _("Te verwerken")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    DONE = "verwerkt", _("Verwerkt")


class InternalTask(OrganisationScoped):
    """A question that could not be answered at once: a callback request for a department or person
    (Klantinteracties: InterneTaak). The answer is a linked outgoing ContactMoment (``answer_contacts``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(ContactMoment, verbose_name=_("aanleidinggevend contact"), on_delete=models.PROTECT,
                                related_name="tasks")
    party = models.ForeignKey(Party, verbose_name=_("klant"), null=True, blank=True, on_delete=models.PROTECT, related_name="internal_tasks")
    department = models.ForeignKey("organisations.Department", verbose_name=_("afdeling"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="contact_tasks")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("medewerker"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="contact_tasks")
    requested_action = models.CharField(_("gevraagde handeling"), max_length=200)
    note = models.TextField(_("toelichting"), blank=True)
    deadline = models.DateField(_("termijn"))
    status = models.CharField(_("status"), max_length=20, choices=InternalTaskStatus.choices, default=InternalTaskStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("aangemaakt door"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    deadline_escalated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["department", "status", "deadline"], name="itask_dept_queue_idx"),
            models.Index(fields=["assignee", "status", "deadline"], name="itask_person_queue_idx"),
            models.Index(fields=["organisation", "status", "deadline"], name="itask_org_queue_idx"),
            models.Index(fields=["party", "-created_at"], name="itask_party_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="itask_has_target",
                                   condition=models.Q(department__isnull=False) | models.Q(assignee__isnull=False)),
        ]
        verbose_name = _("terugbelverzoek")
        verbose_name_plural = _("terugbelverzoeken")

    def __str__(self):
        return self.requested_action

    @property
    def is_open(self) -> bool:
        return self.status != InternalTaskStatus.DONE


class KnowledgeArticle(OrganisationScoped):
    """Internal notes for contact-centre staff about one catalog product: what to ask, where to refer."""

    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="knowledge_articles")
    what_to_ask = models.TextField(_("wat vraag je"), blank=True)
    where_to_refer = models.TextField(_("waarheen verwijs je"), blank=True)
    notes = models.TextField(_("interne notities"), blank=True)
    refer_to_department = models.ForeignKey("organisations.Department", verbose_name=_("verwijs naar afdeling"), null=True,
                                            blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "product"], name="knowledge_article_one_per_product")]
        verbose_name = _("kennisartikel")
        verbose_name_plural = _("kennisartikelen")

    def __str__(self):
        return str(self.product)


class MergeReason(models.TextChoices):
    NAME_AND_BIRTH_DATE = "naam_geboortedatum", _("Zelfde naam en geboortedatum")
    EMAIL = "email", _("Zelfde e-mailadres")
    PHONE = "telefoon", _("Zelfde telefoonnummer")
    BUSINESS_NUMBER = "ondernemingsnummer", _("Zelfde ondernemingsnummer")


class MergeCandidateStatus(models.TextChoices):
    OPEN = "open", _("Te beoordelen")
    MERGED = "samengevoegd", _("Samengevoegd")
    DISMISSED = "afgewezen", _("Geen dubbel")


class PartyMergeCandidate(OrganisationScoped):
    """Two parties that may be the same person or business; a staff member decides (merge or dismiss)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("klant"))
    other = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("mogelijk dubbel"))
    reason = models.CharField(_("reden"), max_length=30, choices=MergeReason.choices)
    status = models.CharField(_("status"), max_length=20, choices=MergeCandidateStatus.choices, default=MergeCandidateStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["party", "other", "reason"], name="merge_candidate_unique"),
            models.CheckConstraint(name="merge_candidate_ordered", condition=models.Q(party__lt=models.F("other"))),
        ]
        indexes = [models.Index(fields=["organisation", "status", "-created_at"], name="merge_candidate_queue_idx")]
        verbose_name = _("mogelijk dubbele klant")
        verbose_name_plural = _("mogelijk dubbele klanten")


class PartyMerge(OrganisationScoped):
    """History: ``merged`` was merged into ``survivor``; what moved, and what the merged party looked like."""

    survivor = models.ForeignKey(Party, verbose_name=_("behouden klant"), on_delete=models.PROTECT, related_name="merges")
    merged = models.ForeignKey(Party, verbose_name=_("samengevoegde klant"), on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reden"), max_length=500)
    moved = models.JSONField(_("verplaatst"), default=dict, help_text=_("Aantal verplaatste records per soort."))
    snapshot = models.JSONField(_("gegevens van de samengevoegde klant"), default=dict)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("samenvoeging")
        verbose_name_plural = _("samenvoegingen")
