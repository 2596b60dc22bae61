"""The web pages of meldingen: the resident form without JavaScript, status page, feedback, public map, staff pages."""

import pytest
from django.urls import reverse

from loket.meldingen import services
from loket.meldingen.models import Melding, State
from loket.platform.audit.models import AuditEntry
from loket.platform.tests.factories import log_in_with_second_factor

from .conftest import CENTRE, jpeg, upload


@pytest.fixture(autouse=True)
def _site(settings, world):
    settings.LOKET_DEFAULT_ORGANISATION = world.gemeente.slug


@pytest.fixture
def staff(client, world):
    log_in_with_second_factor(client, world.handler)
    return client


def form_data(**extra):
    data = {"text": "Glasbak vol aan de kerk", "address": "", "latitude": str(CENTRE[0]), "longitude": str(CENTRE[1]),
            "reporter_email": "", "reporter_name": "", "reporter_phone": ""}
    data.update(extra)
    return data


def test_report_form_works_without_javascript_with_an_address(client, world):
    page = client.get(reverse("meldingen:report"))
    assert page.status_code == 200 and "Iets melden in de openbare ruimte" in page.content.decode()
    response = client.post(reverse("meldingen:report"), form_data(latitude="", longitude="", address="Kerkstraat 12",
                                                                  reporter_email="an@example.org", wants_updates="on"))
    melding = Melding.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meldingen:status", args=[melding.token]) + "?nieuw=1"
    assert melding.address == "Kerkstraat 12, 9999 Heidebeek" and melding.wants_updates


def test_ambiguous_address_offers_a_choice_and_keeps_the_text(client, world):
    response = client.post(reverse("meldingen:report"), form_data(latitude="", longitude="", address="heikant"))
    page = response.content.decode()
    assert response.status_code == 400 and "Kies het juiste adres" in page and "Glasbak vol aan de kerk" in page
    choice = response.context["form"].fields["address_choice"].choices[0][0]
    response = client.post(reverse("meldingen:report"), form_data(latitude="", longitude="", address="heikant",
                                                                  address_choice=choice))
    assert response.status_code == 302 and Melding.objects.get().address.startswith("Heikant")


def test_bad_input_gives_dutch_errors_and_nothing_typed_is_lost(client, world):
    long_text = "x" * 100_000
    response = client.post(reverse("meldingen:report"), form_data(
        text=long_text, latitude="50.85", longitude="4.35", reporter_name="An Peeters",
        photos=[upload("virus.jpg", b"not an image")]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "100000 tekens" in page and "buiten Gemeente Testbeek" in page and "geen foto" in page
    assert long_text in page and 'value="An Peeters"' in page
    assert Melding.objects.count() == 0


def test_empty_text_and_unknown_address(client, world):
    response = client.post(reverse("meldingen:report"), form_data(text="", latitude="", longitude="", address="Onbestaandestraat 1"))
    assert response.status_code == 400 and "We vinden dit adres niet" in response.content.decode()


def test_status_page_and_feedback_that_asks_to_reopen(client, world):
    melding = world.report()
    page = client.get(reverse("meldingen:status", args=[melding.token])).content.decode()
    assert melding.reference in page and "Gemeld" in page and "Hoe vond u" not in page
    services.transition(melding=melding, to_state=State.HANDLED, actor=world.handler)
    page = client.get(reverse("meldingen:status", args=[melding.token])).content.decode()
    assert "· Afgehandeld</p>" in page and "· handled</p>" not in page  # the history names states in words
    response = client.post(reverse("meldingen:status", args=[melding.token]),
                           {"is_satisfied": "nee", "reasons": ["not_solved"], "text": "Ligt er nog", "reopen": "on"})
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.state == State.REOPEN_REQUESTED
    assert client.get(reverse("meldingen:status", args=["onbekend"])).status_code == 404


def test_suggestion_shows_categories_and_nearby_reports_to_follow(client, world):
    existing = world.report()
    response = client.post(reverse("meldingen:suggest"), {"text": "de glasbak zit weer vol", "latitude": str(CENTRE[0]),
                                                          "longitude": str(CENTRE[1])}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'data-category="container-is-vol"' in page and reverse("meldingen:follow", args=[existing.uuid]) in page
    response = client.post(reverse("meldingen:follow", args=[existing.uuid]), {"email": "buur@example.org"})
    assert response.status_code == 200 and services.recipients(existing) == ["buur@example.org"]


def test_public_map_data_has_no_personal_data_and_only_public_categories(client, world):
    world.report(reporter_name="An Peeters", reporter_email="an@example.org", text="Geheime tekst")
    world.classifier.slug = "jongerenoverlast"
    world.report(text="Jongeren")
    body = client.get(reverse("meldingen:map_data")).json()
    (point,) = body["points"]
    assert len(point) == 6 and body["categories"][str(point[3])] == "Container is vol"
    assert abs(point[1] / body["scale"] - CENTRE[1]) < 0.00001 and body["states"][point[4]] == "Gemeld"
    raw = client.get(reverse("meldingen:map_data")).content.decode()
    assert "An Peeters" not in raw and "Geheime tekst" not in raw
    assert client.get(reverse("meldingen:map")).status_code == 200


def test_photos_are_public_only_after_approval(client, staff, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    melding = world.report(photos=[upload("f.jpg", jpeg())])
    photo = melding.photos.get()
    client.logout()
    assert client.get(reverse("meldingen:public_photo", args=[photo.pk])).status_code == 404
    log_in_with_second_factor(client, world.handler)
    client.post(reverse("meldingen:staff_action", args=[melding.pk, "foto"]), {"photo": photo.pk, "public": "1"})
    assert client.get(reverse("meldingen:public_photo", args=[photo.pk])).status_code == 200


def test_staff_pages_need_a_log_in(client, world):
    response = client.get(reverse("meldingen:staff_queue"))
    assert response.status_code == 302 and "inloggen" in response["Location"]


def test_staff_queue_triage_and_detail(staff, world):
    world.classifier.confidence = 0.2
    unsure = world.report(reporter_name="An Peeters")
    page = staff.get(reverse("meldingen:staff_queue")).content.decode()
    assert unsure.reference in page and "wacht op triage" in page
    page = staff.get(reverse("meldingen:staff_triage")).content.decode()
    assert unsure.reference in page
    response = staff.post(reverse("meldingen:staff_action", args=[unsure.pk, "categorie"]),
                          {f"m{unsure.pk}-category": "grofvuil", "prefix": f"m{unsure.pk}", "next": "triage"})
    assert response.status_code == 302 and response["Location"] == reverse("meldingen:staff_triage")
    unsure.refresh_from_db()
    assert unsure.category.slug == "grofvuil" and not unsure.needs_triage
    page = staff.get(reverse("meldingen:staff_detail", args=[unsure.pk])).content.decode()
    assert "An Peeters" in page and "Historiek" in page
    assert "· Categorie aangepast</p>" in page and "· reclassified" not in page
    assert AuditEntry.objects.filter(actor=world.handler).exists()


def test_staff_transition_and_refused_transition(staff, world):
    melding = world.report()
    url = reverse("meldingen:staff_action", args=[melding.pk, "status"])
    assert staff.post(url, {"to_state": "in_progress", "note": "Ploeg ingelicht"}).status_code == 302
    melding.refresh_from_db()
    assert melding.state == State.IN_PROGRESS
    response = staff.post(url, {"to_state": "reopened"})
    assert response.status_code == 400 and "Selecteer een geldige keuze" in response.content.decode()


def test_staff_merge_by_case_number(staff, world):
    main, duplicate = world.report(), world.report()
    page = staff.get(reverse("meldingen:staff_detail", args=[duplicate.pk])).content.decode()
    assert main.reference in page  # offered as a possible duplicate
    response = staff.post(reverse("meldingen:staff_action", args=[duplicate.pk, "samenvoegen"]), {"into": main.reference})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == main
    response = staff.post(reverse("meldingen:staff_action", args=[main.pk, "samenvoegen"]), {"into": "XX-1"})
    assert response.status_code == 400 and "Deze melding bestaat niet" in response.content.decode()


def test_staff_of_another_organisation_cannot_open_a_melding(client, world):
    from loket.platform.tests.factories import OrganisationFactory, UserFactory

    other = UserFactory(organisation=OrganisationFactory(slug="elders"))
    log_in_with_second_factor(client, other)
    assert client.get(reverse("meldingen:staff_detail", args=[world.report().pk])).status_code == 404


def test_tampered_coordinates_give_a_form_error_not_a_500(client, world):
    response = client.post(reverse("meldingen:report"), form_data(latitude="abc", longitude="1e999x"))
    assert response.status_code == 400 and "Kies een plaats" in response.content.decode()
    assert client.get(reverse("meldingen:map_data"), {"bbox": "1,2,x"}).status_code == 400
