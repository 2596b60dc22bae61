"""The contact-centre workspace: search, opening a party with a reason, the timeline, registering and handing over
contacts, callback requests, knowledge articles, a case or melding on behalf of the party."""

import re

import pytest
from django.urls import reverse

from loket.contacts.models import ContactMoment, InternalTask, InternalTaskStatus, KnowledgeArticle
from loket.contacts.selectors import default_callback_deadline
from loket.platform.audit.models import AuditEntry
from loket.platform.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartyFactory,
    log_in_with_second_factor,
)

from .kcc_world import NATIONAL_NUMBER, build_kcc_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kcc(db):
    return build_kcc_world()


@pytest.fixture
def agent_client(client, kcc):
    log_in_with_second_factor(client, kcc.agent)
    return client


def _page(response) -> str:
    return response.content.decode()


def party_url(party):
    return reverse("contacts:party", kwargs={"pk": party.pk})


def open_party(client, party, reason="Klant aan de lijn"):
    response = client.post(reverse("contacts:open", kwargs={"pk": party.pk}), {"reason": reason})
    assert response.status_code == 302, _page(response)
    return response


def contact_data(**overrides):
    data = {"question": "Hoe vraag ik een parkeerkaart aan?", "answer": "Online via het e-loket.", "channel": "telefoon",
            "outcome": "beantwoord", "product_query": "", "action": "save"}
    data.update(overrides)
    return data


# -- Access ---------------------------------------------------------------------------------------------------


def test_workspace_pages_need_a_staff_log_in(client, kcc):
    for url in (reverse("contacts:search"), party_url(kcc.resident), reverse("contacts:callbacks"),
                reverse("contacts:knowledge"), reverse("contacts:anonymous")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/medewerkers/inloggen/" in response["Location"]


def test_a_party_of_another_organisation_cannot_be_opened(agent_client, kcc):
    stranger = PartyFactory(organisation=OrganisationFactory(slug="elders"), first_name="Vreemde")

    assert agent_client.get(party_url(stranger)).status_code == 404
    assert agent_client.post(reverse("contacts:open", kwargs={"pk": stranger.pk}),
                             {"reason": "Klant aan de lijn"}).status_code == 404


def test_a_merged_party_leads_to_the_party_it_was_merged_into(agent_client, kcc):
    from loket.contacts import services

    duplicate = services.create_party(organisation=kcc.organisation, kind="persoon", first_name="Sofie",
                                      last_name="Vermeulen-Dubbel")
    services.merge_parties(survivor=kcc.resident, merged=duplicate, actor=kcc.cases.manager, reason="Dubbel")

    response = agent_client.get(party_url(duplicate))

    assert response.status_code == 302
    assert response["Location"] == party_url(kcc.resident)


# -- Search ---------------------------------------------------------------------------------------------------


def test_search_gives_results_as_you_type_and_without_javascript(agent_client, kcc):
    fragment = agent_client.get(reverse("contacts:search"), {"q": "vermeulen"},
                                headers={"HX-Request": "true", "HX-Target": "kcc-results"})
    assert fragment.status_code == 200
    assert "<html" not in _page(fragment)
    assert "Sofie Vermeulen" in _page(fragment)
    assert "2 klanten gevonden" in _page(fragment)

    page = agent_client.get(reverse("contacts:search"), {"q": "vermeulen"})
    assert "<html" in _page(page)
    assert "Sofie Vermeulen" in _page(page)
    assert reverse("contacts:open", kwargs={"pk": kcc.resident.pk}) in _page(page)


@pytest.mark.parametrize("query", ["+32 470 12 34 56", "0470/123456", "sofie.vermeulen@example.org", NATIONAL_NUMBER,
                                   "Molenstraat 7"])
def test_search_finds_a_party_by_phone_in_any_format_email_national_number_and_address(agent_client, kcc, query):
    page = _page(agent_client.get(reverse("contacts:search"), {"q": query}))

    assert "Sofie Vermeulen" in page


def test_search_by_case_number_finds_the_initiator(agent_client, kcc):
    page = _page(agent_client.get(reverse("contacts:search"), {"q": kcc.road_case.identificatie}))

    assert "Sofie Vermeulen" in page


def test_a_search_without_hits_offers_an_anonymous_contact(agent_client, kcc):
    page = _page(agent_client.get(reverse("contacts:search"), {"q": "Niemandsland"}))

    assert "Geen klant gevonden" in page
    assert reverse("contacts:anonymous") in page


# -- Opening a party: reason and audit ------------------------------------------------------------------------


def test_opening_a_party_asks_a_reason_first_and_shows_nothing_of_them_before(agent_client, kcc):
    page = _page(agent_client.get(party_url(kcc.resident)))

    assert "Reden om het klantbeeld te openen" in page
    assert "Molenstraat" not in page
    assert "sofie.vermeulen@example.org" not in page


def test_the_reason_for_opening_a_party_is_in_the_audit_log_with_every_view(agent_client, kcc):
    open_party(agent_client, kcc.resident, reason="Terugbelverzoek behandelen")
    before = AuditEntry.objects.filter(subject_id=str(kcc.resident.pk), action="view").count()

    page = _page(agent_client.get(party_url(kcc.resident)))

    assert "Molenstraat 7" in page
    entries = AuditEntry.objects.filter(subject_id=str(kcc.resident.pk), action="view", actor=kcc.agent)
    assert entries.count() == before + 1
    assert entries.first().reason == "Terugbelverzoek behandelen"


def test_another_reason_needs_a_text_and_keeps_the_choice(agent_client, kcc):
    response = agent_client.post(reverse("contacts:open", kwargs={"pk": kcc.resident.pk}), {"reason": "andere",
                                                                                           "other_reason": "  "})

    assert response.status_code == 400
    assert "Geef de reden op." in _page(response)
    assert 'value="andere" checked' in _page(response) or 'value="andere" selected' in _page(response)
    assert agent_client.get(party_url(kcc.resident)).status_code == 200
    assert "Reden om het klantbeeld te openen" in _page(agent_client.get(party_url(kcc.resident)))


def test_the_party_view_shows_the_national_number_masked_and_reveals_it_with_an_audited_reason(agent_client, kcc):
    open_party(agent_client, kcc.resident)
    digits = "90010100123"

    page = _page(agent_client.get(party_url(kcc.resident)))
    assert digits not in page
    assert "123" in page

    refused = agent_client.post(reverse("contacts:reveal", kwargs={"pk": kcc.resident.pk}), {"reveal_reason": ""})
    assert refused.status_code == 400
    assert digits not in _page(refused)

    shown = agent_client.post(reverse("contacts:reveal", kwargs={"pk": kcc.resident.pk}),
                              {"reveal_reason": "Identiteit controleren"})
    assert shown.status_code == 200
    assert digits in _page(shown)
    assert AuditEntry.objects.filter(subject_id=str(kcc.resident.pk), reason="Identiteit controleren").exists()


def test_the_party_view_shows_channels_and_representatives(agent_client, kcc):
    open_party(agent_client, kcc.resident)

    page = _page(agent_client.get(party_url(kcc.resident)))

    assert "sofie.vermeulen@example.org" in page
    assert "geverifieerd" in page
    assert "Pieter Vermeulen treedt op voor deze klant" in page


def test_a_kcc_agent_sees_that_a_social_support_case_exists_and_where_to_refer_but_not_its_content(agent_client, kcc):
    open_party(agent_client, kcc.resident)

    page = _page(agent_client.get(party_url(kcc.resident)))

    assert kcc.road_case.identificatie in page
    assert "Container voor de deur" in page
    assert "Leefloon wegens schulden" not in page
    assert "Leefloon" not in page
    assert kcc.social_case.identificatie not in page
    assert "vertrouwelijk dossier bij Sociale dienst" in page


def test_the_timeline_filters_by_kind(agent_client, kcc):
    open_party(agent_client, kcc.resident)
    agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}), contact_data())

    contacts_only = _page(agent_client.get(party_url(kcc.resident), {"soort": "contact"}))
    cases_only = _page(agent_client.get(party_url(kcc.resident), {"soort": "zaak"},
                                        headers={"HX-Request": "true", "HX-Target": "kcc-timeline"}))

    assert "Hoe vraag ik een parkeerkaart aan?" in contacts_only
    assert "Container voor de deur" not in contacts_only
    assert "Container voor de deur" in cases_only
    assert "Hoe vraag ik een parkeerkaart aan?" not in cases_only
    assert "<html" not in cases_only


# -- Registering a contact ------------------------------------------------------------------------------------


def test_a_contact_answered_at_first_contact_lands_on_the_timeline(agent_client, kcc):
    open_party(agent_client, kcc.resident)

    response = agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}),
                                 contact_data(product=str(kcc.product.pk)))

    assert response.status_code == 302
    contact = ContactMoment.objects.get(party=kcc.resident)
    assert (contact.channel, contact.outcome, contact.product) == ("telefoon", "beantwoord", kcc.product)
    assert contact.actor.user == kcc.agent
    assert "Hoe vraag ik een parkeerkaart aan?" in _page(agent_client.get(party_url(kcc.resident)))


def test_the_handling_time_runs_from_showing_the_form_to_registering(agent_client, kcc):
    import time

    open_party(agent_client, kcc.resident)
    agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}),
                      contact_data(started=str(int(time.time()) - 120)))
    agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}),
                      contact_data(question="Een formulier van gisteren", started=str(int(time.time()) - 86400)))

    timed = ContactMoment.objects.get(question="Hoe vraag ik een parkeerkaart aan?")
    assert 118 <= timed.handling_seconds <= 150
    assert ContactMoment.objects.get(question="Een formulier van gisteren").handling_seconds is None


def test_the_contact_form_preselects_phone_and_answered_at_first_contact(agent_client, kcc):
    open_party(agent_client, kcc.resident)

    page = _page(agent_client.get(party_url(kcc.resident)))

    assert '<option value="telefoon" selected>' in page
    outcome = re.search(r'<input type="radio" name="outcome" value="beantwoord"[^>]*>', page).group(0)
    assert " checked" in outcome


def test_bad_contact_input_keeps_what_was_typed(agent_client, kcc):
    open_party(agent_client, kcc.resident)

    response = agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}),
                                 contact_data(question="Mijn vraag over de container", answer=""))

    assert response.status_code == 400
    page = _page(response)
    assert "Noteer het antwoord dat je gaf" in page
    assert "Mijn vraag over de container" in page
    assert not ContactMoment.objects.exists()


def test_the_product_is_suggested_from_the_question_with_its_knowledge_article(agent_client, kcc):
    suggestions = _page(agent_client.get(reverse("contacts:product_suggestions"),
                                         {"question": "ik wil een parkeerkaart"}, headers={"HX-Request": "true"}))
    assert "Parkeerkaart voor bewoners" in suggestions
    assert f'value="{kcc.product.pk}"' in suggestions

    panel = _page(agent_client.get(reverse("contacts:knowledge_panel"), {"product": kcc.product.pk},
                                   headers={"HX-Request": "true"}))
    assert "Vraag naar de nummerplaat." in panel
    assert "Dienst Mobiliteit, loket 3." in panel
    assert "Verwijs naar: <strong>Mobiliteit</strong>" in panel


def test_without_javascript_the_product_search_keeps_the_form_and_shows_the_article(agent_client, kcc):
    open_party(agent_client, kcc.resident)

    response = agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}),
                                 contact_data(question="Vraag over parkeren", answer="", product_query="parkeerkaart",
                                              action="product", product=str(kcc.product.pk)))

    page = _page(response)
    assert response.status_code == 200
    assert "Vraag over parkeren" in page
    assert "Parkeerkaart voor bewoners" in page
    assert "Vraag naar de nummerplaat." in page
    assert "Noteer het antwoord" not in page
    assert not ContactMoment.objects.exists()


def test_an_anonymous_contact_is_registered_without_a_party(agent_client, kcc):
    response = agent_client.post(reverse("contacts:anonymous"), contact_data(question="Wanneer is het containerpark open?",
                                                                               answer="Van 9 tot 17 uur."))

    assert response.status_code == 302
    contact = ContactMoment.objects.get()
    assert contact.party is None
    assert contact.question == "Wanneer is het containerpark open?"


def test_an_anonymous_contact_cannot_be_handed_over(agent_client, kcc):
    page = _page(agent_client.get(reverse("contacts:anonymous")))

    assert "handover_department" not in page
    assert 'value="doorgezet"' not in page


# -- Hand-over and callback requests --------------------------------------------------------------------------


def test_a_handed_over_question_becomes_a_callback_request_in_the_department_queue(agent_client, client, kcc, django_user_model):
    open_party(agent_client, kcc.resident)
    response = agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}), contact_data(
        question="Kan iemand van mobiliteit mij terugbellen over een parkeerverbod?", answer="", outcome="beantwoord",
        handover_department=str(kcc.cases.mobility.pk), handover_deadline="", handover_note="Liefst na 14 uur."))

    assert response.status_code == 302
    task = InternalTask.objects.get()
    assert task.department == kcc.cases.mobility
    assert task.deadline == default_callback_deadline(kcc.organisation)
    assert task.contact.outcome == "doorgezet"
    assert task.party == kcc.resident

    log_in_with_second_factor(client, kcc.cases.clerk_other)  # a case handler of mobility
    queue = _page(client.get(reverse("contacts:callbacks")))
    assert "Kan iemand van mobiliteit mij terugbellen over een parkeerverbod?" in queue
    assert "Liefst na 14 uur." in queue


def test_handing_over_to_a_person_with_a_deadline(agent_client, kcc):
    open_party(agent_client, kcc.resident)
    agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}), contact_data(
        answer="", outcome="doorgezet", handover_assignee=str(kcc.cases.handler.pk), handover_deadline="2030-01-10"))

    task = InternalTask.objects.get()
    assert task.assignee == kcc.cases.handler
    assert str(task.deadline) == "2030-01-10"


def test_handed_over_without_a_target_is_refused_and_keeps_the_text(agent_client, kcc):
    open_party(agent_client, kcc.resident)

    response = agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}), contact_data(
        question="Terugbellen graag", answer="", outcome="doorgezet"))

    assert response.status_code == 400
    assert "Kies een afdeling of een persoon" in _page(response)
    assert "Terugbellen graag" in _page(response)
    assert not InternalTask.objects.exists()


def test_answering_a_callback_request_records_a_contact_and_closes_it(agent_client, client, kcc):
    open_party(agent_client, kcc.resident)
    agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}), contact_data(
        answer="", outcome="doorgezet", handover_department=str(kcc.cases.mobility.pk)))
    task = InternalTask.objects.get()
    log_in_with_second_factor(client, kcc.cases.clerk_other)
    url = reverse("contacts:answer_callback", kwargs={"pk": task.pk})

    page = _page(client.get(url))
    assert "0470 12 34 56" in page or "+32470123456" in page
    assert AuditEntry.objects.filter(subject_id=str(kcc.resident.pk), actor=kcc.cases.clerk_other,
                                     reason="Terugbelverzoek behandelen").exists()

    empty = client.post(url, {"answer": ""})
    assert empty.status_code == 400

    response = client.post(url, {"answer": "U mag parkeren met een bewonerskaart."})

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == InternalTaskStatus.DONE
    answer = task.answer_contacts.get()
    assert answer.answer == "U mag parkeren met een bewonerskaart."
    assert answer.party == kcc.resident


def test_a_callback_request_is_not_open_to_staff_outside_its_department(agent_client, client, kcc):
    open_party(agent_client, kcc.resident)
    agent_client.post(reverse("contacts:register_contact", kwargs={"pk": kcc.resident.pk}), contact_data(
        answer="", outcome="doorgezet", handover_department=str(kcc.cases.mobility.pk)))
    task = InternalTask.objects.get()
    log_in_with_second_factor(client, kcc.cases.officer)  # police: another organisation

    assert client.get(reverse("contacts:answer_callback", kwargs={"pk": task.pk})).status_code == 404
    assert "Klant terugbellen" not in _page(client.get(reverse("contacts:callbacks")))


# -- Case and melding on behalf of the party ------------------------------------------------------------------


def test_a_case_on_behalf_of_the_party_uses_the_new_case_form_with_the_party_as_initiator(client, kcc):
    MembershipFactory(user=kcc.agent, department=kcc.cases.roads, role="frontoffice")
    log_in_with_second_factor(client, kcc.agent)
    open_party(client, kcc.resident)

    page = _page(client.get(reverse("contacts:new_case", kwargs={"pk": kcc.resident.pk})))
    assert "Sofie Vermeulen" in page
    assert f'value="{kcc.resident.pk}"' in page
    assert 'action="/werkplek/zaken/nieuw/"' in page

    response = client.post(reverse("cases:new"), {
        "action": "create", "zaaktype": str(kcc.cases.zaaktype.pk), "omschrijving": "Inname voor verhuis",
        "initiator": str(kcc.resident.pk)})
    assert response.status_code == 302
    from loket.cases.models import Zaak

    assert Zaak.objects.get(omschrijving="Inname voor verhuis").initiator_party == kcc.resident


def test_the_case_form_for_a_party_needs_the_party_opened_first(agent_client, kcc):
    response = agent_client.get(reverse("contacts:new_case", kwargs={"pk": kcc.resident.pk}))

    assert response.status_code == 302
    assert response["Location"] == party_url(kcc.resident)


# -- Knowledge articles ----------------------------------------------------------------------------------------


def test_knowledge_articles_are_listed_searched_and_edited_per_product(agent_client, kcc):
    listing = _page(agent_client.get(reverse("contacts:knowledge"), {"q": "parkeerkaart"}))
    assert "Parkeerkaart voor bewoners" in listing

    url = reverse("contacts:knowledge_article", kwargs={"product_pk": kcc.product.pk})
    page = _page(agent_client.get(url))
    assert "Een kaart om in uw eigen straat te parkeren." in page
    assert "Vraag naar de nummerplaat." in page

    response = agent_client.post(url, {"what_to_ask": "Vraag naar de nummerplaat en het adres.", "where_to_refer": "",
                                       "notes": "", "refer_to_department": ""})
    assert response.status_code == 302
    assert KnowledgeArticle.objects.get(product=kcc.product).what_to_ask == "Vraag naar de nummerplaat en het adres."


def test_a_too_long_knowledge_note_is_refused_and_kept(agent_client, kcc):
    url = reverse("contacts:knowledge_article", kwargs={"product_pk": kcc.product.pk})

    response = agent_client.post(url, {"what_to_ask": "Blijft staan", "notes": "x" * 20001, "where_to_refer": ""})

    assert response.status_code == 400
    assert "Blijft staan" in _page(response)


@pytest.fixture
def meldingen(kcc, monkeypatch):
    """The shipped taxonomy for the organisation, its boundary, and a classifier stand-in (tested in meldingen)."""
    from loket.meldingen import services as melding_services
    from loket.meldingen import taxonomy
    from loket.meldingen.tests.conftest import BOUNDARY, FakeClassifier

    taxonomy.load_taxonomy(kcc.organisation, department=kcc.cases.roads)
    melding_services.configure(organisation=kcc.organisation, boundary=BOUNDARY, default_department=kcc.cases.roads)
    monkeypatch.setattr("loket.meldingen.classification.classify", FakeClassifier())


def test_a_melding_on_behalf_of_the_caller_is_created_with_the_party_and_the_phone_channel(agent_client, kcc, meldingen):
    from loket.meldingen.models import Melding

    open_party(agent_client, kcc.resident)
    url = reverse("contacts:new_melding", kwargs={"pk": kcc.resident.pk})
    assert agent_client.get(url).status_code == 200

    response = agent_client.post(url, {"text": "Er ligt een grote hoop zwerfvuil naast de glasbak.",
                                       "address": "Kerkstraat 12"})

    assert response.status_code == 302, _page(response)
    melding = Melding.objects.get()
    assert (melding.party, melding.channel) == (kcc.resident, "phone")
    assert melding.address.startswith("Kerkstraat 12")
    # the party's timeline links the melding to its staff page
    assert reverse("meldingen:staff_detail", kwargs={"pk": melding.pk}) in _page(agent_client.get(party_url(kcc.resident)))


def test_a_melding_at_an_unknown_address_is_refused_and_keeps_the_text(agent_client, kcc, meldingen):
    open_party(agent_client, kcc.resident)

    response = agent_client.post(reverse("contacts:new_melding", kwargs={"pk": kcc.resident.pk}),
                                 {"text": "Lantaarnpaal kapot", "address": "Nergenslaan 999 Atlantis"})

    assert response.status_code == 400
    assert "Dit adres vinden we niet" in _page(response)
    assert "Lantaarnpaal kapot" in _page(response)


def test_the_party_page_reads_a_fixed_number_of_queries_however_long_the_history(agent_client, kcc):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from loket.contacts import services

    open_party(agent_client, kcc.resident)

    def add_contacts(count):
        for number in range(count):
            contact = services.register_contact(organisation=kcc.organisation, party=kcc.resident, channel="telefoon",
                                                outcome="beantwoord", question=f"Vraag {number}", answer="Antwoord",
                                                product=kcc.product, actor=kcc.agent)
            if number % 5 == 0:
                services.hand_over(contact=contact, actor=kcc.agent, department=kcc.cases.mobility)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert agent_client.get(party_url(kcc.resident)).status_code == 200
        return len(context.captured_queries)

    add_contacts(5)
    few = queries()
    add_contacts(40)
    assert queries() <= few
