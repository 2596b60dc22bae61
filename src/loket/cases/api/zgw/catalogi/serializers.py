"""Catalogi API 1.3.1: translation between the ZGW JSON and the case-type model (no rules here: see
:mod:`loket.cases.services.catalogi_zgw`).

Output is built by plain functions (``represent_*``) from rows whose relations the views prefetch, so a page of 100
costs a fixed number of queries and no ``reverse()`` per URL. Input is validated by DRF serializers whose
``validated_data`` uses the model's field names.
"""

import re
from urllib.parse import urlsplit
from uuid import UUID

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from loket.cases import referentielijsten
from loket.cases.models import (
    Afleidingswijze,
    Archiefnominatie,
    Catalogus,
    Confidentiality,
    Direction,
    EigenschapFormat,
    InternalOrExternal,
    RelationKind,
    ResultaatType,
    RoleGeneric,
    StatusType,
    ZaakType,
)
from loket.platform.zgw.fields import ResourceURLField, check_remote, resolve_local

API = "/catalogi/api/v1"


# -- URLs ------------------------------------------------------------------------------------------------------------


def base_url(request) -> str:
    base = getattr(request, "_zgw_base", None)
    if base is None:
        if request is None:
            return getattr(settings, "LOKET_ZGW_BASE_URL", "http://localhost:8000").rstrip("/")
        base = request.build_absolute_uri("/").rstrip("/")
        request._zgw_base = base
    return base


def url(request, collection: str, uuid) -> str:
    return f"{base_url(request)}{API}/{collection}/{uuid}"


def referentielijsten_url(request, collection: str, uuid) -> str:
    """The URL of a shipped reference-list row: on the configured external Referentielijsten API, or on ours."""
    external = getattr(settings, "LOKET_REFERENTIELIJSTEN_API_URL", "") or ""
    if external:
        return f"{external.rstrip('/')}/{collection}/{uuid}"
    return f"{base_url(request)}/referentielijsten/api/v1/{collection}/{uuid}"


def product_url(request, product) -> str:
    """A catalog product as ZGW ``productenOfDiensten`` entry: Loket's product API URL."""
    return f"{base_url(request)}/api/v1/catalog/products/{product.pk}"


def duration(days) -> str | None:
    return None if days is None else f"P{days}D"


def _fail(message, code="invalid"):
    raise serializers.ValidationError(ErrorDetail(str(message), code=code))


# -- Input fields ----------------------------------------------------------------------------------------------------


class CatalogiRef(ResourceURLField):
    """A local Catalogi resource by URL (``bad-url`` / ``invalid-resource`` otherwise)."""

    def __init__(self, basename: str, model, **kwargs):
        kwargs.setdefault("queryset", model.objects.all())
        super().__init__(view_name=f"zgw-catalogi:{basename}-detail", **kwargs)
        self.collection = None

    def to_representation(self, value):  # pragma: no cover - output goes through represent_*
        return str(value.uuid)


_DAYS = re.compile(r"^P(?:(?P<weeks>\d+)W|(?:(?P<years>0+)Y)?(?:(?P<months>0+)M)?(?:(?P<days>\d+)D)?)$")


class DaysDurationField(serializers.CharField):
    """An ISO 8601 duration stored as a number of days (``P30D``, ``P6W``); ``None`` for null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data).strip()
        match = _DAYS.match(text)
        if not match or text == "P":
            _fail(_("Geef een duur in dagen of weken als ISO 8601-duur, bv. P30D of P6W."))
        if match.group("weeks"):
            return int(match.group("weeks")) * 7
        return int(match.group("days") or 0)

    def to_representation(self, value):
        return duration(value)


class ISODurationField(serializers.CharField):
    """An ISO 8601 date duration kept as text (P10Y, P6M, ...)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        from loket.cases import deadlines

        text = super().to_internal_value(data).strip()
        if text and not deadlines.is_duration(text):
            _fail(_("Geef een termijn als ISO 8601-duur, bv. P10Y of P6M."))
        return text


def _uuid_at_end(value: str) -> UUID | None:
    try:
        return UUID(urlsplit(value).path.rstrip("/").rsplit("/", 1)[-1])
    except ValueError:
        return None


class ReferentielijstURLField(serializers.URLField):
    """A URL of a Selectielijst/Referentielijsten resource (``procestypen``, ``resultaten``,
    ``resultaattypeomschrijvingen``): local, on the configured external API or on VNG's, resolved against the shipped
    reference data by its uuid (``bad-url`` when unknown, ``invalid-resource`` when it is another list's row or an
    allowlisted host answers it with something else)."""

    LOOKUPS = {
        "procestypen": referentielijsten.procestype,
        "resultaten": referentielijsten.resultaat,
        "resultaattypeomschrijvingen": referentielijsten.resultaattypeomschrijving,
    }

    def __init__(self, collection: str, **kwargs):
        self.collection = collection
        self.url_max_length = kwargs.pop("max_length", 1000)
        super().__init__(**kwargs)
        self.validators = []  # checked below, on the URL (the value returned is the uuid)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not value:
            return None
        if len(value) > self.url_max_length:
            _fail(_("Deze URL is te lang."), "max_length")
        try:
            serializers.URLField().run_validators(value)
        except serializers.ValidationError:
            _fail(_("Dit is geen geldige URL."), "bad-url")
        uuid = _uuid_at_end(value)
        if uuid is None or self.LOOKUPS[self.collection](uuid) is None:
            for other, lookup in self.LOOKUPS.items():
                if uuid is not None and other != self.collection and lookup(uuid) is not None:
                    _fail(_("De URL verwijst naar een resource van een ander type."), "invalid-resource")
            self._fail_unknown(value)
        segments = urlsplit(value).path.rstrip("/").split("/")
        if len(segments) >= 2 and segments[-2] != self.collection:
            _fail(_("De URL verwijst naar een resource van een ander type."), "invalid-resource")
        return uuid

    # Keys every row of a list has (to tell a row Loket does not ship from something else that answers).
    SHAPES = {"procestypen": {"nummer", "naam", "jaar"}, "resultaten": {"procesType", "procestermijn"},
              "resultaattypeomschrijvingen": {"omschrijving", "definitie"}}

    def _fail_unknown(self, value):
        """A URL that is no row of the reference lists: ``invalid-resource`` when it answers (an allowlisted
        external host, fetched) with something that is not a row of this list, else ``bad-url``."""
        if resolve_local(value) is None:  # never fetch from ourselves
            check_remote(value, keys=self.SHAPES[self.collection])  # a row Loket does not ship passes: bad-url below
        _fail(_("De URL verwijst niet naar een bestaande resource."), "bad-url")


class GeldigheidMixin(serializers.Serializer):
    beginGeldigheid = serializers.DateField(source="begin_geldigheid")
    eindeGeldigheid = serializers.DateField(source="einde_geldigheid", required=False, allow_null=True)
    beginObject = serializers.DateField(required=False, allow_null=True, write_only=True)
    eindeObject = serializers.DateField(required=False, allow_null=True, write_only=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        attrs.pop("beginObject", None)
        attrs.pop("eindeObject", None)
        begin, einde = attrs.get("begin_geldigheid"), attrs.get("einde_geldigheid")
        if begin and einde and einde < begin:
            raise serializers.ValidationError({"eindeGeldigheid": [ErrorDetail(
                _("Het einde van de geldigheid ligt voor het begin."), code="date-mismatch")]})
        return attrs


# -- Catalogus --------------------------------------------------------------------------------------------------------


class CatalogusInput(serializers.Serializer):
    domein = serializers.CharField(max_length=5)
    rsin = serializers.RegexField(r"^\d{9}$", max_length=9, error_messages={"invalid": gettext_lazy("Een RSIN heeft 9 cijfers.")})
    contactpersoonBeheerNaam = serializers.CharField(source="contactpersoon_beheer_naam", max_length=40)
    contactpersoonBeheerTelefoonnummer = serializers.CharField(
        source="contactpersoon_beheer_telefoonnummer", max_length=20, required=False, allow_blank=True)
    contactpersoonBeheerEmailadres = serializers.EmailField(
        source="contactpersoon_beheer_emailadres", max_length=254, required=False, allow_blank=True)
    naam = serializers.CharField(max_length=200, required=False, allow_null=True, allow_blank=True)
    versie = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True)
    begindatumVersie = serializers.DateField(source="begindatum_versie", required=False, allow_null=True)


def represent_catalogus(request, obj) -> dict:
    return {
        "url": url(request, "catalogussen", obj.uuid),
        "domein": obj.domein,
        "rsin": obj.rsin,
        "contactpersoonBeheerNaam": obj.contactpersoon_beheer_naam,
        "contactpersoonBeheerTelefoonnummer": obj.contactpersoon_beheer_telefoonnummer,
        "zaaktypen": [url(request, "zaaktypen", u) for u in obj.zaaktype_uuids],
        "besluittypen": [url(request, "besluittypen", u) for u in obj.besluittype_uuids],
        "informatieobjecttypen": [url(request, "informatieobjecttypen", u) for u in obj.informatieobjecttype_uuids],
        "naam": obj.naam,
        "versie": obj.versie,
        "begindatumVersie": obj.begindatum_versie.isoformat() if obj.begindatum_versie else None,
    } | ({"contactpersoonBeheerEmailadres": obj.contactpersoon_beheer_emailadres} if obj.contactpersoon_beheer_emailadres else {})


# -- ZaakType ---------------------------------------------------------------------------------------------------------


class ReferentieProcesInput(serializers.Serializer):
    naam = serializers.CharField(max_length=80, allow_blank=True)
    link = serializers.URLField(max_length=200, required=False, allow_blank=True)


class BronCatalogusInput(serializers.Serializer):
    url = serializers.URLField(max_length=200)
    domein = serializers.CharField(max_length=5)
    rsin = serializers.CharField(max_length=9)


class BronZaaktypeInput(serializers.Serializer):
    url = serializers.URLField(max_length=200)
    identificatie = serializers.CharField(max_length=50)
    omschrijving = serializers.CharField(max_length=80)


class ZaakTypenRelatieInput(serializers.Serializer):
    zaaktype = serializers.RegexField(r"^https?://\S+$", max_length=200, error_messages={
        "invalid": gettext_lazy("Geef de URL van een zaaktype.")})
    aardRelatie = serializers.ChoiceField(choices=RelationKind.choices, source="aard_relatie")
    toelichting = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ZaakTypeInput(GeldigheidMixin):
    identificatie = serializers.CharField(max_length=50)
    omschrijving = serializers.CharField(max_length=80)
    omschrijvingGeneriek = serializers.CharField(source="omschrijving_generiek", max_length=80, required=False, allow_blank=True)
    vertrouwelijkheidaanduiding = serializers.ChoiceField(choices=Confidentiality.choices)
    doel = serializers.CharField(allow_blank=True)
    aanleiding = serializers.CharField(allow_blank=True)
    toelichting = serializers.CharField(required=False, allow_blank=True)
    indicatieInternOfExtern = serializers.ChoiceField(choices=InternalOrExternal.choices, source="indicatie_intern_of_extern")
    handelingInitiator = serializers.CharField(max_length=20, source="handeling_initiator")
    onderwerp = serializers.CharField(max_length=80, allow_blank=True)
    handelingBehandelaar = serializers.CharField(max_length=20, source="handeling_behandelaar")
    doorlooptijd = DaysDurationField(source="doorlooptijd_days", required=True, allow_null=False)
    servicenorm = DaysDurationField(source="servicenorm_days")
    opschortingEnAanhoudingMogelijk = serializers.BooleanField(source="opschorting_en_aanhouding_mogelijk")
    verlengingMogelijk = serializers.BooleanField(source="verlenging_mogelijk")
    verlengingstermijn = DaysDurationField(source="verlengingstermijn_days")
    trefwoorden = serializers.ListField(child=serializers.CharField(max_length=30), required=False)
    publicatieIndicatie = serializers.BooleanField(source="publicatie_indicatie")
    publicatietekst = serializers.CharField(required=False, allow_blank=True)
    verantwoordingsrelatie = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    productenOfDiensten = serializers.ListField(child=serializers.URLField(max_length=1000))
    selectielijstProcestype = ReferentielijstURLField("procestypen", source="selectielijst_procestype", required=False,
                                                      allow_blank=True, max_length=200)
    referentieproces = ReferentieProcesInput()
    verantwoordelijke = serializers.CharField(max_length=50)
    broncatalogus = BronCatalogusInput(required=False, allow_null=True)
    bronzaaktype = BronZaaktypeInput(required=False, allow_null=True)
    catalogus = CatalogiRef("catalogus", Catalogus)
    besluittypen = serializers.ListField(child=serializers.CharField(max_length=1000))
    deelzaaktypen = serializers.ListField(child=serializers.CharField(max_length=1000), required=False)
    gerelateerdeZaaktypen = ZaakTypenRelatieInput(many=True)
    versiedatum = serializers.DateField()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("verlengingstermijn_days") is not None and attrs.get("verlenging_mogelijk") is False:
            raise serializers.ValidationError({"verlengingstermijn": [ErrorDetail(
                _("Een verlengingstermijn kan enkel als verlengen mogelijk is."), code="invalid")]})
        if attrs.get("verlenging_mogelijk") and attrs.get("verlengingstermijn_days") is None and not self.partial:
            raise serializers.ValidationError({"verlengingstermijn": [ErrorDetail(
                _("Geef de verlengingstermijn als verlengen mogelijk is."), code="required")]})
        return attrs


def flatten_zaaktype_input(data: dict) -> tuple[dict, dict]:
    """Split validated ZaakType input into model fields and links (besluittypen, deelzaaktypen, ...)."""
    data = dict(data)
    links = {key: data.pop(key) for key in ("besluittypen", "deelzaaktypen", "gerelateerdeZaaktypen", "productenOfDiensten")
             if key in data}
    if "referentieproces" in data:
        referentieproces = data.pop("referentieproces") or {}
        data["referentieproces_naam"] = referentieproces.get("naam", "")
        data["referentieproces_link"] = referentieproces.get("link", "")
    if "broncatalogus" in data:
        bron = data.pop("broncatalogus") or {}
        data.update(broncatalogus_url=bron.get("url", ""), broncatalogus_domein=bron.get("domein", ""),
                    broncatalogus_rsin=bron.get("rsin", ""))
    if "bronzaaktype" in data:
        bron = data.pop("bronzaaktype") or {}
        data.update(bronzaaktype_url=bron.get("url", ""), bronzaaktype_identificatie=bron.get("identificatie", ""),
                    bronzaaktype_omschrijving=bron.get("omschrijving", ""))
    for text in ("omschrijving_generiek", "toelichting", "publicatietekst", "doel", "aanleiding", "onderwerp"):
        if text in data and data[text] is None:
            data[text] = ""
    return data, links


def represent_zaaktype(request, obj, *, object_dates=None) -> dict:
    begin_object, einde_object = (object_dates or {}).get(obj.identificatie, (obj.begin_geldigheid, obj.einde_geldigheid))
    products = [product_url(request, p) for p in obj.products.all()] + list(obj.producten_of_diensten_extern)
    return {
        "url": url(request, "zaaktypen", obj.uuid),
        "identificatie": obj.identificatie,
        "omschrijving": obj.omschrijving,
        "omschrijvingGeneriek": obj.omschrijving_generiek,
        "vertrouwelijkheidaanduiding": obj.vertrouwelijkheidaanduiding,
        "doel": obj.doel,
        "aanleiding": obj.aanleiding,
        "toelichting": obj.toelichting,
        "indicatieInternOfExtern": obj.indicatie_intern_of_extern,
        "handelingInitiator": obj.handeling_initiator,
        "onderwerp": obj.onderwerp,
        "handelingBehandelaar": obj.handeling_behandelaar,
        "doorlooptijd": duration(obj.doorlooptijd_days),
        "servicenorm": duration(obj.servicenorm_days),
        "opschortingEnAanhoudingMogelijk": obj.opschorting_en_aanhouding_mogelijk,
        "verlengingMogelijk": obj.verlenging_mogelijk,
        "verlengingstermijn": duration(obj.verlengingstermijn_days),
        "trefwoorden": list(obj.trefwoorden),
        "publicatieIndicatie": obj.publicatie_indicatie,
        "publicatietekst": obj.publicatietekst,
        "verantwoordingsrelatie": list(obj.verantwoordingsrelatie),
        "productenOfDiensten": products,
        "selectielijstProcestype": referentielijsten_url(request, "procestypen", obj.selectielijst_procestype)
        if obj.selectielijst_procestype else "",
        "referentieproces": {"naam": obj.referentieproces_naam, "link": obj.referentieproces_link},
        "verantwoordelijke": obj.verantwoordelijke,
        "zaakobjecttypen": [url(request, "zaakobjecttypen", o.uuid) for o in obj.zaakobjecttypen.all()],
        "broncatalogus": {"url": obj.broncatalogus_url, "domein": obj.broncatalogus_domein, "rsin": obj.broncatalogus_rsin}
        if obj.broncatalogus_url else None,
        "bronzaaktype": {"url": obj.bronzaaktype_url, "identificatie": obj.bronzaaktype_identificatie,
                         "omschrijving": obj.bronzaaktype_omschrijving} if obj.bronzaaktype_url else None,
        "catalogus": url(request, "catalogussen", obj.catalogus.uuid),
        "statustypen": [url(request, "statustypen", o.uuid) for o in obj.statustypen.all()],
        "resultaattypen": [url(request, "resultaattypen", o.uuid) for o in obj.resultaattypen.all()],
        "eigenschappen": [url(request, "eigenschappen", o.uuid) for o in obj.eigenschappen.all()],
        "informatieobjecttypen": [url(request, "informatieobjecttypen", o.informatieobjecttype.uuid) for o in obj.ziot.all()],
        "roltypen": [url(request, "roltypen", o.uuid) for o in obj.roltypen.all()],
        "besluittypen": [url(request, "besluittypen", o.uuid) for o in obj.besluittypen.all()],
        "deelzaaktypen": [url(request, "zaaktypen", o.uuid) for o in obj.deelzaaktypen.all()],
        "gerelateerdeZaaktypen": [
            {"zaaktype": r.gerelateerd_zaaktype, "aardRelatie": r.aard_relatie, "toelichting": r.toelichting}
            for r in obj.gerelateerde_zaaktypen.all()
        ],
        "beginGeldigheid": obj.begin_geldigheid.isoformat(),
        "eindeGeldigheid": obj.einde_geldigheid.isoformat() if obj.einde_geldigheid else None,
        "beginObject": begin_object.isoformat() if begin_object else None,
        "eindeObject": einde_object.isoformat() if einde_object else None,
        "versiedatum": obj.versiedatum.isoformat(),
        "concept": obj.concept,
    }


def _zaaktype_part(request, obj) -> dict:
    """The fields every part of a case type shares (zaaktype, identificatie, catalogus, validity)."""
    zaaktype = obj.zaaktype
    return {
        "zaaktype": url(request, "zaaktypen", zaaktype.uuid),
        "zaaktypeIdentificatie": zaaktype.identificatie,
        "catalogus": url(request, "catalogussen", zaaktype.catalogus.uuid),
        "beginGeldigheid": zaaktype.begin_geldigheid.isoformat(),
        "eindeGeldigheid": zaaktype.einde_geldigheid.isoformat() if zaaktype.einde_geldigheid else None,
        "beginObject": zaaktype.begin_geldigheid.isoformat(),
        "eindeObject": zaaktype.einde_geldigheid.isoformat() if zaaktype.einde_geldigheid else None,
    }


class PartInput(serializers.Serializer):
    zaaktype = CatalogiRef("zaaktype", ZaakType)
    catalogus = serializers.URLField(required=False, allow_null=True, write_only=True)
    beginGeldigheid = serializers.DateField(required=False, allow_null=True, write_only=True)
    eindeGeldigheid = serializers.DateField(required=False, allow_null=True, write_only=True)
    beginObject = serializers.DateField(required=False, allow_null=True, write_only=True)
    eindeObject = serializers.DateField(required=False, allow_null=True, write_only=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        for derived in ("catalogus", "beginGeldigheid", "eindeGeldigheid", "beginObject", "eindeObject"):
            attrs.pop(derived, None)  # derived from the zaaktype
        return attrs


# -- StatusType -------------------------------------------------------------------------------------------------------


class CheckListItemInput(serializers.Serializer):
    itemnaam = serializers.CharField(max_length=30)
    toelichting = serializers.CharField(max_length=1000, required=False, allow_null=True, allow_blank=True)
    vraagstelling = serializers.CharField(max_length=255)
    verplicht = serializers.BooleanField(required=False, default=False)


class StatusTypeInput(PartInput):
    omschrijving = serializers.CharField(max_length=80)
    omschrijvingGeneriek = serializers.CharField(source="omschrijving_generiek", max_length=80, required=False, allow_blank=True)
    statustekst = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    volgnummer = serializers.IntegerField(min_value=1, max_value=9999)
    informeren = serializers.BooleanField(required=False)
    doorlooptijd = DaysDurationField(source="doorlooptijd_days")
    toelichting = serializers.CharField(max_length=1000, required=False, allow_null=True, allow_blank=True)
    checklistitemStatustype = CheckListItemInput(many=True, required=False, source="checklistitems")
    eigenschappen = serializers.ListField(child=serializers.CharField(max_length=1000), required=False)


def represent_statustype(request, obj, *, last_volgnummer: dict) -> dict:
    data = {
        "url": url(request, "statustypen", obj.uuid),
        "omschrijving": obj.omschrijving,
        "omschrijvingGeneriek": obj.omschrijving_generiek,
        "statustekst": obj.statustekst,
        "volgnummer": obj.volgnummer,
        "isEindstatus": last_volgnummer.get(obj.zaaktype_id) == obj.volgnummer,
        "informeren": obj.informeren,
        "doorlooptijd": duration(obj.doorlooptijd_days),
        "toelichting": obj.toelichting,
        "checklistitemStatustype": [
            {"itemnaam": i.get("itemnaam", ""), "toelichting": i.get("toelichting"), "vraagstelling": i.get("vraagstelling", ""),
             "verplicht": bool(i.get("verplicht"))} for i in obj.checklistitems or []
        ],
        "eigenschappen": [url(request, "eigenschappen", e.uuid) for e in obj.eigenschappen.all()],
        "zaakobjecttype": url(request, "zaakobjecttypen", obj.zaakobjecttype.uuid) if obj.zaakobjecttype_id else None,
    }
    data.update(_zaaktype_part(request, obj))
    return data


# -- RolType ----------------------------------------------------------------------------------------------------------


class RolTypeInput(PartInput):
    omschrijving = serializers.CharField(max_length=100)
    omschrijvingGeneriek = serializers.ChoiceField(choices=RoleGeneric.choices, source="omschrijving_generiek")


def represent_roltype(request, obj) -> dict:
    data = {"url": url(request, "roltypen", obj.uuid), "omschrijving": obj.omschrijving,
            "omschrijvingGeneriek": obj.omschrijving_generiek}
    data.update(_zaaktype_part(request, obj))
    return data


# -- ResultaatType ----------------------------------------------------------------------------------------------------


class BrondatumInput(serializers.Serializer):
    afleidingswijze = serializers.ChoiceField(choices=Afleidingswijze.choices)
    datumkenmerk = serializers.CharField(max_length=80, required=False, allow_blank=True)
    einddatumBekend = serializers.BooleanField(required=False, source="einddatum_bekend")
    objecttype = serializers.CharField(max_length=80, required=False, allow_blank=True)
    registratie = serializers.CharField(max_length=80, required=False, allow_blank=True)
    procestermijn = ISODurationField()


class ResultaatTypeInput(PartInput):
    omschrijving = serializers.CharField(max_length=30)
    resultaattypeomschrijving = ReferentielijstURLField("resultaattypeomschrijvingen")
    selectielijstklasse = ReferentielijstURLField("resultaten")
    toelichting = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    archiefnominatie = serializers.ChoiceField(choices=[*Archiefnominatie.choices, ("", "")], required=False, allow_blank=True)
    archiefactietermijn = ISODurationField()
    brondatumArchiefprocedure = BrondatumInput(required=False, allow_null=True)
    procesobjectaard = serializers.CharField(max_length=200, required=False, allow_null=True, allow_blank=True)
    indicatieSpecifiek = serializers.BooleanField(required=False, allow_null=True, source="indicatie_specifiek")
    procestermijn = ISODurationField(source="selectielijst_procestermijn")
    besluittypen = serializers.ListField(child=serializers.CharField(max_length=1000), required=False)
    informatieobjecttypen = serializers.ListField(child=serializers.CharField(max_length=1000), required=False)


def flatten_resultaattype_input(data: dict) -> dict:
    data = dict(data)
    if "brondatumArchiefprocedure" in data:
        brondatum = data.pop("brondatumArchiefprocedure") or {"afleidingswijze": Afleidingswijze.AFGEHANDELD}
        data["afleidingswijze"] = brondatum.get("afleidingswijze") or Afleidingswijze.AFGEHANDELD
        for name in ("datumkenmerk", "objecttype", "registratie", "procestermijn"):
            data[name] = brondatum.get(name) or ""
        data["einddatum_bekend"] = bool(brondatum.get("einddatum_bekend"))
    for name in ("toelichting", "procesobjectaard", "archiefactietermijn", "selectielijst_procestermijn"):
        if name in data and data[name] is None:
            data[name] = ""
    return data


def represent_resultaattype(request, obj) -> dict:
    omschrijving = referentielijsten.resultaattypeomschrijving(obj.resultaattypeomschrijving) \
        if obj.resultaattypeomschrijving else None
    data = {
        "url": url(request, "resultaattypen", obj.uuid),
        "omschrijving": obj.omschrijving,
        "resultaattypeomschrijving": referentielijsten_url(request, "resultaattypeomschrijvingen", obj.resultaattypeomschrijving)
        if obj.resultaattypeomschrijving else "",
        "omschrijvingGeneriek": (omschrijving or {}).get("omschrijving", obj.omschrijving_generiek or ""),
        "selectielijstklasse": referentielijsten_url(request, "resultaten", obj.selectielijstklasse)
        if obj.selectielijstklasse else "",
        "toelichting": obj.toelichting,
        "archiefnominatie": obj.archiefnominatie,
        "archiefactietermijn": obj.archiefactietermijn or None,
        "brondatumArchiefprocedure": {
            "afleidingswijze": obj.afleidingswijze,
            "datumkenmerk": obj.datumkenmerk,
            "einddatumBekend": obj.einddatum_bekend,
            "objecttype": obj.objecttype,
            "registratie": obj.registratie,
            "procestermijn": obj.procestermijn or None,
        },
        "procesobjectaard": obj.procesobjectaard,
        "indicatieSpecifiek": obj.indicatie_specifiek,
        "procestermijn": obj.selectielijst_procestermijn or None,
        "besluittypen": [url(request, "besluittypen", b.uuid) for b in obj.besluittypen.all()],
        "besluittypeOmschrijving": [b.omschrijving for b in obj.besluittypen.all()],
        "informatieobjecttypen": [url(request, "informatieobjecttypen", i.uuid) for i in obj.informatieobjecttypen.all()],
        "informatieobjecttypeOmschrijving": [i.omschrijving for i in obj.informatieobjecttypen.all()],
        "zaakobjecttypen": [url(request, "zaakobjecttypen", obj.zaakobjecttype.uuid)] if obj.zaakobjecttype_id else [],
    }
    data.update(_zaaktype_part(request, obj))
    return data


# -- Eigenschap -------------------------------------------------------------------------------------------------------


class SpecificatieInput(serializers.Serializer):
    groep = serializers.CharField(max_length=32, required=False, allow_blank=True)
    formaat = serializers.ChoiceField(choices=EigenschapFormat.choices)
    lengte = serializers.RegexField(r"^\d{1,4}$", max_length=14, error_messages={
        "invalid": gettext_lazy("De lengte is een geheel getal (hoogstens 9999).")})
    kardinaliteit = serializers.RegexField(r"^(N|[1-9]\d{0,2})$", max_length=3, error_messages={
        "invalid": gettext_lazy("De kardinaliteit is een positief getal of N.")})
    waardenverzameling = serializers.ListField(child=serializers.CharField(max_length=100), required=False)


class EigenschapInput(PartInput):
    naam = serializers.CharField(max_length=20)
    definitie = serializers.CharField(max_length=255)
    specificatie = SpecificatieInput()
    toelichting = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    statustype = CatalogiRef("statustype", StatusType, required=False, allow_null=True)


def flatten_eigenschap_input(data: dict) -> dict:
    data = dict(data)
    if "specificatie" in data:
        spec = data.pop("specificatie")
        data.update(formaat=spec["formaat"], lengte=int(spec["lengte"]), kardinaliteit=spec["kardinaliteit"],
                    waardenverzameling=list(spec.get("waardenverzameling") or []), groep=spec.get("groep", ""))
    return data


def represent_eigenschap(request, obj) -> dict:
    data = {
        "url": url(request, "eigenschappen", obj.uuid),
        "naam": obj.naam,
        "definitie": obj.definitie,
        "specificatie": {"groep": obj.groep, "formaat": obj.formaat, "lengte": str(obj.lengte),
                         "kardinaliteit": obj.kardinaliteit, "waardenverzameling": list(obj.waardenverzameling)},
        "toelichting": obj.toelichting,
        "statustype": url(request, "statustypen", obj.statustype.uuid) if obj.statustype_id else None,
    }
    data.update(_zaaktype_part(request, obj))
    return data


# -- InformatieObjectType ---------------------------------------------------------------------------------------------


class OmschrijvingGeneriekInput(serializers.Serializer):
    informatieobjecttypeOmschrijvingGeneriek = serializers.CharField(max_length=80)
    definitieInformatieobjecttypeOmschrijvingGeneriek = serializers.CharField(max_length=255)
    herkomstInformatieobjecttypeOmschrijvingGeneriek = serializers.CharField(max_length=12)
    hierarchieInformatieobjecttypeOmschrijvingGeneriek = serializers.CharField(max_length=80)
    opmerkingInformatieobjecttypeOmschrijvingGeneriek = serializers.CharField(
        max_length=255, required=False, allow_null=True, allow_blank=True)


class InformatieObjectTypeInput(GeldigheidMixin):
    catalogus = CatalogiRef("catalogus", Catalogus)
    omschrijving = serializers.CharField(max_length=80)
    vertrouwelijkheidaanduiding = serializers.ChoiceField(choices=Confidentiality.choices)
    informatieobjectcategorie = serializers.CharField(max_length=80)
    trefwoord = serializers.ListField(child=serializers.CharField(max_length=30), required=False)
    omschrijvingGeneriek = OmschrijvingGeneriekInput(required=False, source="omschrijving_generiek")


_OG_KEYS = ("informatieobjecttypeOmschrijvingGeneriek", "definitieInformatieobjecttypeOmschrijvingGeneriek",
            "herkomstInformatieobjecttypeOmschrijvingGeneriek", "hierarchieInformatieobjecttypeOmschrijvingGeneriek",
            "opmerkingInformatieobjecttypeOmschrijvingGeneriek")


def represent_informatieobjecttype(request, obj) -> dict:
    generiek = obj.omschrijving_generiek or {}
    return {
        "url": url(request, "informatieobjecttypen", obj.uuid),
        "catalogus": url(request, "catalogussen", obj.catalogus.uuid),
        "omschrijving": obj.omschrijving,
        "vertrouwelijkheidaanduiding": obj.vertrouwelijkheidaanduiding,
        "beginGeldigheid": obj.begin_geldigheid.isoformat(),
        "eindeGeldigheid": obj.einde_geldigheid.isoformat() if obj.einde_geldigheid else None,
        "beginObject": obj.begin_geldigheid.isoformat(),
        "eindeObject": obj.einde_geldigheid.isoformat() if obj.einde_geldigheid else None,
        "concept": obj.concept,
        "zaaktypen": [url(request, "zaaktypen", link.zaaktype.uuid) for link in obj.ziot.all()],
        "besluittypen": [url(request, "besluittypen", b.uuid) for b in obj.besluittype_set.all()],
        "informatieobjectcategorie": obj.informatieobjectcategorie,
        "trefwoord": list(obj.trefwoord),
        "omschrijvingGeneriek": {
            key: (generiek.get(key) if key.startswith("opmerking") else generiek.get(key, "")) for key in _OG_KEYS
        },
    }


# -- ZaakTypeInformatieObjectType -------------------------------------------------------------------------------------


class ZaakTypeInformatieObjectTypeInput(serializers.Serializer):
    zaaktype = CatalogiRef("zaaktype", ZaakType)
    catalogus = serializers.URLField(required=False, allow_null=True, write_only=True)
    informatieobjecttype = serializers.CharField(max_length=1000)
    volgnummer = serializers.IntegerField(min_value=1, max_value=999)
    richting = serializers.ChoiceField(choices=Direction.choices)
    statustype = CatalogiRef("statustype", StatusType, required=False, allow_null=True)


def represent_ziot(request, obj) -> dict:
    return {
        "url": url(request, "zaaktype-informatieobjecttypen", obj.uuid),
        "zaaktype": url(request, "zaaktypen", obj.zaaktype.uuid),
        "zaaktypeIdentificatie": obj.zaaktype.identificatie,
        "catalogus": url(request, "catalogussen", obj.zaaktype.catalogus.uuid),
        "informatieobjecttype": obj.informatieobjecttype.omschrijving,
        "volgnummer": obj.volgnummer,
        "richting": obj.richting,
        "statustype": url(request, "statustypen", obj.statustype.uuid) if obj.statustype_id else None,
    }


# -- BesluitType ------------------------------------------------------------------------------------------------------


class BesluitTypeInput(GeldigheidMixin):
    catalogus = CatalogiRef("catalogus", Catalogus)
    omschrijving = serializers.CharField(max_length=80, required=False, allow_blank=True)
    omschrijvingGeneriek = serializers.CharField(max_length=80, required=False, allow_blank=True, source="omschrijving_generiek")
    besluitcategorie = serializers.CharField(max_length=40, required=False, allow_blank=True)
    reactietermijn = DaysDurationField(source="reactietermijn_days")
    publicatieIndicatie = serializers.BooleanField(source="publicatie_indicatie")
    publicatietekst = serializers.CharField(required=False, allow_blank=True)
    publicatietermijn = DaysDurationField(source="publicatietermijn_days")
    toelichting = serializers.CharField(required=False, allow_blank=True)
    informatieobjecttypen = serializers.ListField(child=serializers.CharField(max_length=1000))

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("publicatie_indicatie") is False and (attrs.get("publicatietekst") or attrs.get("publicatietermijn_days")):
            raise serializers.ValidationError({"publicatieIndicatie": [ErrorDetail(
                _("Publicatietekst en -termijn horen enkel bij te publiceren besluiten."), code="must-be-empty")]})
        return attrs


def represent_besluittype(request, obj) -> dict:
    resultaattypen = list(obj.resultaattypen.all())
    iots = list(obj.informatieobjecttypen.all())
    return {
        "url": url(request, "besluittypen", obj.uuid),
        "catalogus": url(request, "catalogussen", obj.catalogus.uuid),
        "zaaktypen": [url(request, "zaaktypen", z.uuid) for z in obj.zaaktypen.all()],
        "omschrijving": obj.omschrijving,
        "omschrijvingGeneriek": obj.omschrijving_generiek,
        "besluitcategorie": obj.besluitcategorie,
        "reactietermijn": duration(obj.reactietermijn_days),
        "publicatieIndicatie": obj.publicatie_indicatie,
        "publicatietekst": obj.publicatietekst,
        "publicatietermijn": duration(obj.publicatietermijn_days),
        "toelichting": obj.toelichting,
        "informatieobjecttypen": [url(request, "informatieobjecttypen", i.uuid) for i in iots],
        "beginGeldigheid": obj.begin_geldigheid.isoformat(),
        "eindeGeldigheid": obj.einde_geldigheid.isoformat() if obj.einde_geldigheid else None,
        "beginObject": obj.begin_geldigheid.isoformat(),
        "eindeObject": obj.einde_geldigheid.isoformat() if obj.einde_geldigheid else None,
        "concept": obj.concept,
        "resultaattypen": [url(request, "resultaattypen", r.uuid) for r in resultaattypen],
        "resultaattypenOmschrijving": [r.omschrijving for r in resultaattypen],
        "vastgelegdIn": [i.omschrijving for i in iots],
    }


# -- ZaakObjectType ---------------------------------------------------------------------------------------------------


class ZaakObjectTypeInput(serializers.Serializer):
    anderObjecttype = serializers.BooleanField(source="ander_objecttype")
    beginGeldigheid = serializers.DateField(source="begin_geldigheid")
    eindeGeldigheid = serializers.DateField(source="einde_geldigheid", required=False, allow_null=True)
    beginObject = serializers.DateField(required=False, allow_null=True, write_only=True)
    eindeObject = serializers.DateField(required=False, allow_null=True, write_only=True)
    objecttype = serializers.URLField(max_length=200)
    relatieOmschrijving = serializers.CharField(max_length=80, source="relatie_omschrijving")
    zaaktype = CatalogiRef("zaaktype", ZaakType)
    resultaattypen = serializers.ListField(child=CatalogiRef("resultaattype", ResultaatType), required=False)
    statustypen = serializers.ListField(child=CatalogiRef("statustype", StatusType), required=False)
    catalogus = serializers.URLField(required=False, allow_null=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        attrs.pop("beginObject", None)
        attrs.pop("eindeObject", None)
        attrs.pop("catalogus", None)
        return attrs


def represent_zaakobjecttype(request, obj) -> dict:
    zaaktype = obj.zaaktype
    return {
        "url": url(request, "zaakobjecttypen", obj.uuid),
        "anderObjecttype": obj.ander_objecttype,
        "beginGeldigheid": obj.begin_geldigheid.isoformat(),
        "eindeGeldigheid": obj.einde_geldigheid.isoformat() if obj.einde_geldigheid else None,
        "beginObject": obj.begin_geldigheid.isoformat(),
        "eindeObject": obj.einde_geldigheid.isoformat() if obj.einde_geldigheid else None,
        "objecttype": obj.objecttype,
        "relatieOmschrijving": obj.relatie_omschrijving,
        "zaaktype": url(request, "zaaktypen", zaaktype.uuid),
        "zaaktypeIdentificatie": zaaktype.identificatie,
        "resultaattypen": [url(request, "resultaattypen", r.uuid) for r in obj.resultaattypen.all()],
        "statustypen": [url(request, "statustypen", s.uuid) for s in obj.statustypen.all()],
        "catalogus": url(request, "catalogussen", zaaktype.catalogus.uuid),
    }

