"""The demo's case types (Heidebeek and its OCMW) and a few open cases on them, made through the case services.

The selectielijst references are real classes of VNG's Selectielijst (shipped in loket/cases/data/referentielijsten).
"""

import datetime
import random

from django.db.models import Q

from loket.cases import services
from loket.cases.models import (
    Besluit,
    BesluitType,
    CaseSettings,
    Catalogus,
    EnkelvoudigInformatieObject,
    InformatieObjectType,
    ProcessStep,
    SavedFilter,
    Task,
    Zaak,
    ZaakInformatieObject,
    ZaakType,
)
from loket.catalog.models import Product
from loket.contacts.models import Party

TOESTEMMING = "3e1f6d3e-617f-43e1-87be-8bd255ef4745"  # 11 Toestemming verlenen
ONDERHOUDEN = "388645ae-bb7f-4b2b-ba70-94b70f713d45"  # 15 Onderhouden en repareren
VOORZIENINGEN = "bd1ec0a0-0ecd-4046-8372-dcb6bdfda891"  # 8 Voorzieningen verstrekken
INRICHTEN = "05236164-baf8-4f89-af32-4a420fba55b3"  # 14 Openbare ruimte inrichten
LEVEREN = "651a1b5b-f84f-4c73-9151-4d485c7dcb99"  # 5 Producten en diensten leveren

DOCUMENT_TYPES = [
    # key, omschrijving, allowed MIME types (empty: the default list), max size in MB
    ("aanvraag", "Aanvraagformulier", ["application/pdf", "image/png", "image/jpeg"], 20),
    ("foto", "Foto", ["image/png", "image/jpeg"], 15),
    ("plan", "Plan of schets", ["application/pdf", "image/png", "image/jpeg"], 50),
    ("advies", "Advies", [], 20),
    ("besluit", "Besluit", ["application/pdf"], 20),
]
DECISION_TYPES = [("vergunning", "Vergunning", 30), ("weigering", "Weigeringsbesluit", 30), ("toekenning", "Toekenningsbesluit", 30)]

# case type code -> keys of the demo catalog's products it delivers (loaded before the case types)
PRODUCTS = {
    "EVENEMENT": ["evenement-organiseren", "muziek-evenement-geluid", "drank-schenken-evenement"],
    "PARKEERKAART": ["bewonerskaart"],
    "INNAME-OPENBAAR-DOMEIN": ["inname-openbaar-domein", "parkeerverbod-aanvragen"],
    "WONINGAANPASSING": ["woningaanpassing"],
}

STANDARD_ROLES = [("Aanvrager", "initiator"), ("Behandelaar", "behandelaar"), ("Adviseur", "adviseur")]

# organisation, code, name, department, service level, days, working days, confidentiality, procestype,
# statuses, results [(name, selectielijstklasse)], properties [(name, definition, format, values)], documents,
# decisions, steps [(order, name, department slug or None, partner slug or None, days)], suspend, extension days
CASE_TYPES = [
    ("heidebeek", "EVENEMENT", "Evenementenvergunning", "vrije-tijd", "transactioneel", 30, True, "zaakvertrouwelijk",
     TOESTEMMING, ["Ontvangen", "Adviezen gevraagd", "Besluit in voorbereiding", "Afgehandeld"],
     [("Verleend", "95e4097a-bdc8-46a9-8f86-5be6f42e817b"), ("Geweigerd", "bcd33d3a-4a34-4143-9569-4d161ea6da6b"),
      ("Ingetrokken", "bf88fe4b-cc1b-4da1-97e0-f3d695416f2a")],
     [("datum_evenement", "Datum van het evenement", "datum", []), ("bezoekers", "Verwacht aantal bezoekers", "getal", []),
      ("soort", "Soort evenement", "tekst", ["buurtfeest", "markt", "concert", "sportevenement", "andere"])],
     ["aanvraag", "plan", "advies", "besluit"], ["vergunning", "weigering"],
     [(1, "Veiligheidsadvies politie", "wijkwerking", None, 10), (1, "Advies mobiliteit en signalisatie", "openbare-ruimte", None, 10),
      (1, "Brandveiligheidsadvies", "preventie", None, 10), (2, "Vergunning opmaken", "vrije-tijd", None, 5)],
     True, 15),
    ("heidebeek", "PARKEERKAART", "Bewonersparkeerkaart", "burgerzaken", "transactioneel", 10, True, "zaakvertrouwelijk",
     TOESTEMMING, ["Ontvangen", "In behandeling", "Afgehandeld"],
     [("Verleend", "183352aa-26d1-4bc3-8bbf-aec3a180ebbb"), ("Geweigerd", "bcd33d3a-4a34-4143-9569-4d161ea6da6b")],
     [("nummerplaat", "Nummerplaat van het voertuig", "tekst", [])], ["aanvraag"], ["vergunning", "weigering"],
     [], False, 0),
    ("heidebeek", "GRAFFITI", "Verwijderen van graffiti", "openbare-ruimte", "collectief", 15, True, "intern",
     ONDERHOUDEN, ["Ontvangen", "Ingepland", "Uitgevoerd"],
     [("Uitgevoerd", "d8b21822-3ff1-4414-b17b-cbfd662b40d8"), ("Niet uitgevoerd", "b8a84964-7cb1-4294-9fbf-edc4251f538b")],
     [("adres", "Adres van de gevel", "tekst", []), ("oppervlakte_m2", "Oppervlakte in m²", "getal", [])], ["foto"], [],
     [(1, "Graffiti verwijderen", "openbare-ruimte", None, 10)], False, 0),
    ("heidebeek", "INNAME-OPENBAAR-DOMEIN", "Inname openbaar domein (container, stelling)", "openbare-ruimte", "transactioneel",
     10, True, "zaakvertrouwelijk", TOESTEMMING, ["Ontvangen", "Advies gevraagd", "Afgehandeld"],
     [("Verleend", "183352aa-26d1-4bc3-8bbf-aec3a180ebbb"), ("Geweigerd", "bcd33d3a-4a34-4143-9569-4d161ea6da6b")],
     [("adres", "Adres van de inname", "tekst", []), ("van", "Eerste dag", "datum", []), ("tot", "Laatste dag", "datum", [])],
     ["aanvraag", "plan", "advies", "besluit"], ["vergunning", "weigering"],
     [(1, "Advies politie (verkeer)", "wijkwerking", None, 5), (1, "Advies wegen", "openbare-ruimte", None, 5)], True, 5),
    ("heidebeek", "HERAANLEG-MARKT", "Heraanleg marktplein (project)", "omgeving", "taakgericht", 180, True, "intern",
     INRICHTEN, ["Gestart", "Participatie", "Ontwerp", "Uitvoering", "Opgeleverd"],
     [("Uitgevoerd", "1a424cd5-9a84-44e6-89a5-b74a45108f81"), ("Afgebroken", "95c8c34e-b9ac-4f6a-951f-d85b86ede73f")],
     [], ["plan", "advies"], [],
     [(1, "Participatietraject", "vrije-tijd", None, 40), (2, "Ontwerp", "omgeving", None, 60), (3, "Werken", "openbare-ruimte", None, 60)],
     True, 60),
    ("heidebeek", "ICT-AANVRAAG", "Interne aanvraag ICT", "informatiebeheer", "taakgericht", 5, True, "intern",
     LEVEREN, ["Ontvangen", "In behandeling", "Afgehandeld"], [("Geleverd", "ceb821a2-3b5e-421a-ac49-ebc63d15dc29")],
     [], [], [], [], False, 0),
    ("ocmw-heidebeek", "WONINGAANPASSING", "Woningaanpassing (advies en premie)", "sociaal-huis", "transactioneel", 60, True,
     "vertrouwelijk", VOORZIENINGEN, ["Ontvangen", "Huisbezoek", "Advies", "Beslissing", "Afgehandeld"],
     [("Verstrekt", "e5769690-6eed-4091-a079-6cac70d987d6"), ("Geweigerd", "e2068367-1012-4795-984e-72901180ff80")],
     [("soort_aanpassing", "Soort aanpassing", "tekst", ["traplift", "badkamer", "drempels", "andere"])],
     ["aanvraag", "foto", "advies", "besluit"], ["toekenning", "weigering"],
     [(1, "Huisbezoek ergotherapeut", "woonzorg", None, 15), (2, "Advies woonmaatschappij", "verhuur", None, 10),
      (3, "Beslissing bijzonder comité", "sociaal-huis", None, 20)], True, 30),
]

DEMO_CASES = [
    # case type code, description, properties
    ("EVENEMENT", "Buurtfeest Kerkstraat", {"soort": "buurtfeest", "bezoekers": "150"}),
    ("EVENEMENT", "Jaarmarkt Heikant", {"soort": "markt", "bezoekers": "2000"}),
    ("PARKEERKAART", "Bewonerskaart Stationsstraat", {"nummerplaat": "1-ABC-123"}),
    ("PARKEERKAART", "Bewonerskaart Molenweg", {"nummerplaat": "2-XYZ-987"}),
    ("GRAFFITI", "Graffiti op gevel bibliotheek", {"adres": "Markt 3", "oppervlakte_m2": "6"}),
    ("GRAFFITI", "Tags op brug Netekaai", {"adres": "Netekaai", "oppervlakte_m2": "12"}),
    ("INNAME-OPENBAAR-DOMEIN", "Container voor renovatie", {"adres": "Dorpsstraat 14"}),
    ("INNAME-OPENBAAR-DOMEIN", "Stelling gevelwerken", {"adres": "Kerkstraat 2"}),
    ("ICT-AANVRAAG", "Nieuwe laptop onthaal", {}),
    ("WONINGAANPASSING", "Traplift", {"soort_aanpassing": "traplift"}),
    ("WONINGAANPASSING", "Aangepaste badkamer", {"soort_aanpassing": "badkamer"}),
]


def load(organisations: dict, departments: dict, *, seed: int = 2026) -> int:
    """Create the demo catalogues, case types and some open cases. Returns the number of case types."""
    rng = random.Random(seed + 11)
    begin = datetime.date(2025, 1, 1)
    for slug, prefix in (("heidebeek", "HB"), ("ocmw-heidebeek", "OCMW")):
        CaseSettings.objects.update_or_create(organisation=organisations[slug], defaults={
            "holiday_country": "BE", "case_number_prefix": prefix, "rsin": organisations[slug].identifier,
        })
    catalogues, doc_types, decision_types, made = {}, {}, {}, {}
    for slug in ("heidebeek", "ocmw-heidebeek"):
        organisation = organisations[slug]
        catalogus = services.create_catalogus(organisation=organisation, naam=f"Zaaktypecatalogus {organisation.name}",
                                              domein="HDBK" if slug == "heidebeek" else "OCMW")
        catalogues[slug] = catalogus
        for key, name, mime_types, megabytes in DOCUMENT_TYPES:
            doc_types[slug, key] = services.create_document_type(
                catalogus=catalogus, omschrijving=name, begin_geldigheid=begin, allowed_mime_types=mime_types,
                max_size=megabytes * 1024 * 1024, publish=True,
            )
        for key, name, days in DECISION_TYPES:
            decision_types[slug, key] = services.create_decision_type(
                catalogus=catalogus, omschrijving=name, begin_geldigheid=begin, reactietermijn_days=days, publish=True,
            )
    for (slug, code, name, department, level, days, working, confidentiality, procestype, statuses, results, properties,
         documents, decisions, steps, suspend, extension) in CASE_TYPES:
        zaaktype = services.create_case_type(
            catalogus=catalogues[slug], identificatie=code, omschrijving=name, department=departments[department],
            doorlooptijd_days=days, begin_geldigheid=begin, service_level=level, working_days=working,
            vertrouwelijkheidaanduiding=confidentiality, selectielijst_procestype=procestype,
            opschorting_en_aanhouding_mogelijk=suspend, verlenging_mogelijk=bool(extension),
            verlengingstermijn_days=extension or None, indicatie_intern_of_extern="intern" if level == "taakgericht" else "extern",
        )
        for status in statuses:
            services.add_status_type(zaaktype=zaaktype, omschrijving=status, informeren=status in (statuses[0], statuses[-1]))
        for result, klasse in results:
            services.add_result_type(zaaktype=zaaktype, omschrijving=result, selectielijstklasse=klasse)
        for role, generic in STANDARD_ROLES:
            services.add_role_type(zaaktype=zaaktype, omschrijving=role, omschrijving_generiek=generic)
        for prop, definition, fmt, values in properties:
            services.add_eigenschap(zaaktype=zaaktype, naam=prop, definitie=definition, formaat=fmt, waardenverzameling=values)
        for key in documents:
            services.add_document_type(zaaktype=zaaktype, informatieobjecttype=doc_types[slug, key])
        for key in decisions:
            services.add_decision_type(zaaktype=zaaktype, besluittype=decision_types[slug, key])
        for order, step, dept_slug, partner_slug, step_days in steps:
            services.add_process_step(zaaktype=zaaktype, name=step, order=order, deadline_days=step_days,
                                      department=departments[dept_slug] if dept_slug else None,
                                      partner=organisations[partner_slug] if partner_slug else None)
        for product in Product.objects.filter(organisation__in=organisations.values(), key__in=PRODUCTS.get(code, ())):
            services.add_product(zaaktype=zaaktype, product=product)
        services.publish_case_type(zaaktype=zaaktype)
        made[code] = (slug, zaaktype)
    parties = list(Party.objects.filter(organisation=organisations["heidebeek"]).order_by("pk")[:50])
    for code, description, properties in DEMO_CASES:
        slug, zaaktype = made[code]
        services.create_case(
            organisation=organisations[slug], zaaktype=zaaktype, omschrijving=description, eigenschappen=properties,
            initiator=rng.choice(parties) if parties and code != "ICT-AANVRAAG" else None,
            startdatum=datetime.date.today() - datetime.timedelta(days=rng.randint(0, 12)), source_app="demo",
            communicatiekanaal=rng.choice(["e-loket", "balie", "telefoon", "e-mail"]),
        )
    return len(CASE_TYPES)


def reset(organisations) -> None:
    """Remove the case data of the demo organisations (before their departments, staff and parties go)."""
    Besluit.objects.filter(organisation__in=organisations).delete()
    ZaakInformatieObject.objects.filter(zaak__organisation__in=organisations).delete()
    Task.objects.filter(Q(organisation__in=organisations) | Q(zaak__organisation__in=organisations)).delete()
    Zaak.objects.filter(organisation__in=organisations, hoofdzaak__isnull=False).delete()
    Zaak.objects.filter(organisation__in=organisations).delete()
    for document in EnkelvoudigInformatieObject.objects.filter(organisation__in=organisations):
        for version in document.versions.all():
            version.inhoud.delete(save=False)
        document.delete()
    ProcessStep.objects.filter(
        Q(zaaktype__catalogus__organisation__in=organisations) | Q(department__organisation__in=organisations)
        | Q(partner__in=organisations)
    ).delete()
    ZaakType.objects.filter(catalogus__organisation__in=organisations).delete()
    BesluitType.objects.filter(catalogus__organisation__in=organisations).delete()
    InformatieObjectType.objects.filter(catalogus__organisation__in=organisations).delete()
    Catalogus.objects.filter(organisation__in=organisations).delete()
    SavedFilter.objects.filter(organisation__in=organisations).delete()
    services.reset_case_numbers(organisations)
