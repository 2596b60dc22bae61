"""Demo data of the portal app for the demo municipality Heidebeek.

Called by :func:`loket.demo.services.load_demo` after the catalog, case types, meldingen and contacts exist.

The demo resident is the first Heidebeek resident with a national number (the test identity provider lists
residents who may represent someone first, so she is at the top of its list). She has:

- a verified e-mail address, preferred channel e-mail;
- a child she acts for (parent; a minor of the demo's residents) and a neighbour who gave her a mandate (volmacht);
- four cases: a parking card waiting for a document she must send, an event permit closed with a decision and its
  letter, a public-domain permit whose deadline was extended, and a moving-lift permit just received;
- two meldingen, one answered question and one open question, messages (some read), and a staff access in her
  access log; the child has a question her parent asked for her.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

PDF_TEXT = ("Gemeente Heidebeek\n\nBesluit over uw aanvraag van een evenementenvergunning.\n\n"
            "Het college verleent de vergunning voor het buurtfeest in de Kerkstraat. Houd u aan de voorwaarden "
            "in de bijlage.\n\nMet vriendelijke groeten,\nHet college van burgemeester en schepenen")


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def reset(organisations) -> None:
    """Remove this app's demo data of the demo organisations (before their cases and case types go)."""
    from .models import (
        AddressVerification,
        DocumentRequest,
        LoginEvent,
        OutgoingSms,
        PortalIdentity,
        PortalMessage,
    )

    # H1: log-ins of demo residents (the organisation is protected by these rows).
    LoginEvent.objects.filter(organisation__in=organisations).delete()
    PortalIdentity.objects.filter(organisation__in=organisations).delete()
    PortalMessage.objects.filter(organisation__in=organisations).delete()
    DocumentRequest.objects.filter(organisation__in=organisations).delete()
    AddressVerification.objects.filter(organisation__in=organisations).delete()
    OutgoingSms.objects.filter(organisation__in=organisations).delete()
    # The demo's notifications queued e-mails (outbox rows that protect the organisation): the demo's own mail goes too.
    from loket.platform.messaging.models import OutgoingEmail

    OutgoingEmail.objects.filter(organisation__in=organisations).delete()


def _staff_for(department):
    from loket.platform.accounts.models import User

    return User.objects.filter(memberships__department=department, is_active=True).order_by("pk").first()


def _child(organisation, *, exclude, today):
    """A resident under 18 of the demo (the residents follow an age pyramid), to be the demo resident's child."""
    from loket.contacts.models import Party, PartyKind

    eighteen_years_ago = today - datetime.timedelta(days=18 * 365 + 5)
    four_years_ago = today - datetime.timedelta(days=4 * 365)
    return (Party.objects.filter(organisation=organisation, kind=PartyKind.PERSON, is_active=True,
                                 date_of_birth__gt=eighteen_years_ago, date_of_birth__lt=four_years_ago)
            .exclude(pk__in=[pk for pk in exclude if pk]).order_by("pk").first())


def demo_residents(organisation):
    """(main resident, neighbour who gave a mandate) of the demo: the first two residents with a national number."""
    from loket.contacts.models import Party, PartyKind

    people = list(Party.objects.filter(organisation=organisation, kind=PartyKind.PERSON, is_active=True)
                  .exclude(national_number_index="").order_by("pk")[:2])
    return (people + [None, None])[:2]


def load(organisations, departments, *, seed: int) -> dict:
    """Create this app's demo data; returns counts for the start-up summary."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from loket.cases import services as case_services
    from loket.cases.models import StatusType, ZaakType
    from loket.contacts import services as contact_services
    from loket.contacts.models import ContactChannel, InternalTask, Party, PartyKind
    from loket.meldingen.models import Melding

    from . import services
    from .models import DocumentRequest, PortalMessage

    heidebeek = organisations["heidebeek"]
    main, neighbour = demo_residents(heidebeek)
    if main is None:
        return {}
    today = datetime.date.today()
    if not main.digital_addresses.filter(kind="email", verified_at__isnull=False).exists():
        contact_services.add_digital_address(party=main, kind="email", value=f"{main.first_name.lower() or 'inwoner'}"
                                             f".demo@heidebeek.example", is_default=True, verified=True,
                                             actor=services.RESIDENT_ACTOR)
    contact_services.set_preferred_channel(party=main, channel="email", actor=services.RESIDENT_ACTOR)
    child = _child(heidebeek, exclude={main.pk, getattr(neighbour, "pk", None)}, today=today)
    if child is None:  # a tiny demo without minors: make one
        child = contact_services.create_party(
            organisation=heidebeek, kind=PartyKind.PERSON, first_name="Lotte", last_name=main.last_name or "Demo",
            date_of_birth=datetime.date(today.year - 12, 5, 14), street=main.street, house_number=main.house_number,
            postal_code=main.postal_code, city=main.city, preferred_channel="portaal",
        )
    contact_services.add_representation(representative=main, represented=child, reason="familie",
                                        valid_from=child.date_of_birth, note="Ouder van een minderjarig kind")
    if neighbour is not None:
        contact_services.add_representation(representative=main, represented=neighbour, reason="volmacht",
                                            valid_from=today - datetime.timedelta(days=30),
                                            valid_until=today + datetime.timedelta(days=335),
                                            note="Volmacht voor aanvragen en vragen")
    # H1: the demo resident is contact person of a business, so the test identity provider's business log-in
    # (eHerkenning-style) names an acting person and "Namens" can switch to the business.
    business = (Party.objects.filter(organisation=heidebeek, kind=PartyKind.BUSINESS, is_active=True)
                .exclude(business_number="").order_by("pk").first())
    if business is not None:
        contact_services.add_representation(representative=main, represented=business, reason="contactpersoon",
                                            valid_from=today - datetime.timedelta(days=400),
                                            note="Zaakvoerder")

    def version(code):
        return ZaakType.objects.filter(catalogus__organisation=heidebeek, identificatie=code, concept=False).order_by(
            "-begin_geldigheid").first()

    def status(zaaktype, name):
        return StatusType.objects.get(zaaktype=zaaktype, omschrijving=name)

    def new_case(code, description, properties, days_ago, initiator=main):
        return case_services.create_case(
            organisation=heidebeek, zaaktype=version(code), omschrijving=description, eigenschappen=properties,
            initiator=initiator, startdatum=today - datetime.timedelta(days=days_ago), source_app="portaal",
            communicatiekanaal="e-loket",
        )

    # 1. Parking card: in progress, waiting for a document from the resident.
    parking = new_case("PARKEERKAART", "Bewonerskaart voor mijn auto", {"nummerplaat": "1-DEM-001"}, 4)
    handler = _staff_for(parking.department)
    case_services.set_status(zaak=parking, statustype=status(parking.zaaktype, "In behandeling"), actor=handler)
    if handler is not None:
        services.request_document(zaak=parking, actor=handler, due_date=today + datetime.timedelta(days=10),
                                  description="Een kopie van het inschrijvingsbewijs van uw auto (beide kanten).")
    # 2. Event permit: closed with a decision and its letter.
    event = new_case("EVENEMENT", "Buurtfeest Kerkstraat", {"soort": "buurtfeest", "bezoekers": "120"}, 40)
    event_handler = _staff_for(event.department)
    for name in ("Adviezen gevraagd", "Besluit in voorbereiding"):
        case_services.set_status(zaak=event, statustype=status(event.zaaktype, name), actor=None)
    letter_type = event.zaaktype.informatieobjecttypen.filter(omschrijving="Besluit").first()
    documents = []
    if letter_type is not None:
        letter = case_services.add_document(
            zaak=event, file=SimpleUploadedFile("besluit-buurtfeest.pdf", _pdf(PDF_TEXT), content_type="application/pdf"),
            titel="Besluit evenementenvergunning", informatieobjecttype=letter_type, actor=event_handler,
            vertrouwelijkheidaanduiding="beperkt_openbaar", status="definitief",
        )
        documents = [letter.informatieobject]
    permit = event.zaaktype.besluittypen.filter(omschrijving="Vergunning").first()
    if permit is not None:
        case_services.create_decision(zaak=event, besluittype=permit, datum=today - datetime.timedelta(days=3),
                                      ingangsdatum=today - datetime.timedelta(days=3), verzenddatum=today - datetime.timedelta(days=3),
                                      toelichting="U mag het buurtfeest organiseren op de gevraagde dag, van 14 tot 23 uur.",
                                      actor=None, documents=documents)
    verleend = event.zaaktype.resultaattypen.filter(omschrijving="Verleend").first()
    case_services.close_case(zaak=event, actor=None, resultaattype=verleend, cancel_open_tasks=True)
    # 3. Public domain: deadline extended.
    container = new_case("INNAME-OPENBAAR-DOMEIN", "Container voor mijn verbouwing", {"adres": f"{main.street} {main.house_number}"}, 6)
    case_services.set_status(zaak=container, statustype=status(container.zaaktype, "Advies gevraagd"), actor=None)
    case_services.extend_case(zaak=container, reason="Het advies van de politie over de verkeerssituatie duurt langer",
                              actor=None, days=5)
    # 4. A new application, just received.
    new_case("INNAME-OPENBAAR-DOMEIN", "Verhuislift voor mijn verhuizing", {"adres": f"{main.street} {main.house_number}"}, 0)
    # Meldingen: two demo meldingen were reported by her.
    for melding in Melding.objects.filter(organisation=heidebeek, party__isnull=True).order_by("pk")[:2]:
        Melding.objects.filter(pk=melding.pk).update(party=main)
    # Questions: one answered, one open.
    answered = services.ask_question(organisation=heidebeek, party=main,
                                     question="Wanneer wordt het grofvuil opgehaald in mijn straat?")
    task = InternalTask.objects.filter(contact=answered).first()
    agent = _staff_for(task.department) if task is not None else None
    if agent is not None:
        contact_services.answer_task(task=task, actor=agent, channel=ContactChannel.EMAIL,
                                     answer="Het grofvuil wordt in uw straat opgehaald op de tweede dinsdag van de maand. "
                                            "Zet het buiten voor 7 uur 's ochtends.")
    services.ask_question(organisation=heidebeek, party=main,
                          question="Kan ik een tweede bewonerskaart krijgen voor de auto van mijn partner?")
    services.ask_question(organisation=heidebeek, party=child, representative=main,
                          question="Kan mijn kind deze zomer naar de speelpleinwerking? Hoe schrijf ik haar in?")
    # Staff looked at her data (access log).
    if agent is not None:
        contact_services.record_view(main, agent, "Telefonische vraag over de bewonersparkeerkaart")
    # Older messages read.
    old = PortalMessage.objects.filter(party=main).filter(Q(kind="status") | Q(zaak=event)).exclude(kind="decision")
    services.mark_all_read(party=child)
    old.update(read_at=timezone.now())
    return {
        "portal_messages": PortalMessage.objects.filter(organisation=heidebeek).count(),
        "document_requests": DocumentRequest.objects.filter(organisation=heidebeek).count(),
    }
