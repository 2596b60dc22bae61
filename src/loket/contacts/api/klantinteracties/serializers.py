"""Klantinteracties representations of Loket's parties and contacts (field names of the standard, in Dutch).

Output serializers read prefetched relations only (the views prefetch them); input serializers validate the shape and
hand plain values to :mod:`loket.contacts.services`, which check the rules.
"""

import uuid as uuid_module

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import (
    ContactChannel,
    ContactMoment,
    ContactOutcome,
    DigitalAddress,
    DigitalAddressKind,
    PartyKind,
)

SOORT_PARTIJ = {
    PartyKind.PERSON: "persoon", PartyKind.CONTACT_PERSON: "contactpersoon",
    PartyKind.BUSINESS: "organisatie", PartyKind.ORGANISATION: "organisatie",
}
KANAAL_ALIASES = {"e-mail": ContactChannel.EMAIL, "mail": ContactChannel.EMAIL, "telefonisch": ContactChannel.PHONE,
                  "website": ContactChannel.WEB_FORM, "web": ContactChannel.WEB_FORM, "post": ContactChannel.LETTER}
# Betrokkenen (the party and the representative of a contact) and onderwerpobjecten (its case and product) are
# views on the contact, not rows of their own: their uuid is the contact's uuid XOR a fixed mask per role, stable and
# reversible (a betrokkene's uuid leads back to its contact with one indexed look-up).
MASKS = {
    "klant": 0x5A17C3E29B4D4F0E8C6A1B2D3E4F5061, "vertegenwoordiger": 0x3C5E7A9B1D2F4E6A8B0C1D2E3F405162,
    "zaak": 0x6B1D2E3F4A5B6C7D8E9F0A1B2C3D4E5F, "product": 0x7E2F3A4B5C6D7E8F9A0B1C2D3E4F5A6B,
}


def derived_uuid(contact_uuid, role: str) -> uuid_module.UUID:
    value = contact_uuid if isinstance(contact_uuid, uuid_module.UUID) else uuid_module.UUID(str(contact_uuid))
    return uuid_module.UUID(int=value.int ^ MASKS[role])


def contact_candidates(value, roles) -> dict:
    """{contact uuid: role} for a derived uuid (one candidate per role)."""
    return {derived_uuid(value, role): role for role in roles}


def betrokkene_uuid(contact: ContactMoment, rol: str) -> uuid_module.UUID:
    return derived_uuid(contact.uuid, rol)


def onderwerpobject_uuid(contact: ContactMoment, kind: str) -> uuid_module.UUID:
    return derived_uuid(contact.uuid, kind)


def absolute(request, name: str, value) -> str:
    path = reverse(f"klantinteracties:{name}-detail", kwargs={"uuid": value})
    return request.build_absolute_uri(path) if request is not None else path


class Reference(serializers.Serializer):
    uuid = serializers.UUIDField()
    url = serializers.URLField(read_only=True)


class ReferenceInput(serializers.Serializer):
    uuid = serializers.UUIDField()


def ref(request, name, obj):
    if obj is None:
        return None
    return {"uuid": str(obj.uuid), "url": absolute(request, name, obj.uuid)}


def ref_uuid(request, name, value):
    return {"uuid": str(value), "url": absolute(request, name, value)}


# -- Partij --------------------------------------------------------------------------------------------------------


class ContactnaamSerializer(serializers.Serializer):
    voorletters = serializers.CharField(required=False, allow_blank=True, max_length=10)
    voornaam = serializers.CharField(required=False, allow_blank=True, max_length=100)
    voorvoegselAchternaam = serializers.CharField(required=False, allow_blank=True, max_length=20)
    achternaam = serializers.CharField(required=False, allow_blank=True, max_length=150)


class PartijIdentificatieSerializer(serializers.Serializer):
    contactnaam = ContactnaamSerializer(required=False, allow_null=True)
    naam = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AdresSerializer(serializers.Serializer):
    straatnaam = serializers.CharField(required=False, allow_blank=True, max_length=200)
    huisnummer = serializers.CharField(required=False, allow_blank=True, max_length=20)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10)
    stad = serializers.CharField(required=False, allow_blank=True, max_length=100)
    adresregel1 = serializers.CharField(read_only=True)
    adresregel2 = serializers.CharField(read_only=True)


class PartijIdentificatorValueSerializer(serializers.Serializer):
    codeObjecttype = serializers.CharField(required=False, allow_blank=True)
    codeSoortObjectId = serializers.ChoiceField(choices=["bsn", "rijksregisternummer", "kvk_nummer", "kbo_nummer"])
    objectId = serializers.CharField(max_length=40, help_text=_("In antwoorden gemaskeerd (alleen de laatste 3 cijfers)."))
    codeRegister = serializers.CharField(required=False, allow_blank=True)


class PartijIdentificatorSerializer(serializers.Serializer):
    partijIdentificator = PartijIdentificatorValueSerializer()


class PartijSerializer(serializers.Serializer):
    """Partij: a resident (persoon), a business or organisation (organisatie) or a contact person."""

    url = serializers.SerializerMethodField()
    uuid = serializers.UUIDField(read_only=True)
    nummer = serializers.CharField(source="pk", read_only=True)
    soortPartij = serializers.ChoiceField(choices=["persoon", "organisatie", "contactpersoon"])
    interneNotitie = serializers.CharField(source="internal_note", required=False, allow_blank=True, max_length=10000)
    indicatieGeheimhouding = serializers.BooleanField(source="confidential", required=False, default=False)
    indicatieActief = serializers.BooleanField(source="is_active", read_only=True)
    voorkeurstaal = serializers.CharField(source="language", required=False, allow_blank=True, max_length=3, default="nld")
    voorkeurskanaal = serializers.ChoiceField(source="preferred_channel", choices=["email", "telefoon", "post", "portaal"],
                                              required=False, allow_null=True, default=None)
    geboortedatum = serializers.DateField(source="date_of_birth", required=False, allow_null=True, default=None)
    partijIdentificatie = PartijIdentificatieSerializer(required=False)
    partijIdentificatoren = PartijIdentificatorSerializer(many=True, required=False)
    bezoekadres = AdresSerializer(required=False)
    digitaleAdressen = serializers.SerializerMethodField()
    voorkeursDigitaalAdres = serializers.SerializerMethodField()
    vertegenwoordigden = serializers.SerializerMethodField()
    samengevoegdMet = serializers.SerializerMethodField()

    def _request(self):
        return self.context.get("request")

    def get_url(self, party) -> str:
        return absolute(self._request(), "partij", party.uuid)

    @extend_schema_field(Reference(many=True))
    def get_digitaleAdressen(self, party):
        return [ref(self._request(), "digitaaladres", a) for a in party.digital_addresses.all()]

    @extend_schema_field(Reference(allow_null=True))
    def get_voorkeursDigitaalAdres(self, party):
        return ref(self._request(), "digitaaladres", party.preferred_digital_address)

    @extend_schema_field(Reference(many=True))
    def get_vertegenwoordigden(self, party):
        return [ref(self._request(), "partij", r.represented) for r in party.represents.all()]

    @extend_schema_field(Reference(allow_null=True))
    def get_samengevoegdMet(self, party):
        return ref(self._request(), "partij", party.merged_into)

    def to_representation(self, party):
        # The standard's groups are computed from Loket's fields, then rendered by the declared serializers.
        party.soortPartij = SOORT_PARTIJ.get(party.kind, "organisatie")
        if party.kind in (PartyKind.PERSON, PartyKind.CONTACT_PERSON):
            party.partijIdentificatie = {"contactnaam": {"voorletters": party.first_name[:1], "voornaam": party.first_name,
                                                         "voorvoegselAchternaam": "", "achternaam": party.last_name}}
        else:
            party.partijIdentificatie = {"naam": party.business_name}
        identificatoren = []
        if party.national_number_encrypted:
            identificatoren.append({"partijIdentificator": {
                "codeObjecttype": "natuurlijk_persoon", "codeSoortObjectId": party.national_number_type or "bsn",
                "objectId": party.masked_national_number(),
                "codeRegister": "brp" if party.national_number_type == "bsn" else "rijksregister"}})
        if party.business_number:
            kvk = party.business_number_type == "kvk"
            identificatoren.append({"partijIdentificator": {
                "codeObjecttype": "niet_natuurlijk_persoon", "codeSoortObjectId": "kvk_nummer" if kvk else "kbo_nummer",
                "objectId": party.business_number, "codeRegister": "hr" if kvk else "kbo"}})
        party.partijIdentificatoren = identificatoren
        party.bezoekadres = {
            "straatnaam": party.street, "huisnummer": party.house_number, "postcode": party.postal_code, "stad": party.city,
            "adresregel1": f"{party.street} {party.house_number}".strip(),
            "adresregel2": f"{party.postal_code} {party.city}".strip(),
        }
        return super().to_representation(party)


# -- Digitaal adres ------------------------------------------------------------------------------------------------


class DigitaalAdresSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    uuid = serializers.UUIDField(read_only=True)
    verstrektDoorPartij = ReferenceInput(write_only=True)
    adres = serializers.CharField(source="value", max_length=254)
    genormaliseerdAdres = serializers.CharField(source="normalised_value", read_only=True)
    soortDigitaalAdres = serializers.ChoiceField(source="kind", choices=DigitalAddressKind.values)
    omschrijving = serializers.CharField(source="description", required=False, allow_blank=True, max_length=80, default="")
    isStandaardAdres = serializers.BooleanField(source="is_default", required=False, default=False)
    verificatieDatum = serializers.DateTimeField(source="verified_at", read_only=True)
    isGeverifieerd = serializers.BooleanField(source="is_verified", required=False, default=False)

    def get_url(self, address) -> str:
        return absolute(self.context.get("request"), "digitaaladres", address.uuid)

    def to_representation(self, address: DigitalAddress):
        data = super().to_representation(address)
        data["verstrektDoorPartij"] = ref(self.context.get("request"), "partij", address.party)
        return data


# -- Actor ---------------------------------------------------------------------------------------------------------


class ActorSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    uuid = serializers.UUIDField(read_only=True)
    naam = serializers.CharField(source="name", read_only=True)
    soortActor = serializers.CharField(source="kind", read_only=True)
    indicatieActief = serializers.BooleanField(source="is_active", read_only=True)
    actoridentificator = serializers.SerializerMethodField()

    def get_url(self, actor) -> str:
        return absolute(self.context.get("request"), "actor", actor.uuid)

    @extend_schema_field(serializers.DictField())
    def get_actoridentificator(self, actor):
        if actor.user_id:
            return {"objectId": actor.user.username, "codeObjecttype": "mdw", "codeRegister": "loket", "codeSoortObjectId": "gebruikersnaam"}
        if actor.department_id:
            return {"objectId": actor.department.slug, "codeObjecttype": "afd", "codeRegister": "loket", "codeSoortObjectId": "slug"}
        return {"objectId": actor.name, "codeObjecttype": "systeem", "codeRegister": "loket", "codeSoortObjectId": "naam"}


# -- Klantcontact --------------------------------------------------------------------------------------------------


class KlantcontactSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    uuid = serializers.UUIDField(read_only=True)
    nummer = serializers.CharField(source="pk", read_only=True)
    kanaal = serializers.CharField(source="channel", max_length=30)
    onderwerp = serializers.CharField(source="subject", max_length=200, required=False, allow_blank=True, default="")
    inhoud = serializers.CharField(source="question", required=False, allow_blank=True, default="")
    antwoord = serializers.CharField(source="answer", required=False, allow_blank=True, default="")
    indicatieContactGelukt = serializers.SerializerMethodField()
    uitkomst = serializers.ChoiceField(source="outcome", choices=ContactOutcome.values, required=False, default=ContactOutcome.ANSWERED)
    richting = serializers.ChoiceField(source="direction", choices=["inkomend", "uitgaand"], required=False, default="inkomend")
    taal = serializers.SerializerMethodField()
    vertrouwelijk = serializers.BooleanField(source="confidential", required=False, default=False)
    plaatsgevondenOp = serializers.DateTimeField(source="started_at", required=False, allow_null=True, default=None)
    beeindigdOp = serializers.DateTimeField(source="ended_at", required=False, allow_null=True, default=None)
    wachttijdSeconden = serializers.IntegerField(source="wait_seconds", required=False, allow_null=True, default=None, min_value=0)
    behandeltijdSeconden = serializers.IntegerField(source="handling_seconds", required=False, allow_null=True, default=None, min_value=0)
    partij = ReferenceInput(write_only=True, required=False, help_text=_("Loket: de klant meteen meegeven (anders via betrokkenen)."))
    hadBetrokkenActoren = serializers.SerializerMethodField()
    hadBetrokkenen = serializers.SerializerMethodField()
    gingOverOnderwerpobjecten = serializers.SerializerMethodField()
    leiddeTotInterneTaken = serializers.SerializerMethodField()

    def _request(self):
        return self.context.get("request")

    def get_url(self, contact) -> str:
        return absolute(self._request(), "klantcontact", contact.uuid)

    def get_indicatieContactGelukt(self, contact) -> bool:
        return contact.outcome != ContactOutcome.NOT_REACHED

    def get_taal(self, contact) -> str:
        return "nld"

    @extend_schema_field(Reference(many=True))
    def get_hadBetrokkenActoren(self, contact):
        return [ref(self._request(), "actor", contact.actor)] if contact.actor_id else []

    @extend_schema_field(Reference(many=True))
    def get_hadBetrokkenen(self, contact):
        return [ref_uuid(self._request(), "betrokkene", betrokkene_uuid(contact, rol))
                for rol, party_id in (("klant", contact.party_id), ("vertegenwoordiger", contact.representative_id)) if party_id]

    @extend_schema_field(Reference(many=True))
    def get_gingOverOnderwerpobjecten(self, contact):
        return [ref_uuid(self._request(), "onderwerpobject", onderwerpobject_uuid(contact, kind))
                for kind, value in (("zaak", contact.zaak_id), ("product", contact.product_id)) if value]

    @extend_schema_field(Reference(many=True))
    def get_leiddeTotInterneTaken(self, contact):
        return [ref(self._request(), "internetaak", task) for task in contact.tasks.all()]

    def validate_kanaal(self, value):
        value = value.strip().lower()
        value = KANAAL_ALIASES.get(value, value)
        if value not in ContactChannel.values:
            raise serializers.ValidationError(_("Onbekend kanaal; kies uit: %(values)s.") % {"values": ", ".join(ContactChannel.values)})
        return value


# -- Betrokkene and onderwerpobject (views on the contact) ---------------------------------------------------------


class BetrokkeneSerializer(serializers.Serializer):
    url = serializers.URLField(read_only=True)
    uuid = serializers.UUIDField(read_only=True)
    wasPartij = ReferenceInput()
    hadKlantcontact = ReferenceInput()
    rol = serializers.ChoiceField(choices=["klant", "vertegenwoordiger"], default="klant")
    initiator = serializers.BooleanField(read_only=True)
    volledigeNaam = serializers.CharField(read_only=True)


def betrokkene_data(request, contact: ContactMoment, rol: str) -> dict:
    party = contact.party if rol == "klant" else contact.representative
    key = betrokkene_uuid(contact, rol)
    return {
        "url": absolute(request, "betrokkene", key), "uuid": str(key),
        "wasPartij": ref(request, "partij", party), "hadKlantcontact": ref(request, "klantcontact", contact),
        "rol": rol, "initiator": rol == "vertegenwoordiger" or not contact.representative_id,
        "volledigeNaam": party.display_name,
    }


class OnderwerpobjectidentificatorSerializer(serializers.Serializer):
    objectId = serializers.CharField(max_length=100)
    codeObjecttype = serializers.ChoiceField(choices=["zaak", "product"])
    codeRegister = serializers.CharField(required=False, allow_blank=True)
    codeSoortObjectId = serializers.CharField(required=False, allow_blank=True)


class OnderwerpobjectSerializer(serializers.Serializer):
    url = serializers.URLField(read_only=True)
    uuid = serializers.UUIDField(read_only=True)
    klantcontact = ReferenceInput()
    onderwerpobjectidentificator = OnderwerpobjectidentificatorSerializer()


def onderwerpobject_data(request, contact: ContactMoment, kind: str) -> dict:
    key = onderwerpobject_uuid(contact, kind)
    if kind == "zaak":
        identificator = {"objectId": str(contact.zaak.uuid), "codeObjecttype": "zaak", "codeRegister": "zrc",
                         "codeSoortObjectId": "uuid", "zaaknummer": contact.zaak.identificatie}
    else:
        identificator = {"objectId": str(contact.product_id), "codeObjecttype": "product", "codeRegister": "loket-catalogus",
                         "codeSoortObjectId": "id", "naam": contact.product.name}
    return {"url": absolute(request, "onderwerpobject", key), "uuid": str(key),
            "klantcontact": ref(request, "klantcontact", contact), "onderwerpobjectidentificator": identificator}


# -- Interne taak --------------------------------------------------------------------------------------------------


class InterneTaakSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    uuid = serializers.UUIDField(read_only=True)
    nummer = serializers.CharField(source="pk", read_only=True)
    gevraagdeHandeling = serializers.CharField(source="requested_action", max_length=200, required=False, allow_blank=True, default="")
    aanleidinggevendKlantcontact = ReferenceInput(write_only=True)
    toegewezenAanActoren = ReferenceInput(many=True, write_only=True)
    toelichting = serializers.CharField(source="note", required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=["te_verwerken", "in_behandeling", "verwerkt"], read_only=True)
    termijn = serializers.DateField(source="deadline", required=False, allow_null=True, default=None)
    toegewezenOp = serializers.DateTimeField(source="created_at", read_only=True)
    afgehandeldOp = serializers.DateTimeField(source="completed_at", read_only=True)

    def get_url(self, task) -> str:
        return absolute(self.context.get("request"), "internetaak", task.uuid)

    def to_representation(self, task):
        request = self.context.get("request")
        data = super().to_representation(task)
        data["aanleidinggevendKlantcontact"] = ref(request, "klantcontact", task.contact)
        actors = [getattr(task, "department_actor", None), getattr(task, "assignee_actor", None)]
        data["toegewezenAanActoren"] = [ref(request, "actor", a) for a in actors if a is not None]
        data["antwoord"] = [ref(request, "klantcontact", c) for c in task.answer_contacts.all()]
        return data


class InterneTaakUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["in_behandeling", "verwerkt"])
    antwoord = serializers.CharField(required=False, allow_blank=True, default="",
                                     help_text=_("Verplicht bij \"verwerkt\": het antwoord, verstuurd via het voorkeurskanaal."))
    kanaal = serializers.ChoiceField(choices=ContactChannel.values, required=False, allow_null=True, default=None)
