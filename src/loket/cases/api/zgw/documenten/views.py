"""Documenten API 1.4.2 (component ``drc``) over cases.EnkelvoudigInformatieObject / DocumentVersion.

Rules live in :mod:`loket.cases.services.documenten_zgw` (and the documents service for storage, limits and the
virus scan). Every change records an audit trail entry and publishes on the kanaal ``documenten``, both in the
transaction of the change. ``objectinformatieobjecten`` are read from the zaak and besluit links (ZIO/BIO): in
one installation the relation the Zaken/Besluiten API registers is the relation, so registering it here is only
confirmed (and refused when it does not exist), and it is removed through the Zaken/Besluiten API.

Large files are uploaded in ``bestandsdelen`` (PUT /bestandsdelen/{uuid}, multipart, with the lock) and merged when
the document is unlocked; that merge is a change of the document (audit trail + notification ``partial_update``).
``verzendingen`` hang under their document: the document's type and confidentiality decide who may see or change
them, and their changes are in the document's audit trail and on the kanaal ``documenten`` (resource
``verzending``).
"""

import datetime
from urllib.parse import urlsplit

from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from loket.cases.exceptions import CaseError
from loket.cases.models import (
    AardRelatie,
    BesluitInformatieObject,
    BestandsDeel,
    EnkelvoudigInformatieObject,
    ExternalObjectRelation,
    Gebruiksrechten,
    Verzending,
    ZaakInformatieObject,
)
from loket.cases.services import documenten_zgw as service
from loket.platform.audit.services import record_api_change
from loket.platform.notifications.services import publish
from loket.platform.zgw.audittrail import AuditTrailViewSet
from loket.platform.zgw.exceptions import Conflict, validation_error
from loket.platform.zgw.fields import (
    base_url,
    check_remote,
    fetch_list,
    is_local_url,
    resolve_local,
)
from loket.platform.zgw.permissions import check_new_object, has_scope, uuid_from_url
from loket.platform.zgw.views import ZGWViewSet, requested_expand

from .serializers import (
    IOT_PATH,
    BestandsDeelInput,
    EIOInput,
    EIOUpdateInput,
    GebruiksrechtenInput,
    ObjectInformatieObjectInput,
    VerzendingInput,
    eio_url,
    represent_bestandsdeel,
    represent_eio,
    represent_gebruiksrechten,
    represent_oio,
    represent_verzending,
    version_fields,
)

VERSION = "1.4.2"
VERTROUWELIJKHEID = "latest_version__vertrouwelijkheidaanduiding"


def _kenmerken(request, document) -> dict:
    return {
        "bronorganisatie": document.bronorganisatie,
        "informatieobjecttype": base_url(request) + IOT_PATH.format(uuid=document.informatieobjecttype.uuid),
        "vertrouwelijkheidaanduiding": document.latest_version.vertrouwelijkheidaanduiding
        if document.latest_version_id else "",
    }


def _changed(request, *, actie: str, document, resource: str, resource_url: str, weergave: str, oud=None, nieuw=None,
             resultaat: int = 200) -> None:
    """Audit trail + notification for one change, in its transaction."""
    hoofd = eio_url(request, document)
    record_api_change(request=request, bron="drc", actie=actie, resultaat=resultaat, hoofd_object=hoofd,
                      resource=resource, resource_url=resource_url, resource_weergave=weergave[:200], oud=oud,
                      nieuw=nieuw, organisation=document.organisation)
    publish(kanaal="documenten", hoofd_object=hoofd, resource=resource, resource_url=resource_url, actie=actie,
            kenmerken=_kenmerken(request, document), organisation=document.organisation)


class DocumentenViewSet(ZGWViewSet):
    zgw_api_version = VERSION
    zgw_component = "drc"
    zgw_domain_errors = (CaseError,)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "HEAD" and getattr(response, "data", None) is None and response.status_code in (200, 304):
            # the headers a GET would carry, without its body (DRF drops Content-Type from an empty Response)
            plain = HttpResponse(status=response.status_code, content_type="application/json")
            for name, value in response.items():
                if name.lower() != "content-type":
                    plain[name] = value
            return plain
        return response


class EnkelvoudigInformatieObjectViewSet(DocumentenViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    required_scopes = {
        "list": "documenten.lezen", "retrieve": "documenten.lezen", "download": "documenten.lezen",
        "_zoek": "documenten.lezen", "create": "documenten.aanmaken",
        "update": {"documenten.bijwerken", "documenten.geforceerd-bijwerken"},
        "partial_update": {"documenten.bijwerken", "documenten.geforceerd-bijwerken"},
        "destroy": "documenten.verwijderen", "lock": "documenten.lock",
        "unlock": {"documenten.lock", "documenten.geforceerd-unlock"},
    }
    zgw_type_path = "informatieobjecttype"
    zgw_vertrouwelijkheid_path = VERTROUWELIJKHEID

    def get_queryset(self):
        return EnkelvoudigInformatieObject.objects.select_related("latest_version", "informatieobjecttype").prefetch_related(
            "bestandsdelen").order_by("pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            params = self.request.query_params
            if params.get("identificatie"):
                queryset = queryset.filter(identificatie=params["identificatie"])
            if params.get("bronorganisatie"):
                queryset = queryset.filter(bronorganisatie=params["bronorganisatie"])
            if params.get("trefwoorden"):
                words = [word.strip() for word in params["trefwoorden"].split(",") if word.strip()]
                queryset = queryset.filter(latest_version__trefwoorden__contains=words)
        return queryset

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response([represent_eio(request, document) for document in page])

    def _version(self, request, document):
        versie, registratie_op = request.query_params.get("versie"), request.query_params.get("registratieOp")
        moment = None
        if versie not in (None, ""):
            try:
                versie = int(versie)
            except ValueError:
                raise Http404 from None
        else:
            versie = None
        if registratie_op:
            moment = parse_datetime(registratie_op)
            if moment is None:
                raise Http404
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=datetime.UTC)
        version = service.version_at(document, versie=versie, registratie_op=moment)
        if version is None:
            raise Http404
        return version

    def retrieve(self, request, *args, **kwargs):
        document = self.get_object()
        return Response(represent_eio(request, document, self._version(request, document)))

    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        document = self.get_object()
        version = self._version(request, document)
        try:
            handle = version.inhoud.open("rb")
        except (FileNotFoundError, OSError, ValueError):
            raise Http404 from None
        response = FileResponse(handle, content_type="application/octet-stream", as_attachment=True,
                                filename=version.bestandsnaam or f"{document.identificatie}")
        response["API-version"] = VERSION
        return response

    def create(self, request, *args, **kwargs):
        serializer = EIOInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        check_new_object(request, component="drc", scope="documenten.aanmaken", type_obj=data["informatieobjecttype"],
                         vertrouwelijkheid=data.get("vertrouwelijkheidaanduiding")
                         or data["informatieobjecttype"].vertrouwelijkheidaanduiding)
        with transaction.atomic():
            document = service.create_document(
                organisation=request.auth.organisation, informatieobjecttype=data["informatieobjecttype"],
                inhoud=data.get("inhoud"), bronorganisatie=data["bronorganisatie"],
                identificatie=data.get("identificatie") or "", indicatie_gebruiksrecht=data.get("indicatieGebruiksrecht"),
                bestandsomvang=data.get("bestandsomvang"), **version_fields(data),
            )
            body = represent_eio(request, document, with_lock=True)
            _changed(request, actie="create", document=document, resource="enkelvoudiginformatieobject",
                     resource_url=body["url"], weergave=document.identificatie, nieuw=body, resultaat=201)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    def _update(self, request, partial: bool):
        document = self.get_object()
        serializer = EIOUpdateInput(data=request.data, partial=partial, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not partial and not data.get("lock"):  # required in the PUT body (EnkelvoudigInformatieObjectWithLock)
            raise validation_error("lock", _("Dit veld is vereist."), "required")
        for immutable in ("informatieobjecttype", "bronorganisatie", "identificatie"):
            current = {"informatieobjecttype": document.informatieobjecttype, "bronorganisatie": document.bronorganisatie,
                       "identificatie": document.identificatie}[immutable]
            if immutable in data and data[immutable] not in (current, "") and not (
                    immutable == "identificatie" and not data[immutable]):
                raise validation_error(immutable, _("Dit veld kan niet gewijzigd worden."), "wijzigen-niet-toegelaten")
        extra = {}
        if "indicatieGebruiksrecht" in data:
            extra["indicatie_gebruiksrecht"] = data["indicatieGebruiksrecht"]
        oud = represent_eio(request, document)
        cleared = isinstance(request.data, dict) and "inhoud" in request.data and request.data["inhoud"] is None
        with transaction.atomic():
            changed = service.update_document(document=document, lock=data.get("lock"), inhoud=data.get("inhoud"),
                                              bestandsomvang=data.get("bestandsomvang"), inhoud_cleared=cleared,
                                              **extra, **version_fields(data))
            body = represent_eio(request, changed, with_lock=True)
            _changed(request, actie="partial_update" if partial else "update", document=changed,
                     resource="enkelvoudiginformatieobject", resource_url=body["url"], weergave=changed.identificatie,
                     oud=oud, nieuw=body)
        return Response(body)

    def update(self, request, *args, **kwargs):
        return self._update(request, partial=False)

    def partial_update(self, request, *args, **kwargs):
        return self._update(request, partial=True)

    def destroy(self, request, *args, **kwargs):
        document = self.get_object()
        oud = represent_eio(request, document)
        try:
            with transaction.atomic():
                _changed(request, actie="destroy", document=document, resource="enkelvoudiginformatieobject",
                         resource_url=oud["url"], weergave=document.identificatie, oud=oud, resultaat=204)
                service.delete_document(document=document)
        except service.DocumentError as exc:
            if exc.code == "pending-relations":
                raise Conflict(str(exc), code="pending-relations") from None
            raise
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def lock(self, request, *args, **kwargs):
        document = self.get_object()
        return Response({"lock": service.lock_document(document=document)})

    @action(detail=True, methods=["post"])
    def unlock(self, request, *args, **kwargs):
        document = self.get_object()
        lock = request.data.get("lock", "") if isinstance(request.data, dict) else ""
        force = has_scope(request, "drc", "documenten.geforceerd-unlock")
        oud = represent_eio(request, document)
        with transaction.atomic():
            merged = service.unlock_document(document=document, lock=str(lock or ""), force=force)
            if merged:  # the uploaded bestandsdelen became the content: a change of the document
                changed = self.get_queryset().get(pk=document.pk)
                body = represent_eio(request, changed)
                _changed(request, actie="partial_update", document=changed, resource="enkelvoudiginformatieobject",
                         resource_url=body["url"], weergave=changed.identificatie, oud=oud, nieuw=body)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=False, methods=["post"], url_path="_zoek")
    def _zoek(self, request, *args, **kwargs):
        uuids = request.data.get("uuid__in", request.data.get("uuid_In")) if isinstance(request.data, dict) else None
        if not isinstance(uuids, list):
            raise validation_error("uuid__in", _("Geef een lijst van uuid's."), "required")
        valid = [value for value in (uuid_from_url(str(item)) for item in uuids) if value is not None]
        if len(valid) != len(uuids):
            raise validation_error("uuid__in", _("Geef geldige uuid's."), "invalid")
        self.zgw_filter_action = True
        queryset = super().filter_queryset(self.get_queryset()).filter(uuid__in=valid)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response([represent_eio(request, document) for document in page])


class GebruiksrechtenViewSet(DocumentenViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    required_scopes = {
        "list": "documenten.lezen", "retrieve": "documenten.lezen", "create": "documenten.aanmaken",
        "update": "documenten.bijwerken", "partial_update": "documenten.bijwerken", "destroy": "documenten.verwijderen",
    }
    zgw_type_path = "informatieobject__informatieobjecttype"
    zgw_vertrouwelijkheid_path = "informatieobject__" + VERTROUWELIJKHEID
    pagination_class = None
    DATE_FILTERS = ("startdatum__lt", "startdatum__lte", "startdatum__gt", "startdatum__gte", "einddatum__lt",
                    "einddatum__lte", "einddatum__gt", "einddatum__gte")

    def get_queryset(self):
        return Gebruiksrechten.objects.select_related(
            "informatieobject__latest_version", "informatieobject__informatieobjecttype",
            "informatieobject__organisation").order_by("pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            params = self.request.query_params
            if params.get("informatieobject"):
                document_uuid = uuid_from_url(params["informatieobject"])
                queryset = queryset.filter(informatieobject__uuid=document_uuid) if document_uuid else queryset.none()
            for name in self.DATE_FILTERS:
                if params.get(name):
                    moment = parse_datetime(params[name])
                    if moment is None:
                        raise validation_error(name, _("Geef een datum en tijd."), "invalid")
                    queryset = queryset.filter(**{name: moment})
        return queryset

    def list(self, request, *args, **kwargs):
        return Response([represent_gebruiksrechten(request, r) for r in self.filter_queryset(self.get_queryset())])

    def retrieve(self, request, *args, **kwargs):
        return Response(represent_gebruiksrechten(request, self.get_object()))

    def _authorise(self, request, document, scope):
        check_new_object(request, component="drc", scope=scope, type_obj=document.informatieobjecttype,
                         vertrouwelijkheid=document.latest_version.vertrouwelijkheidaanduiding
                         if document.latest_version_id else None)

    def create(self, request, *args, **kwargs):
        serializer = GebruiksrechtenInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        document = data["informatieobject"]
        self._authorise(request, document, "documenten.aanmaken")
        with transaction.atomic():
            rights = service.add_gebruiksrechten(
                informatieobject=document, startdatum=data["startdatum"], einddatum=data.get("einddatum"),
                omschrijving_voorwaarden=data["omschrijving_voorwaarden"],
            )
            body = represent_gebruiksrechten(request, rights)
            _changed(request, actie="create", document=document, resource="gebruiksrechten", resource_url=body["url"],
                     weergave=rights.omschrijving_voorwaarden, nieuw=body, resultaat=201)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    def _update(self, request, partial):
        rights = self.get_object()
        serializer = GebruiksrechtenInput(data=request.data, partial=partial, context={"request": request})
        serializer.is_valid(raise_exception=True)
        oud = represent_gebruiksrechten(request, rights)
        with transaction.atomic():
            rights = service.change_gebruiksrechten(gebruiksrechten=rights, **serializer.validated_data)
            body = represent_gebruiksrechten(request, rights)
            _changed(request, actie="partial_update" if partial else "update", document=rights.informatieobject,
                     resource="gebruiksrechten", resource_url=body["url"], weergave=rights.omschrijving_voorwaarden,
                     oud=oud, nieuw=body)
        return Response(body)

    def update(self, request, *args, **kwargs):
        return self._update(request, partial=False)

    def partial_update(self, request, *args, **kwargs):
        return self._update(request, partial=True)

    def destroy(self, request, *args, **kwargs):
        rights = self.get_object()
        oud = represent_gebruiksrechten(request, rights)
        with transaction.atomic():
            _changed(request, actie="destroy", document=rights.informatieobject, resource="gebruiksrechten",
                     resource_url=oud["url"], weergave=rights.omschrijving_voorwaarden, oud=oud, resultaat=204)
            service.remove_gebruiksrechten(gebruiksrechten=rights)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ObjectInformatieObjectViewSet(DocumentenViewSet):
    """Read from the zaak and besluit links; see the module docstring."""

    required_scopes = {"list": "documenten.lezen", "retrieve": "documenten.lezen", "create": "documenten.aanmaken",
                       "destroy": "documenten.verwijderen"}
    pagination_class = None

    def _rows(self, request, *, object_url=None, document_uuid=None, uuid=None):
        from loket.platform.zgw.permissions import authorised_queryset

        kinds = (("zaak", ZaakInformatieObject, "zaak"), ("besluit", BesluitInformatieObject, "besluit"))
        rows = []
        if object_url is not None and not is_local_url(object_url, request):
            kinds = ()  # only relations with objects elsewhere can match
        for object_type, model, field in kinds:
            queryset = model.objects.select_related("informatieobject__informatieobjecttype", field).order_by("pk")
            queryset = authorised_queryset(request, queryset, component="drc", scope="documenten.lezen",
                                           type_path="informatieobject__informatieobjecttype",
                                           vertrouwelijkheid_path="informatieobject__" + VERTROUWELIJKHEID)
            if uuid is not None:
                queryset = queryset.filter(uuid=uuid)
            if document_uuid is not None:
                queryset = queryset.filter(informatieobject__uuid=document_uuid)
            if object_url is not None:
                object_uuid = uuid_from_url(object_url)
                collection = {"zaak": "/zaken/", "besluit": "/besluiten/"}[object_type]
                if object_uuid is None or collection not in object_url:
                    continue
                queryset = queryset.filter(**{f"{field}__uuid": object_uuid})
            rows += [represent_oio(request, uuid=link.uuid, document=link.informatieobject, object_type=object_type,
                                   object_uuid=getattr(link, field).uuid) for link in queryset]
        external = authorised_queryset(
            request, ExternalObjectRelation.objects.select_related("informatieobject__informatieobjecttype").order_by("pk"),
            component="drc", scope="documenten.lezen", type_path="informatieobject__informatieobjecttype",
            vertrouwelijkheid_path="informatieobject__" + VERTROUWELIJKHEID)
        if uuid is not None:
            external = external.filter(uuid=uuid)
        if document_uuid is not None:
            external = external.filter(informatieobject__uuid=document_uuid)
        if object_url is not None:
            external = external.filter(object_url=object_url)
        rows += [represent_oio(request, uuid=relation.uuid, document=relation.informatieobject,
                               object_type=relation.object_type, object_url=relation.object_url)
                 for relation in external]
        return rows

    def list(self, request, *args, **kwargs):
        params = request.query_params
        document_uuid = None
        if params.get("informatieobject"):
            document_uuid = uuid_from_url(params["informatieobject"])
            if document_uuid is None:
                return Response([])
        return Response(self._rows(request, object_url=params.get("object") or None, document_uuid=document_uuid))

    def _find(self, request, uuid):
        try:
            rows = self._rows(request, uuid=uuid)
        except Exception:  # a malformed uuid
            raise Http404 from None
        if not rows:
            raise Http404
        return rows[0]

    def retrieve(self, request, uuid=None, *args, **kwargs):
        return Response(self._find(request, uuid))

    def create(self, request, *args, **kwargs):
        serializer = ObjectInformatieObjectInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not is_local_url(data["object"], request) or resolve_local(data["object"]) is None:
            return self._create_external(request, data)  # also a URL on our host that is none of our resources
        path = urlsplit(data["object"]).path
        kind = next((kind for kind, collection in (("zaak", "/zaken/api/v1/zaken/"),
                                                   ("besluit", "/besluiten/api/v1/besluiten/"))
                     if path.startswith(collection)), None)
        service.check_local_relation(informatieobject=data["informatieobject"], object_type=data["objectType"],
                                     object_kind=kind, object_uuid=uuid_from_url(data["object"]))

    def _remote_relations(self, request, *, document, object_url: str, object_type: str) -> list:
        """The relation as the other installation's Zaken/Besluiten API has it (``{type}informatieobjecten``)."""
        collection = object_url.rstrip("/").rsplit("/", 2)[0] + f"/{object_type}informatieobjecten"
        return fetch_list(collection, {"informatieobject": eio_url(request, document), object_type: object_url})

    def _create_external(self, request, data):
        document, object_url, object_type = data["informatieobject"], data["object"], data["objectType"]
        check_new_object(request, component="drc", scope="documenten.aanmaken", type_obj=document.informatieobjecttype,
                         vertrouwelijkheid=document.latest_version.vertrouwelijkheidaanduiding
                         if document.latest_version_id else None)
        if object_type != "verzoek":  # a verzoek has no standard API to ask
            try:  # a zaak or besluit of another installation: it answers, with its type
                check_remote(object_url, keys=(f"{object_type}type",))
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"object": exc.detail}) from None
            try:
                remote = self._remote_relations(request, document=document, object_url=object_url,
                                                object_type=object_type)
            except ValueError as exc:
                raise validation_error("nonFieldErrors", str(exc), "relation-lookup-error") from None
            if not remote:
                raise validation_error(
                    "nonFieldErrors", _("Deze relatie bestaat niet in de API van het object; leg ze daar eerst vast."),
                    "inconsistent-relation")
        with transaction.atomic():
            relation = service.add_external_relation(informatieobject=document, object_url=object_url,
                                                     object_type=object_type)
            body = represent_oio(request, uuid=relation.uuid, document=document, object_type=object_type,
                                 object_url=object_url)
            _changed(request, actie="create", document=document, resource="objectinformatieobject",
                     resource_url=body["url"], weergave=object_url, nieuw=body, resultaat=201)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    def destroy(self, request, uuid=None, *args, **kwargs):
        row = self._find(request, uuid)
        relation = ExternalObjectRelation.objects.select_related(
            "informatieobject__latest_version", "informatieobject__informatieobjecttype").filter(uuid=uuid).first()
        if relation is not None:
            if relation.object_type != "verzoek":
                try:
                    remote = self._remote_relations(request, document=relation.informatieobject,
                                                    object_url=relation.object_url, object_type=relation.object_type)
                except ValueError as exc:
                    raise Conflict(str(exc), code="relation-lookup-error") from None
                if remote:
                    raise Conflict(_("De relatie bestaat nog in de API van het object; verwijder ze daar eerst."),
                                   code="remote-relation-exists")
            with transaction.atomic():
                _changed(request, actie="destroy", document=relation.informatieobject, resource="objectinformatieobject",
                         resource_url=row["url"], weergave=relation.object_url, oud=row, resultaat=204)
                service.remove_external_relation(relation=relation)
            return Response(status=status.HTTP_204_NO_CONTENT)
        raise Conflict(_("Deze relatie bestaat nog in de Zaken- of Besluiten-API; verwijder ze daar."),
                       code="inconsistent-relation")


class BestandsDeelViewSet(DocumentenViewSet):
    """PUT /bestandsdelen/{uuid}: upload one part of a large file (multipart: ``inhoud`` + ``lock``)."""

    required_scopes = {"update": "documenten.bijwerken"}
    parser_classes = [MultiPartParser, FormParser]
    zgw_type_path = "informatieobject__informatieobjecttype"
    zgw_vertrouwelijkheid_path = "informatieobject__" + VERTROUWELIJKHEID

    def get_queryset(self):
        return BestandsDeel.objects.select_related("informatieobject__latest_version",
                                                   "informatieobject__informatieobjecttype").order_by("pk")

    def update(self, request, *args, **kwargs):
        part = self.get_object()
        serializer = BestandsDeelInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        part = service.upload_part(bestandsdeel=part, lock=data["lock"], inhoud=data.get("inhoud"))
        return Response(represent_bestandsdeel(request, part, lock=part.informatieobject.lock))


class VerzendingViewSet(DocumentenViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    required_scopes = {
        "list": "documenten.lezen", "retrieve": "documenten.lezen", "create": "documenten.aanmaken",
        "update": "documenten.bijwerken", "partial_update": "documenten.bijwerken", "destroy": "documenten.verwijderen",
    }
    zgw_type_path = "informatieobject__informatieobjecttype"
    zgw_vertrouwelijkheid_path = "informatieobject__" + VERTROUWELIJKHEID
    EXPAND = {"informatieobject"}

    def get_queryset(self):
        return Verzending.objects.select_related(
            "informatieobject__latest_version", "informatieobject__informatieobjecttype",
            "informatieobject__organisation").order_by("pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            params = self.request.query_params
            if params.get("aardRelatie"):
                if params["aardRelatie"] not in AardRelatie.values:
                    raise validation_error("aardRelatie", _("Kies afzender of geadresseerde."), "invalid_choice")
                queryset = queryset.filter(aard_relatie=params["aardRelatie"])
            if params.get("informatieobject"):
                document_uuid = uuid_from_url(params["informatieobject"])
                queryset = queryset.filter(informatieobject__uuid=document_uuid) if document_uuid else queryset.none()
            if params.get("betrokkene"):
                queryset = queryset.filter(betrokkene=params["betrokkene"])
        return queryset

    def _wanted(self, request, *, strict: bool) -> set[str]:
        """``expand`` values; unknown ones are a ValidatieFout on the list, ignored on a single verzending (whose
        read documents no 400)."""
        if strict:
            return requested_expand(request, self.EXPAND)
        return {v.strip() for v in request.query_params.get("expand", "").split(",")} & self.EXPAND

    def _represent(self, request, items, *, strict: bool = True) -> list[dict]:
        wanted = self._wanted(request, strict=strict)
        bodies = []
        for verzending in items:
            body = represent_verzending(request, verzending)
            if "informatieobject" in wanted:  # the document is readable: the verzending's access follows it
                body["_expand"] = {"informatieobject": represent_eio(request, verzending.informatieobject)}
            bodies.append(body)
        return bodies

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if "informatieobject" in requested_expand(request, self.EXPAND):
            queryset = queryset.prefetch_related("informatieobject__bestandsdelen")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self._represent(request, page))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._represent(request, [self.get_object()], strict=False)[0])

    def _authorise(self, request, document, scope):
        check_new_object(request, component="drc", scope=scope, type_obj=document.informatieobjecttype,
                         vertrouwelijkheid=document.latest_version.vertrouwelijkheidaanduiding
                         if document.latest_version_id else None)

    def create(self, request, *args, **kwargs):
        serializer = VerzendingInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = data.pop("informatieobject")
        self._authorise(request, document, "documenten.aanmaken")
        with transaction.atomic():
            verzending = service.create_verzending(informatieobject=document, **data)
            body = represent_verzending(request, verzending)
            _changed(request, actie="create", document=document, resource="verzending", resource_url=body["url"],
                     weergave=verzending.get_aard_relatie_display(), nieuw=body, resultaat=201)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    def _update(self, request, partial: bool):
        verzending = self.get_object()
        serializer = VerzendingInput(data=request.data, partial=partial, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = data.pop("informatieobject", None)
        if document is not None and document.pk != verzending.informatieobject_id:
            self._authorise(request, document, "documenten.bijwerken")
        oud = represent_verzending(request, verzending)
        with transaction.atomic():
            changed = service.change_verzending(verzending=verzending, informatieobject=document, **data)
            body = represent_verzending(request, changed)
            _changed(request, actie="partial_update" if partial else "update", document=changed.informatieobject,
                     resource="verzending", resource_url=body["url"], weergave=changed.get_aard_relatie_display(),
                     oud=oud, nieuw=body)
        return Response(body)

    def update(self, request, *args, **kwargs):
        return self._update(request, partial=False)

    def partial_update(self, request, *args, **kwargs):
        return self._update(request, partial=True)

    def destroy(self, request, *args, **kwargs):
        verzending = self.get_object()
        oud = represent_verzending(request, verzending)
        with transaction.atomic():
            _changed(request, actie="destroy", document=verzending.informatieobject, resource="verzending",
                     resource_url=oud["url"], weergave=verzending.get_aard_relatie_display(), oud=oud, resultaat=204)
            service.remove_verzending(verzending=verzending)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EIOAuditTrailViewSet(AuditTrailViewSet):
    zgw_api_version = VERSION
    zgw_component = "drc"
    parent_queryset = EnkelvoudigInformatieObject.objects.select_related("latest_version", "informatieobjecttype")
    parent_lookup_kwarg = "enkelvoudiginformatieobject_uuid"
    zgw_type_path = "informatieobjecttype"
    zgw_vertrouwelijkheid_path = VERTROUWELIJKHEID

