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
from loket.platform.zgw.fields import ResourceURLField, base_url

API = "/documenten/api/v1"
IOT_PATH = "/catalogi/api/v1/informatieobjecttypen/{uuid}"
EIO_PATH = API + "/enkelvoudiginformatieobjecten/{uuid}"


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


def represent_eio(request, document: EnkelvoudigInformatieObject, version=None) -> dict:
    version = version or document.latest_version
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
        "bestandsdelen": [],
        "trefwoorden": list(version.trefwoorden or []),
    } | ({"link": version.link} if version.link else {})  # optional, and '' is no URI


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


def represent_oio(request, *, uuid, document, object_type: str, object_uuid) -> dict:
    collection = {"zaak": "/zaken/api/v1/zaken", "besluit": "/besluiten/api/v1/besluiten"}[object_type]
    return {
        "url": base_url(request) + f"{API}/objectinformatieobjecten/{uuid}",
        "informatieobject": base_url(request) + EIO_PATH.format(uuid=document.uuid),
        "object": base_url(request) + f"{collection}/{object_uuid}",
        "objectType": object_type,
    }
