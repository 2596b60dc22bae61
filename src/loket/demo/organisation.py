"""The fixed shape of the demo: Gemeente Heidebeek, its OCMW and partners.

Heidebeek is fictional (postal codes 9998/9999 are not in use in Belgium).
Every name, number and address here and in :mod:`.people` is made up.
"""

from datetime import time

CENTRE = (51.0800, 4.6200)  # latitude, longitude of the market square
POSTAL_CODES = {"Heidebeek": "9999", "Heikant": "9998"}
DEMO_PASSWORD = "Heidebeek-Demo-2026"  # noqa: S105 - printed on purpose: demo accounts only

ORGANISATIONS = [
    # slug, name, kind, parent slug, identifier, phone, email, website, colours (primary, text, accent)
    ("heidebeek", "Gemeente Heidebeek", "gemeente", None, "0207.450.039", "+32 3 444 10 00", "info@heidebeek.example",
     "https://www.heidebeek.example", ("#1d5c3a", "#ffffff", "#b35a00")),
    ("ocmw-heidebeek", "OCMW Heidebeek", "ocmw", "heidebeek", "0212.175.028", "+32 3 444 20 00",
     "sociaalhuis@heidebeek.example", "https://www.heidebeek.example/sociaal-huis", ("#1d5c3a", "#ffffff", "#8a3b8f")),
    ("caw-de-linde", "CAW De Linde", "caw", None, "0458.231.661", "+32 3 444 30 00", "onthaal@cawdelinde.example",
     "https://www.cawdelinde.example", ("#8a1538", "#ffffff", "#2b5d8a")),
    ("pz-netevallei", "Politiezone Heidebeek-Netevallei", "politiezone", None, "0264.991.132", "+32 3 444 40 00",
     "info@pznetevallei.example", "https://www.pznetevallei.example", ("#1b3a6b", "#ffffff", "#c9a400")),
    ("ian", "Intercommunale Afvalbeheer Netevallei", "afvalintercommunale", None, "0203.665.554", "+32 3 444 50 00",
     "klantendienst@ian.example", "https://www.ian.example", ("#2e6b1f", "#ffffff", "#5c5c5c")),
    ("heidewonen", "Woonmaatschappij Heidewonen", "woonmaatschappij", None, "0401.727.973", "+32 3 444 60 00",
     "verhuur@heidewonen.example", "https://www.heidewonen.example", ("#b3441e", "#ffffff", "#1d5c3a")),
    ("hvz-netevallei", "Hulpverleningszone Netevallei", "hulpverleningszone", None, "0677.553.116", "+32 3 444 70 00",
     "preventie@hvznetevallei.example", "https://www.hvznetevallei.example", ("#a61b1b", "#ffffff", "#333333")),
]

# organisation slug -> [(department slug, name, description, teams)]
DEPARTMENTS = {
    "heidebeek": [
        ("burgerzaken", "Burgerzaken", "Identiteitskaarten, rijbewijzen, verhuizingen, geboorte, huwelijk en overlijden.",
         ["Bevolking", "Burgerlijke stand"]),
        ("omgeving", "Omgeving", "Omgevingsvergunningen, ruimtelijke ordening, milieu en handhaving.",
         ["Vergunningen", "Handhaving"]),
        ("openbare-ruimte", "Openbare Ruimte", "Wegen, groen, netheid, verlichting en de meldingen over de openbare ruimte.",
         ["Wegen", "Groen", "Netheid"]),
        ("financien", "Financiën", "Belastingen, retributies, facturen en betalingen.", ["Belastingen", "Boekhouding"]),
        ("vrije-tijd", "Vrije Tijd", "Cultuur, sport, jeugd, evenementen en de bibliotheek.", ["Evenementen", "Sport", "Jeugd"]),
        ("klantcontact", "Klantcontactcentrum", "Eerste aanspreekpunt aan de telefoon, per mail en aan het onthaal.",
         ["Telefoon en mail", "Onthaal"]),
        ("informatiebeheer", "Informatiebeheer en ICT", "Functioneel beheer van Loket en de andere systemen.", []),
    ],
    "ocmw-heidebeek": [
        ("sociaal-huis", "Sociaal Huis", "Eén loket voor welzijn: leefloon, budgetbegeleiding, thuiszorg, energie en wonen.",
         ["Onthaal", "Maatschappelijk werk", "Schuldhulpverlening"]),
        ("woonzorg", "Woonzorg en thuiszorg", "Dienstencentra, maaltijden aan huis, poetshulp en assistentiewoningen.", []),
    ],
    "caw-de-linde": [("onthaal", "Onthaal en begeleiding", "Vragen over welzijn, relaties, geweld en dak- en thuisloosheid.", [])],
    "pz-netevallei": [("wijkwerking", "Wijkwerking", "Wijkinspecteurs, woonstcontroles en verkeersadvies bij evenementen.", [])],
    "ian": [("klantendienst", "Klantendienst", "Afvalkalender, containers, recyclagepark en sluikstorten.", [])],
    "heidewonen": [("verhuur", "Verhuur en sociale begeleiding", "Inschrijving, toewijzing en begeleiding van huurders.", [])],
    "hvz-netevallei": [("preventie", "Brandpreventie", "Brandveiligheidsadvies bij evenementen en vergunningen.", [])],
}

# The named demo accounts printed at start-up: username, first, last, organisation, [(department, role, team)], superuser
STAFF = [
    ("beheerder", "Els", "Wouters", "heidebeek", [("informatiebeheer", "beheerder", None)], True),
    ("kcc.an", "An", "Peeters", "heidebeek", [("klantcontact", "kcc", "Telefoon en mail")], False),
    ("balie.tom", "Tom", "Janssens", "heidebeek", [("burgerzaken", "frontoffice", "Bevolking")], False),
    ("omgeving.sara", "Sara", "Maes", "heidebeek", [("omgeving", "behandelaar", "Vergunningen")], False),
    ("openbareruimte.koen", "Koen", "Claes", "heidebeek", [("openbare-ruimte", "behandelaar", "Wegen")], False),
    ("teamleider.lies", "Lies", "Goossens", "heidebeek",
     [("openbare-ruimte", "leidinggevende", None), ("klantcontact", "leidinggevende", None)], False),
    ("financien.bart", "Bart", "Willems", "heidebeek", [("financien", "behandelaar", "Belastingen")], False),
    ("vrijetijd.nina", "Nina", "Vermeulen", "heidebeek", [("vrije-tijd", "behandelaar", "Evenementen")], False),
    ("sociaalhuis.fatima", "Fatima", "El Amrani", "ocmw-heidebeek",
     [("sociaal-huis", "maatschappelijk_werker", "Maatschappelijk werk")], False),
    ("caw.joris", "Joris", "De Smet", "caw-de-linde", [("onthaal", "maatschappelijk_werker", None)], False),
    ("politie.inge", "Inge", "Dubois", "pz-netevallei", [("wijkwerking", "behandelaar", None)], False),
    ("afval.dirk", "Dirk", "Mertens", "ian", [("klantendienst", "frontoffice", None)], False),
    ("wonen.ruth", "Ruth", "Lambrechts", "heidewonen", [("verhuur", "behandelaar", None)], False),
]

WEEKDAYS_OFFICE = [(d, time(8, 30), time(12, 0), False) for d in range(5)]

# name, organisation, kind, street, number, town, (lat, lon), phone, departments, hours, accessibility
LOCATIONS = [
    ("Gemeentehuis Heidebeek", "heidebeek", "gemeentehuis", "Markt", "1", "Heidebeek", (51.0800, 4.6200), "+32 3 444 10 00",
     ["burgerzaken", "omgeving", "financien", "klantcontact"],
     WEEKDAYS_OFFICE + [(0, time(13, 30), time(16, 0), True), (2, time(13, 30), time(16, 0), True),
                        (3, time(16, 0), time(19, 0), False), (5, time(9, 0), time(12, 0), True)],
     "Toegankelijk voor rolstoelgebruikers; aangepast toilet en ringleiding aan het onthaal."),
    ("Sociaal Huis", "ocmw-heidebeek", "sociaal_huis", "Kerkstraat", "12", "Heidebeek", (51.0811, 4.6183), "+32 3 444 20 00",
     ["sociaal-huis"],
     WEEKDAYS_OFFICE + [(1, time(13, 30), time(16, 30), True), (3, time(13, 30), time(16, 30), True)],
     "Gelijkvloers, toegankelijk voor rolstoelgebruikers. Gesprekken in een aparte ruimte."),
    ("Dienstencentrum Heikant", "ocmw-heidebeek", "dienstencentrum", "Heikantstraat", "48", "Heikant", (51.0932, 4.6411),
     "+32 3 444 20 50", ["woonzorg", "burgerzaken"],
     [(1, time(9, 0), time(12, 0), False), (3, time(13, 30), time(16, 0), True)],
     "Burgerzaken op afspraak op donderdagnamiddag."),
    ("Bibliotheek Heidebeek", "heidebeek", "bibliotheek", "Schoolstraat", "5", "Heidebeek", (51.0795, 4.6231), "+32 3 444 15 00",
     ["vrije-tijd"],
     [(0, time(14, 0), time(19, 0), False), (2, time(10, 0), time(18, 0), False), (4, time(14, 0), time(19, 0), False),
      (5, time(10, 0), time(13, 0), False)], ""),
    ("Recyclagepark Heidebeek", "ian", "recyclagepark", "Industrieweg", "20", "Heidebeek", (51.0741, 4.6305), "+32 3 444 50 00",
     ["klantendienst"],
     [(1, time(13, 0), time(19, 0), False), (2, time(9, 0), time(16, 0), False), (4, time(13, 0), time(19, 0), False),
      (5, time(9, 0), time(16, 0), False)], "Toegang met je elektronische identiteitskaart."),
    ("Politiekantoor Heidebeek", "pz-netevallei", "kantoor", "Stationsstraat", "30", "Heidebeek", (51.0826, 4.6152),
     "+32 3 444 40 00", ["wijkwerking"], [(d, time(9, 0), time(17, 0), False) for d in range(5)], ""),
    ("CAW De Linde – onthaal Heidebeek", "caw-de-linde", "kantoor", "Kerkstraat", "14", "Heidebeek", (51.0812, 4.6186),
     "+32 3 444 30 00", ["onthaal"], [(0, time(9, 0), time(12, 0), False), (3, time(13, 0), time(17, 0), False)], ""),
    ("Heidewonen – klantenkantoor", "heidewonen", "kantoor", "Molenweg", "3", "Heidebeek", (51.0772, 4.6169),
     "+32 3 444 60 00", ["verhuur"], [(1, time(9, 0), time(12, 0), False), (4, time(9, 0), time(12, 0), False)], ""),
]

STREETS = {
    "Heidebeek": [
        "Markt", "Kerkstraat", "Schoolstraat", "Stationsstraat", "Molenweg", "Heidestraat", "Beekstraat", "Dorpsstraat",
        "Lindelaan", "Kapelstraat", "Bosstraat", "Nieuwstraat", "Veldstraat", "Pastorijstraat", "Hoogstraat",
        "Kasteeldreef", "Bremstraat", "Eikenlaan", "Berkenlaan", "Gildestraat", "Industrieweg", "Processieweg",
        "Leemputstraat", "Sint-Jansplein", "Vaartkant", "Boomgaardstraat", "Kempenlaan", "Netelaan", "Zandstraat",
        "Weverstraat", "Brouwerijstraat", "Vlasstraat", "Koekoekstraat", "Meidoornstraat", "Torenstraat",
    ],
    "Heikant": [
        "Heikantstraat", "Heikantplein", "Kattenhoek", "Vennestraat", "Turfweg", "Blauwe Steen", "Struikheide",
        "Schaapsdreef", "Kiezelweg", "Dennenlaan", "Hoevestraat", "Ganzenweide", "Ruiterspad", "Kievitstraat",
        "Veenweg",
    ],
}
