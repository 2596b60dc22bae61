"""Contact history for the demo municipality Heidebeek: digital addresses, contact moments on every channel, callback
tasks (some answered), a representative, a possible duplicate to merge, and knowledge articles for frequent products.

Deterministic per seed. Called by :func:`loket.demo.services.load_demo` after the parties, staff and cases exist.
Bulk inserts where volume matters (addresses, contacts); tasks, answers, the duplicate and the articles go through
the services, as a staff member would make them.
"""

import datetime
import random

from django.utils import timezone

from loket.platform.accounts.models import Membership, User
from loket.platform.organisations.models import Department

from . import identifiers, services
from .models import (
    Actor,
    ContactChannel,
    ContactMoment,
    ContactOutcome,
    DigitalAddress,
    DigitalAddressKind,
    InternalTask,
    KnowledgeArticle,
    Party,
    PartyKind,
    PartyMerge,
    PartyMergeCandidate,
    Representation,
)

# (question, subject, product search words, typical outcome)
QUESTIONS = [
    ("Wanneer wordt het grofvuil in mijn straat opgehaald?", "Grofvuil", "grofvuil", ContactOutcome.ANSWERED),
    ("Mijn identiteitskaart vervalt volgende maand, wat moet ik meebrengen?", "Identiteitskaart", "identiteitskaart",
     ContactOutcome.APPOINTMENT),
    ("Hoe vraag ik een bewonerskaart voor het parkeren aan?", "Bewonerskaart", "bewonerskaart parkeren", ContactOutcome.ANSWERED),
    ("Ik ben verhuisd, hoe geef ik mijn nieuw adres door?", "Adreswijziging", "verhuizing adreswijziging", ContactOutcome.ANSWERED),
    ("Wat kost een uittreksel uit het strafregister?", "Uittreksel strafregister", "uittreksel strafregister",
     ContactOutcome.ANSWERED),
    ("Ik wil een container op straat plaatsen voor een verbouwing.", "Inname openbaar domein", "container openbaar domein",
     ContactOutcome.HANDED_ON),
    ("Mijn rijbewijs is gestolen, wat nu?", "Rijbewijs", "rijbewijs", ContactOutcome.APPOINTMENT),
    ("Kan ik hulp krijgen bij het betalen van mijn energiefactuur?", "Energie", "energie", ContactOutcome.HANDED_ON),
    ("Hoe lang duurt de aanvraag van een omgevingsvergunning?", "Omgevingsvergunning", "omgevingsvergunning",
     ContactOutcome.HANDED_ON),
    ("Waar kan ik mijn huwelijk aangeven?", "Huwelijk", "huwelijk", ContactOutcome.APPOINTMENT),
]
ANSWERS = {
    ContactOutcome.ANSWERED: "Uitgelegd en de link naar de productpagina gegeven.",
    ContactOutcome.APPOINTMENT: "Afspraak aan de balie gemaakt.",
    ContactOutcome.HANDED_ON: "Doorgezet naar de vakdienst; zij bellen terug.",
}
CHANNEL_WEIGHTS = [
    (ContactChannel.PHONE, 40), (ContactChannel.COUNTER, 20), (ContactChannel.EMAIL, 18), (ContactChannel.WEB_FORM, 10),
    (ContactChannel.CHAT, 5), (ContactChannel.SOCIAL_MEDIA, 2), (ContactChannel.LETTER, 3), (ContactChannel.HOME_VISIT, 2),
]
ARTICLES = [
    ("identiteitskaart", "Nieuwe kaart of vernieuwing? Vraag naar de oproepingsbrief en of er een pasfoto is (niet ouder "
     "dan 6 maanden).", "Afspraak aan de balie Burgerzaken; verlies of diefstal eerst bij de politie melden."),
    ("rijbewijs", "Gaat het om een eerste rijbewijs, een vernieuwing of een internationaal rijbewijs?",
     "Balie Burgerzaken op afspraak; bij diefstal eerst aangifte bij de politie."),
    ("grofvuil", "Welke stukken en hoeveel m³? Is de inwoner ingeschreven in Heidebeek?",
     "Ophaling op afroep via de intercommunale (IAN); kleine hoeveelheden naar het recyclagepark."),
    ("omgevingsvergunning", "Gaat het om bouwen, verbouwen of een functiewijziging? Is er al een architect?",
     "Dienst Omgeving, enkel op afspraak; aanvraag via het Omgevingsloket."),
    ("leefloon", "Vraag niet naar de inhoud van het dossier; noteer enkel naam en telefoonnummer.",
     "Sociaal Huis (OCMW), onthaal; dringend: zelfde dag terugbellen."),
    ("parkeren", "Woont de inwoner in een zone met bewonersparkeren? Eigen of leasewagen?",
     "Dienst Mobiliteit; aanvraag online met het inschrijvingsbewijs van de wagen."),
]


def reset(organisations) -> None:
    """Remove the contact data of the demo organisations (before their parties and staff go)."""
    PartyMerge.objects.filter(organisation__in=organisations).delete()
    PartyMergeCandidate.objects.filter(organisation__in=organisations).delete()
    ContactMoment.objects.filter(organisation__in=organisations).update(answers_task=None)
    InternalTask.objects.filter(organisation__in=organisations).delete()
    ContactMoment.objects.filter(organisation__in=organisations).delete()
    KnowledgeArticle.objects.filter(organisation__in=organisations).delete()
    Representation.objects.filter(organisation__in=organisations).delete()
    Party.objects.filter(organisation__in=organisations).update(merged_into=None, preferred_digital_address=None)
    Actor.objects.filter(organisation__in=organisations).delete()


def _addresses(organisation) -> int:
    """Digital addresses for the parties' e-mail and phone (normalised), and business numbers as digits."""
    rows = []
    for party in Party.objects.filter(organisation=organisation).only("pk", "email", "phone", "business_number", "kind"):
        updates = {}
        if party.email:
            rows.append(DigitalAddress(organisation=organisation, party_id=party.pk, kind=DigitalAddressKind.EMAIL,
                                       value=party.email, normalised_value=identifiers.normalise_email(party.email),
                                       is_default=True))
        phone = identifiers.normalise_phone(party.phone, organisation.country)
        if phone:
            rows.append(DigitalAddress(organisation=organisation, party_id=party.pk, kind=DigitalAddressKind.PHONE,
                                       value=party.phone, normalised_value=phone, is_default=True))
            updates["phone"] = phone
        if party.business_number:
            updates["business_number_type"] = "kbo"
        if updates:
            Party.objects.filter(pk=party.pk).update(**updates)
    DigitalAddress.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)  # parties made through the services have theirs
    for party in Party.objects.filter(organisation=organisation).exclude(preferred_channel="post").only(
            "pk", "preferred_channel", "preferred_digital_address"):
        services._sync_preferred_address(party)
    return len(rows)


def _products(organisation) -> dict:
    from . import selectors

    found = {}
    for _question, _subject, words, _outcome in QUESTIONS:
        hits = selectors.product_hits(organisation, words, limit=1)
        if hits:
            found[words] = hits[0].id
    return found


def load(organisation, *, seed: int = 2026, with_history: int = 400) -> dict:
    """Contact history for ``with_history`` residents of ``organisation`` (and the rest of the demo's contact data)."""
    from loket.cases.models import Zaak

    rng = random.Random(seed + 8)  # noqa: S311 - deterministic demo data, not security
    address_count = _addresses(organisation)
    agents = list(User.objects.filter(memberships__role="kcc", memberships__department__organisation=organisation)
                  .distinct().order_by("pk"))
    staff = agents or list(User.objects.filter(organisation=organisation).order_by("pk")[:3])
    actors = [services.actor_for_user(user, organisation) for user in staff]
    people = list(Party.objects.filter(organisation=organisation, kind=PartyKind.PERSON).order_by("pk")[:with_history])
    products = _products(organisation)
    cases_by_party = {}
    for zaak in Zaak.objects.filter(organisation=organisation, initiator_party__isnull=False).order_by("pk"):
        cases_by_party.setdefault(zaak.initiator_party_id, zaak)
    now = timezone.now()
    channels, weights = zip(*CHANNEL_WEIGHTS, strict=True)
    contacts = []
    for party in people:
        for _ in range(rng.randint(1, 6)):
            question, subject, words, outcome = rng.choice(QUESTIONS)
            channel = rng.choices(channels, weights)[0]
            started = now - datetime.timedelta(days=rng.randint(0, 540), minutes=rng.randint(0, 600))
            handling = rng.randint(60, 900) if channel in (ContactChannel.PHONE, ContactChannel.COUNTER, ContactChannel.CHAT) else None
            automated = channel == ContactChannel.WEB_FORM
            contacts.append(ContactMoment(
                organisation=organisation, party=party, channel=channel, started_at=started,
                ended_at=started + datetime.timedelta(seconds=handling) if handling else None,
                actor=None if automated or not actors else rng.choice(actors), product_id=products.get(words),
                zaak=cases_by_party.get(party.pk) if rng.random() < 0.2 else None, subject=subject, question=question,
                answer=ANSWERS[outcome] if outcome != ContactOutcome.HANDED_ON else "", outcome=outcome,
                wait_seconds=rng.randint(0, 420) if channel == ContactChannel.PHONE else None, handling_seconds=handling,
            ))
    ContactMoment.objects.bulk_create(contacts, batch_size=1000)
    # Callback tasks for the latest handed-on questions; a few answered already.
    departments = list(Department.objects.filter(organisation=organisation).order_by("pk"))
    handed_on = [c for c in sorted(contacts, key=lambda c: c.started_at, reverse=True) if c.outcome == ContactOutcome.HANDED_ON][:25]
    tasks = 0
    for index, contact in enumerate(handed_on):
        if not departments or not staff:
            break
        department = rng.choice(departments)
        task = services.hand_over(contact=contact, actor=rng.choice(staff), department=department,
                                  note="Graag terugbellen tussen 9 en 12 uur.")
        tasks += 1
        worker = Membership.objects.filter(department=department).select_related("user").first()
        if index % 4 == 0 and worker is not None:
            services.answer_task(task=task, answer="Teruggebeld en uitgelegd.", actor=worker.user, channel=ContactChannel.PHONE)
    # A daughter who calls for her mother, and two residents sharing a landline (flagged as possible duplicates).
    if len(people) >= 4:
        services.add_representation(representative=people[1], represented=people[0], reason="familie",
                                    note="Dochter; belt voor haar moeder.", valid_from=datetime.date(2025, 1, 1))
        services.add_digital_address(party=people[2], kind=DigitalAddressKind.PHONE, value="+32 3 444 99 01",
                                     description="Vaste lijn")
        services.add_digital_address(party=people[3], kind=DigitalAddressKind.PHONE, value="03 444 99 01",
                                     description="Vaste lijn")
    articles = 0
    for words, ask, refer in ARTICLES:
        from . import selectors

        hits = selectors.product_hits(organisation, words, limit=1)
        if hits:
            from loket.catalog.models import Product

            services.save_knowledge_article(product=Product.objects.get(pk=hits[0].id), actor=staff[0] if staff else None,
                                            what_to_ask=ask, where_to_refer=refer, organisation=organisation)
            articles += 1
    return {"digital_addresses": address_count, "contacts": len(contacts), "callback_tasks": tasks, "knowledge_articles": articles}
