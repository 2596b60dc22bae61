"""Catalogi API 1.3.1 views: thin; every change goes through :mod:`loket.cases.services.catalogi_zgw`.

An application sees and changes the catalogues of its own organisation. The scope
``catalogi.geforceerd-schrijven`` lets it change published versions (:func:`services.catalogi.forced_write`),
``catalogi.geforceerd-verwijderen`` delete them. Changes to zaaktypen, informatieobjecttypen and besluittypen
publish a notification (kanalen of the same names) in the transaction of the change.
"""

import contextlib
import datetime
from urllib.parse import urlsplit
from uuid import UUID

from django.db import transaction
from django.db.models import Max, Min, Prefetch, Q
from django.utils.translation import gettext as _
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, NotAuthenticated, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from loket.cases.exceptions import CaseError, CaseTypeFrozen
from loket.cases.models import (
    BesluitType,
    Catalogus,
    Eigenschap,
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakObjectType,
    ZaakType,
    ZaakTypeInformatieObjectType,
)
from loket.cases.services import catalogi as catalogi_services
from loket.cases.services import catalogi_zgw as services
from loket.platform.zgw.fields import is_local_url, resolve_local
from loket.platform.zgw.permissions import ZGWScopes, has_scope
from loket.platform.zgw.views import ZGWViewSet

from . import serializers as s

READ = "catalogi.lezen"
WRITE = "catalogi.schrijven"
FORCE_WRITE = "catalogi.geforceerd-schrijven"
FORCE_DELETE = "catalogi.geforceerd-verwijderen"
SCOPES = {
    "list": READ, "retrieve": READ, "create": WRITE, "publish": WRITE,
    "update": {WRITE, FORCE_WRITE}, "partial_update": {WRITE, FORCE_WRITE}, "destroy": {WRITE, FORCE_DELETE},
}
PART_SCOPES = dict(SCOPES, create={WRITE, FORCE_WRITE})


def _invalid(field: str, message, code: str = "invalid"):
    return ValidationError({field: [ErrorDetail(str(message), code=code)]})


def _uuid_of(value: str, collection: str, request) -> UUID | None:
    """The uuid of a local Catalogi URL of ``collection``; None when ``value`` is not a URL at all."""
    if not value.startswith(("http://", "https://")):
        return None
    parts = urlsplit(value)
    segments = parts.path.rstrip("/").split("/")
    if not is_local_url(value, request) or resolve_local(value) is None:
        raise _invalid(collection, _("De URL verwijst niet naar een bestaande resource."), "bad-url")
    if len(segments) < 2 or segments[-2] != collection:
        raise _invalid(collection, _("De URL verwijst naar een resource van een ander type."), "invalid-resource")
    try:
        return UUID(segments[-1])
    except ValueError:
        raise _invalid(collection, _("De URL verwijst niet naar een bestaande resource."), "bad-url") from None


def _version_on(candidates: list, on_date: datetime.date | None):
    """The version valid on ``on_date``, else the latest one."""
    if on_date is not None:
        for candidate in candidates:
            if candidate.begin_geldigheid <= on_date and (candidate.einde_geldigheid is None or candidate.einde_geldigheid >= on_date):
                return candidate
    return max(candidates, key=lambda c: c.begin_geldigheid)


def resolve_types(request, values, *, model, catalogus, field, collection, key="omschrijving", on_date=None) -> list:
    """Catalogue types given by URL or (ZGW 1.3) by their ``omschrijving``/``identificatie``, in ``catalogus``."""
    found = []
    for value in values or []:
        uuid = _uuid_of(value, collection, request)
        if uuid is not None:
            obj = model.objects.filter(uuid=uuid).first()
            if obj is None:
                raise _invalid(field, _("De URL verwijst niet naar een bestaande resource."), "bad-url")
            if obj.catalogus_id != catalogus.pk:
                raise _invalid(field, _("Dit type hoort niet bij dezelfde catalogus."), "relations-incorrect-catalogus")
        else:
            candidates = list(model.objects.filter(catalogus=catalogus, **{key: value}))
            if not candidates:
                raise _invalid(field, _("Er is geen type '%(value)s' in deze catalogus.") % {"value": value}, "invalid-resource")
            obj = _version_on(candidates, on_date)
        if obj not in found:
            found.append(obj)
    return found


def _date_param(request, name: str) -> datetime.date | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise _invalid(name, _("Geef een datum als JJJJ-MM-DD."), "invalid") from None


def _geldig_q(on_date: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}begin_geldigheid__lte": on_date}) & (
        Q(**{f"{prefix}einde_geldigheid__isnull": True}) | Q(**{f"{prefix}einde_geldigheid__gte": on_date}))


class CatalogiViewSet(ZGWViewSet):
    zgw_api_version = "1.3.1"
    zgw_component = "ztc"
    zgw_domain_errors = (CaseError,)
    required_scopes = SCOPES
    renderer_classes = [JSONRenderer]
    model = None
    input_class = None
    #: notifications: kanaal and resource name (zaaktypen/zaaktype, ...), None for parts
    kanaal: str | None = None
    resource: str | None = None

    # -- querysets -------------------------------------------------------------------------------------------
    def organisation(self):
        return getattr(getattr(self.request, "auth", None), "organisation", None)

    def scope_to_organisation(self, queryset):
        raise NotImplementedError

    def handle_exception(self, exc):
        if isinstance(exc, CaseTypeFrozen) and not getattr(exc, "code", None):
            exc.code = "non-concept-object"
        return super().handle_exception(exc)

    def get_queryset(self):
        organisation = self.organisation()
        queryset = self.model.objects.all()
        if organisation is None:
            return queryset.none()
        return self.scope_to_organisation(queryset, organisation).order_by("pk")

    def apply_filters(self, queryset, params):
        return queryset

    def filter_queryset(self, queryset):
        if self.action == "list":
            queryset = self.apply_filters(queryset, self.request.query_params)
        return super().filter_queryset(queryset)

    def with_relations(self, queryset):
        return queryset

    def get_object(self):
        obj = super().get_object()
        return self.with_relations(self.model.objects.filter(pk=obj.pk)).get()

    # -- representation --------------------------------------------------------------------------------------
    def represent_many(self, objects) -> list[dict]:
        return [self.represent(obj) for obj in objects]

    def represent(self, obj) -> dict:
        raise NotImplementedError

    def represent_fresh(self, obj) -> dict:
        return self.represent_many([self.with_relations(self.model.objects.filter(pk=obj.pk)).get()])[0]

    def list(self, request, *args, **kwargs):
        queryset = self.with_relations(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.represent_many(page))

    def retrieve(self, request, *args, **kwargs):
        return Response(self.represent_many([self.get_object()])[0])

    # -- changes ---------------------------------------------------------------------------------------------
    def forced(self) -> bool:
        return has_scope(self.request, self.zgw_component, FORCE_WRITE)

    def force_delete(self) -> bool:
        return has_scope(self.request, self.zgw_component, FORCE_DELETE)

    def validated(self, partial=False, instance=None) -> dict:
        serializer = self.input_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def check_catalogus(self, catalogus, field="catalogus"):
        if catalogus.organisation_id != getattr(self.organisation(), "pk", None):
            raise _invalid(field, _("Deze catalogus hoort niet bij de organisatie van de applicatie."), "invalid-resource")

    def check_zaaktype(self, zaaktype, field="zaaktype"):
        if zaaktype.catalogus.organisation_id != getattr(self.organisation(), "pk", None):
            raise _invalid(field, _("Dit zaaktype hoort niet bij de organisatie van de applicatie."), "invalid-resource")

    def write(self, instance, data):
        raise NotImplementedError

    def notify(self, obj, actie: str, url: str | None = None):
        if not self.kanaal:
            return
        from loket.platform.notifications.services import publish

        resource_url = url or s.url(self.request, self.kanaal, obj.uuid)
        publish(
            kanaal=self.kanaal, hoofd_object=resource_url, resource=self.resource, resource_url=resource_url, actie=actie,
            kenmerken={"catalogus": s.url(self.request, "catalogussen", obj.catalogus.uuid)},
            organisation=obj.catalogus.organisation,
        )

    def _context(self):
        return catalogi_services.forced_write() if self.forced() else contextlib.nullcontext()

    def create(self, request, *args, **kwargs):
        data = self.validated()
        with transaction.atomic(), self._context():
            obj = self.write(None, data)
            self.notify(obj, "create")
        return Response(self.represent_fresh(obj), status=http.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        data = self.validated(partial=partial, instance=instance)
        with transaction.atomic(), self._context():
            obj = self.write(instance, data)
            self.notify(obj, "partial_update" if partial else "update")
        return Response(self.represent_fresh(obj))

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        url = s.url(request, self.kanaal, instance.uuid) if self.kanaal else None
        with transaction.atomic():
            self.notify(instance, "destroy", url=url)
            self.remove(instance)
        return Response(status=http.HTTP_204_NO_CONTENT)

    def remove(self, instance):
        raise NotImplementedError


class StatusFilterMixin:
    """``status``: alles, concept, definitief (default) on ``concept`` (``concept_path``)."""

    concept_path = "concept"

    def status_filter(self, queryset, params):
        value = params.get("status") or "definitief"
        if value not in ("alles", "concept", "definitief"):
            raise _invalid("status", _("Kies alles, concept of definitief."), "invalid_choice")
        if value == "concept":
            return queryset.filter(**{self.concept_path: True})
        if value == "definitief":
            return queryset.filter(**{self.concept_path: False})
        return queryset

    def catalogus_filter(self, queryset, params, path="catalogus"):
        value = params.get("catalogus")
        if value:
            uuid = _uuid_of(value, "catalogussen", self.request) if value.startswith("http") else None
            if uuid is None:
                raise _invalid("catalogus", _("Geef een URL van een catalogus."), "invalid")
            queryset = queryset.filter(**{f"{path}__uuid": uuid})
        return queryset

    def zaaktype_filter(self, queryset, params, name="zaaktype"):
        value = params.get(name)
        if value:
            if not value.startswith("http"):
                raise _invalid(name, _("Geef een URL van een zaaktype."), "invalid")
            uuid = _uuid_of(value, "zaaktypen", self.request)
            queryset = queryset.filter(zaaktype__uuid=uuid)
        return queryset


# -- Catalogussen -------------------------------------------------------------------------------------------------------


class CatalogusViewSet(CatalogiViewSet):
    model = Catalogus
    input_class = s.CatalogusInput
    http_method_names = ["get", "post", "head", "options"]

    def scope_to_organisation(self, queryset, organisation):
        return queryset.filter(organisation=organisation)

    def with_relations(self, queryset):
        return queryset

    def apply_filters(self, queryset, params):
        for name in ("domein", "rsin"):
            if params.get(name):
                queryset = queryset.filter(**{name: params[name]})
            if params.get(f"{name}__in"):
                queryset = queryset.filter(**{f"{name}__in": [v.strip() for v in params[f"{name}__in"].split(",")]})
        return queryset

    def represent_many(self, objects):
        objects = list(objects)
        ids = [o.pk for o in objects]
        for obj in objects:
            obj.zaaktype_uuids, obj.besluittype_uuids, obj.informatieobjecttype_uuids = [], [], []
        by_id = {o.pk: o for o in objects}
        for model, attr in ((ZaakType, "zaaktype_uuids"), (BesluitType, "besluittype_uuids"),
                            (InformatieObjectType, "informatieobjecttype_uuids")):
            for catalogus_id, uuid in model.objects.filter(catalogus_id__in=ids).order_by("pk").values_list("catalogus_id", "uuid"):
                getattr(by_id[catalogus_id], attr).append(uuid)
        return [s.represent_catalogus(self.request, obj) for obj in objects]

    def write(self, instance, data):
        return catalogi_services.create_catalogus(
            organisation=self.organisation(), naam=data.get("naam") or "", domein=data["domein"], rsin=data["rsin"],
            contactpersoon_beheer_naam=data["contactpersoon_beheer_naam"],
            contactpersoon_beheer_emailadres=data.get("contactpersoon_beheer_emailadres", ""),
            contactpersoon_beheer_telefoonnummer=data.get("contactpersoon_beheer_telefoonnummer", ""),
            versie=data.get("versie") or "", begindatum_versie=data.get("begindatum_versie"),
        )

    def create(self, request, *args, **kwargs):
        data = self.validated()
        if not (data.get("naam") or "").strip():
            data["naam"] = data["domein"]
        with transaction.atomic():
            obj = self.write(None, data)
        return Response(self.represent_fresh(obj), status=http.HTTP_201_CREATED)


# -- Zaaktypen ----------------------------------------------------------------------------------------------------------


class ZaakTypeReaders(ZGWScopes):
    """Zaaktypen may be read with ``catalogi.lezen``, ``zaken.lezen`` or ``documenten.lezen`` (the spec's scopes):
    Zaken and Documenten clients look up the case types of what they handle."""

    READERS = (("ztc", READ), ("zrc", "zaken.lezen"), ("drc", "documenten.lezen"))

    def _reading(self, request, view):
        return getattr(view, "action", None) in ("list", "retrieve") or request.method == "HEAD"

    def has_permission(self, request, view):
        if self._reading(request, view):
            if getattr(request, "auth", None) is None:
                raise NotAuthenticated()
            return any(has_scope(request, component, scope) for component, scope in self.READERS)
        return super().has_permission(request, view)

    def has_object_permission(self, request, view, obj):
        if self._reading(request, view):
            return True
        return super().has_object_permission(request, view, obj)


class ZaakTypeViewSet(StatusFilterMixin, CatalogiViewSet):
    model = ZaakType
    input_class = s.ZaakTypeInput
    kanaal, resource = "zaaktypen", "zaaktype"
    permission_classes = [ZaakTypeReaders]
    repeatable_query_params = ("trefwoorden",)

    def filter_queryset(self, queryset):
        # catalogue types carry no per-type autorisatie: the read scope (checked by ZaakTypeReaders) is enough
        return self.apply_filters(queryset, self.request.query_params) if self.action == "list" else queryset

    def scope_to_organisation(self, queryset, organisation):
        return queryset.filter(catalogus__organisation=organisation)

    def with_relations(self, queryset):
        uuid_only = ("uuid",)
        from loket.catalog.models import Product

        return queryset.select_related("catalogus").prefetch_related(
            Prefetch("products", Product.objects.only("pk")), "gerelateerde_zaaktypen",
            Prefetch("zaakobjecttypen", ZaakObjectType.objects.only(*uuid_only, "zaaktype_id")),
            Prefetch("statustypen", StatusType.objects.only(*uuid_only, "zaaktype_id", "volgnummer")),
            Prefetch("resultaattypen", ResultaatType.objects.only(*uuid_only, "zaaktype_id", "omschrijving")),
            Prefetch("eigenschappen", Eigenschap.objects.only(*uuid_only, "zaaktype_id", "naam")),
            Prefetch("roltypen", RolType.objects.only(*uuid_only, "zaaktype_id", "omschrijving")),
            Prefetch("ziot", ZaakTypeInformatieObjectType.objects.select_related("informatieobjecttype").only(
                "zaaktype_id", "volgnummer", "informatieobjecttype__uuid")),
            Prefetch("besluittypen", BesluitType.objects.only(*uuid_only, "omschrijving", "begin_geldigheid")),
            Prefetch("deelzaaktypen", ZaakType.objects.only(*uuid_only, "omschrijving", "begin_geldigheid")),
        )

    def apply_filters(self, queryset, params):
        queryset = self.status_filter(queryset, params)
        queryset = self.catalogus_filter(queryset, params)
        if params.get("identificatie"):
            queryset = queryset.filter(identificatie=params["identificatie"])
        trefwoorden = [t.strip() for v in params.getlist("trefwoorden") for t in v.split(",") if t.strip()]
        if trefwoorden:
            queryset = queryset.filter(trefwoorden__contains=trefwoorden)
        on_date = _date_param(self.request, "datumGeldigheid")
        if on_date:
            queryset = queryset.filter(_geldig_q(on_date))
        return queryset

    def retrieve(self, request, *args, **kwargs):
        _date_param(request, "datumGeldigheid")
        return super().retrieve(request, *args, **kwargs)

    def represent_many(self, objects):
        objects = list(objects)
        dates = {}
        if objects:
            rows = (ZaakType.objects.filter(catalogus_id__in={o.catalogus_id for o in objects},
                                            identificatie__in={o.identificatie for o in objects})
                    .values("catalogus_id", "identificatie")
                    .annotate(begin=Min("begin_geldigheid"), einde=Max("einde_geldigheid"), latest=Max("begin_geldigheid")))
            open_ended = set(ZaakType.objects.filter(
                catalogus_id__in={o.catalogus_id for o in objects}, identificatie__in={o.identificatie for o in objects},
                einde_geldigheid__isnull=True).values_list("catalogus_id", "identificatie"))
            for row in rows:
                key = (row["catalogus_id"], row["identificatie"])
                dates[key] = (row["begin"], None if key in open_ended else row["einde"])
        return [s.represent_zaaktype(self.request, obj, object_dates={obj.identificatie: dates.get(
            (obj.catalogus_id, obj.identificatie), (obj.begin_geldigheid, obj.einde_geldigheid))}) for obj in objects]

    def _links(self, zaaktype, links):
        catalogus, on_date = zaaktype.catalogus, zaaktype.begin_geldigheid
        kwargs = {}
        if "besluittypen" in links:
            kwargs["besluittypen"] = resolve_types(self.request, links["besluittypen"], model=BesluitType, catalogus=catalogus,
                                                   field="besluittypen", collection="besluittypen", on_date=on_date)
        if "deelzaaktypen" in links:
            kwargs["deelzaaktypen"] = resolve_types(self.request, links["deelzaaktypen"], model=ZaakType, catalogus=catalogus,
                                                    field="deelzaaktypen", collection="zaaktypen", key="identificatie",
                                                    on_date=on_date)
        if "gerelateerdeZaaktypen" in links:
            kwargs["gerelateerde_zaaktypen"] = [
                {"zaaktype": r["zaaktype"], "aard_relatie": r["aard_relatie"], "toelichting": r.get("toelichting", "")}
                for r in links["gerelateerdeZaaktypen"]
            ]
        if "productenOfDiensten" in links:
            products, external = self._products(links["productenOfDiensten"])
            kwargs["products"] = products
            if list(zaaktype.producten_of_diensten_extern) != external:
                services.update_case_type_version(zaaktype=zaaktype, producten_of_diensten_extern=external)
        services.set_case_type_links(zaaktype=zaaktype, **kwargs)

    def _products(self, urls):
        from loket.catalog.models import Product

        products, external = [], []
        for value in urls:
            if is_local_url(value, self.request):
                match = resolve_local(value)
                if match is None or match.view_name != "catalog-api-product":
                    raise _invalid("productenOfDiensten", _("De URL verwijst niet naar een product."), "invalid-resource")
                product = Product.objects.filter(pk=match.kwargs.get("pk")).first()
                if product is None:
                    raise _invalid("productenOfDiensten", _("De URL verwijst niet naar een bestaand product."), "bad-url")
                products.append(product)
            else:
                external.append(value)
        return products, external

    def write(self, instance, data):
        fields, links = s.flatten_zaaktype_input(data)
        catalogus = fields.pop("catalogus", None)
        if catalogus is not None:
            self.check_catalogus(catalogus)
        if instance is None:
            zaaktype = services.create_case_type_version(
                catalogus=catalogus, identificatie=fields.pop("identificatie"), omschrijving=fields.pop("omschrijving"),
                doorlooptijd_days=fields.pop("doorlooptijd_days"), begin_geldigheid=fields.pop("begin_geldigheid"), **fields,
            )
        else:
            if catalogus is not None and catalogus.pk != instance.catalogus_id:
                raise _invalid("catalogus", _("Een zaaktype kan niet naar een andere catalogus."), "wijzigen-niet-toegelaten")
            zaaktype = services.update_case_type_version(zaaktype=instance, **fields)
        zaaktype = ZaakType.objects.select_related("catalogus").get(pk=zaaktype.pk)
        self._links(zaaktype, links)
        return zaaktype

    def remove(self, instance):
        services.delete_case_type(zaaktype=instance, force=self.force_delete())

    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        instance = self.get_object()
        with transaction.atomic():
            obj = services.publish(obj=instance)
            self.notify(obj, "update")
        return Response(self.represent_fresh(obj))


# -- Informatieobjecttypen and besluittypen -------------------------------------------------------------------------------


class InformatieObjectTypeViewSet(StatusFilterMixin, CatalogiViewSet):
    model = InformatieObjectType
    input_class = s.InformatieObjectTypeInput
    kanaal, resource = "informatieobjecttypen", "informatieobjecttype"

    def scope_to_organisation(self, queryset, organisation):
        return queryset.filter(catalogus__organisation=organisation)

    def with_relations(self, queryset):
        return queryset.select_related("catalogus").prefetch_related(
            Prefetch("ziot", ZaakTypeInformatieObjectType.objects.select_related("zaaktype").only(
                "informatieobjecttype_id", "volgnummer", "zaaktype__uuid")),
            Prefetch("besluittype_set", BesluitType.objects.only("uuid")),
        )

    def apply_filters(self, queryset, params):
        queryset = self.status_filter(queryset, params)
        queryset = self.catalogus_filter(queryset, params)
        if params.get("omschrijving"):
            queryset = queryset.filter(omschrijving=params["omschrijving"])
        on_date = _date_param(self.request, "datumGeldigheid")
        if on_date:
            queryset = queryset.filter(_geldig_q(on_date))
        return queryset

    def represent(self, obj):
        return s.represent_informatieobjecttype(self.request, obj)

    def write(self, instance, data):
        data = dict(data)
        catalogus = data.pop("catalogus", None)
        if catalogus is not None:
            self.check_catalogus(catalogus)
        if "omschrijving_generiek" in data:
            data["omschrijving_generiek"] = dict(data["omschrijving_generiek"] or {})
        if instance is None:
            return services.create_document_type_version(
                catalogus=catalogus, omschrijving=data.pop("omschrijving"), begin_geldigheid=data.pop("begin_geldigheid"), **data)
        if catalogus is not None:
            data["catalogus"] = catalogus
        return services.update_document_type(informatieobjecttype=instance, **data)

    def remove(self, instance):
        services.delete_document_type(informatieobjecttype=instance, force=self.force_delete())

    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        instance = self.get_object()
        with transaction.atomic():
            obj = services.publish(obj=instance)
            self.notify(obj, "update")
        return Response(self.represent_fresh(obj))


class BesluitTypeViewSet(StatusFilterMixin, CatalogiViewSet):
    model = BesluitType
    input_class = s.BesluitTypeInput
    kanaal, resource = "besluittypen", "besluittype"

    def scope_to_organisation(self, queryset, organisation):
        return queryset.filter(catalogus__organisation=organisation)

    def with_relations(self, queryset):
        return queryset.select_related("catalogus").prefetch_related(
            Prefetch("zaaktypen", ZaakType.objects.only("uuid")),
            Prefetch("resultaattypen", ResultaatType.objects.only("uuid", "omschrijving")),
            Prefetch("informatieobjecttypen", InformatieObjectType.objects.only("uuid", "omschrijving")),
        )

    def apply_filters(self, queryset, params):
        queryset = self.status_filter(queryset, params)
        queryset = self.catalogus_filter(queryset, params)
        for name, collection, path in (("zaaktypen", "zaaktypen", "zaaktypen__uuid"),
                                       ("informatieobjecttypen", "informatieobjecttypen", "informatieobjecttypen__uuid")):
            value = params.get(name)
            if value:
                uuid = _uuid_of(value, collection, self.request)
                if uuid is None:
                    raise _invalid(name, _("Geef een URL."), "invalid")
                queryset = queryset.filter(**{path: uuid})
        if params.get("omschrijving"):
            queryset = queryset.filter(omschrijving=params["omschrijving"])
        on_date = _date_param(self.request, "datumGeldigheid")
        if on_date:
            queryset = queryset.filter(_geldig_q(on_date))
        return queryset.distinct()

    def represent(self, obj):
        return s.represent_besluittype(self.request, obj)

    def write(self, instance, data):
        data = dict(data)
        catalogus = data.pop("catalogus", None)
        if catalogus is not None:
            self.check_catalogus(catalogus)
        target = catalogus or instance.catalogus
        iots = None
        if "informatieobjecttypen" in data:
            iots = resolve_types(self.request, data.pop("informatieobjecttypen"), model=InformatieObjectType, catalogus=target,
                                 field="informatieobjecttypen", collection="informatieobjecttypen",
                                 on_date=data.get("begin_geldigheid") or getattr(instance, "begin_geldigheid", None))
        for text in ("omschrijving", "omschrijving_generiek", "besluitcategorie", "publicatietekst", "toelichting"):
            if text in data and data[text] is None:
                data[text] = ""
        if instance is None:
            return services.create_decision_type_version(
                catalogus=catalogus, omschrijving=data.pop("omschrijving", ""), begin_geldigheid=data.pop("begin_geldigheid"),
                informatieobjecttypen=iots, **data)
        if catalogus is not None:
            data["catalogus"] = catalogus
        return services.update_decision_type(besluittype=instance, informatieobjecttypen=iots, **data)

    def remove(self, instance):
        services.delete_decision_type(besluittype=instance, force=self.force_delete())

    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        instance = self.get_object()
        with transaction.atomic():
            obj = services.publish(obj=instance)
            self.notify(obj, "update")
        return Response(self.represent_fresh(obj))


# -- Parts of a zaaktype --------------------------------------------------------------------------------------------------


class PartViewSet(StatusFilterMixin, CatalogiViewSet):
    required_scopes = PART_SCOPES
    concept_path = "zaaktype__concept"

    def scope_to_organisation(self, queryset, organisation):
        return queryset.filter(zaaktype__catalogus__organisation=organisation)

    def part_filters(self, queryset, params, identificatie_param="zaaktypeIdentificatie", datum_param="datumGeldigheid"):
        queryset = self.status_filter(queryset, params)
        queryset = self.zaaktype_filter(queryset, params)
        if params.get(identificatie_param):
            queryset = queryset.filter(zaaktype__identificatie=params[identificatie_param])
        on_date = _date_param(self.request, datum_param)
        if on_date:
            queryset = queryset.filter(_geldig_q(on_date, "zaaktype__"))
        return queryset

    def apply_filters(self, queryset, params):
        return self.part_filters(queryset, params)

    def zaaktype_for_write(self, instance, data):
        zaaktype = data.pop("zaaktype", None)
        if zaaktype is not None:
            self.check_zaaktype(zaaktype)
            if instance is not None and zaaktype.pk != instance.zaaktype_id:
                raise _invalid("zaaktype", _("Een onderdeel kan niet naar een ander zaaktype verhuizen."), "wijzigen-niet-toegelaten")
        return zaaktype or instance.zaaktype


class StatusTypeViewSet(PartViewSet):
    model = StatusType
    input_class = s.StatusTypeInput

    def with_relations(self, queryset):
        return queryset.select_related("zaaktype__catalogus", "zaakobjecttype").prefetch_related(
            Prefetch("eigenschappen", Eigenschap.objects.only("uuid", "statustype_id")))

    def represent_many(self, objects):
        objects = list(objects)
        last = dict(StatusType.objects.filter(zaaktype_id__in={o.zaaktype_id for o in objects}).values("zaaktype_id")
                    .annotate(last=Max("volgnummer")).values_list("zaaktype_id", "last"))
        return [s.represent_statustype(self.request, obj, last_volgnummer=last) for obj in objects]

    def write(self, instance, data):
        data = dict(data)
        zaaktype = self.zaaktype_for_write(instance, data)
        eigenschappen = None
        if "eigenschappen" in data:
            eigenschappen = []
            for value in data.pop("eigenschappen"):
                uuid = _uuid_of(value, "eigenschappen", self.request)
                obj = Eigenschap.objects.filter(uuid=uuid).first() if uuid else None
                if obj is None:
                    raise _invalid("eigenschappen", _("De URL verwijst niet naar een bestaande eigenschap."), "bad-url")
                eigenschappen.append(obj)
        if "checklistitems" in data:
            data["checklistitems"] = [dict(item) for item in data["checklistitems"]]
        for text in ("omschrijving_generiek", "statustekst", "toelichting"):
            if text in data and data[text] is None:
                data[text] = ""
        if instance is None:
            return services.create_status_type(zaaktype=zaaktype, omschrijving=data.pop("omschrijving"),
                                               volgnummer=data.pop("volgnummer"), eigenschappen=eigenschappen, **data)
        return services.update_status_type(statustype=instance, eigenschappen=eigenschappen, **data)

    def remove(self, instance):
        services.delete_status_type(statustype=instance)


class RolTypeViewSet(PartViewSet):
    model = RolType
    input_class = s.RolTypeInput

    def with_relations(self, queryset):
        return queryset.select_related("zaaktype__catalogus")

    def apply_filters(self, queryset, params):
        queryset = self.part_filters(queryset, params)
        value = params.get("omschrijvingGeneriek")
        if value:
            queryset = queryset.filter(omschrijving_generiek=value)
        return queryset

    def represent(self, obj):
        return s.represent_roltype(self.request, obj)

    def write(self, instance, data):
        data = dict(data)
        zaaktype = self.zaaktype_for_write(instance, data)
        if instance is None:
            return catalogi_services.add_role_type(zaaktype=zaaktype, omschrijving=data["omschrijving"],
                                                   omschrijving_generiek=data["omschrijving_generiek"])
        return services.update_role_type(roltype=instance, omschrijving=data.get("omschrijving"),
                                         omschrijving_generiek=data.get("omschrijving_generiek"))

    def remove(self, instance):
        services.delete_role_type(roltype=instance)


class ResultaatTypeViewSet(PartViewSet):
    model = ResultaatType
    input_class = s.ResultaatTypeInput

    def with_relations(self, queryset):
        return queryset.select_related("zaaktype__catalogus", "zaakobjecttype").prefetch_related(
            Prefetch("besluittypen", BesluitType.objects.only("uuid", "omschrijving")),
            Prefetch("informatieobjecttypen", InformatieObjectType.objects.only("uuid", "omschrijving")),
        )

    def apply_filters(self, queryset, params):
        return self.part_filters(queryset, params, identificatie_param="zaaktype_identificatie",
                                 datum_param="datum_geldigheid")

    def represent(self, obj):
        return s.represent_resultaattype(self.request, obj)

    def write(self, instance, data):
        data = s.flatten_resultaattype_input(data)
        zaaktype = self.zaaktype_for_write(instance, data)
        on_date = zaaktype.begin_geldigheid
        links = {}
        if "besluittypen" in data:
            links["besluittypen"] = resolve_types(self.request, data.pop("besluittypen"), model=BesluitType,
                                                  catalogus=zaaktype.catalogus, field="besluittypen",
                                                  collection="besluittypen", on_date=on_date)
        if "informatieobjecttypen" in data:
            links["informatieobjecttypen"] = resolve_types(self.request, data.pop("informatieobjecttypen"),
                                                           model=InformatieObjectType, catalogus=zaaktype.catalogus,
                                                           field="informatieobjecttypen", collection="informatieobjecttypen",
                                                           on_date=on_date)
        if instance is None:
            return services.create_result_type(zaaktype=zaaktype, **links, **data)
        return services.update_result_type(resultaattype=instance, **links, **data)

    def remove(self, instance):
        services.delete_result_type(resultaattype=instance)


class EigenschapViewSet(PartViewSet):
    model = Eigenschap
    input_class = s.EigenschapInput

    def with_relations(self, queryset):
        return queryset.select_related("zaaktype__catalogus", "statustype")

    def represent(self, obj):
        return s.represent_eigenschap(self.request, obj)

    def write(self, instance, data):
        data = s.flatten_eigenschap_input(data)
        zaaktype = self.zaaktype_for_write(instance, data)
        if "toelichting" in data and data["toelichting"] is None:
            data["toelichting"] = ""
        if instance is None:
            return services.create_eigenschap(zaaktype=zaaktype, naam=data.pop("naam"), definitie=data.pop("definitie"), **data)
        return services.update_eigenschap(eigenschap=instance, **data)

    def remove(self, instance):
        services.delete_eigenschap(eigenschap=instance)


class ZaakTypeInformatieObjectTypeViewSet(PartViewSet):
    model = ZaakTypeInformatieObjectType
    input_class = s.ZaakTypeInformatieObjectTypeInput

    def with_relations(self, queryset):
        return queryset.select_related("zaaktype__catalogus", "informatieobjecttype", "statustype")

    def apply_filters(self, queryset, params):
        queryset = self.status_filter(queryset, params)
        queryset = self.zaaktype_filter(queryset, params)
        value = params.get("informatieobjecttype")
        if value:
            uuid = _uuid_of(value, "informatieobjecttypen", self.request)
            queryset = queryset.filter(informatieobjecttype__uuid=uuid) if uuid else \
                queryset.filter(informatieobjecttype__omschrijving=value)
        if params.get("richting"):
            queryset = queryset.filter(richting=params["richting"])
        return queryset

    def represent(self, obj):
        return s.represent_ziot(self.request, obj)

    def write(self, instance, data):
        data = dict(data)
        data.pop("catalogus", None)
        zaaktype = self.zaaktype_for_write(instance, data)
        if "informatieobjecttype" in data:
            data["informatieobjecttype"] = resolve_types(
                self.request, [data["informatieobjecttype"]], model=InformatieObjectType, catalogus=zaaktype.catalogus,
                field="informatieobjecttype", collection="informatieobjecttypen", on_date=zaaktype.begin_geldigheid)[0]
        if instance is None:
            return services.create_case_type_document_type(zaaktype=zaaktype, **data)
        return services.update_case_type_document_type(link=instance, **data)

    def remove(self, instance):
        services.delete_case_type_document_type(link=instance)


class ZaakObjectTypeViewSet(PartViewSet):
    model = ZaakObjectType
    input_class = s.ZaakObjectTypeInput

    def with_relations(self, queryset):
        return queryset.select_related("zaaktype__catalogus").prefetch_related(
            Prefetch("statustypen", StatusType.objects.only("uuid", "zaakobjecttype_id")),
            Prefetch("resultaattypen", ResultaatType.objects.only("uuid", "zaakobjecttype_id")),
        )

    def apply_filters(self, queryset, params):
        queryset = self.zaaktype_filter(queryset, params)
        queryset = self.catalogus_filter(queryset, params, path="zaaktype__catalogus")
        if params.get("zaaktypeIdentificatie"):
            queryset = queryset.filter(zaaktype__identificatie=params["zaaktypeIdentificatie"])
        value = params.get("anderObjecttype")
        if value:
            if value not in ("true", "false"):
                raise _invalid("anderObjecttype", _("Kies true of false."), "invalid")
            queryset = queryset.filter(ander_objecttype=value == "true")
        if params.get("objecttype"):
            queryset = queryset.filter(objecttype=params["objecttype"])
        if params.get("relatieOmschrijving"):
            queryset = queryset.filter(relatie_omschrijving=params["relatieOmschrijving"])
        for name, lookup in (("datumBeginGeldigheid", "begin_geldigheid"), ("datumEindeGeldigheid", "einde_geldigheid")):
            value = _date_param(self.request, name)
            if value:
                queryset = queryset.filter(**{lookup: value})
        on_date = _date_param(self.request, "datumGeldigheid")
        if on_date:
            queryset = queryset.filter(_geldig_q(on_date))
        return queryset

    def represent(self, obj):
        return s.represent_zaakobjecttype(self.request, obj)

    def write(self, instance, data):
        data = dict(data)
        zaaktype = self.zaaktype_for_write(instance, data)
        if instance is None:
            return services.create_object_type(zaaktype=zaaktype, **data)
        return services.update_object_type(zaakobjecttype=instance, **data)

    def remove(self, instance):
        services.delete_object_type(zaakobjecttype=instance)
