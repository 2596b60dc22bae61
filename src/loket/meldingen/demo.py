"""Demo meldingen for Heidebeek: the taxonomy, settings with the municipality's boundary, routing rules to
openbare-ruimte, the waste intercommunale (ian) and the police zone (pz-netevallei), and some realistic reports in
every state. All made through the services, as a resident or staff member would."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from . import services, taxonomy
from .geocoding import geocoder
from .models import Channel, Melding, RoutingRule, State

BOUNDARY = {"type": "Polygon", "coordinates": [[
    [4.585, 51.062], [4.640, 51.058], [4.668, 51.072], [4.672, 51.100], [4.650, 51.110], [4.600, 51.104],
    [4.582, 51.085], [4.585, 51.062],
]]}

# (text, sub category slug, address, reporter (as an e-mail-like name) or "", channel)
REPORTS = [
    ("De glasbak aan de kerk zit weer propvol, er staan flessen naast op de grond.", "container-is-vol", "Kerkstraat 3", "an.peeters@example.org", Channel.WEB),
    ("Iemand heeft een zetel en een matras naast de papierbak gezet. Al drie dagen.", "grofvuil", "Molenweg 40", "", Channel.WEB),
    ("lantaarnpaal voor nr 22 brandt al een week niet, s avonds pikdonker op het voetpad", "straatverlichting-openbare-klok", "Lindelaan 22", "joris.wouters@example.org", Channel.WEB),
    ("Diepe put in het fietspad, gevaarlijk met de fiets als het donker is.", "onderhoud-stoep-straat-en-fietspad", "Stationsstraat 51", "", Channel.PHONE),
    ("Sluikstort van bouwafval (gyproc, tegels) langs de weg aan het bos.", "puin-sloopafval", "Bosstraat 120", "", Channel.WEB),
    ("De vuilbak op het Sint-Jansplein puilt uit, afval waait de straat op.", "prullenbak-is-vol", "Sint-Jansplein 1", "", Channel.WEB),
    ("Er hangt graffiti op de gevel van de bibliotheek, grote letters.", "graffiti-wildplak", "Schoolstraat 5", "lotte.maes@example.org", Channel.WEB),
    ("Boom is half omgewaaid na de storm en hangt over de rijweg.", "boom", "Kasteeldreef 14", "", Channel.PHONE),
    ("Al weken staat hier een fietswrak vastgeketend zonder wielen.", "fietswrak", "Stationsstraat 30", "", Channel.WEB),
    ("ratten gezien bij de containers achter de appartementen, meerdere keren", "ratten", "Beekstraat 77", "", Channel.WEB),
    ("Auto's parkeren elke avond op het voetpad, met de kinderwagen moet je de straat op.", "parkeeroverlast", "Dorpsstraat 18", "", Channel.WEB),
    ("Het verkeerslicht aan het kruispunt springt niet meer op groen voor fietsers.", "verkeerslicht", "Industrieweg 2", "", Channel.PHONE),
    ("Hondenpoep overal op het grasveld waar de kinderen spelen.", "hondenpoep", "Eikenlaan 9", "", Channel.WEB),
    ("Het gras in het park is al maanden niet gemaaid, staat kniehoog.", "maaien-snoeien", "Berkenlaan 31", "", Channel.WEB),
    ("Rioolkolk verstopt, bij regen staat de hele straat blank.", "put-riolering-verstopt", "Veldstraat 64", "sofie.janssens@example.org", Channel.WEB),
    ("Dode kat langs de kant van de weg.", "dode-dieren", "Heidestraat 101", "", Channel.PHONE),
    ("Wespennest in de speeltuin onder de glijbaan.", "wespen", "Kempenlaan 12", "", Channel.WEB),
    ("Jongeren hangen elke nacht rond aan het bankje en maken lawaai tot 2u.", "jongerenoverlast", "Netelaan 5", "", Channel.WEB),
    ("Het café draait tot 3 uur luide muziek met open deuren.", "geluidsoverlast-muziek", "Markt 8", "", Channel.PHONE),
    ("De schommel in de speeltuin is kapot, een ketting is gebroken.", "speelplaats", "Kempenlaan 15", "", Channel.WEB),
    ("Verkeersbord omvergereden aan de bocht, ligt in de gracht.", "verkeersbord-verkeersafzetting", "Processieweg 33", "", Channel.WEB),
    ("Container voor plastic is kapot, het deksel gaat niet meer dicht.", "container-voor-plastic-afval-is-kapot", "Heikantplein 2", "", Channel.WEB),
    ("Zwerfvuil langs heel de Vaartkant, blikjes en chipszakken.", "veeg-zwerfvuil", "Vaartkant 20", "", Channel.WEB),
    ("Bank in het park is vernield, planken eruit getrokken.", "straatmeubilair", "Boomgaardstraat 4", "", Channel.WEB),
    ("Onkruid groeit tussen de stoeptegels, je struikelt er bijna over.", "onkruid", "Torenstraat 17", "", Channel.WEB),
    ("Autowrak zonder nummerplaat staat al een maand op de parking.", "auto-scooter-bromfietswrak", "Zandstraat 60", "", Channel.WEB),
    ("Asbestplaten gedumpt naast het wandelpad.", "asbest-accu", "Turfweg 8", "", Channel.PHONE),
    ("De klok op de kerktoren staat al dagen stil.", "klok", "Kerkstraat 1", "", Channel.WEB),
    ("Zwerfvuil en drijvend afval in de beek aan de brug.", "drijfvuil", "Beekstraat 2", "", Channel.WEB),
    ("Duiven nestelen onder de brug, alles ligt vol uitwerpselen.", "duiven", "Vennestraat 11", "", Channel.WEB),
]
# state path per report (cycled): the transitions staff made
PATHS = [
    [], [State.IN_PROGRESS], [State.PLANNED], [State.IN_PROGRESS, State.HANDLED], [State.AWAITING],
    [State.ON_HOLD], [State.IN_PROGRESS, State.HANDLED], [State.CANCELLED], [State.PLANNED, State.HANDLED], [],
]


def reset(organisations) -> None:
    """Remove the meldingen data of the demo organisations (before their cases, departments and staff go)."""
    from .models import Category, MeldingSettings, Open311Client, TrainedClassifier

    meldingen = Melding.objects.filter(organisation__in=organisations)
    meldingen.filter(merged_into__isnull=False).update(merged_into=None)
    meldingen.filter(parent__isnull=False).delete()
    for melding in meldingen:
        for photo in melding.photos.all():
            photo.original.delete(save=False)
            photo.display.delete(save=False)
    from .models import StateChange

    StateChange.objects.filter(melding__organisation__in=organisations)._raw_delete(StateChange.objects.db)
    meldingen.delete()
    RoutingRule.objects.filter(organisation__in=organisations).delete()
    Category.objects.filter(organisation__in=organisations, parent__isnull=False).delete()
    Category.objects.filter(organisation__in=organisations).delete()
    MeldingSettings.objects.filter(organisation__in=organisations).delete()
    Open311Client.objects.filter(organisation__in=organisations).delete()
    TrainedClassifier.objects.filter(organisation__in=organisations).delete()


def load(organisations, departments, *, seed: int = 2026) -> int:
    """Taxonomy, settings, routing rules and demo reports for Heidebeek. Returns the number of meldingen."""
    gemeente = organisations["heidebeek"]
    public_space = departments["openbare-ruimte"]
    taxonomy.load_taxonomy(gemeente, department=public_space)
    services.configure(organisation=gemeente, boundary=BOUNDARY, default_department=public_space)
    services.setup_case_type(organisation=gemeente, department=public_space)
    ian_rule = RoutingRule.objects.create(organisation=gemeente, order=10, name="Containers en grofvuil naar IAN",
                                          partner=organisations["ian"])
    from .models import Category

    ian_rule.categories.set(Category.objects.filter(organisation=gemeente, slug__in=[
        "container-is-vol", "container-is-kapot", "container-voor-plastic-afval-is-vol",
        "container-voor-plastic-afval-is-kapot", "grofvuil", "huisafval"], parent__isnull=False))
    police_rule = RoutingRule.objects.create(organisation=gemeente, order=20, name="Overlast door personen naar politie",
                                             partner=organisations["pz-netevallei"])
    police_rule.categories.set(Category.objects.filter(organisation=gemeente, parent__isnull=True,
                                                       slug="overlast-van-en-door-personen-of-groepen"))
    night_rule = RoutingRule.objects.create(organisation=gemeente, order=30, name="Nachtlawaai naar politie",
                                            partner=organisations["pz-netevallei"], start_time=datetime.time(22),
                                            end_time=datetime.time(6))
    night_rule.categories.set(Category.objects.filter(organisation=gemeente, slug__in=["geluidsoverlast-muziek"]))
    RoutingRule.objects.create(organisation=gemeente, order=100, name="De rest naar Openbare Ruimte",
                               department=public_space)

    rng = random.Random(seed)  # noqa: S311 - deterministic demo data, not security
    finder = geocoder()
    made = 0
    for index, (text, slug, address, email, channel) in enumerate(REPORTS):
        found = finder.search(address)
        if not found:
            continue
        place = found[0]
        melding = services.create_melding(
            organisation=gemeente, text=text, latitude=place.latitude + rng.uniform(-0.00005, 0.00005),
            longitude=place.longitude + rng.uniform(-0.00005, 0.00005), address=place.label, category=slug,
            # Demo reporters leave a name and phone number, no e-mail: the demo sends no mail to anyone.
            reporter_name=email.split("@")[0].replace(".", " ").title() if email else "",
            reporter_phone=f"+32 470 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}" if email else "",
            channel=channel,
        )
        for state in PATHS[index % len(PATHS)]:
            if state in services.TRANSITIONS[melding.state]:
                melding = services.transition(melding=melding, to_state=state, actor=None,
                                              note="Demo: door de ploeg verwerkt.")
        age = datetime.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 20))
        Melding.objects.filter(pk=melding.pk).update(created_at=timezone.now() - age)
        made += 1
    # Two residents reported the same full glass container: merged by staff.
    main = Melding.objects.filter(organisation=gemeente, category__slug="container-is-vol").order_by("pk").first()
    if main is not None and main.is_open:
        duplicate = services.create_melding(
            organisation=gemeente, text="glasbak kerk vol!!", latitude=main.latitude + 0.0001, longitude=main.longitude,
            address=main.address, category="container-is-vol", channel=Channel.WEB,
        )
        services.merge(melding=duplicate, into=main, actor=None)
        made += 1
    # The classifier learns from the seed set in the background (the worker), not during the demo load.
    try:
        from .classification.tasks import request_retraining

        # After the commit: a retraining already queued refuses the insert, which must not abort the demo's transaction.
        transaction.on_commit(lambda: request_retraining(None))
    except ImportError:
        pass
    return made
