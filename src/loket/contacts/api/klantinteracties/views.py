"""The Klantinteracties API (resource model of the VNG standard / Open Klant) over Loket's parties and contacts.

Staff sign in with their session (the API is Loket's own: the same rules and audit as the workspace). Everything is
scoped to the staff member's organisation. Lists never count exactly beyond 10,000 rows (ZGWPagination's capped
count), and every party a response shows is written to the audit log. Errors are problem JSON.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response

from loket.platform.api_clients.services import ClientAuth
from loket.platform.audit.models import AuditAction
from loket.platform.zgw.authentication import ZGWJWTAuthentication
from loket.platform.zgw.pagination import ZGWPagination

from ... import identifiers, selectors, services
from ...exceptions import ContactError, DuplicateParty, InvalidState, NotFound, PermissionDenied
from ...models import (
    Actor,
    ContactMoment,
    DigitalAddress,
    DigitalAddressKind,
    InternalTask,
    Party,
    PartyKind,
    Representation,
)
from . import serializers as s

AUDIT_REASON = "Klantinteracties API"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("Conflict.")


def api_error(exc: ContactError) -> exceptions.APIException:
    if isinstance(exc, NotFound):
        return exceptions.NotFound(str(exc))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc))
    if isinstance(exc, DuplicateParty | InvalidState):
        return Conflict(str(exc))
    return exceptions.ValidationError({exc.field or "nonFieldErrors": [str(exc)]})


class StaffOrApplication(permissions.BasePermission):
    """A signed-in staff member, or an application (ZGW JWT) with all authorisations of its organisation."""

    def has_permission(self, request, view):
        if request.user is not None and request.user.is_authenticated:
            return True
        auth = request.auth
        return isinstance(auth, ClientAuth) and auth.heeft_alle_autorisaties and auth.organisation is not None


class KlantinteractiesViewSet(viewsets.GenericViewSet):
    authentication_classes = [SessionAuthentication, ZGWJWTAuthentication]
    permission_classes = [StaffOrApplication]
    pagination_class = ZGWPagination
    lookup_field = "uuid"
    lookup_value_regex = "[^/]+"
    UUID_PARAMS = ("wasPartij__uuid", "hadKlantcontact__uuid", "klantcontact__uuid", "verstrektDoorPartij__uuid",
                   "aanleidinggevendKlantcontact__uuid", "toegewezenAanActoren__uuid")

    def initial(self, request, *args, **kwargs):
        """Refuse what PostgreSQL cannot store or compare (NUL characters, malformed uuids) before any query runs."""
        super().initial(request, *args, **kwargs)
        problems = {}
        for name, value in request.query_params.items():
            if "\x00" in value:
                problems[name] = [_("Ongeldig teken in de waarde.")]
            elif name in self.UUID_PARAMS and not _is_uuid(value):
                problems[name] = [_("Geef een geldige uuid.")]
        if request.method in ("POST", "PATCH", "PUT") and _contains_nul(request.data):
            problems["nonFieldErrors"] = [_("De invoer bevat een ongeldig teken (NUL).")]
        if problems:
            raise exceptions.ValidationError(problems)

    def get_object(self):
        if not _is_uuid(self.kwargs.get(self.lookup_field)):
            raise exceptions.NotFound()
        return super().get_object()

    def handle_exception(self, exc):
        if isinstance(exc, ContactError):
            exc = api_error(exc)
        return super().handle_exception(exc)

    @property
    def application(self) -> ClientAuth | None:
        auth = self.request.auth
        return auth if isinstance(auth, ClientAuth) and not self.request.user.is_authenticated else None

    @property
    def actor(self):
        """Who acts: the staff member, or the application by name (audit log, automated actor of contacts)."""
        if self.application is not None:
            label = self.application.applicatie.label if self.application.applicatie else self.application.client_id
            return f"API-applicatie {label}"[:200]
        return self.request.user

    @property
    def organisation(self):
        if self.application is not None:
            return self.application.organisation
        organisation = selectors.user_organisation(self.request.user)
        if organisation is None:
            raise exceptions.PermissionDenied(_("Je account hoort bij geen organisatie."))
        return organisation

    def audit_parties(self, parties, action=AuditAction.SEARCH, fields=("naam", "adres")):
        services.record_listed(parties, user=self.actor, reason=AUDIT_REASON, action=action, fields=fields,
                               request=self.request)

    def paged(self, queryset, serializer_class, parties_of=None):
        page = self.paginate_queryset(queryset)
        if parties_of is not None:
            self.audit_parties(p for row in page for p in parties_of(row))
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def party_by_reference(self, value, field):
        party = Party.objects.filter(organisation=self.organisation, uuid=value["uuid"]).first()
        if party is None:
            raise exceptions.ValidationError({field: [_("Deze partij bestaat niet.")]})
        return party

    def contact_by_reference(self, value, field):
        contact = ContactMoment.objects.filter(organisation=self.organisation, uuid=value["uuid"]).first()
        if contact is None:
            raise exceptions.ValidationError({field: [_("Dit klantcontact bestaat niet.")]})
        return contact


def _filter(name, description, type_=str):
    return OpenApiParameter(name, type_, description=description)


# -- Partijen ------------------------------------------------------------------------------------------------------


PARTIJ_FILTERS = [
    _filter("partijIdentificator__objectId", "BSN, rijksregisternummer, KBO- of KvK-nummer (in elke schrijfwijze)."),
    _filter("partijIdentificator__codeSoortObjectId", "bsn | rijksregisternummer | kvk_nummer | kbo_nummer"),
    _filter("naam", "Elk woord van de naam (hoofdletters en accenten tellen niet)."),
    _filter("email", "E-mailadres (hoofdletters tellen niet)."),
    _filter("telefoonnummer", "Telefoonnummer in elke schrijfwijze."),
    _filter("zaaknummer", "Partijen die een rol hebben in de zaak met dit nummer."),
    _filter("soortPartij", "persoon | organisatie | contactpersoon"),
    _filter("indicatieActief", "true | false", bool),
]


@extend_schema_view(
    list=extend_schema(summary="Partijen zoeken", parameters=PARTIJ_FILTERS),
    retrieve=extend_schema(summary="Een partij"),
    create=extend_schema(summary="Een partij registreren"),
    partial_update=extend_schema(summary="Een partij wijzigen"),
)
class PartijViewSet(KlantinteractiesViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin):
    serializer_class = s.PartijSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        today = timezone.localdate()
        valid = Q(valid_from__lte=today) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        return (
            Party.objects.filter(organisation=self.organisation)
            .select_related("preferred_digital_address", "merged_into", "organisation")
            .prefetch_related("digital_addresses",
                              Prefetch("represents", queryset=Representation.objects.filter(valid).select_related("represented")))
        )

    def filter_queryset(self, queryset):
        params = self.request.query_params
        number = params.get("partijIdentificator__objectId")
        if number:
            kind = params.get("partijIdentificator__codeSoortObjectId", "")
            digits = identifiers.digits(number)
            if kind in ("kvk_nummer", "kbo_nummer"):
                queryset = queryset.filter(business_number__in={digits, digits.rjust(10, "0")})
            else:
                queryset = queryset.filter(Q(national_number_index=identifiers.blind_index(number) or "-")
                                           | Q(business_number__in={digits, digits.rjust(10, "0")}) if not kind
                                           else Q(national_number_index=identifiers.blind_index(number) or "-"))
        if params.get("email"):
            queryset = queryset.filter(pk__in=DigitalAddress.objects.filter(
                organisation=self.organisation, kind=DigitalAddressKind.EMAIL,
                normalised_value=identifiers.normalise_email(params["email"])).values("party_id"))
        if params.get("telefoonnummer"):
            phone = identifiers.normalise_phone(params["telefoonnummer"], self.organisation.country)
            queryset = queryset.filter(pk__in=DigitalAddress.objects.filter(
                organisation=self.organisation, kind=DigitalAddressKind.PHONE, normalised_value=phone or "-").values("party_id"))
        if params.get("naam"):
            terms = [t for t in identifiers.fold(params["naam"]).split() if t][:6]
            if not any(len(t) >= 3 for t in terms):
                raise exceptions.ValidationError({"naam": [_("Geef minstens één woord van drie of meer letters.")]})
            for term in terms:
                queryset = queryset.filter(search_name__contains=term)
        if params.get("zaaknummer"):
            from loket.cases.models import Rol, Zaak

            zaken = Zaak.objects.filter(organisation=self.organisation, identificatie__iexact=params["zaaknummer"])
            queryset = queryset.filter(Q(pk__in=zaken.values("initiator_party_id"))
                                       | Q(pk__in=Rol.objects.filter(zaak__in=zaken).values("party_id")))
        kinds = {"persoon": [PartyKind.PERSON], "organisatie": [PartyKind.BUSINESS, PartyKind.ORGANISATION],
                 "contactpersoon": [PartyKind.CONTACT_PERSON]}
        if params.get("soortPartij"):
            queryset = queryset.filter(kind__in=kinds.get(params["soortPartij"], ["-"]))
        if params.get("indicatieActief") in ("true", "false"):
            queryset = queryset.filter(is_active=params["indicatieActief"] == "true")
        return queryset.order_by("pk")

    def list(self, request, *args, **kwargs):
        return self.paged(self.filter_queryset(self.get_queryset()), s.PartijSerializer, parties_of=lambda p: [p])

    def retrieve(self, request, *args, **kwargs):
        party = self.get_object()
        self.audit_parties([party], action=AuditAction.VIEW, fields=("naam", "adres", "contactgegevens"))
        return Response(s.PartijSerializer(party, context=self.get_serializer_context()).data)

    @staticmethod
    def _arguments(data: dict) -> dict:
        arguments = {}
        identificatie = data.get("partijIdentificatie") or {}
        naam = identificatie.get("contactnaam") or {}
        if naam:
            last = " ".join(x for x in (naam.get("voorvoegselAchternaam", ""), naam.get("achternaam", "")) if x)
            arguments.update(first_name=naam.get("voornaam", ""), last_name=last)
        if identificatie.get("naam"):
            arguments["business_name"] = identificatie["naam"]
        adres = data.get("bezoekadres") or {}
        for source, target in (("straatnaam", "street"), ("huisnummer", "house_number"), ("postcode", "postal_code"), ("stad", "city")):
            if source in adres:
                arguments[target] = adres[source]
        for item in data.get("partijIdentificatoren") or []:
            identificator = item["partijIdentificator"]
            if identificator["codeSoortObjectId"] in ("bsn", "rijksregisternummer"):
                arguments["national_number"] = identificator["objectId"]
            else:
                arguments["business_number"] = identificator["objectId"]
        for source, target in (("internal_note", "internal_note"), ("confidential", "confidential"), ("language", "language"),
                               ("preferred_channel", "preferred_channel"), ("date_of_birth", "date_of_birth")):
            if source in data and data[source] is not None:
                arguments[target] = data[source]
        return arguments

    def create(self, request, *args, **kwargs):
        serializer = s.PartijSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        arguments = self._arguments(data)
        kind = {"persoon": PartyKind.PERSON, "contactpersoon": PartyKind.CONTACT_PERSON}.get(data["soortPartij"])
        if kind is None:
            kind = PartyKind.BUSINESS if arguments.get("business_number") else PartyKind.ORGANISATION
        party = services.create_party(organisation=self.organisation, kind=kind, actor=self.actor, **arguments)
        party = self.get_queryset().get(pk=party.pk)
        return Response(s.PartijSerializer(party, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        party = self.get_object()
        serializer = s.PartijSerializer(party, data=request.data, partial=True, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        arguments = self._arguments(serializer.validated_data)
        if party.kind not in (PartyKind.PERSON, PartyKind.CONTACT_PERSON):
            arguments.pop("first_name", None)
            arguments.pop("last_name", None)
        services.update_party(party=party, actor=self.actor, **arguments)
        party = self.get_queryset().get(pk=party.pk)
        return Response(s.PartijSerializer(party, context=self.get_serializer_context()).data)


# -- Digitale adressen ---------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Digitale adressen", parameters=[
        _filter("verstrektDoorPartij__uuid", "Van deze partij."), _filter("adres", "E-mailadres of telefoonnummer (elke schrijfwijze)."),
        _filter("soortDigitaalAdres", "email | telefoonnummer | overig")]),
    retrieve=extend_schema(summary="Een digitaal adres"),
    create=extend_schema(summary="Een digitaal adres toevoegen"),
)
class DigitaalAdresViewSet(KlantinteractiesViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    serializer_class = s.DigitaalAdresSerializer

    def get_queryset(self):
        return DigitalAddress.objects.filter(organisation=self.organisation).select_related("party", "party__organisation")

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        params = request.query_params
        if params.get("verstrektDoorPartij__uuid"):
            queryset = queryset.filter(party__uuid=params["verstrektDoorPartij__uuid"])
        if params.get("adres"):
            value = params["adres"]
            normalised = identifiers.normalise_email(value) if "@" in value else identifiers.normalise_phone(value, self.organisation.country)
            queryset = queryset.filter(normalised_value=normalised or value.strip())
        if params.get("soortDigitaalAdres"):
            queryset = queryset.filter(kind=params["soortDigitaalAdres"])
        return self.paged(queryset.order_by("pk"), s.DigitaalAdresSerializer, parties_of=lambda a: [a.party])

    def retrieve(self, request, *args, **kwargs):
        address = self.get_object()
        self.audit_parties([address.party], action=AuditAction.VIEW, fields=("contactgegevens",))
        return Response(s.DigitaalAdresSerializer(address, context=self.get_serializer_context()).data)

    def create(self, request, *args, **kwargs):
        serializer = s.DigitaalAdresSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        party = self.party_by_reference(data["verstrektDoorPartij"], "verstrektDoorPartij")
        address = services.add_digital_address(party=party, kind=data["kind"], value=data["value"], actor=self.actor,
                                               description=data.get("description", ""), is_default=data.get("is_default", False),
                                               verified=data.get("is_verified", False))
        return Response(s.DigitaalAdresSerializer(address, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)


# -- Actoren -------------------------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="Actoren"), retrieve=extend_schema(summary="Een actor"))
class ActorViewSet(KlantinteractiesViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.ActorSerializer

    def get_queryset(self):
        return Actor.objects.filter(organisation=self.organisation).select_related("user", "department").order_by("pk")


# -- Klantcontacten ------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Klantcontacten", parameters=[
        _filter("wasPartij__uuid", "Contacten over (of namens) deze partij, nieuwste eerst."),
        _filter("kanaal", "telefoon | balie | email | webformulier | chat | sociale_media | brief | huisbezoek"),
        _filter("plaatsgevondenOp__gte", "Vanaf dit tijdstip (ISO 8601)."), _filter("plaatsgevondenOp__lt", "Voor dit tijdstip.")]),
    retrieve=extend_schema(summary="Een klantcontact"),
    create=extend_schema(summary="Een klantcontact registreren"),
)
class KlantcontactViewSet(KlantinteractiesViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    serializer_class = s.KlantcontactSerializer

    def get_queryset(self):
        return (ContactMoment.objects.filter(organisation=self.organisation)
                .select_related("actor", "party", "party__organisation", "representative", "representative__organisation")
                .prefetch_related("tasks"))

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        params = request.query_params
        if params.get("wasPartij__uuid"):
            party = Party.objects.filter(organisation=self.organisation, uuid=params["wasPartij__uuid"]).only("pk").first()
            queryset = queryset.filter(Q(party=party) | Q(representative=party)) if party else queryset.none()
        if params.get("kanaal"):
            queryset = queryset.filter(channel=s.KANAAL_ALIASES.get(params["kanaal"], params["kanaal"]))
        for param, lookup in (("plaatsgevondenOp__gte", "started_at__gte"), ("plaatsgevondenOp__lt", "started_at__lt")):
            if params.get(param):
                value = _datetime(params[param], param)
                queryset = queryset.filter(**{lookup: value})
        return self.paged(queryset.order_by("-started_at", "-pk"), s.KlantcontactSerializer,
                          parties_of=lambda c: [c.party, c.representative])

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        self.audit_parties([contact.party, contact.representative], action=AuditAction.VIEW, fields=("contact",))
        return Response(s.KlantcontactSerializer(contact, context=self.get_serializer_context()).data)

    def create(self, request, *args, **kwargs):
        serializer = s.KlantcontactSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        party = self.party_by_reference(data.pop("partij"), "partij") if data.get("partij") else None
        automated = self.actor if self.application is not None else ""
        contact = services.register_contact(organisation=self.organisation, actor=self.actor, automated_actor=automated,
                                            party=party, **data)
        contact = self.get_queryset().get(pk=contact.pk)
        return Response(s.KlantcontactSerializer(contact, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)


def _datetime(value, field):
    from django.utils.dateparse import parse_datetime

    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise exceptions.ValidationError({field: [_("Geef een tijdstip als 2026-01-31T09:00:00+01:00.")]})
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


# -- Betrokkenen and onderwerpobjecten -------------------------------------------------------------------------------


class _DerivedViewSet(KlantinteractiesViewSet):
    roles: tuple = ()

    def contact_for(self, value):
        try:
            candidates = s.contact_candidates(value, self.roles)
        except ValueError:
            raise exceptions.NotFound() from None
        contact = (ContactMoment.objects.filter(organisation=self.organisation, uuid__in=list(candidates))
                   .select_related("party", "representative", "zaak", "product", "party__organisation",
                                   "representative__organisation").first())
        if contact is None:
            raise exceptions.NotFound()
        return contact, candidates[contact.uuid]

    def contacts(self):
        return ContactMoment.objects.filter(organisation=self.organisation).select_related(
            "party", "representative", "zaak", "product", "party__organisation", "representative__organisation")


@extend_schema_view(
    list=extend_schema(summary="Betrokkenen bij klantcontacten", responses=s.BetrokkeneSerializer(many=True), parameters=[
        _filter("wasPartij__uuid", "Van deze partij."), _filter("hadKlantcontact__uuid", "Bij dit klantcontact.")]),
    retrieve=extend_schema(summary="Een betrokkene", responses=s.BetrokkeneSerializer),
    create=extend_schema(summary="Een partij bij een klantcontact betrekken", request=s.BetrokkeneSerializer,
                         responses=s.BetrokkeneSerializer),
)
class BetrokkeneViewSet(_DerivedViewSet):
    """Betrokkene: the party a contact was about (rol "klant") or who made it for them (rol "vertegenwoordiger")."""

    serializer_class = s.BetrokkeneSerializer
    roles = ("klant", "vertegenwoordiger")

    def list(self, request):
        params = request.query_params
        queryset = self.contacts().filter(Q(party__isnull=False) | Q(representative__isnull=False))
        if params.get("wasPartij__uuid"):
            queryset = queryset.filter(Q(party__uuid=params["wasPartij__uuid"]) | Q(representative__uuid=params["wasPartij__uuid"]))
        if params.get("hadKlantcontact__uuid"):
            queryset = queryset.filter(uuid=params["hadKlantcontact__uuid"])
        page = self.paginate_queryset(queryset.order_by("-started_at", "-pk"))
        self.audit_parties(p for c in page for p in (c.party, c.representative))
        rows = [s.betrokkene_data(request, c, rol) for c in page for rol, pid in (("klant", c.party_id),
                                                                                ("vertegenwoordiger", c.representative_id)) if pid]
        return self.get_paginated_response(rows)

    def retrieve(self, request, uuid=None):
        if not _is_uuid(uuid):
            raise exceptions.NotFound()
        contact, rol = self.contact_for(uuid)
        party = contact.party if rol == "klant" else contact.representative
        if party is None:
            raise exceptions.NotFound()
        self.audit_parties([party], action=AuditAction.VIEW, fields=("contact",))
        return Response(s.betrokkene_data(request, contact, rol))

    def create(self, request):
        serializer = s.BetrokkeneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contact = self.contact_by_reference(data["hadKlantcontact"], "hadKlantcontact")
        party = self.party_by_reference(data["wasPartij"], "wasPartij")
        contact = services.link_party(contact=contact, party=party, role=data["rol"], actor=self.actor)
        return Response(s.betrokkene_data(request, contact, data["rol"]), status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Onderwerpobjecten van klantcontacten", responses=s.OnderwerpobjectSerializer(many=True),
                       parameters=[_filter("klantcontact__uuid", "Van dit klantcontact."),
                                   _filter("onderwerpobjectidentificator__objectId", "Uuid van de zaak of id van het product.")]),
    retrieve=extend_schema(summary="Een onderwerpobject", responses=s.OnderwerpobjectSerializer),
    create=extend_schema(summary="Een zaak of product als onderwerp van een klantcontact", request=s.OnderwerpobjectSerializer,
                         responses=s.OnderwerpobjectSerializer),
)
class OnderwerpobjectViewSet(_DerivedViewSet):
    """Onderwerpobject: the case or catalog product a contact was about."""

    serializer_class = s.OnderwerpobjectSerializer
    roles = ("zaak", "product")

    def list(self, request):
        params = request.query_params
        queryset = self.contacts().filter(Q(zaak__isnull=False) | Q(product__isnull=False))
        if params.get("klantcontact__uuid"):
            queryset = queryset.filter(uuid=params["klantcontact__uuid"])
        object_id = params.get("onderwerpobjectidentificator__objectId")
        if object_id:
            if object_id.isdigit() and len(object_id) <= 18:
                condition = Q(product_id=int(object_id))
            else:
                condition = Q(zaak__uuid=object_id) if _is_uuid(object_id) else Q(pk__in=[])
            queryset = queryset.filter(condition)
        page = self.paginate_queryset(queryset.order_by("-started_at", "-pk"))
        rows = [s.onderwerpobject_data(request, c, kind) for c in page
                for kind, value in (("zaak", c.zaak_id), ("product", c.product_id)) if value]
        return self.get_paginated_response(rows)

    def retrieve(self, request, uuid=None):
        if not _is_uuid(uuid):
            raise exceptions.NotFound()
        contact, kind = self.contact_for(uuid)
        if (contact.zaak_id if kind == "zaak" else contact.product_id) is None:
            raise exceptions.NotFound()
        return Response(s.onderwerpobject_data(request, contact, kind))

    def create(self, request):
        from loket.cases.models import Zaak
        from loket.catalog.models import Product

        serializer = s.OnderwerpobjectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contact = self.contact_by_reference(data["klantcontact"], "klantcontact")
        identificator = data["onderwerpobjectidentificator"]
        object_id = identificator["objectId"]
        if identificator["codeObjecttype"] == "zaak":
            zaak = Zaak.objects.filter(uuid=object_id).first() if _is_uuid(object_id) else None
            zaak = zaak or Zaak.objects.filter(organisation=self.organisation, identificatie=object_id).first()
            if zaak is None:
                raise exceptions.ValidationError({"onderwerpobjectidentificator.objectId": [_("Deze zaak bestaat niet.")]})
            contact = services.link_subject(contact=contact, zaak=zaak, actor=self.actor)
        else:
            product = Product.objects.filter(pk=int(object_id)).first() if object_id.isdigit() and len(object_id) <= 18 else None
            if product is None:
                raise exceptions.ValidationError({"onderwerpobjectidentificator.objectId": [_("Dit product bestaat niet.")]})
            contact = services.link_subject(contact=contact, product=product, actor=self.actor)
        contact = self.contacts().get(pk=contact.pk)
        return Response(s.onderwerpobject_data(request, contact, identificator["codeObjecttype"]), status=status.HTTP_201_CREATED)


def _contains_nul(data) -> bool:
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in data.items())
    if isinstance(data, list | tuple):
        return any(_contains_nul(v) for v in data)
    return False


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# -- Interne taken -------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Interne taken (terugbelverzoeken)", parameters=[
        _filter("status", "te_verwerken | in_behandeling | verwerkt"), _filter("wasPartij__uuid", "Voor deze partij."),
        _filter("aanleidinggevendKlantcontact__uuid", "Uit dit klantcontact."),
        _filter("toegewezenAanActoren__uuid", "Toegewezen aan deze actor (medewerker of afdeling).")]),
    retrieve=extend_schema(summary="Een interne taak"),
    create=extend_schema(summary="Een terugbelverzoek doorzetten (termijn: standaard 2 werkdagen)"),
    partial_update=extend_schema(summary="Een interne taak oppakken of afhandelen", request=s.InterneTaakUpdateSerializer),
)
class InterneTaakViewSet(KlantinteractiesViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         mixins.UpdateModelMixin):
    serializer_class = s.InterneTaakSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (InternalTask.objects.filter(organisation=self.organisation)
                .select_related("contact", "party", "party__organisation", "department", "assignee")
                .prefetch_related("answer_contacts"))

    def _attach_actors(self, tasks):
        tasks = list(tasks)
        departments = {t.department_id for t in tasks if t.department_id}
        users = {t.assignee_id for t in tasks if t.assignee_id}
        actors = Actor.objects.filter(organisation=self.organisation).filter(Q(department_id__in=departments) | Q(user_id__in=users))
        by_department = {a.department_id: a for a in actors if a.department_id}
        by_user = {a.user_id: a for a in actors if a.user_id}
        for task in tasks:
            task.department_actor = by_department.get(task.department_id)
            task.assignee_actor = by_user.get(task.assignee_id)
        return tasks

    def _response(self, task, code=status.HTTP_200_OK):
        task = self._attach_actors([self.get_queryset().get(pk=task.pk)])[0]
        return Response(s.InterneTaakSerializer(task, context=self.get_serializer_context()).data, status=code)

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        params = request.query_params
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        if params.get("wasPartij__uuid"):
            queryset = queryset.filter(party__uuid=params["wasPartij__uuid"])
        if params.get("aanleidinggevendKlantcontact__uuid"):
            queryset = queryset.filter(contact__uuid=params["aanleidinggevendKlantcontact__uuid"])
        if params.get("toegewezenAanActoren__uuid"):
            actor = Actor.objects.filter(organisation=self.organisation, uuid=params["toegewezenAanActoren__uuid"]).first()
            if actor is None:
                queryset = queryset.none()
            elif actor.user_id:
                queryset = queryset.filter(assignee_id=actor.user_id)
            else:
                queryset = queryset.filter(department_id=actor.department_id)
        page = self._attach_actors(self.paginate_queryset(queryset.order_by("deadline", "pk")))
        self.audit_parties(t.party for t in page)
        return self.get_paginated_response(s.InterneTaakSerializer(page, many=True, context=self.get_serializer_context()).data)

    def retrieve(self, request, *args, **kwargs):
        task = self.get_object()
        self.audit_parties([task.party], action=AuditAction.VIEW, fields=("contact",))
        return self._response(task)

    def create(self, request, *args, **kwargs):
        serializer = s.InterneTaakSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contact = self.contact_by_reference(data["aanleidinggevendKlantcontact"], "aanleidinggevendKlantcontact")
        actors = list(Actor.objects.filter(organisation=self.organisation, uuid__in=[a["uuid"] for a in data["toegewezenAanActoren"]])
                      .select_related("department", "user"))
        if len(actors) != len(data["toegewezenAanActoren"]):
            raise exceptions.ValidationError({"toegewezenAanActoren": [_("Een van deze actoren bestaat niet.")]})
        department = next((a.department for a in actors if a.department_id), None)
        assignee = next((a.user for a in actors if a.user_id), None)
        task = services.hand_over(contact=contact, actor=self.actor, department=department, assignee=assignee,
                                  requested_action=data.get("requested_action", ""), note=data.get("note", ""),
                                  deadline=data.get("deadline"))
        if department is not None:
            services.actor_for_department(department)
        if assignee is not None:
            services.actor_for_user(assignee, self.organisation)
        return self._response(task, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        serializer = s.InterneTaakUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["status"] == "in_behandeling":
            services.start_task(task=task, actor=self.actor)
        else:
            services.answer_task(task=task, answer=data["antwoord"], actor=self.actor, channel=data.get("kanaal"))
        return self._response(task)
