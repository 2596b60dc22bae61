"""Besluiten API 1.0.2: the ZGW shape of cases.Besluit and cases.BesluitInformatieObject (thin; rules in services)."""

from rest_framework import serializers

from loket.cases.models import (
    Besluit,
    BesluitInformatieObject,
    BesluitType,
    EnkelvoudigInformatieObject,
    Zaak,
)
from loket.cases.services.besluiten import VERVALREDENEN
from loket.platform.zgw.fields import ResourceURLField, base_url

BESLUIT_PATH = "/besluiten/api/v1/besluiten/{uuid}"
BIO_PATH = "/besluiten/api/v1/besluitinformatieobjecten/{uuid}"
BESLUITTYPE_PATH = "/catalogi/api/v1/besluittypen/{uuid}"
ZAAK_PATH = "/zaken/api/v1/zaken/{uuid}"
EIO_PATH = "/documenten/api/v1/enkelvoudiginformatieobjecten/{uuid}"

VERVALREDEN_WEERGAVE = {
    "tijdelijk": "Besluit met tijdelijke werking",
    "ingetrokken_overheid": "Besluit ingetrokken door overheid",
    "ingetrokken_belanghebbende": "Besluit ingetrokken o.v.v. belanghebbende",
}


def besluit_url(request, besluit) -> str:
    return base_url(request) + BESLUIT_PATH.format(uuid=besluit.uuid)


def bio_url(request, bio) -> str:
    return base_url(request) + BIO_PATH.format(uuid=bio.uuid)


class OptionalZaakField(ResourceURLField):
    """``zaak``: a URL, or "" / null for a decision without a case."""

    def to_internal_value(self, data):
        if data in ("", None):
            return None
        return super().to_internal_value(data)


class BesluitSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    identificatie = serializers.CharField(max_length=50, required=False, allow_blank=True)
    verantwoordelijkeOrganisatie = serializers.CharField(source="verantwoordelijke_organisatie", max_length=9)
    besluittype = ResourceURLField(path=BESLUITTYPE_PATH, queryset=BesluitType.objects.all())
    zaak = OptionalZaakField(path=ZAAK_PATH, queryset=Zaak.objects.select_related("zaaktype"), required=False,
                             allow_null=True)
    datum = serializers.DateField()
    toelichting = serializers.CharField(required=False, allow_blank=True)
    bestuursorgaan = serializers.CharField(max_length=50, required=False, allow_blank=True)
    ingangsdatum = serializers.DateField()
    vervaldatum = serializers.DateField(required=False, allow_null=True)
    vervalreden = serializers.ChoiceField(choices=sorted(VERVALREDENEN), required=False, allow_blank=True)
    publicatiedatum = serializers.DateField(required=False, allow_null=True)
    verzenddatum = serializers.DateField(required=False, allow_null=True)
    uiterlijkeReactiedatum = serializers.DateField(source="uiterlijke_reactiedatum", required=False, allow_null=True)

    def get_url(self, obj) -> str:
        return besluit_url(self.context.get("request"), obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.zaak_id is None:
            # Open Zaak answers "", which is not a valid ``format: uri``; the field is optional, so it is left out.
            data.pop("zaak", None)
        if instance.vervalreden:
            data["vervalredenWeergave"] = VERVALREDEN_WEERGAVE.get(instance.vervalreden, instance.vervalreden)
        else:
            data.pop("vervalreden", None)
        return data


class BesluitInformatieObjectSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    informatieobject = ResourceURLField(path=EIO_PATH, queryset=EnkelvoudigInformatieObject.objects.all())
    besluit = ResourceURLField(path=BESLUIT_PATH, queryset=Besluit.objects.select_related("besluittype"))

    def get_url(self, obj) -> str:
        return bio_url(self.context.get("request"), obj)


__all__ = ["BesluitInformatieObject", "BesluitInformatieObjectSerializer", "BesluitSerializer"]
