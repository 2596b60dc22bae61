"""Autorisaties API 1.0.0 serializers: translate between the ZGW shape and the api_clients services."""

from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from loket.cases.models import Confidentiality
from loket.platform.zgw.fields import ZGWURLField, absolute_url

from ...models import Applicatie, Component
from ...services import AutorisatieSpec


class AutorisatieSerializer(serializers.Serializer):
    component = serializers.ChoiceField(choices=Component.choices)
    componentWeergave = serializers.SerializerMethodField()
    scopes = serializers.ListField(child=serializers.CharField(max_length=100, min_length=1))
    zaaktype = ZGWURLField(required=False, allow_blank=True)
    informatieobjecttype = ZGWURLField(required=False, allow_blank=True)
    besluittype = ZGWURLField(required=False, allow_blank=True)
    maxVertrouwelijkheidaanduiding = serializers.ChoiceField(
        choices=Confidentiality.choices, required=False, allow_blank=True, source="max_vertrouwelijkheidaanduiding",
    )

    def validate(self, attrs):
        """A local type URL must point to an existing type of the right kind; external ones are taken as given."""
        from loket.cases.models import BesluitType, InformatieObjectType, ZaakType
        from loket.platform.zgw.fields import is_local_url
        from loket.platform.zgw.permissions import uuid_from_url

        kinds = {"zaaktype": ("zaaktypen", ZaakType), "informatieobjecttype": ("informatieobjecttypen", InformatieObjectType),
                 "besluittype": ("besluittypen", BesluitType)}
        for field, (collection, model) in kinds.items():
            url = attrs.get(field)
            if not url or not is_local_url(url, self.context.get("request")):
                continue
            path = urlsplit(url).path.rstrip("/")
            if not path.startswith("/catalogi/api/v1/"):
                raise serializers.ValidationError({field: [ErrorDetail(_("De URL verwijst niet naar een bestaande resource."), code="bad-url")]})
            if path.rsplit("/", 2)[-2] != collection:
                raise serializers.ValidationError(
                    {field: [ErrorDetail(_("De URL verwijst naar een resource van een ander type."), code="invalid-resource")]})
            found = uuid_from_url(url)
            if found is None or not model.objects.filter(uuid=found).exists():
                raise serializers.ValidationError({field: [ErrorDetail(_("De URL verwijst niet naar een bestaande resource."), code="bad-url")]})
        return attrs

    def get_componentWeergave(self, obj) -> str:
        return str(Component(obj.component).label)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Only the fields that belong to the component (the spec's discriminated zrc/drc/brc shapes).
        from ...models import CONFIDENTIALITY_COMPONENTS, TYPE_FIELD

        type_field = TYPE_FIELD.get(instance.component)
        for field in ("zaaktype", "informatieobjecttype", "besluittype"):
            if field != type_field:
                data.pop(field, None)
        if instance.component not in CONFIDENTIALITY_COMPONENTS:
            data.pop("maxVertrouwelijkheidaanduiding", None)
        return data


class ApplicatieSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    clientIds = serializers.ListField(child=serializers.CharField(max_length=50, min_length=1), source="client_ids")
    label = serializers.CharField(max_length=100, min_length=1)
    heeftAlleAutorisaties = serializers.BooleanField(source="heeft_alle_autorisaties", required=False, default=False)
    autorisaties = AutorisatieSerializer(many=True, required=False)

    def get_url(self, obj) -> str:
        return absolute_url(self.context.get("request"), "zgw-autorisaties:applicatie-detail", uuid=obj.uuid)

    def to_representation(self, instance: Applicatie):
        return super().to_representation(instance)

    @staticmethod
    def specs(autorisaties) -> list[AutorisatieSpec]:
        return [
            AutorisatieSpec(
                component=a.get("component", ""), scopes=list(a.get("scopes") or []), zaaktype=a.get("zaaktype", ""),
                informatieobjecttype=a.get("informatieobjecttype", ""), besluittype=a.get("besluittype", ""),
                max_vertrouwelijkheidaanduiding=a.get("max_vertrouwelijkheidaanduiding", ""),
            )
            for a in autorisaties
        ]
