"""The "Mijn loket" pages as a resident uses them (Django test client, real PostgreSQL)."""

import datetime
import re

import pytest
from django.urls import reverse

from loket.cases import services as case_services
from loket.cases.models import CaseEvent, ZaakInformatieObject
from loket.contacts import services as contact_services
from loket.contacts.models import ContactChannel, DigitalAddress, InternalTask
from loket.platform.messaging.models import OutgoingEmail
from loket.portal import selectors, services
from loket.portal.models import AddressVerification, DocumentRequest, PortalMessage

from .overview_world import log_in, pdf_file

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# -- Access -----------------------------------------------------------------------------------------------------


def test_pages_need_a_log_in(client, overview_world):
    for name in ("overview", "cases", "meldingen", "questions", "new_question", "messages", "profile", "access_log"):
        response = client.get(reverse(f"portal:{name}"))
        assert response.status_code == 302 and reverse("portal:login") in response["Location"], name


def test_every_page_renders_for_a_resident(client, overview_world):
    overview_world.case()
    log_in(client, overview_world.anna)
    for name in ("overview", "cases", "meldingen", "questions", "new_question", "messages", "profile", "access_log"):
        response = client.get(reverse(f"portal:{name}"))
        assert response.status_code == 200, name
        assert "Anna Peeters" in text(response), name  # the identity bar


def test_resident_sees_only_own_cases_and_others_are_404(client, overview_world):
    mine = overview_world.case(omschrijving="Terras aan de markt")
    theirs = overview_world.case(initiator=overview_world.bert, omschrijving="Container bij Bert")
    log_in(client, overview_world.anna)
    page = text(client.get(reverse("portal:cases")))
    assert "Terras aan de markt" in page and "Container bij Bert" not in page
    assert client.get(reverse("portal:case", args=[mine.uuid])).status_code == 200
    assert client.get(reverse("portal:case", args=[theirs.uuid])).status_code == 404


def test_acting_for_shows_the_represented_partys_affairs(client, overview_world):
    overview_world.case(omschrijving="Aanvraag van Anna")
    childs = overview_world.case(initiator=overview_world.child, omschrijving="Aanvraag voor Lotte")
    log_in(client, overview_world.anna, acting_for=overview_world.child)
    page = text(client.get(reverse("portal:cases")))
    assert "Aanvraag voor Lotte" in page and "Aanvraag van Anna" not in page
    assert client.get(reverse("portal:case", args=[childs.uuid])).status_code == 200


def test_a_case_with_a_role_for_the_party_is_listed(client, overview_world):
    zaak = overview_world.case(initiator=overview_world.bert, omschrijving="Samen aangevraagd")
    case_services.add_role(zaak=zaak, roltype=overview_world.cases.advisor_role, party=overview_world.anna)
    log_in(client, overview_world.anna)
    assert "Samen aangevraagd" in text(client.get(reverse("portal:cases")))


def test_closed_cases_are_on_their_own_tab(client, overview_world):
    world = overview_world
    zaak = world.case(omschrijving="Afgewerkte aanvraag")
    case_services.close_case(zaak=zaak, actor=world.cases.handler, resultaattype=world.cases.results["verleend"])
    log_in(client, world.anna)
    assert "Afgewerkte aanvraag" not in text(client.get(reverse("portal:cases")))
    page = text(client.get(reverse("portal:cases") + "?toon=afgesloten"))
    assert "Afgewerkte aanvraag" in page and "Verleend" in page


# -- The case page ----------------------------------------------------------------------------------------------


def test_case_page_timeline_and_expected_date_in_plain_words(client, overview_world):
    world = overview_world
    zaak = world.case()
    case_services.set_status(zaak=zaak, statustype=world.cases.statuses[1], actor=world.cases.handler)
    zaak.refresh_from_db()
    log_in(client, world.anna)
    page = text(client.get(reverse("portal:case", args=[zaak.uuid])))
    assert re.search(r"Ontvangen</strong> <span class=\"portal-step__state\">klaar", page)
    assert re.search(r"In behandeling</strong> <span class=\"portal-step__state\">nu bezig", page)
    assert re.search(r"Afgehandeld</strong> <span class=\"portal-step__state\">komt nog", page)
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december"]
    deadline = zaak.uiterlijke_einddatum_afdoening
    assert f"We beslissen uiterlijk op {deadline.day} {months[deadline.month - 1]} {deadline.year}." in page
    assert "De volgende stap is: Afgehandeld." in page


def test_case_page_explains_suspension_and_extension(client, overview_world):
    world = overview_world
    zaak = world.case()
    case_services.extend_case(zaak=zaak, reason="Advies van de brandweer nodig", actor=world.cases.handler, days=5)
    log_in(client, world.anna)
    page = text(client.get(reverse("portal:case", args=[zaak.uuid])))
    assert "termijn met 5 dagen verlengd" in page and "Advies van de brandweer nodig" in page
    case_services.suspend_case(zaak=zaak, reason="We wachten op uw plan", actor=world.cases.handler)
    page = text(client.get(reverse("portal:case", args=[zaak.uuid])))
    assert "Uw zaak ligt stil sinds" in page and "We wachten op uw plan" in page
    assert "telt de wachttijd niet mee" in page


def test_internal_notes_never_show(client, overview_world):
    zaak = overview_world.case()
    case_services.add_note(zaak=zaak, text="Interne opmerking: buur belde al drie keer", actor=overview_world.cases.handler)
    log_in(client, overview_world.anna)
    assert "buur belde" not in text(client.get(reverse("portal:case", args=[zaak.uuid])))


def test_documents_follow_the_confidentiality_rule_and_download_is_checked(client, overview_world):
    world = overview_world
    zaak = world.case()
    shared = case_services.add_document(zaak=zaak, file=pdf_file("vergunning.pdf"), titel="Uw vergunning",
                                        informatieobjecttype=world.cases.doc_type, actor=world.cases.handler,
                                        vertrouwelijkheidaanduiding="zaakvertrouwelijk")
    internal = case_services.add_document(zaak=zaak, file=pdf_file("advies.pdf"), titel="Intern advies politie",
                                          informatieobjecttype=world.cases.doc_type, actor=world.cases.handler,
                                          vertrouwelijkheidaanduiding="intern")
    log_in(client, world.anna)
    page = text(client.get(reverse("portal:case", args=[zaak.uuid])))
    assert "Uw vergunning" in page and "Intern advies politie" not in page
    ok = client.get(reverse("portal:case_document", args=[zaak.uuid, shared.informatieobject.uuid]))
    assert ok.status_code == 200 and b"".join(ok.streaming_content).startswith(b"%PDF")
    assert ok["Cache-Control"] == "private, no-store"
    assert client.get(reverse("portal:case_document", args=[zaak.uuid, internal.informatieobject.uuid])).status_code == 404
    # Bert may not download Anna's document, not even with the right link.
    log_in(client, world.bert)
    assert client.get(reverse("portal:case_document", args=[zaak.uuid, shared.informatieobject.uuid])).status_code == 404


def test_decision_with_its_document_is_shown(client, overview_world):
    world = overview_world
    zaak = world.case()
    letter = case_services.add_document(zaak=zaak, file=pdf_file("besluit.pdf"), titel="Besluitbrief",
                                        informatieobjecttype=world.cases.doc_type, actor=world.cases.handler,
                                        vertrouwelijkheidaanduiding="beperkt_openbaar")
    today = datetime.date.today()
    case_services.create_decision(zaak=zaak, besluittype=world.cases.decision_type, datum=today, ingangsdatum=today,
                                  verzenddatum=today, toelichting="U mag het terras plaatsen.", actor=world.cases.handler,
                                  documents=[letter.informatieobject])
    log_in(client, world.anna)
    page = text(client.get(reverse("portal:case", args=[zaak.uuid])))
    assert "Vergunning inname" in page and "U mag het terras plaatsen." in page
    assert "Besluitbrief downloaden" in page
    assert "Reageer dan uiterlijk op" in page


# -- Documents asked for ----------------------------------------------------------------------------------------


def _staff_client(client_class, user):
    from loket.platform.tests.factories import log_in_with_second_factor

    staff = client_class()
    log_in_with_second_factor(staff, user)
    return staff


def test_staff_ask_for_a_document_and_the_resident_uploads_it(client, overview_world):
    world = overview_world
    zaak = world.case()
    staff = _staff_client(type(client), world.cases.handler)
    case_page = staff.get(reverse("cases:detail", args=[zaak.uuid]))
    assert "Document opvragen bij de aanvrager" in text(case_page)
    due = datetime.date.today() + datetime.timedelta(days=10)
    response = staff.post(reverse("portal:request_document", args=[zaak.uuid]), {
        "description": "Een plan van het terras", "due_date": due.isoformat(),
        "informatieobjecttype": world.cases.doc_type.pk,
    })
    assert response.status_code == 302
    request = DocumentRequest.objects.get(zaak=zaak)
    message = PortalMessage.objects.get(party=world.anna, kind="document_request")
    assert "Een plan van het terras" in message.body
    assert OutgoingEmail.objects.filter(to=["anna@example.org"], subject=message.subject).exists()
    log_in(client, world.anna)
    assert "We vragen u een document" in text(client.get(reverse("portal:overview")))
    upload = reverse("portal:case_upload", args=[zaak.uuid, request.uuid])
    # A file type the case type does not take: a clear error, nothing stored.
    bad = client.post(upload, {f"r{request.pk}-file": pdf_file("plan.exe", b"MZ\x90\x00binary")})
    assert bad.status_code == 400 and "utrecht-form-field-error-message" in text(bad)
    assert not ZaakInformatieObject.objects.filter(zaak=zaak).exists()
    good = client.post(upload, {f"r{request.pk}-file": pdf_file("terrasplan.pdf")})
    assert good.status_code == 302
    request.refresh_from_db()
    assert request.fulfilled_at is not None and request.document is not None
    link = ZaakInformatieObject.objects.get(zaak=zaak)
    assert link.informatieobject == request.document
    assert link.informatieobject.latest_version.auteur == "Anna Peeters"
    assert CaseEvent.objects.filter(zaak=zaak, kind="document").exists()
    page = text(client.get(reverse("portal:case", args=[zaak.uuid])))
    assert "Een plan van het terras" in page  # the sent document is listed (the resident sent it)
    assert "We wachten op een document van u" not in page
    # Sending twice is refused.
    again = client.post(upload, {f"r{request.pk}-file": pdf_file("terrasplan.pdf")})
    assert again.status_code == 302
    assert "al ontvangen" in text(client.get(again["Location"]))
    assert ZaakInformatieObject.objects.filter(zaak=zaak).count() == 1


def test_staff_document_request_errors_keep_the_input(client, overview_world):
    world = overview_world
    zaak = world.case()
    staff = _staff_client(type(client), world.cases.handler)
    response = staff.post(reverse("portal:request_document", args=[zaak.uuid]), {
        "description": "Een kopie van uw huurcontract", "due_date": "2001-01-01",
        "informatieobjecttype": world.cases.doc_type.pk,
    })
    assert response.status_code == 400
    page = text(response)
    assert "Kies een datum vanaf vandaag." in page and "Een kopie van uw huurcontract" in page
    assert not DocumentRequest.objects.exists()


def test_a_resident_cannot_upload_to_someone_elses_request(client, overview_world):
    world = overview_world
    zaak = world.case()
    request = services.request_document(zaak=zaak, description="Plan", actor=world.cases.handler,
                                        due_date=datetime.date.today() + datetime.timedelta(days=3))
    log_in(client, world.bert)
    response = client.post(reverse("portal:case_upload", args=[zaak.uuid, request.uuid]),
                           {f"r{request.pk}-file": pdf_file()})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.fulfilled_at is None


# -- Questions ---------------------------------------------------------------------------------------------------


def test_question_goes_to_the_kcc_and_the_answer_comes_back(client, overview_world):
    world = overview_world
    log_in(client, world.anna)
    empty = client.post(reverse("portal:new_question"), {"question": "  "})
    assert empty.status_code == 400 and "Schrijf uw vraag." in text(empty)
    response = client.post(reverse("portal:new_question"), {"question": "Wanneer komt de grofvuilophaling?"})
    assert response.status_code == 302
    task = InternalTask.objects.get(party=world.anna)
    assert task.department == world.kcc and task.contact.channel == ContactChannel.WEB_FORM
    page = text(client.get(reverse("portal:questions")))
    assert "Wanneer komt de grofvuilophaling?" in page and "wacht op antwoord" in page
    contact_services.answer_task(task=task, answer="Op dinsdag 8 december.", actor=world.agent)
    page = text(client.get(reverse("portal:questions")))
    assert "Op dinsdag 8 december." in page and "beantwoord" in page
    assert PortalMessage.objects.filter(party=world.anna, kind="answer").exists()
    assert "U kreeg antwoord op uw vraag" in text(client.get(reverse("portal:overview")))
    # Bert does not see Anna's question.
    log_in(client, world.bert)
    assert "grofvuilophaling" not in text(client.get(reverse("portal:questions")))


def test_question_about_a_case_goes_to_the_cases_department(client, overview_world):
    world = overview_world
    zaak = world.case()
    log_in(client, world.anna)
    response = client.post(reverse("portal:new_question") + f"?zaak={zaak.uuid}",
                           {"question": "Hoe lang duurt het nog?", "zaak": str(zaak.uuid)})
    assert response.status_code == 302
    task = InternalTask.objects.get(party=world.anna)
    assert task.department == zaak.department and task.contact.zaak == zaak


def test_representative_asking_is_recorded_as_representative(client, overview_world):
    world = overview_world
    log_in(client, world.anna, acting_for=world.child)
    client.post(reverse("portal:new_question"), {"question": "Mag mijn dochter een fuif geven?"})
    task = InternalTask.objects.get(party=world.child)
    assert task.contact.representative == world.anna


# -- Messages ----------------------------------------------------------------------------------------------------


def test_messages_read_and_unread_and_others_are_404(client, overview_world):
    world = overview_world
    zaak = world.case()
    case_services.suspend_case(zaak=zaak, reason="We wachten op advies", actor=world.cases.handler)
    message = PortalMessage.objects.get(party=world.anna, kind="suspended")
    log_in(client, world.anna)
    assert "U hebt 1 nieuw bericht." in text(client.get(reverse("portal:overview")))
    page = text(client.get(reverse("portal:message", args=[message.uuid])))
    assert "We wachten op advies" in page
    message.refresh_from_db()
    assert message.read_at is not None
    assert "U hebt geen nieuwe berichten." in text(client.get(reverse("portal:overview")))
    log_in(client, world.bert)
    assert client.get(reverse("portal:message", args=[message.uuid])).status_code == 404


# -- My data: verification codes and preferred channel ------------------------------------------------------------


def _code_from_last_email() -> str:
    return re.search(r"\b(\d{6})\b", OutgoingEmail.objects.order_by("-pk").first().body_text).group(1)


def test_new_email_address_is_saved_only_after_the_code(client, overview_world):
    world = overview_world
    log_in(client, world.bert)
    response = client.post(reverse("portal:profile"), {"action": "email", "email-email": "bert.nieuw@example.org"})
    assert response.status_code == 302
    assert not DigitalAddress.objects.filter(party=world.bert, normalised_value="bert.nieuw@example.org").exists()
    code = _code_from_last_email()
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("portal:profile"), {"action": "code", "code-code": wrong})
    assert response.status_code == 400 and "U kunt het nog 4 keer proberen." in text(response)
    response = client.post(reverse("portal:profile"), {"action": "code", "code-code": code})
    assert response.status_code == 302
    address = DigitalAddress.objects.get(party=world.bert, normalised_value="bert.nieuw@example.org")
    assert address.verified_at is not None and address.is_default


def test_invalid_address_shows_a_dutch_error_and_keeps_the_input(client, overview_world):
    log_in(client, overview_world.bert)
    response = client.post(reverse("portal:profile"), {"action": "email", "email-email": "geen-adres"})
    assert response.status_code == 400
    page = text(response)
    assert "Dit e-mailadres is ongeldig." in page and 'value="geen-adres"' in page


def test_code_expires_and_has_an_attempts_limit(overview_world):
    world = overview_world
    verification = services.start_verification(party=world.bert, kind="email", value="b2@example.org")
    code = _code_from_last_email()
    for _try in range(services.CODE_MAX_ATTEMPTS):
        with pytest.raises(services.ValidationFailed):
            services.confirm_verification(party=world.bert, verification=verification, code="999999" if code != "999999" else "111111")
    with pytest.raises(services.InvalidState, match="te vaak"):
        services.confirm_verification(party=world.bert, verification=verification, code=code)
    other = services.start_verification(party=world.bert, kind="email", value="b3@example.org")
    code = _code_from_last_email()
    AddressVerification.objects.filter(pk=other.pk).update(expires_at=other.created_at - datetime.timedelta(minutes=1))
    with pytest.raises(services.InvalidState, match="verlopen"):
        services.confirm_verification(party=world.bert, verification=other, code=code)
    assert not DigitalAddress.objects.filter(party=world.bert, normalised_value__in=["b2@example.org", "b3@example.org"]).exists()


def test_at_most_five_codes_an_hour(overview_world):
    for number in range(services.CODES_PER_HOUR):
        services.start_verification(party=overview_world.bert, kind="email", value=f"x{number}@example.org")
    with pytest.raises(services.InvalidState, match="over een uur"):
        services.start_verification(party=overview_world.bert, kind="email", value="x9@example.org")


def test_phone_code_goes_by_sms(overview_world, settings):
    from loket.portal.models import OutgoingSms

    services.start_verification(party=overview_world.bert, kind="telefoonnummer", value="0470 12 34 56")
    sms = OutgoingSms.objects.get()
    assert sms.to == "+32470123456" and re.search(r"\d{6}", sms.text)


def test_preferred_channel_needs_a_verified_address(client, overview_world):
    world = overview_world
    log_in(client, world.bert)  # Bert's e-mail address was registered by staff, never confirmed
    response = client.post(reverse("portal:profile"), {"action": "channel", "channel-preferred_channel": "telefoon"})
    assert response.status_code == 400 and "Bevestig eerst een telefoonnummer." in text(response)
    response = client.post(reverse("portal:profile"), {"action": "channel", "channel-preferred_channel": "portaal"})
    assert response.status_code == 302
    world.bert.refresh_from_db()
    assert world.bert.preferred_channel == "portaal"


def test_profile_shows_the_national_number_masked(client, overview_world):
    log_in(client, overview_world.anna)
    page = text(client.get(reverse("portal:profile")))
    assert "85073003328" not in page and "85.07.30-033.28" not in page
    assert overview_world.anna.masked_national_number() in page


# -- Access log --------------------------------------------------------------------------------------------------


def test_access_log_lists_staff_access_with_reason_not_own_changes(client, overview_world):
    world = overview_world
    contact_services.record_view(world.anna, world.agent, "Telefonische vraag over parkeerkaart")
    services.set_preferred_channel(party=world.anna, channel="portaal")  # her own change
    log_in(client, world.anna)
    page = text(client.get(reverse("portal:access_log")))
    assert "Telefonische vraag over parkeerkaart" in page
    assert "KCC-medewerker, Klantcontactcentrum" in page
    assert "Karel Cee" not in page  # role and department, not the person's name
    assert "Voorkeurskanaal gewijzigd" not in page
    log_in(client, world.bert)
    assert "parkeerkaart" not in text(client.get(reverse("portal:access_log")))


# -- Overview ----------------------------------------------------------------------------------------------------


def test_overview_attention_first_then_counts(client, overview_world):
    world = overview_world
    zaak = world.case()
    closed = world.case()
    case_services.close_case(zaak=closed, actor=world.cases.handler, resultaattype=world.cases.results["verleend"])
    services.request_document(zaak=zaak, description="Kopie identiteitskaart", actor=world.cases.handler,
                              due_date=datetime.date.today() + datetime.timedelta(days=7))
    log_in(client, world.anna)
    page = text(client.get(reverse("portal:overview")))
    assert page.index("Dit vraagt uw aandacht") < page.index("Mijn zaken</h2>")
    assert "Kopie identiteitskaart" in page
    assert "1 zaak loopt nog." in page and "1 zaak is afgehandeld." in page


def test_overview_queries_do_not_grow_with_the_number_of_cases(client, overview_world, django_assert_max_num_queries):
    world = overview_world
    for number in range(5):
        world.case(omschrijving=f"Aanvraag {number}")
    log_in(client, world.anna)
    client.get(reverse("portal:overview"))
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("portal:overview"))
        client.get(reverse("portal:cases"))
    for number in range(20):
        world.case(omschrijving=f"Extra {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("portal:overview"))
        client.get(reverse("portal:cases"))


def test_selectors_case_page_hides_internal_documents(overview_world):
    world = overview_world
    zaak = world.case()
    case_services.add_document(zaak=zaak, file=pdf_file(), titel="Geheim", informatieobjecttype=world.cases.doc_type,
                               actor=world.cases.handler, vertrouwelijkheidaanduiding="vertrouwelijk")
    assert selectors.case_page(zaak).documents == []


def test_access_log_shows_who_logged_in_for_me(client, overview_world):
    from loket.portal.identity_services import record_event

    world = overview_world
    record_event(organisation=world.gemeente, kind="act_for", party=world.anna, acting_for=world.child, provider="test")
    log_in(client, world.child)
    page = text(client.get(reverse("portal:access_log")))
    assert "door Anna Peeters, namens u" in page
    log_in(client, world.bert)
    assert "Anna Peeters" not in text(client.get(reverse("portal:access_log")))
