"""Documenten API 1.4.2: input serializers (the standard's field names) and representations."""

import base64
import binascii
import datetime

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from loket.cases.models import (
    Confidentiality,
    DocumentStatus,
    EnkelvoudigInformatieObject,
    InformatieObjectType,
)
from loket.platform.notifications.api.zgw.serializers import LenientURLField
from loket.platform.zgw.fields import ResourceURLField, ZGWURLField, base_url

API = "/documenten/api/v1"
IOT_PATH = "/catalogi/api/v1/informatieobjecttypen/{uuid}"
EIO_PATH = API + "/enkelvoudiginformatieobjecten/{uuid}"
BESTANDSDEEL_PATH = API + "/bestandsdelen/{uuid}"


def eio_url(request, document) -> str:
    return base_url(request) + EIO_PATH.format(uuid=document.uuid)


class Base64Field(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if not text:
            return None
        if "," in text[:100] and text.startswith("data:"):
            text = text.split(",", 1)[1]
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(ErrorDetail(_("Geen geldige base64-inhoud."), code="invalid")) from None


class OndertekeningInput(serializers.Serializer):
    soort = serializers.ChoiceField(choices=["analoog", "digitaal", "pki", ""], allow_blank=True)
    datum = serializers.DateField()


class IntegriteitInput(serializers.Serializer):
    algoritme = serializers.ChoiceField(choices=[
        "crc_16", "crc_32", "crc_64", "fletcher_4", "fletcher_8", "fletcher_16", "fletcher_32", "hmac", "md5",
        "sha_1", "sha_256", "sha_512", "sha_3", ""], allow_blank=True)
    waarde = serializers.CharField(max_length=128, allow_blank=True)
    datum = serializers.DateField()


class EIOInput(serializers.Serializer):
    identificatie = serializers.CharField(max_length=40, required=False, allow_blank=True)
    bronorganisatie = serializers.CharField(max_length=9)
    creatiedatum = serializers.DateField()
    titel = serializers.CharField(max_length=200)
    vertrouwelijkheidaanduiding = serializers.ChoiceField(choices=Confidentiality.values + [""], required=False,
                                                          allow_blank=True)
    auteur = serializers.CharField(max_length=200)
    status = serializers.ChoiceField(choices=DocumentStatus.values + [""], required=False, allow_blank=True)
    formaat = serializers.CharField(max_length=255, required=False, allow_blank=True)
    taal = serializers.CharField(min_length=3, max_length=3)
    bestandsnaam = serializers.CharField(max_length=255, required=False, allow_blank=True)
    inhoud = Base64Field()
    bestandsomvang = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    link = LenientURLField(max_length=200, required=False, allow_blank=True)
    beschrijving = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    ontvangstdatum = serializers.DateField(required=False, allow_null=True)
    verzenddatum = serializers.DateField(required=False, allow_null=True)
    indicatieGebruiksrecht = serializers.BooleanField(required=False, allow_null=True)
    verschijningsvorm = serializers.CharField(required=False, allow_blank=True)
    ondertekening = OndertekeningInput(required=False, allow_null=True)
    integriteit = IntegriteitInput(required=False, allow_null=True)
    informatieobjecttype = ResourceURLField(path=IOT_PATH, queryset=InformatieObjectType.objects.all())
    trefwoorden = serializers.ListField(child=serializers.CharField(max_length=100), required=False, allow_null=True)


class EIOUpdateInput(EIOInput):
    lock = serializers.CharField(max_length=100, required=False, allow_blank=True)


FIELD_MAP = {"indicatieGebruiksrecht": "indicatie_gebruiksrecht"}


def version_fields(data: dict) -> dict:
    """The validated input as the service's keyword arguments (version fields only)."""
    fields = {}
    for name in ("titel", "beschrijving", "auteur", "creatiedatum", "status", "vertrouwelijkheidaanduiding", "taal",
                 "formaat", "bestandsnaam", "link", "ontvangstdatum", "verzenddatum", "verschijningsvorm"):
        if name in data:
            fields[name] = "" if data[name] is None and name in ("link", "verschijningsvorm") else data[name]
    for name in ("ondertekening", "integriteit"):
        if name in data:
            value = data[name]
            fields[name] = None if not value else {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                                   for k, v in value.items()}
    if "trefwoorden" in data:
        fields["trefwoorden"] = list(data["trefwoorden"] or [])
    return fields


def represent_bestandsdeel(request, part, *, lock: str | None = None) -> dict:
    """A part as listed in a document (BestandsDeel); with ``lock`` for the client that holds it (the create
    answer, SchemaBestandsDeel, and the upload answer, BestandsDeelResponse)."""
    body = {"url": base_url(request) + BESTANDSDEEL_PATH.format(uuid=part.uuid), "volgnummer": part.volgnummer,
            "omvang": part.omvang, "voltooid": part.voltooid}
    if lock is not None:
        body["lock"] = lock
    return body


def represent_eio(request, document: EnkelvoudigInformatieObject, version=None, *, with_lock: bool = False) -> dict:
    """``with_lock``: the answer to the client that created the document in parts gets the lock (top level and in
    every part), as Open Zaak does; nobody else sees it."""
    version = version or document.latest_version
    lock = document.lock if with_lock and document.lock else None
    url = eio_url(request, document)
    return {
        "url": url,
        "identificatie": document.identificatie,
        "bronorganisatie": document.bronorganisatie,
        "creatiedatum": version.creatiedatum.isoformat(),
        "titel": version.titel,
        "vertrouwelijkheidaanduiding": version.vertrouwelijkheidaanduiding,
        "auteur": version.auteur,
        "status": version.status or "",
        "formaat": version.formaat,
        "taal": version.taal,
        "versie": version.versie,
        "beginRegistratie": version.begin_registratie.isoformat().replace("+00:00", "Z"),
        "bestandsnaam": version.bestandsnaam,
        "inhoud": f"{url}/download?versie={version.versie}" if version.inhoud.name else None,
        "bestandsomvang": version.bestandsomvang,
        "beschrijving": version.beschrijving,
        "ontvangstdatum": version.ontvangstdatum.isoformat() if version.ontvangstdatum else None,
        "verzenddatum": version.verzenddatum.isoformat() if version.verzenddatum else None,
        "indicatieGebruiksrecht": document.indicatie_gebruiksrecht,
        "verschijningsvorm": version.verschijningsvorm,
        "ondertekening": version.ondertekening or None,
        "integriteit": version.integriteit or None,
        "informatieobjecttype": base_url(request) + IOT_PATH.format(uuid=document.informatieobjecttype.uuid),
        "locked": bool(document.lock),
        "bestandsdelen": [represent_bestandsdeel(request, part, lock=lock) for part in document.bestandsdelen.all()],
        "trefwoorden": list(version.trefwoorden or []),
    } | ({"link": version.link} if version.link else {}) | ({"lock": lock} if lock else {})  # link: '' is no URI


class GebruiksrechtenInput(serializers.Serializer):
    informatieobject = ResourceURLField(path=EIO_PATH, queryset=EnkelvoudigInformatieObject.objects.all())
    startdatum = serializers.DateTimeField()
    einddatum = serializers.DateTimeField(required=False, allow_null=True)
    omschrijvingVoorwaarden = serializers.CharField(source="omschrijving_voorwaarden")


def represent_gebruiksrechten(request, rights) -> dict:
    def moment(value):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z") if value else None

    return {
        "url": base_url(request) + f"{API}/gebruiksrechten/{rights.uuid}",
        "informatieobject": base_url(request) + EIO_PATH.format(uuid=rights.informatieobject.uuid),
        "startdatum": moment(rights.startdatum),
        "einddatum": moment(rights.einddatum),
        "omschrijvingVoorwaarden": rights.omschrijving_voorwaarden,
    }


class ObjectInformatieObjectInput(serializers.Serializer):
    informatieobject = ResourceURLField(path=EIO_PATH, queryset=EnkelvoudigInformatieObject.objects.all())
    object = LenientURLField(max_length=1000)
    objectType = serializers.ChoiceField(choices=["besluit", "zaak", "verzoek"])


def represent_oio(request, *, uuid, document, object_type: str, object_uuid=None, object_url: str = "") -> dict:
    """A relation with a local zaak/besluit (``object_uuid``) or an object elsewhere (``object_url``)."""
    if not object_url:
        collection = {"zaak": "/zaken/api/v1/zaken", "besluit": "/besluiten/api/v1/besluiten"}[object_type]
        object_url = base_url(request) + f"{collection}/{object_uuid}"
    return {
        "url": base_url(request) + f"{API}/objectinformatieobjecten/{uuid}",
        "informatieobject": base_url(request) + EIO_PATH.format(uuid=document.uuid),
        "object": object_url,
        "objectType": object_type,
    }


class BestandsDeelInput(serializers.Serializer):
    inhoud = serializers.FileField(required=False, allow_null=True, allow_empty_file=True)
    lock = serializers.CharField(max_length=100)


# -- verzendingen ------------------------------------------------------------------------------


class BinnenlandsAdresInput(serializers.Serializer):
    huisletter = serializers.CharField(max_length=1, required=False, allow_blank=True, default="")
    huisnummer = serializers.IntegerField(min_value=1, max_value=99999)
    huisnummerToevoeging = serializers.CharField(max_length=4, required=False, allow_blank=True, default="")
    naamOpenbareRuimte = serializers.CharField(max_length=80)
    postcode = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")
    woonplaatsnaam = serializers.CharField(max_length=80)


class BuitenlandsAdresInput(serializers.Serializer):
    adresBuitenland1 = serializers.CharField(max_length=35)
    adresBuitenland2 = serializers.CharField(max_length=35, required=False, allow_blank=True, default="")
    adresBuitenland3 = serializers.CharField(max_length=35, required=False, allow_blank=True, default="")
    landPostadres = ZGWURLField(max_length=200)


class PostadresInput(serializers.Serializer):
    postBusOfAntwoordnummer = serializers.IntegerField(min_value=1, max_value=9999)
    postadresPostcode = serializers.CharField(max_length=6)
    postadresType = serializers.ChoiceField(choices=["antwoordnummer", "postbusnummer"])
    woonplaatsnaam = serializers.CharField(max_length=80)


class VerzendingInput(serializers.Serializer):
    betrokkene = ZGWURLField(max_length=200)
    informatieobject = ResourceURLField(path=EIO_PATH, queryset=EnkelvoudigInformatieObject.objects.select_related(
        "latest_version", "informatieobjecttype"))
    aardRelatie = serializers.ChoiceField(choices=["afzender", "geadresseerde"], source="aard_relatie")
    toelichting = serializers.CharField(max_length=200, required=False, allow_blank=True)
    ontvangstdatum = serializers.DateField(required=False, allow_null=True)
    verzenddatum = serializers.DateField(required=False, allow_null=True)
    contactPersoon = ZGWURLField(max_length=1000, source="contact_persoon")
    contactpersoonnaam = serializers.CharField(max_length=40, required=False, allow_blank=True)
    binnenlandsCorrespondentieadres = BinnenlandsAdresInput(required=False, allow_null=True,
                                                            source="binnenlands_correspondentieadres")
    buitenlandsCorrespondentieadres = BuitenlandsAdresInput(required=False, allow_null=True,
                                                            source="buitenlands_correspondentieadres")
    correspondentiePostadres = PostadresInput(required=False, allow_null=True, source="correspondentie_postadres")
    faxnummer = serializers.CharField(max_length=15, required=False, allow_blank=True, allow_null=True)
    emailadres = serializers.CharField(max_length=100, required=False, allow_blank=True, allow_null=True)
    mijnOverheid = serializers.BooleanField(required=False, source="mijn_overheid")
    telefoonnummer = serializers.CharField(max_length=15, required=False, allow_blank=True, allow_null=True)


def represent_verzending(request, verzending) -> dict:
    return {
        "url": base_url(request) + f"{API}/verzendingen/{verzending.uuid}",
        "betrokkene": verzending.betrokkene,
        "informatieobject": base_url(request) + EIO_PATH.format(uuid=verzending.informatieobject.uuid),
        "aardRelatie": verzending.aard_relatie,
        "toelichting": verzending.toelichting,
        "ontvangstdatum": verzending.ontvangstdatum.isoformat() if verzending.ontvangstdatum else None,
        "verzenddatum": verzending.verzenddatum.isoformat() if verzending.verzenddatum else None,
        "contactPersoon": verzending.contact_persoon,
        "contactpersoonnaam": verzending.contactpersoonnaam,
        "binnenlandsCorrespondentieadres": verzending.binnenlands_correspondentieadres or None,
        "buitenlandsCorrespondentieadres": verzending.buitenlands_correspondentieadres or None,
        "correspondentiePostadres": verzending.correspondentie_postadres or None,
        "faxnummer": verzending.faxnummer,
        "emailadres": verzending.emailadres,
        "mijnOverheid": verzending.mijn_overheid,
        "telefoonnummer": verzending.telefoonnummer,
    }
