"""Besluiten API 1.0.2 at /besluiten/api/v1/ over cases.Besluit (component ``brc``).

Every change publishes on kanaal ``besluiten`` and writes the ZGW audit trail, inside its transaction.
An application sees the decisions of its own organisation, limited to its authorised besluittypen.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import mixins, status
from rest_framework.response import Response

from loket.cases.models import Besluit, BesluitInformatieObject
from loket.cases.services import besluiten as services
from loket.cases.services.besluiten import BesluitError
from loket.platform.audit.services import record_api_change
from loket.platform.zgw.audittrail import AuditTrailViewSet
from loket.platform.zgw.exceptions import validation_error
from loket.platform.zgw.fields import base_url
from loket.platform.zgw.permissions import is_allowed, uuid_from_url
from loket.platform.zgw.views import ZGWViewSet

from .serializers import (
    BESLUITTYPE_PATH,
    BesluitInformatieObjectSerializer,
    BesluitSerializer,
    besluit_url,
    bio_url,
)

API_VERSION = "1.0.2"
READ, CREATE, UPDATE, DELETE = "besluiten.lezen", "besluiten.aanmaken", "besluiten.bijwerken", "besluiten.verwijderen"


def _url_filter(request, name):
    """The uuid in a URL query parameter; ValidatieFout if it is not a URL; None if absent."""
    value = request.query_params.get(name)
    if value is None:
        return None
    found = uuid_from_url(value)
    if not value.startswith(("http://", "https://")) or found is None:
        raise validation_error(name, _("Geef een geldige URL."), "invalid")
    return found


def _changed(request, *, besluit, resource, resource_url, actie, status_code, old=None, new=None):
    from loket.platform.notifications.services import publish

    url = besluit_url(request, besluit)
    publish(
        kanaal="besluiten", hoofd_object=url, resource=resource, resource_url=resource_url, actie=actie,
        organisation=besluit.organisation,
        kenmerken={"verantwoordelijkeOrganisatie": besluit.verantwoordelijke_organisatie,
                   "besluittype": base_url(request) + BESLUITTYPE_PATH.format(uuid=besluit.besluittype.uuid)},
    )
    record_api_change(
        request=request, bron="brc", actie=actie, resultaat=status_code, hoofd_object=url, resource=resource,
        resource_url=resource_url, resource_weergave=besluit.identificatie if resource == "besluit" else resource_url,
        oud=old, nieuw=new, organisation=besluit.organisation,
    )


def _force(request, zaak) -> bool:
    return zaak is not None and is_allowed(request, component="zrc", scope="zaken.geforceerd-bijwerken", type_obj=zaak.zaaktype)


class _Base(ZGWViewSet):
    zgw_api_version = API_VERSION
    zgw_component = "brc"
    zgw_domain_errors = (BesluitError,)

    def organisation(self):
        return self.request.auth.organisation


class BesluitViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = BesluitSerializer
    required_scopes = {"list": READ, "retrieve": READ, "create": CREATE, "update": UPDATE, "partial_update": UPDATE,
                       "destroy": DELETE}
    zgw_type_path = "besluittype"

    def get_queryset(self):
        queryset = Besluit.objects.filter(organisation=self.organisation()).select_related("besluittype", "zaak").order_by("pk")
        if self.action == "list":
            # The representation needs only the uuids of besluittype and zaak (a Zaak row is wide).
            own = [f.name for f in Besluit._meta.concrete_fields if f.name not in ("besluittype", "zaak")]
            queryset = queryset.only(*own, "besluittype__uuid", "zaak__uuid")
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if "identificatie" in params:
            queryset = queryset.filter(identificatie=params["identificatie"])
        if "verantwoordelijkeOrganisatie" in params:
            queryset = queryset.filter(verantwoordelijke_organisatie=params["verantwoordelijkeOrganisatie"])
        besluittype = _url_filter(self.request, "besluittype")
        if besluittype is not None:
            queryset = queryset.filter(besluittype__uuid=besluittype)
        zaak = _url_filter(self.request, "zaak")
        if zaak is not None:
            queryset = queryset.filter(zaak__uuid=zaak)
        return queryset

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        self.authorise_new(data)
        with transaction.atomic():
            besluit = services.create_besluit(
                organisation=self.organisation(), besluittype=data.pop("besluittype"), datum=data.pop("datum"),
                ingangsdatum=data.pop("ingangsdatum"), verantwoordelijke_organisatie=data.pop("verantwoordelijke_organisatie"),
                identificatie=data.pop("identificatie", ""), zaak=data.get("zaak"), force=_force(request, data.get("zaak")),
                **{k: v for k, v in data.items() if k != "zaak" and v is not None},
            )
            body = self.get_serializer(besluit).data
            _changed(request, besluit=besluit, resource="besluit", resource_url=body["url"], actie="create",
                     status_code=201, new=body)
        return Response(body, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if not partial:
            for field in ("vervaldatum", "publicatiedatum", "verzenddatum", "uiterlijke_reactiedatum", "zaak"):
                changes.setdefault(field, None)
            for field in ("toelichting", "bestuursorgaan", "vervalreden"):
                changes.setdefault(field, "")
        if not changes.get("identificatie", instance.identificatie):
            changes.pop("identificatie", None)
        self.authorise_new({"besluittype": changes.get("besluittype", instance.besluittype)})
        with transaction.atomic():
            old = self.get_serializer(instance).data
            zaak = changes.get("zaak", instance.zaak)
            besluit = services.update_besluit(besluit=instance, changes=changes, force=_force(request, zaak))
            body = self.get_serializer(besluit).data
            _changed(request, besluit=besluit, resource="besluit", resource_url=body["url"],
                     actie="partial_update" if partial else "update", status_code=200, old=old, new=body)
        return Response(body)

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        with transaction.atomic():
            old = self.get_serializer(instance).data
            _changed(request, besluit=instance, resource="besluit", resource_url=old["url"], actie="destroy",
                     status_code=204, old=old)
            services.delete_besluit(besluit=instance)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BesluitInformatieObjectViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = BesluitInformatieObjectSerializer
    pagination_class = None
    required_scopes = {"list": READ, "retrieve": READ, "create": CREATE, "destroy": DELETE}
    zgw_type_path = "besluit__besluittype"

    def get_queryset(self):
        return (
            BesluitInformatieObject.objects.filter(besluit__organisation=self.organisation())
            .select_related("besluit__besluittype", "besluit__organisation", "informatieobject").order_by("pk")
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        besluit = _url_filter(self.request, "besluit")
        if besluit is not None:
            queryset = queryset.filter(besluit__uuid=besluit)
        informatieobject = _url_filter(self.request, "informatieobject")
        if informatieobject is not None:
            queryset = queryset.filter(informatieobject__uuid=informatieobject)
        return queryset

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self.authorise_new(data)
        besluit = data["besluit"]
        if besluit.organisation_id != self.organisation().pk:
            raise validation_error("besluit", _("De URL verwijst niet naar een bestaande resource."), "bad-url")
        with transaction.atomic():
            link = services.add_besluit_document(besluit=besluit, informatieobject=data["informatieobject"])
            body = self.get_serializer(link).data
            _changed(request, besluit=besluit, resource="besluitinformatieobject", resource_url=body["url"],
                     actie="create", status_code=201, new=body)
        return Response(body, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        link = self.get_object()
        with transaction.atomic():
            old = self.get_serializer(link).data
            _changed(request, besluit=link.besluit, resource="besluitinformatieobject", resource_url=bio_url(request, link),
                     actie="destroy", status_code=204, old=old)
            services.remove_besluit_document(link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BesluitAuditTrailViewSet(AuditTrailViewSet):
    zgw_api_version = API_VERSION
    zgw_component = "brc"
    parent_lookup_kwarg = "besluit_uuid"
    zgw_type_path = "besluittype"

    @property
    def parent_queryset(self):
        return Besluit.objects.filter(organisation=self.request.auth.organisation).select_related("besluittype")
