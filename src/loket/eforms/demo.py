"""Demo data of the eforms app for the demo municipality Heidebeek: four published request forms of real demo products
that have an online channel and a case type (residents' parking permit with a fee per car, event permit, use of
public space with a computed fee, and the OCMW's home adaptation).

Called by :func:`loket.demo.services.load_demo` after the catalog, case types, meldingen and contacts exist.
"""

from loket.catalog.models import Product

from .models import FormDefinition, Submission
from .spec import build_form

CONTACT_FIELDS = [
    {"key": "naam", "kind": "text", "label": "Naam", "prefill": "full_name", "max_length": 150},
    {"key": "adres", "kind": "address", "label": "Adres", "prefill": "address",
     "help_text": "Straat, huisnummer en gemeente, bijvoorbeeld Kerkstraat 12, Heidebeek."},
    {"key": "email", "kind": "email", "label": "E-mailadres", "prefill": "email",
     "help_text": "Wij sturen de bevestiging en het besluit naar dit adres."},
    {"key": "telefoon", "kind": "phone", "label": "Telefoonnummer", "prefill": "phone", "required": False},
]

PLATE = r"[0-9]-?[A-Za-z]{3}-?[0-9]{3}"
PLATE_MESSAGE = "Vul een Belgische nummerplaat in, bijvoorbeeld 1-ABC-123."

FORMS = {
    "bewonerskaart": {
        "title": "Bewonersparkeerkaart aanvragen",
        "intro": "Met een bewonerskaart parkeert u in de blauwe zone en op de bewonersplaatsen van uw wijk. De eerste "
                 "kaart kost 30 euro per jaar, een tweede kaart 100 euro.",
        "fee_expression": "if(aantal_wagens >= 2, 130, 30)",
        "fee_label": "Bewonerskaart(en) voor één jaar",
        "confirmation_text": "U krijgt binnen 10 werkdagen bericht. De kaart is digitaal: ze hangt aan uw nummerplaat.",
        "steps": [
            {"slug": "gegevens", "title": "Uw gegevens",
             "intro": "Deze gegevens kennen wij al. Kijk ze na en pas ze aan als dat nodig is.",
             "fields": CONTACT_FIELDS},
            {"slug": "wagens", "title": "Uw wagen(s)", "fields": [
                {"key": "aantal_wagens", "kind": "choice", "label": "Voor hoeveel wagens vraagt u een kaart?",
                 "options": [{"value": "1", "label": "Eén wagen (30 euro)"},
                             {"value": "2", "label": "Twee wagens (30 + 100 euro)"}]},
                {"key": "nummerplaat", "kind": "text", "label": "Nummerplaat", "pattern": PLATE,
                 "pattern_message": PLATE_MESSAGE, "max_length": 12},
                {"key": "nummerplaat_2", "kind": "text", "label": "Nummerplaat van de tweede wagen", "pattern": PLATE,
                 "pattern_message": PLATE_MESSAGE, "max_length": 12,
                 "condition": {"field": "aantal_wagens", "op": "eq", "value": "2"}},
                {"key": "op_eigen_naam", "kind": "yes_no", "label": "Staat de wagen op uw naam ingeschreven?"},
                {"key": "bewijs_gebruik", "kind": "file", "label": "Bewijs dat u de wagen gebruikt",
                 "help_text": "Bijvoorbeeld een leasecontract of een verklaring van uw werkgever (pdf of foto).",
                 "condition": {"field": "op_eigen_naam", "op": "eq", "value": "nee"}},
                {"key": "te_betalen", "kind": "computed", "label": "Te betalen (euro)", "required": False,
                 "expression": "if(aantal_wagens >= 2, 130, 30)"},
            ]},
            {"slug": "start", "title": "Startdatum", "fields": [
                {"key": "startdatum", "kind": "date", "label": "Vanaf wanneer wilt u de kaart?",
                 "min_date": "vandaag", "max_date": "vandaag+90",
                 "help_text": "Ten vroegste vandaag, ten laatste over 90 dagen."},
            ]},
        ],
    },
    "evenement-organiseren": {
        "title": "Evenement aanvragen",
        "intro": "Organiseert u een buurtfeest, markt, concert of sportevenement op openbaar domein of met publiek? "
                 "Vraag het minstens 8 weken vooraf aan. De aanvraag is gratis.",
        "confirmation_text": "Wij vragen advies aan de politie, de brandweer en de dienst mobiliteit. U hoort binnen 30 "
                             "werkdagen van ons.",
        "steps": [
            {"slug": "organisator", "title": "Organisator", "fields": [
                *CONTACT_FIELDS,
                {"key": "namens_vereniging", "kind": "yes_no", "label": "Organiseert u het namens een vereniging?"},
                {"key": "vereniging", "kind": "text", "label": "Naam van de vereniging", "max_length": 200,
                 "condition": {"field": "namens_vereniging", "op": "eq", "value": "ja"}},
            ]},
            {"slug": "evenement", "title": "Het evenement", "fields": [
                {"key": "naam_evenement", "kind": "text", "label": "Naam van het evenement", "max_length": 150},
                {"key": "soort", "kind": "choice", "label": "Soort evenement", "display": "select",
                 "options": [{"value": "buurtfeest", "label": "Buurtfeest"}, {"value": "markt", "label": "Markt"},
                             {"value": "concert", "label": "Concert"},
                             {"value": "sportevenement", "label": "Sportevenement"},
                             {"value": "andere", "label": "Iets anders"}]},
                {"key": "soort_anders", "kind": "text", "label": "Welk soort evenement?", "max_length": 100,
                 "condition": {"field": "soort", "op": "eq", "value": "andere"}},
                {"key": "datum_evenement", "kind": "date", "label": "Datum van het evenement", "min_date": "vandaag+14",
                 "help_text": "Ten vroegste over 14 dagen; liefst 8 weken vooraf aanvragen."},
                {"key": "locatie", "kind": "address", "label": "Waar vindt het plaats?"},
                {"key": "bezoekers", "kind": "number", "label": "Verwacht aantal bezoekers", "min_value": 1,
                 "max_value": 100000},
                {"key": "veiligheidsplan", "kind": "file", "label": "Veiligheidsplan",
                 "help_text": "Nodig vanaf 1.000 bezoekers (pdf).", "accept": ".pdf",
                 "condition": {"field": "bezoekers", "op": "gte", "value": 1000}},
            ]},
            {"slug": "extra", "title": "Muziek, drank en materiaal", "fields": [
                {"key": "muziek", "kind": "yes_no", "label": "Is er versterkte muziek?"},
                {"key": "muziek_tot", "kind": "text", "label": "Tot hoe laat is er muziek?", "max_length": 10,
                 "pattern": r"([01]?[0-9]|2[0-3])[:.u]?[0-5][0-9]", "pattern_message": "Vul een uur in, bijvoorbeeld 23:00.",
                 "condition": {"field": "muziek", "op": "eq", "value": "ja"}},
                {"key": "drank", "kind": "yes_no", "label": "Schenkt u alcoholische drank?"},
                {"key": "materiaal", "kind": "choice", "display": "checkboxes", "required": False,
                 "label": "Welk materiaal wilt u lenen van de gemeente?",
                 "options": [{"value": "nadarhekken", "label": "Nadarhekken"}, {"value": "podium", "label": "Podium"},
                             {"value": "tafels", "label": "Tafels en banken"},
                             {"value": "verkeersborden", "label": "Verkeersborden"}]},
                {"key": "opmerkingen", "kind": "textarea", "label": "Wilt u nog iets kwijt?", "required": False,
                 "max_length": 2000},
            ]},
        ],
    },
    "inname-openbaar-domein": {
        "title": "Inname openbaar domein aanvragen",
        "intro": "Plaatst u een container, stelling, werfkeet of verhuislift op de straat of het voetpad? Vraag het "
                 "minstens 10 werkdagen vooraf aan. U betaalt 20 euro dossierkost; vanaf de 8ste dag 0,50 euro per m² "
                 "per dag.",
        "fee_expression": "20 + if(dagen > 7, oppervlakte * 0.5 * (dagen - 7), 0)",
        "fee_label": "Dossierkost en inname",
        "steps": [
            {"slug": "gegevens", "title": "Uw gegevens", "fields": CONTACT_FIELDS},
            {"slug": "inname", "title": "De inname", "fields": [
                {"key": "wat", "kind": "choice", "label": "Wat plaatst u?",
                 "options": [{"value": "container", "label": "Container"}, {"value": "stelling", "label": "Stelling"},
                             {"value": "verhuislift", "label": "Verhuislift"},
                             {"value": "werfkeet", "label": "Werfkeet"}]},
                {"key": "adres_inname", "kind": "address", "label": "Adres van de inname", "case_property": "adres"},
                {"key": "van", "kind": "date", "label": "Eerste dag", "min_date": "vandaag"},
                {"key": "dagen", "kind": "number", "label": "Hoeveel dagen?", "min_value": 1, "max_value": 365},
                {"key": "oppervlakte", "kind": "number", "label": "Oppervlakte in m²", "min_value": 1,
                 "max_value": 500},
                {"key": "voetpad_vrij", "kind": "yes_no", "label": "Blijft er minstens 1,5 meter voetpad vrij?"},
                {"key": "plan", "kind": "file", "label": "Schets van de inname", "required": False,
                 "help_text": "Niet verplicht als het voetpad vrij blijft.",
                 "condition": {"field": "voetpad_vrij", "op": "eq", "value": "nee"}},
                {"key": "kost", "kind": "computed", "label": "Te betalen (euro)", "required": False,
                 "expression": "20 + if(dagen > 7, oppervlakte * 0.5 * (dagen - 7), 0)"},
            ]},
        ],
    },
    "woningaanpassing": {
        "title": "Advies en premie woningaanpassing aanvragen",
        "intro": "Het Sociaal Huis helpt u uw woning aan te passen zodat u er langer zelfstandig kunt wonen. Een "
                 "ergotherapeut komt langs voor advies. Het advies is gratis.",
        "steps": [
            {"slug": "gegevens", "title": "Uw gegevens", "fields": [
                *CONTACT_FIELDS,
                {"key": "rijksregisternummer", "kind": "national_number", "label": "Rijksregisternummer",
                 "prefill": "national_number", "help_text": "Staat op de achterkant van uw identiteitskaart."},
                {"key": "geboortedatum", "kind": "date", "label": "Geboortedatum", "prefill": "date_of_birth",
                 "max_date": "vandaag"},
            ]},
            {"slug": "aanpassing", "title": "De aanpassing", "fields": [
                {"key": "soort_aanpassing", "kind": "choice", "label": "Welke aanpassing hebt u nodig?",
                 "options": [{"value": "traplift", "label": "Traplift"},
                             {"value": "badkamer", "label": "Aangepaste badkamer"},
                             {"value": "drempels", "label": "Drempels weg"}, {"value": "andere", "label": "Iets anders"}]},
                {"key": "uitleg", "kind": "textarea", "label": "Wat lukt nu moeilijk thuis?", "max_length": 2000},
                {"key": "eigenaar", "kind": "yes_no", "label": "Bent u eigenaar van de woning?"},
                {"key": "toestemming", "kind": "file", "label": "Toestemming van de verhuurder", "required": False,
                 "condition": {"field": "eigenaar", "op": "eq", "value": "nee"}},
                {"key": "iban", "kind": "iban", "label": "Rekeningnummer voor de premie",
                 "help_text": "Het IBAN-nummer, bijvoorbeeld BE71 0961 2345 6769."},
            ]},
        ],
    },
}


def reset(organisations) -> None:
    """Remove this app's demo data of the demo organisations."""
    for submission in Submission.objects.filter(organisation__in=organisations):
        for row in submission.files.all():
            row.file.delete(save=False)
    Submission.objects.filter(organisation__in=organisations).delete()
    FormDefinition.objects.filter(organisation__in=organisations).delete()


def load(organisations, departments, *, seed: int) -> dict:
    """Create this app's demo data; returns counts for the start-up summary."""
    count = 0
    for key, spec in FORMS.items():
        product = Product.objects.filter(organisation__in=list(organisations.values()) if isinstance(organisations, dict)
                                         else organisations, key=key).first()
        if product is None or FormDefinition.objects.filter(product=product).exists():
            continue
        build_form(product=product, spec=spec)
        count += 1
    return {"aanvraagformulieren": count}
