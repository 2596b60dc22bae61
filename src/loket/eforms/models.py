"""Request forms built by staff without code, and residents' (draft) submissions.

A :class:`FormDefinition` belongs to one catalog product and has numbered :class:`FormVersion`\\ s. Staff edit a
draft version; publishing makes it immutable (a new edit copies it into a new draft). A version has ordered
:class:`FormStep`\\ s with ordered :class:`FormField`\\ s. Residents fill in a :class:`Submission` of one version
(their draft keeps the version it started on), upload :class:`SubmissionFile`\\ s and may pay a fee through a
:class:`Payment`. Submitting creates the case of the product's case type.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.cases.models import documents_storage
from loket.platform.organisations.models import OrganisationScoped


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Gepubliceerd")
    RETIRED = "retired", _("Vervangen")


class FieldKind(models.TextChoices):
    TEXT = "text", _("Tekst (één regel)")
    TEXTAREA = "textarea", _("Tekst (meerdere regels)")
    NUMBER = "number", _("Getal")
    AMOUNT = "amount", _("Bedrag (euro)")
    DATE = "date", _("Datum")
    EMAIL = "email", _("E-mailadres")
    PHONE = "phone", _("Telefoonnummer")
    NATIONAL_NUMBER = "national_number", _("BSN of rijksregisternummer")
    IBAN = "iban", _("IBAN-rekeningnummer")
    POSTCODE = "postcode", _("Postcode")
    ADDRESS = "address", _("Adres (met opzoeken)")
    CHOICE = "choice", _("Keuze uit opties")
    YES_NO = "yes_no", _("Ja of nee")
    FILE = "file", _("Bestand uploaden")
    COMPUTED = "computed", _("Berekende waarde (alleen lezen)")
    TEXT_BLOCK = "text_block", _("Uitlegtekst (geen vraag)")


class ChoiceDisplay(models.TextChoices):
    RADIO = "radio", _("Keuzerondjes (één keuze)")
    SELECT = "select", _("Keuzelijst (één keuze)")
    CHECKBOXES = "checkboxes", _("Vinkjes (meerdere keuzes)")


class Prefill(models.TextChoices):
    """Where a field's first value comes from: the party the resident acts for ("ask once")."""

    NONE = "", _("Geen")
    FIRST_NAME = "first_name", _("Voornaam")
    LAST_NAME = "last_name", _("Achternaam")
    FULL_NAME = "full_name", _("Naam")
    BUSINESS_NAME = "business_name", _("Naam onderneming")
    BUSINESS_NUMBER = "business_number", _("KBO-/KvK-nummer")
    ADDRESS = "address", _("Adres")
    STREET = "street", _("Straat")
    HOUSE_NUMBER = "house_number", _("Huisnummer")
    POSTAL_CODE = "postal_code", _("Postcode")
    CITY = "city", _("Woonplaats")
    EMAIL = "email", _("E-mailadres")
    PHONE = "phone", _("Telefoonnummer")
    NATIONAL_NUMBER = "national_number", _("BSN of rijksregisternummer")
    DATE_OF_BIRTH = "date_of_birth", _("Geboortedatum")


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Nog niet verstuurd")
    AWAITING_PAYMENT = "awaiting_payment", _("Wacht op betaling")
    SUBMITTED = "submitted", _("Verstuurd")
    EXPIRED = "expired", _("Verlopen")


class PaymentState(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Betaald")
    CANCELLED = "cancelled", _("Geannuleerd")
    FAILED = "failed", _("Mislukt")
    EXPIRED = "expired", _("Verlopen")


class FormDefinition(OrganisationScoped):
    """The request form of one product (one form per product)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE,
                                related_name="forms")
    name = models.CharField(_("naam"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanvraagformulier")
        verbose_name_plural = _("aanvraagformulieren")
        constraints = [models.UniqueConstraint(fields=["product"], name="eforms_one_form_per_product")]

    def __str__(self):
        return self.name


class FormVersion(models.Model):
    """One version of a form. Draft: staff edit it. Published: immutable; residents fill it in. Retired: replaced
    by a newer published version (drafts started on it can still be finished)."""

    definition = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    state = models.CharField(_("status"), max_length=20, choices=VersionState.choices, default=VersionState.DRAFT)
    title = models.CharField(_("titel voor inwoners"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)
    confirmation_text = models.TextField(_("tekst na versturen"), blank=True)
    fee_amount = models.DecimalField(_("vaste leges (euro)"), max_digits=10, decimal_places=2, default=0)
    fee_expression = models.TextField(
        _("berekende leges"), blank=True,
        help_text=_("Rekenregel over de velden, bijvoorbeeld: aantal_autos * 25. Leeg: de vaste leges."),
    )
    fee_label = models.CharField(_("omschrijving leges"), max_length=200, blank=True)
    draft_days = models.PositiveIntegerField(_("concept bewaren (dagen)"), default=30)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["definition", "-number"]
        verbose_name = _("formulierversie")
        verbose_name_plural = _("formulierversies")
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="eforms_version_number_unique"),
            models.UniqueConstraint(fields=["definition"], condition=models.Q(state="published"),
                                    name="eforms_one_published_version"),
        ]

    def __str__(self):
        return f"{self.title} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT


class FormStep(models.Model):
    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    slug = models.SlugField(_("korte naam"), max_length=60)
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)
    condition = models.JSONField(_("tonen als"), default=dict, blank=True,
                                 help_text=_("Leeg: altijd. Anders een regel over velden van eerdere stappen."))

    class Meta:
        ordering = ["version", "order", "pk"]
        verbose_name = _("formulierstap")
        verbose_name_plural = _("formulierstappen")
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="eforms_step_slug_unique")]

    def __str__(self):
        return self.title


class FormField(models.Model):
    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="fields")
    step = models.ForeignKey(FormStep, on_delete=models.CASCADE, related_name="fields")
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    key = models.SlugField(_("sleutel"), max_length=60,
                           help_text=_("Korte naam van het veld in regels en berekeningen (letters, cijfers, _)."))
    kind = models.CharField(_("soort"), max_length=20, choices=FieldKind.choices, default=FieldKind.TEXT)
    label = models.CharField(_("vraag"), max_length=300)
    help_text = models.TextField(_("toelichting"), blank=True)
    required = models.BooleanField(_("verplicht"), default=True)
    # choice
    display = models.CharField(_("weergave"), max_length=20, choices=ChoiceDisplay.choices, default=ChoiceDisplay.RADIO)
    options = models.JSONField(_("opties"), default=list, blank=True, help_text=_("[{value, label}]"))
    # validation
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=2, null=True, blank=True)
    min_length = models.PositiveIntegerField(_("minimale lengte"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximale lengte"), null=True, blank=True)
    pattern = models.CharField(_("patroon (reguliere expressie)"), max_length=300, blank=True)
    pattern_message = models.CharField(_("foutmelding bij patroon"), max_length=300, blank=True)
    min_date = models.CharField(_("vroegste datum"), max_length=20, blank=True,
                                help_text=_("Een datum (JJJJ-MM-DD) of 'vandaag', 'vandaag+14', 'vandaag-6570'."))
    max_date = models.CharField(_("laatste datum"), max_length=20, blank=True)
    accept = models.CharField(_("toegestane bestandstypen"), max_length=200, blank=True,
                              help_text=_("Bijvoorbeeld .pdf,.jpg,.png. Leeg: pdf en afbeeldingen."))
    max_file_mb = models.PositiveIntegerField(_("maximale bestandsgrootte (MB)"), default=10)
    # ask once, logic, computed values, case
    prefill = models.CharField(_("vooraf invullen met"), max_length=30, choices=Prefill.choices, blank=True)
    condition = models.JSONField(_("tonen als"), default=dict, blank=True,
                                 help_text=_("Leeg: altijd. Anders een regel over andere velden."))
    expression = models.TextField(_("rekenregel"), blank=True, help_text=_("Voor berekende velden."))
    case_property = models.CharField(_("zaakeigenschap"), max_length=60, blank=True,
                                     help_text=_("Naam van de eigenschap van het zaaktype. Leeg: gelijk aan de sleutel."))

    class Meta:
        ordering = ["version", "step__order", "order", "pk"]
        verbose_name = _("formulierveld")
        verbose_name_plural = _("formuliervelden")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="eforms_field_key_unique")]

    def __str__(self):
        return self.label


class Submission(OrganisationScoped):
    """A resident's filled-in form: a draft until submitted (resumable until ``expires_at``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="submissions")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey("contacts.Party", verbose_name=_("aanvrager"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="form_submissions",
                              help_text=_("Voor wie de aanvraag is (acting_for)."))
    submitted_by = models.ForeignKey("contacts.Party", verbose_name=_("ingevuld door"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     help_text=_("Wie ingelogd was (de vertegenwoordiger als die niet de aanvrager is)."))
    assurance = models.CharField(_("betrouwbaarheidsniveau"), max_length=20, blank=True)
    data = models.JSONField(_("antwoorden"), default=dict, blank=True)
    current_step = models.SlugField(_("huidige stap"), max_length=60, blank=True)
    state = models.CharField(_("status"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    fee = models.DecimalField(_("leges"), max_digits=10, decimal_places=2, default=0)
    zaak = models.ForeignKey("cases.Zaak", verbose_name=_("zaak"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="form_submissions")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("concept vervalt op"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("ingevuld formulier")
        verbose_name_plural = _("ingevulde formulieren")
        indexes = [models.Index(fields=["party", "state", "-updated_at"], name="eforms_submission_party")]

    def __str__(self):
        return f"{self.version} ({self.get_state_display()})"


def _submission_file_path(instance, filename):
    return f"eforms/{instance.submission.uuid}/{uuid.uuid4().hex}-{filename[-80:]}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    field_key = models.SlugField(max_length=60)
    file = models.FileField(upload_to=_submission_file_path, storage=documents_storage, max_length=300)
    filename = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["field_key", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self):
        return self.filename


class Payment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="payments")
    provider = models.CharField(_("betaaldienst"), max_length=40)
    reference = models.CharField(_("kenmerk"), max_length=100, unique=True)
    amount = models.DecimalField(_("bedrag"), max_digits=10, decimal_places=2)
    state = models.CharField(_("status"), max_length=20, choices=PaymentState.choices, default=PaymentState.OPEN)
    provider_data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(_("betaald op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")

    def __str__(self):
        return f"{self.reference} {self.amount} ({self.get_state_display()})"
