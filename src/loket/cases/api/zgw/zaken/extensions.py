"""Loket extensions of the Zaken API (documented in loket-extensions.yaml, merged into schema/openapi.yaml).

* ``POST /zaken/api/v1/loket/zaak-registreren``: a case with its initiator role, first status and documents in ONE
  transaction (the standard needs 4+ calls that leave fragments when one fails). Answers 201 with the overview.
* ``GET /zaken/api/v1/loket/zaken/{uuid}/overzicht``: the case with its statuses, roles, result, properties,
  objects, documents and decisions in one response (the standard needs ~15 calls).

Both use the same serializers, services, authorisation, notifications and audit trail as the standard endpoints.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from loket.cases import services
from loket.cases.exceptions import CaseError
from loket.cases.models import (
    Besluit,
    Resultaat,
    Rol,
    RoleGeneric,
    Status,
    Zaak,
    ZaakEigenschap,
    ZaakInformatieObject,
    ZaakObject,
)
from loket.cases.services import zgw as zgw_services
from loket.platform.zgw.exceptions import validation_error
from loket.platform.zgw.views import ZGWViewMixin

from . import serializers as s
from . import views
from .refs import RefField, url_for


class InitiatorSerializer(serializers.Serializer):
    roltype = RefField("roltype", required=False)
    betrokkene = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    betrokkeneType = serializers.ChoiceField(choices=s.BETROKKENE_TYPES)
    betrokkeneIdentificatie = serializers.JSONField(required=False, allow_null=True)
    afwijkendeNaamBetrokkene = serializers.CharField(max_length=625, required=False, allow_blank=True)
    roltoelichting = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    contactpersoonRol = s.SpecJSONField("ContactPersoonRol", required=False, allow_null=True)

    def validate(self, attrs):
        ident = attrs.get("betrokkeneIdentificatie")
        if ident is not None:
            component = s.specschema.schema_of(f"{attrs['betrokkeneType']}_Rol", "betrokkeneIdentificatie")
            s.specschema.check(component, ident, "betrokkeneIdentificatie")
        if not attrs.get("betrokkene") and not ident:
            raise serializers.ValidationError({"betrokkene": [serializers.ErrorDetail(
                _("Geef betrokkene of betrokkeneIdentificatie."), code="invalid-betrokkene")]})
        return attrs


class FirstStatusSerializer(serializers.Serializer):
    statustype = RefField("statustype", required=False)
    datumStatusGezet = serializers.DateTimeField(required=False)
    statustoelichting = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class DocumentLinkSerializer(serializers.Serializer):
    informatieobject = RefField("informatieobject")
    titel = serializers.CharField(max_length=200, required=False, allow_blank=True)
    beschrijving = serializers.CharField(required=False, allow_blank=True)


class RegisterCaseSerializer(serializers.Serializer):
    zaak = s.ZaakWriteSerializer()
    initiator = InitiatorSerializer(required=False, allow_null=True)
    status = FirstStatusSerializer(required=False, allow_null=True)
    documenten = DocumentLinkSerializer(many=True, required=False)


def case_overview(request, zaak: Zaak) -> dict:
    """The case and everything on it, in one response (a handful of queries, whatever the case holds)."""
    zaak = views.zaak_queryset().get(pk=zaak.pk)
    statuses = Status.objects.filter(zaak=zaak).select_related("zaak", "statustype", "gezetdoor").order_by("datum_status_gezet", "pk")
    roles = Rol.objects.filter(zaak=zaak).select_related("zaak", "roltype", "user", "department", "party", "partner").order_by("pk")
    resultaat = Resultaat.objects.filter(zaak=zaak).select_related("zaak", "resultaattype").first()
    links = (ZaakInformatieObject.objects.filter(zaak=zaak)
             .select_related("zaak", "status", "informatieobject__latest_version").order_by("pk"))
    documents = []
    for link in links:
        item = s.zio_data(request, link)
        version = link.informatieobject.latest_version
        item["_informatieobject"] = {
            "identificatie": link.informatieobject.identificatie,
            "titel": version.titel if version else "",
            "versie": version.versie if version else None,
            "formaat": version.formaat if version else "",
            "bestandsnaam": version.bestandsnaam if version else "",
            "bestandsomvang": version.bestandsomvang if version else None,
            "vertrouwelijkheidaanduiding": version.vertrouwelijkheidaanduiding if version else "",
            "status": version.status if version else "",
        }
        documents.append(item)
    besluiten = [
        {"url": url_for(request, "besluit", b.uuid), "uuid": str(b.uuid), "identificatie": b.identificatie,
         "besluittype": f"{url_for(request, 'zaak', zaak.uuid).split('/zaken/api/')[0]}/catalogi/api/v1/besluittypen/{b.besluittype.uuid}",
         "datum": s.iso(b.datum), "ingangsdatum": s.iso(b.ingangsdatum), "vervaldatum": s.iso(b.vervaldatum),
         "toelichting": b.toelichting}
        for b in Besluit.objects.filter(zaak=zaak).select_related("besluittype").order_by("datum", "pk")
    ]
    return {
        "zaak": s.zaak_data(request, zaak),
        "statussen": [s.status_data(request, st) for st in statuses],
        "rollen": [s.rol_data(request, r) for r in roles],
        "resultaat": s.resultaat_data(request, resultaat) if resultaat else None,
        "eigenschappen": [s.zaakeigenschap_data(request, e) for e in
                          ZaakEigenschap.objects.filter(zaak=zaak).select_related("zaak", "eigenschap").order_by("pk")],
        "zaakobjecten": [s.zaakobject_data(request, o) for o in ZaakObject.objects.filter(zaak=zaak).select_related("zaak").order_by("pk")],
        "documenten": documents,
        "besluiten": besluiten,
    }


class _Extension(ZGWViewMixin, generics.GenericAPIView):
    zgw_api_version = views.API_VERSION
    zgw_component = "zrc"
    zgw_type_path = "zaaktype"
    zgw_vertrouwelijkheid_path = "vertrouwelijkheidaanduiding"
    zgw_domain_errors = (CaseError,)


class CaseOverviewView(_Extension):
    action = "overview"
    required_scopes = {"overview": views.READ}
    zgw_etag_actions = {"overview"}

    def get(self, request, uuid):
        zaak = views._get(Zaak, uuid, Zaak.objects.select_related("zaaktype", "organisation"))
        views._check_zaak(request, zaak, views.READ)
        return Response(case_overview(request, zaak))


class RegisterCaseView(_Extension):
    action = "register"
    required_scopes = {"register": "zaken.aanmaken"}

    @transaction.atomic
    def post(self, request):
        if not isinstance(request.data, dict):
            raise validation_error("nonFieldErrors", _("Verwacht een JSON-object."), "invalid")
        serializer = RegisterCaseSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        zaak_data = data["zaak"]
        zaaktype = zaak_data["zaaktype"]
        self.authorise_new({"zaaktype": zaaktype, "vertrouwelijkheidaanduiding": zaak_data.get(
            "vertrouwelijkheidaanduiding", zaaktype.vertrouwelijkheidaanduiding)})
        if zaaktype.concept:
            raise validation_error("zaak.zaaktype", _("Het zaaktype is nog niet gepubliceerd."), "not-published")
        zaak = services.create_case(
            organisation=zaaktype.catalogus.organisation, zaaktype=zaaktype, omschrijving=zaak_data.get("omschrijving", ""),
            omschrijving_optional=True, toelichting=zaak_data.get("toelichting", ""), startdatum=zaak_data["startdatum"],
            vertrouwelijkheidaanduiding=zaak_data.get("vertrouwelijkheidaanduiding"), hoofdzaak=zaak_data.get("hoofdzaak"),
            identificatie=zaak_data.get("identificatie", ""), bronorganisatie=zaak_data["bronorganisatie"],
            initial_status=False, attributes=s.ZaakWriteSerializer().attributes(zaak_data), source_app="zgw",
        )
        zaak = Zaak.objects.select_related("zaaktype", "organisation").get(pk=zaak.pk)
        changes = [("zaak", url_for(request, "zaak", zaak.uuid))]
        initiator = data.get("initiator")
        if initiator:
            roltype = initiator.get("roltype") or zaak.zaaktype.roltypen.filter(omschrijving_generiek=RoleGeneric.INITIATOR).first()
            if roltype is None:
                raise validation_error("initiator.roltype", _("Het zaaktype heeft geen roltype 'initiator'."), "invalid")
            if roltype.zaaktype_id != zaak.zaaktype_id:
                raise validation_error("initiator.roltype", _("Dit roltype hoort niet bij het zaaktype van deze zaak."), "zaaktype-mismatch")
            rol = services.add_role(zaak=zaak, roltype=roltype, roltoelichting=initiator.get("roltoelichting", ""), zgw={
                "betrokkene_type": initiator["betrokkeneType"], "betrokkene_url": initiator.get("betrokkene", ""),
                "betrokkene_identificatie": initiator.get("betrokkeneIdentificatie") or {},
                "afwijkende_naam_betrokkene": initiator.get("afwijkendeNaamBetrokkene", ""),
                "contactpersoon_rol": initiator.get("contactpersoonRol")})
            changes.append(("rol", url_for(request, "rol", rol.uuid)))
        first = data.get("status") or {}
        statustype = first.get("statustype") or zaak.zaaktype.statustypen.order_by("volgnummer").first()
        if statustype is None:
            raise validation_error("status.statustype", _("Het zaaktype heeft geen statussen."), "invalid")
        if statustype.zaaktype_id != zaak.zaaktype_id:
            raise validation_error("status.statustype", _("Deze status hoort niet bij het zaaktype van deze zaak."), "zaaktype-mismatch")
        new_status = zgw_services.set_zaak_status(zaak=zaak, statustype=statustype, datum=first.get("datumStatusGezet"),
                                                  toelichting=first.get("statustoelichting", ""))
        changes.append(("status", url_for(request, "status", new_status.uuid)))
        for index, link in enumerate(data.get("documenten") or []):
            document = link["informatieobject"]
            if not zaak.zaaktype.ziot.filter(informatieobjecttype_id=document.informatieobjecttype_id).exists():
                raise validation_error(f"documenten.{index}.informatieobject",
                                       _("Dit documenttype is niet toegelaten bij dit zaaktype."),
                                       "missing-zaaktype-informatieobjecttype-relation")
            zio = services.link_document(zaak=zaak, document=document, titel=link.get("titel", ""),
                                         beschrijving=link.get("beschrijving", ""))
            changes.append(("zaakinformatieobject", url_for(request, "zaakinformatieobject", zio.uuid)))
        zaak.refresh_from_db()
        for resource, resource_url in changes:
            views._changed(request, zaak=zaak, resource=resource, resource_url=resource_url, actie="create")
        return Response(case_overview(request, zaak), status=status.HTTP_201_CREATED)
