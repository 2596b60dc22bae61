"""Zaken API 1.5.1 serializers: translate between the ZGW JSON and the case model; every rule lives in the services.

Input goes through DRF fields (types, lengths, enums, URL references resolved by :mod:`.refs`, free-form parts
checked against the official schema by :mod:`.specschema`). Output is built by plain functions (``*_data``): a list
page of 100 cases is rendered without per-field serializer overhead.
"""

import copy
import datetime
import re

from django.utils.translation import gettext as _
from rest_framework import serializers

from loket.cases import models
from loket.cases.models import Archiefnominatie, Archiefstatus, Confidentiality, RelationKind
from loket.contacts.identifiers import is_valid_rsin

from . import specschema
from .refs import (
    ExternalRefField,
    PublishedZaakTypeRefField,
    RefField,
    base_url,
    url_for,
    zaakeigenschap_url,
)

BETALINGSINDICATIE_LABELS = {
    "": "", "nvt": "Er is geen sprake van te betalen, met de zaak gemoeide, kosten.",
    "nog_niet": "De met de zaak gemoeide kosten zijn (nog) niet betaald.",
    "gedeeltelijk": "De met de zaak gemoeide kosten zijn gedeeltelijk betaald.",
    "geheel": "De met de zaak gemoeide kosten zijn geheel betaald.",
}
OBJECT_TYPES = [
    "adres", "besluit", "buurt", "enkelvoudig_document", "gemeente", "gemeentelijke_openbare_ruimte", "huishouden",
    "inrichtingselement", "kadastrale_onroerende_zaak", "kunstwerkdeel", "maatschappelijke_activiteit", "medewerker",
    "natuurlijk_persoon", "niet_natuurlijk_persoon", "openbare_ruimte", "organisatorische_eenheid", "pand",
    "spoorbaandeel", "status", "terreindeel", "terrein_gebouwd_object", "vestiging", "waterdeel", "wegdeel", "wijk",
    "woonplaats", "woz_deelobject", "woz_object", "woz_waarde", "zakelijk_recht", "overige",
]
BETROKKENE_TYPES = ["natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging", "organisatorische_eenheid", "medewerker"]
_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?$")


def _optional_keys(schema_name: str) -> tuple[set, set]:
    """(keys dropped when "" , keys dropped when None) of a response schema: optional properties that may not be
    empty (format uri, a pattern) or null (not nullable), so an unset value is left out instead of violating the spec."""
    schema = specschema.spec()["components"]["schemas"][schema_name]
    required = set(schema.get("required", []))
    blank, null = set(), set()
    for name, prop in (schema.get("properties") or {}).items():
        if name in required:
            continue
        if prop.get("format") == "uri" or prop.get("pattern") or prop.get("minLength"):
            blank.add(name)
        if not prop.get("nullable"):
            null.add(name)
    return blank, null


_OPTIONAL = {}


def conform(schema_name: str, data: dict) -> dict:
    if schema_name not in _OPTIONAL:
        _OPTIONAL[schema_name] = _optional_keys(schema_name)
    blank, null = _OPTIONAL[schema_name]
    for key in [k for k, v in data.items() if (v == "" and k in blank) or (v is None and k in null)]:
        del data[key]
    return data


def iso(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _url_or_blank(value: str) -> str:
    return value if value.startswith(("http://", "https://")) else ""


class RSINField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 9)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value and not is_valid_rsin(value):
            raise serializers.ValidationError(_("Geef een geldig RSIN van 9 cijfers."), code="invalid")
        return value


class DurationDaysField(serializers.Field):
    """An ISO 8601 duration in days or weeks (``P5D``, ``P2W``) stored as days."""

    def to_representation(self, value):
        return f"P{value}D" if value is not None else None

    def to_internal_value(self, data):
        match = _DURATION.match(data) if isinstance(data, str) else None
        if not match or not any(match.groups()):
            raise serializers.ValidationError(_("Geef een duur in dagen, bv. P10D."), code="invalid")
        weeks, days = (int(g or 0) for g in match.groups())
        total = weeks * 7 + days
        if total > 100000:
            raise serializers.ValidationError(_("Deze duur is te lang."), code="invalid")
        return total


class SpecJSONField(serializers.JSONField):
    """A JSON part checked against a component of the official schema."""

    def __init__(self, component: str | None = None, **kwargs):
        self.component = component
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if _has_nul(value):  # PostgreSQL's jsonb cannot store \u0000: a ValidatieFout, not a 500
            raise serializers.ValidationError(_("De invoer bevat een ongeldig teken (NUL)."), code="invalid")
        specschema.check(self.component, value, self.field_name)
        return value


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class _WholeGroup(serializers.Serializer):
    """A gegevensgroep (opschorting, verlenging) is given whole, also in a PATCH: DRF would skip its missing
    required fields there (the root is partial) and the view would get half a group."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            missing = {name: [serializers.ErrorDetail(_("Dit veld is vereist."), code="required")]
                       for name, field in self.fields.items() if field.required and name not in data}
            if missing:
                raise serializers.ValidationError(missing)
        return super().to_internal_value(data)


class VerlengingSerializer(_WholeGroup):
    reden = serializers.CharField(max_length=200, allow_blank=True)
    duur = DurationDaysField()


class OpschortingSerializer(_WholeGroup):
    indicatie = serializers.BooleanField()
    reden = serializers.CharField(max_length=200, allow_blank=True)


class RelevanteZaakSerializer(serializers.Serializer):
    url = RefField("zaak")
    aardRelatie = serializers.ChoiceField(choices=RelationKind.values)


class KenmerkSerializer(serializers.Serializer):
    kenmerk = serializers.CharField(max_length=40)
    bron = serializers.CharField(max_length=40)


class GeometryField(SpecJSONField):
    def __init__(self, **kwargs):
        super().__init__("GeoJSONGeometry", **kwargs)

    def to_internal_value(self, data):
        from loket.cases.exceptions import ValidationFailed
        from loket.cases.services.zgw import geometry_bbox

        value = super().to_internal_value(data)
        if value is not None:
            try:
                geometry_bbox(value)
            except ValidationFailed as exc:
                raise serializers.ValidationError(str(exc), code="invalid") from None
        return value


# -- Zaak ------------------------------------------------------------------------------------------------------


class ZaakWriteSerializer(serializers.Serializer):
    identificatie = serializers.CharField(max_length=40, required=False, allow_blank=True)
    bronorganisatie = RSINField()
    omschrijving = serializers.CharField(max_length=80, required=False, allow_blank=True)
    toelichting = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    # The view needs the zaaktype's catalogue organisation, create_case its department: one query instead of four,
    # and none while the published version is remembered (a few seconds).
    zaaktype = PublishedZaakTypeRefField()
    registratiedatum = serializers.DateField(required=False)
    verantwoordelijkeOrganisatie = RSINField()
    startdatum = serializers.DateField()
    einddatumGepland = serializers.DateField(required=False, allow_null=True)
    uiterlijkeEinddatumAfdoening = serializers.DateField(required=False, allow_null=True)
    publicatiedatum = serializers.DateField(required=False, allow_null=True)
    # A communicatiekanaal of the VNG referentielijsten (url, naam, omschrijving): another installation's resource.
    communicatiekanaal = ExternalRefField(keys=("naam",), max_length=1000, required=False, allow_blank=True)
    productenOfDiensten = serializers.ListField(child=serializers.URLField(max_length=1000), required=False)
    vertrouwelijkheidaanduiding = serializers.ChoiceField(choices=Confidentiality.values, required=False)
    betalingsindicatie = serializers.ChoiceField(choices=["", "nvt", "nog_niet", "gedeeltelijk", "geheel"], required=False, allow_blank=True)
    laatsteBetaaldatum = serializers.DateTimeField(required=False, allow_null=True)
    zaakgeometrie = GeometryField(required=False, allow_null=True)
    verlenging = VerlengingSerializer(required=False, allow_null=True)
    opschorting = OpschortingSerializer(required=False, allow_null=True)
    selectielijstklasse = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    hoofdzaak = RefField("zaak", strict=True, required=False, allow_null=True)
    relevanteAndereZaken = RelevanteZaakSerializer(many=True, required=False)
    kenmerken = KenmerkSerializer(many=True, required=False)
    archiefnominatie = serializers.ChoiceField(choices=Archiefnominatie.values, required=False, allow_blank=True, allow_null=True)
    archiefstatus = serializers.ChoiceField(choices=Archiefstatus.values, required=False)
    archiefactiedatum = serializers.DateField(required=False, allow_null=True)
    opdrachtgevendeOrganisatie = serializers.CharField(max_length=9, required=False, allow_blank=True)
    processobjectaard = serializers.CharField(max_length=200, required=False, allow_blank=True, allow_null=True)
    startdatumBewaartermijn = serializers.DateField(required=False, allow_null=True)
    processobject = SpecJSONField("Processobject", required=False, allow_null=True)

    def get_fields(self):
        """Only the fields that can contribute: those in the input, the required ones and those with a default.
        A creation sends a handful of the 33 attributes; copying every declared field per request (DRF's
        deepcopy) cost more than validating. The validated data is the same: an absent optional field without a
        default is skipped by DRF anyway. Partial updates and non-object input take DRF's own path."""
        data = getattr(self, "initial_data", None)
        if self.partial or not isinstance(data, dict):
            return super().get_fields()
        return {name: copy.deepcopy(field) for name, field in self._declared_fields.items()
                if name in data or field.required or field.default is not serializers.empty}

    ATTRIBUTES = {
        "registratiedatum": "registratiedatum", "verantwoordelijkeOrganisatie": "verantwoordelijke_organisatie",
        "einddatumGepland": "einddatum_gepland", "uiterlijkeEinddatumAfdoening": "uiterlijke_einddatum_afdoening",
        "publicatiedatum": "publicatiedatum", "communicatiekanaal": "communicatiekanaal",
        "productenOfDiensten": "producten_of_diensten", "betalingsindicatie": "betalingsindicatie",
        "laatsteBetaaldatum": "laatste_betaaldatum", "zaakgeometrie": "zaakgeometrie",
        "selectielijstklasse": "selectielijstklasse", "kenmerken": "kenmerken",
        "archiefnominatie": "archiefnominatie", "archiefstatus": "archiefstatus", "archiefactiedatum": "archiefactiedatum",
        "opdrachtgevendeOrganisatie": "opdrachtgevende_organisatie", "processobjectaard": "processobjectaard",
        "startdatumBewaartermijn": "startdatum_bewaartermijn", "processobject": "processobject",
    }
    UPDATE_ONLY = {"omschrijving": "omschrijving", "toelichting": "toelichting",
                   "vertrouwelijkheidaanduiding": "vertrouwelijkheidaanduiding", "startdatum": "startdatum",
                   "hoofdzaak": "hoofdzaak"}

    def attributes(self, data: dict, *, update: bool = False) -> dict:
        """The model attributes of validated data (for create_case(attributes=...) or update_case(changes=...))."""
        mapping = dict(self.ATTRIBUTES)
        if update:
            mapping.update(self.UPDATE_ONLY)
        values = {}
        for api_name, field in mapping.items():
            if api_name in data:
                value = data[api_name]
                if api_name == "kenmerken":
                    value = [dict(k) for k in value]
                elif api_name == "processobjectaard" and value is None or api_name == "archiefnominatie" and value is None:
                    value = ""
                values[field] = value
        return values


def _relation_data(request, relations) -> list:
    return [{"url": url_for(request, "zaak", r["u"]), "aardRelatie": r["a"]} for r in relations or []]


def zaak_data(request, zaak) -> dict:
    """The ZGW Zaak of a case (the queryset of the views annotates the related uuids; see views.zaak_queryset)."""
    base = base_url(request)
    zaken = f"{base}/zaken/api/v1"
    zaak_url = f"{zaken}/zaken/{zaak.uuid}"
    verlenging = (
        {"reden": zaak.verlenging_reden, "duur": f"P{zaak.verlenging_duur_days}D"} if zaak.verlenging_duur_days else None
    )
    return conform("Zaak", {
        "url": zaak_url,
        "uuid": str(zaak.uuid),
        "identificatie": zaak.identificatie,
        "bronorganisatie": zaak.bronorganisatie[:9],
        "omschrijving": zaak.omschrijving,
        "toelichting": zaak.toelichting[:1000],
        "zaaktype": f"{base}/catalogi/api/v1/zaaktypen/{zaak.zaaktype_uuid}",
        "registratiedatum": iso(zaak.registratiedatum),
        "verantwoordelijkeOrganisatie": zaak.verantwoordelijke_organisatie or zaak.bronorganisatie[:9],
        "startdatum": iso(zaak.startdatum),
        "einddatum": iso(zaak.einddatum),
        "einddatumGepland": iso(zaak.einddatum_gepland),
        "uiterlijkeEinddatumAfdoening": iso(zaak.uiterlijke_einddatum_afdoening),
        "publicatiedatum": iso(zaak.publicatiedatum),
        "communicatiekanaal": _url_or_blank(zaak.communicatiekanaal),
        "productenOfDiensten": list(zaak.producten_of_diensten),
        "vertrouwelijkheidaanduiding": zaak.vertrouwelijkheidaanduiding,
        "betalingsindicatie": zaak.betalingsindicatie,
        "betalingsindicatieWeergave": BETALINGSINDICATIE_LABELS.get(zaak.betalingsindicatie, ""),
        "laatsteBetaaldatum": iso(zaak.laatste_betaaldatum),
        "zaakgeometrie": zaak.zaakgeometrie,
        "verlenging": verlenging,
        "opschorting": {"indicatie": zaak.opschorting_indicatie, "reden": zaak.opschorting_reden},
        "selectielijstklasse": zaak.selectielijstklasse,
        "hoofdzaak": f"{zaken}/zaken/{zaak.hoofdzaak_uuid}" if zaak.hoofdzaak_uuid else None,
        "deelzaken": [f"{zaken}/zaken/{u}" for u in zaak.deelzaak_uuids or []],
        "relevanteAndereZaken": _relation_data(request, zaak.relation_pairs),
        "eigenschappen": [f"{zaak_url}/zaakeigenschappen/{u}" for u in zaak.eigenschap_uuids or []],
        "rollen": [f"{zaken}/rollen/{u}" for u in zaak.rol_uuids or []],
        "status": f"{zaken}/statussen/{zaak.status_uuid}" if zaak.status_uuid else None,
        "zaakinformatieobjecten": [f"{zaken}/zaakinformatieobjecten/{u}" for u in zaak.zio_uuids or []],
        "zaakobjecten": [f"{zaken}/zaakobjecten/{u}" for u in zaak.zaakobject_uuids or []],
        "kenmerken": list(zaak.kenmerken or []),
        "archiefnominatie": zaak.archiefnominatie or None,
        "archiefstatus": zaak.archiefstatus,
        "archiefactiedatum": iso(zaak.archiefactiedatum),
        "resultaat": f"{zaken}/resultaten/{zaak.resultaat_uuid}" if zaak.resultaat_uuid else None,
        "opdrachtgevendeOrganisatie": zaak.opdrachtgevende_organisatie,
        "processobjectaard": zaak.processobjectaard or None,
        "startdatumBewaartermijn": iso(zaak.startdatum_bewaartermijn),
        "processobject": zaak.processobject,
    })


# -- Status ------------------------------------------------------------------------------------------------------


class StatusWriteSerializer(serializers.Serializer):
    zaak = RefField("zaak")
    statustype = RefField("statustype")
    datumStatusGezet = serializers.DateTimeField()
    statustoelichting = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    gezetdoor = RefField("rol", required=False, allow_null=True)


def status_data(request, status, *, last_status_id=None, zio_uuids=()) -> dict:
    zaak = status.zaak
    return conform("Status", {
        "url": url_for(request, "status", status.uuid),
        "uuid": str(status.uuid),
        "zaak": url_for(request, "zaak", zaak.uuid),
        "statustype": url_for(request, "statustype", status.statustype.uuid),
        "datumStatusGezet": iso(status.datum_status_gezet),
        "statustoelichting": status.statustoelichting,
        "indicatieLaatstGezetteStatus": status.pk == (last_status_id if last_status_id is not None else zaak.current_status_id),
        "gezetdoor": url_for(request, "rol", status.gezetdoor.uuid) if status.gezetdoor_id else None,
        "zaakinformatieobjecten": [url_for(request, "zaakinformatieobject", u) for u in zio_uuids],
    })


# -- Rol --------------------------------------------------------------------------------------------------------


class RolWriteSerializer(serializers.Serializer):
    zaak = RefField("zaak")
    betrokkene = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    betrokkeneType = serializers.ChoiceField(choices=BETROKKENE_TYPES)
    afwijkendeNaamBetrokkene = serializers.CharField(max_length=625, required=False, allow_blank=True)
    roltype = RefField("roltype")
    roltoelichting = serializers.CharField(max_length=1000, allow_blank=True)
    indicatieMachtiging = serializers.ChoiceField(choices=["", "gemachtigde", "machtiginggever"], required=False, allow_blank=True)
    contactpersoonRol = SpecJSONField("ContactPersoonRol", required=False, allow_null=True)
    betrokkeneIdentificatie = serializers.JSONField(required=False, allow_null=True)

    def validate(self, attrs):
        if attrs["roltype"].zaaktype_id != attrs["zaak"].zaaktype_id:  # first, as Open Zaak (VNG scenario zrc-019a)
            raise serializers.ValidationError({"nonFieldErrors": [serializers.ErrorDetail(
                _("Dit roltype hoort niet bij het zaaktype van deze zaak."), code="zaaktype-mismatch")]})
        ident = attrs.get("betrokkeneIdentificatie")
        if ident is not None:
            component = specschema.schema_of(f"{attrs['betrokkeneType']}_Rol", "betrokkeneIdentificatie")
            specschema.check(component, ident, "betrokkeneIdentificatie")
        if not attrs.get("betrokkene") and not ident:
            raise serializers.ValidationError(
                {"betrokkene": [serializers.ErrorDetail(_("Geef betrokkene of betrokkeneIdentificatie."), code="invalid-betrokkene")]}
            )
        return attrs


def rol_data(request, rol, *, status_uuids=()) -> dict:
    data = {
        "url": url_for(request, "rol", rol.uuid),
        "uuid": str(rol.uuid),
        "zaak": url_for(request, "zaak", rol.zaak.uuid),
        "betrokkene": rol.betrokkene_url,
        "betrokkeneType": rol.betrokkene_type,
        "afwijkendeNaamBetrokkene": rol.afwijkende_naam_betrokkene,
        "roltype": url_for(request, "roltype", rol.roltype.uuid),
        "omschrijving": rol.omschrijving,
        "omschrijvingGeneriek": rol.omschrijving_generiek,
        "roltoelichting": rol.roltoelichting,
        "registratiedatum": iso(rol.registratiedatum),
        "indicatieMachtiging": rol.indicatie_machtiging,
        "contactpersoonRol": rol.contactpersoon_rol,
        "statussen": [url_for(request, "status", u) for u in status_uuids],
    }
    data["betrokkeneIdentificatie"] = rol.betrokkene_identificatie or _local_identificatie(rol)
    return conform("Rol", data)


def _local_identificatie(rol) -> dict | None:
    """betrokkeneIdentificatie of a role on a local party / staff member / department (web-created roles)."""
    if rol.user_id:
        user = rol.user
        return {"identificatie": str(user.pk)[:24], "achternaam": (user.last_name or user.get_username())[:200],
                "voorletters": (user.first_name[:1] + ".") if user.first_name else "", "voorvoegselAchternaam": ""}
    if rol.department_id:
        return {"identificatie": str(rol.department_id)[:24], "naam": str(rol.department)[:50], "isGehuisvestIn": ""}
    if rol.party_id:
        party = rol.party
        name = str(party)[:200]
        if rol.betrokkene_type == "natuurlijk_persoon":
            return {"geslachtsnaam": name}
        return {"statutaireNaam": name}
    if rol.partner_id:
        return {"identificatie": str(rol.partner_id)[:24], "naam": str(rol.partner)[:50], "isGehuisvestIn": ""}
    return None


# -- Resultaat, ZaakEigenschap, ZaakObject, ZaakInformatieObject, KlantContact, ... ---------------------------------


class ResultaatWriteSerializer(serializers.Serializer):
    zaak = RefField("zaak")
    resultaattype = RefField("resultaattype")
    toelichting = serializers.CharField(max_length=1000, required=False, allow_blank=True)


def resultaat_data(request, resultaat) -> dict:
    return {
        "url": url_for(request, "resultaat", resultaat.uuid),
        "uuid": str(resultaat.uuid),
        "zaak": url_for(request, "zaak", resultaat.zaak.uuid),
        "resultaattype": url_for(request, "resultaattype", resultaat.resultaattype.uuid),
        "toelichting": resultaat.toelichting,
    }


class ZaakEigenschapWriteSerializer(serializers.Serializer):
    zaak = RefField("zaak")
    eigenschap = RefField("eigenschap")
    waarde = serializers.CharField()


def zaakeigenschap_data(request, row) -> dict:
    return {
        "url": zaakeigenschap_url(request, row.zaak.uuid, row.uuid),
        "uuid": str(row.uuid),
        "zaak": url_for(request, "zaak", row.zaak.uuid),
        "eigenschap": url_for(request, "eigenschap", row.eigenschap.uuid),
        "naam": row.naam,
        "waarde": row.waarde,
    }


class ZaakObjectWriteSerializer(serializers.Serializer):
    zaak = RefField("zaak")
    object = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    zaakobjecttype = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    objectType = serializers.ChoiceField(choices=OBJECT_TYPES)
    objectTypeOverige = serializers.CharField(max_length=100, required=False, allow_blank=True)
    objectTypeOverigeDefinitie = SpecJSONField("ObjectTypeOverigeDefinitie", required=False, allow_null=True)
    relatieomschrijving = serializers.CharField(max_length=80, required=False, allow_blank=True)
    objectIdentificatie = serializers.JSONField(required=False, allow_null=True)

    def validate(self, attrs):
        ident = attrs.get("objectIdentificatie")
        if ident is not None:
            component = specschema.schema_of(f"{attrs['objectType']}_ZaakObject", "objectIdentificatie")
            specschema.check(component, ident, "objectIdentificatie")
        if not attrs.get("object") and not ident:
            raise serializers.ValidationError(
                {"object": [serializers.ErrorDetail(_("Geef object of objectIdentificatie."), code="invalid-zaakobject")]}
            )
        if attrs["objectType"] == "overige" and not attrs.get("objectTypeOverige"):
            raise serializers.ValidationError(
                {"objectTypeOverige": [serializers.ErrorDetail(_("Geef objectTypeOverige bij objectType 'overige'."), code="missing-object-type-overige")]}
            )
        return attrs


def zaakobject_data(request, obj) -> dict:
    data = {
        "url": url_for(request, "zaakobject", obj.uuid),
        "uuid": str(obj.uuid),
        "zaak": url_for(request, "zaak", obj.zaak.uuid),
        "object": obj.object,
        "zaakobjecttype": obj.zaakobjecttype,
        "objectType": obj.object_type if obj.object_type in OBJECT_TYPES else "overige",
        "objectTypeOverige": obj.object_type_overige if obj.object_type in OBJECT_TYPES else obj.object_type[:100],
        "objectTypeOverigeDefinitie": obj.object_type_overige_definitie,
        "relatieomschrijving": obj.relatieomschrijving,
    }
    if obj.object_identificatie:
        data["objectIdentificatie"] = obj.object_identificatie
    return conform("ZaakObject", data)


class ZaakInformatieObjectWriteSerializer(serializers.Serializer):
    informatieobject = RefField("informatieobject")
    zaak = RefField("zaak")
    titel = serializers.CharField(max_length=200, required=False, allow_blank=True)
    beschrijving = serializers.CharField(required=False, allow_blank=True)
    vernietigingsdatum = serializers.DateTimeField(required=False, allow_null=True)
    status = RefField("status", required=False, allow_null=True)


def zio_data(request, zio) -> dict:
    return conform("ZaakInformatieObject", {
        "url": url_for(request, "zaakinformatieobject", zio.uuid),
        "uuid": str(zio.uuid),
        "informatieobject": url_for(request, "informatieobject", zio.informatieobject.uuid),
        "zaak": url_for(request, "zaak", zio.zaak.uuid),
        "aardRelatieWeergave": "Hoort bij, omgekeerd: kent",
        "titel": zio.titel,
        "beschrijving": zio.beschrijving,
        "registratiedatum": iso(zio.registratiedatum),
        "vernietigingsdatum": iso(zio.vernietigingsdatum),
        "status": url_for(request, "status", zio.status.uuid) if zio.status_id else None,
    })


class KlantContactWriteSerializer(serializers.Serializer):
    zaak = RefField("zaak")
    identificatie = serializers.CharField(max_length=14, required=False, allow_blank=True)
    datumtijd = serializers.DateTimeField()
    kanaal = serializers.CharField(max_length=20, required=False, allow_blank=True)
    onderwerp = serializers.CharField(max_length=200, required=False, allow_blank=True)
    toelichting = serializers.CharField(max_length=1000, required=False, allow_blank=True)


def klantcontact_data(request, contact) -> dict:
    return conform("KlantContact", {
        "url": url_for(request, "klantcontact", contact.uuid),
        "uuid": str(contact.uuid),
        "zaak": url_for(request, "zaak", contact.zaak.uuid),
        "identificatie": contact.identificatie,
        "datumtijd": iso(contact.datumtijd),
        "kanaal": contact.kanaal,
        "onderwerp": contact.onderwerp,
        "toelichting": contact.toelichting,
    })


class ZaakContactMomentWriteSerializer(serializers.Serializer):
    zaak = RefField("zaak")
    contactmoment = serializers.URLField(max_length=1000)


def zaakcontactmoment_data(request, row) -> dict:
    return {"url": url_for(request, "zaakcontactmoment", row.uuid), "uuid": str(row.uuid),
            "zaak": url_for(request, "zaak", row.zaak.uuid), "contactmoment": row.contactmoment}


class ZaakVerzoekWriteSerializer(serializers.Serializer):
    zaak = RefField("zaak")
    verzoek = serializers.URLField(max_length=1000)


def zaakverzoek_data(request, row) -> dict:
    return {"url": url_for(request, "zaakverzoek", row.uuid), "uuid": str(row.uuid),
            "zaak": url_for(request, "zaak", row.zaak.uuid), "verzoek": row.verzoek}


class ZaakBesluitWriteSerializer(serializers.Serializer):
    besluit = RefField("besluit")


def zaakbesluit_data(request, zaak, besluit) -> dict:
    return {"url": f"{url_for(request, 'zaak', zaak.uuid)}/besluiten/{besluit.uuid}", "uuid": str(besluit.uuid),
            "besluit": url_for(request, "besluit", besluit.uuid)}


class ZaakZoekSerializer(serializers.Serializer):
    zaakgeometrie = serializers.JSONField(required=False)

    def validate_zaakgeometrie(self, value):
        from loket.cases.exceptions import ValidationFailed
        from loket.cases.services.zgw import check_search_area

        if not isinstance(value, dict) or "within" not in value:
            raise serializers.ValidationError(_("Geef zaakgeometrie.within."), code="invalid")
        try:
            check_search_area(value["within"])
        except ValidationFailed as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from None
        return value


__all__ = [name for name in dir() if name.endswith(("_data", "Serializer"))] + ["models"]
