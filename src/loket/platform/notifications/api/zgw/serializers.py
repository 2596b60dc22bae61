"""Notificaties API 1.0.0 serializers: translate between the standard's JSON and the hub's services."""

import datetime
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from loket.platform.zgw.fields import absolute_url

from ...models import Abonnement, Kanaal


class LenientURLField(serializers.CharField):
    """An absolute http(s) URL. Unlike Django's URLValidator it accepts host names without a top-level domain
    (``http://openzaak:8000/...``, ``http://testserver/...``), as ZGW installations use them internally."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
            raise serializers.ValidationError(ErrorDetail(_("Geef een geldige URL."), code="invalid"))
        return value


KANAAL_VIEW = "zgw-notificaties:kanaal-detail"
ABONNEMENT_VIEW = "zgw-notificaties:abonnement-detail"
MASK = "********"


class KanaalSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    naam = serializers.CharField(max_length=50)
    documentatieLink = serializers.URLField(source="documentatie_link", max_length=200, required=False,
                                            allow_blank=True)
    filters = serializers.ListField(child=serializers.CharField(max_length=100), required=False)

    def get_url(self, obj) -> str:
        return absolute_url(self.context.get("request"), KANAAL_VIEW, uuid=obj.uuid)

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if not data.get("documentatieLink"):
            data.pop("documentatieLink", None)  # optional, and '' is no URI
        return data

    def validate_naam(self, value):
        if Kanaal.objects.filter(naam=value).exists():
            raise serializers.ValidationError(ErrorDetail(_("Er bestaat al een kanaal met deze naam."), code="unique"))
        return value


class FilterGroupSerializer(serializers.Serializer):
    naam = serializers.CharField(min_length=1)
    filters = serializers.DictField(child=serializers.CharField(max_length=1000, min_length=1), required=False)

    def to_representation(self, group):
        return {"naam": group.kanaal.naam, "filters": dict(group.filters or {})}


class AbonnementSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    callbackUrl = LenientURLField(source="callback_url", max_length=200)
    auth = serializers.CharField(max_length=1000)
    kanalen = FilterGroupSerializer(many=True, source="filter_groups.all")

    def get_url(self, obj) -> str:
        return absolute_url(self.context.get("request"), ABONNEMENT_VIEW, uuid=obj.uuid)

    def to_representation(self, obj):
        data = super().to_representation(obj)
        # The auth header is the subscriber's secret: only the application that registered it reads it back.
        from .views import own_client_ids

        if obj.client_id not in own_client_ids(self.context.get("request")):
            data["auth"] = MASK
        return data

    def validate_kanalen(self, value):
        if not value:
            raise serializers.ValidationError(ErrorDetail(_("Geef minstens één kanaal op."), code="required"))
        return value


class MessageSerializer(serializers.Serializer):
    kanaal = serializers.CharField(max_length=50)
    hoofdObject = LenientURLField(max_length=1000)
    resource = serializers.CharField(max_length=100)
    resourceUrl = LenientURLField(max_length=1000)
    actie = serializers.CharField(max_length=100)
    aanmaakdatum = serializers.DateTimeField(default_timezone=datetime.UTC)
    kenmerken = serializers.DictField(child=serializers.CharField(max_length=1000, min_length=1, allow_blank=False),
                                      required=False)


def abonnement_queryset():
    return Abonnement.objects.prefetch_related("filter_groups__kanaal").order_by("pk")
