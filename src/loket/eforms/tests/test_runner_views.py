"""The resident's form runner through the test client: log-in, steps, errors, summary, payment, confirmation, PDF."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.cases.models import Zaak
from loket.eforms.models import Payment, Submission, SubmissionState

from .runner_world import build_runner_world, log_in


def start_url(world):
    return reverse("eforms:start", args=[world.product.key])


def begin(client, world):
    log_in(client, world.party)
    response = client.post(start_url(world), {"action": "start"})
    assert response.status_code == 302
    submission = Submission.objects.get(party=world.party)
    assert response["Location"] == reverse("eforms:step", args=[world.product.key, submission.uuid, "gegevens"])
    return submission


def step_url(world, submission, slug):
    return reverse("eforms:step", args=[world.product.key, submission.uuid, slug])


def test_start_needs_a_log_in_at_the_channels_level(client, runner):
    response = client.get(start_url(runner))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    assert "niveau=substantial" in response["Location"]
    log_in(client, runner.party, assurance="low")
    assert client.get(start_url(runner))["Location"].startswith(reverse("portal:login"))


def test_start_page_shows_steps_fee_and_who(client, runner):
    log_in(client, runner.party)
    page = client.get(start_url(runner)).content.decode()
    assert "Bewonerskaart aanvragen" in page
    assert "Uw gegevens" in page and "Controleren en versturen" in page
    assert "hangen af van uw antwoorden" in page
    assert "Marie Peeters" in page


def test_a_product_without_form_says_so(client, runner):
    runner.version.definition.delete()
    log_in(client, runner.party)
    response = client.get(start_url(runner))
    assert response.status_code == 404
    assert "niet online aanvragen" in response.content.decode()


def test_step_page_is_prefilled_with_progress(client, runner):
    submission = begin(client, runner)
    page = client.get(step_url(runner, submission, "gegevens")).content.decode()
    assert "Stap 1 van 4" in page
    assert 'value="Marie Peeters"' in page
    assert 'aria-current="step"' in page


def test_errors_are_shown_together_and_typed_input_is_kept(client, runner):
    submission = begin(client, runner)
    response = client.post(step_url(runner, submission, "wagen"),
                           {"action": "next", "_shown": "aantal,nummerplaat,eigen_naam", "nummerplaat": "XYZ"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Er zijn 3 antwoorden niet goed ingevuld" in page
    assert 'href="#veld-nummerplaat"' in page
    assert 'value="XYZ"' in page
    assert 'aria-invalid="true"' in page
    assert "<title>Fout:" in page


def test_fields_shown_by_an_answer_appear_without_javascript(client, runner):
    submission = begin(client, runner)
    response = client.post(step_url(runner, submission, "wagen"), {
        "action": "next", "_shown": "aantal,nummerplaat,eigen_naam,te_betalen",
        "aantal": "2", "nummerplaat": "1-ABC-123", "eigen_naam": "ja"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Door uw antwoord zijn er vragen bijgekomen" in page
    assert "Tweede nummerplaat" in page
    assert "niet goed ingevuld" not in page  # the new question is not an error yet
    submission.refresh_from_db()
    assert submission.data["aantal"] == "2"


def test_live_logic_endpoint(client, runner):
    submission = begin(client, runner)
    url = reverse("eforms:logic", args=[runner.product.key, submission.uuid, "wagen"])
    result = client.post(url, {"aantal": "2", "eigen_naam": "nee"}).json()
    assert "nummerplaat_2" in result["visible"] and "bewijs" in result["visible"]
    assert result["computed"] == {"te_betalen": "130"}
    assert result["fee"] == "€ 130,00"
    result = client.post(url, {"aantal": "1", "eigen_naam": "ja"}).json()
    assert "nummerplaat_2" not in result["visible"]
    submission.refresh_from_db()
    assert "aantal" not in submission.data  # nothing stored


def go_through(client, world, submission):
    client.post(step_url(world, submission, "gegevens"),
                {"action": "next", "_shown": "naam,email,telefoon", "naam": "Marie Peeters",
                 "email": "marie@voorbeeld.be"})
    client.post(step_url(world, submission, "wagen"),
                {"action": "next", "_shown": "aantal,nummerplaat,eigen_naam,te_betalen", "aantal": "1",
                 "nummerplaat": "1-ABC-123", "eigen_naam": "ja"})
    response = client.post(step_url(world, submission, "start"), {
        "action": "next", "_shown": "startdatum",
        "startdatum": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()})
    assert response["Location"] == reverse("eforms:summary", args=[world.product.key, submission.uuid])


def test_whole_flow_with_payment(client, runner):
    submission = begin(client, runner)
    go_through(client, runner, submission)
    summary_url = reverse("eforms:summary", args=[runner.product.key, submission.uuid])
    page = client.get(summary_url).content.decode()
    assert "Stap 4 van 4" in page
    assert "1-ABC-123" in page and "€ 30,00" in page
    assert f'href="{step_url(runner, submission, "wagen")}"' in page  # "Wijzig"
    # Without the declaration: a Dutch error, nothing sent.
    response = client.post(summary_url, {})
    assert response.status_code == 422
    assert "naar waarheid" in response.content.decode()
    response = client.post(summary_url, {"akkoord": "ja"})
    payment = Payment.objects.get(submission=submission)
    assert response["Location"] == reverse("eforms:test_payment", args=[payment.reference])
    page = client.get(response["Location"]).content.decode()
    assert "testbetaalpagina" in page and "€ 30,00" in page
    # Cancel: back at the summary, answers kept.
    response = client.post(response["Location"], {"outcome": "cancelled"})
    response = client.get(response["Location"])
    assert response["Location"] == summary_url
    page = client.get(summary_url).content.decode()
    assert "geannuleerd" in page and "1-ABC-123" in page
    assert not Zaak.objects.exists()
    # Pay.
    response = client.post(summary_url, {"akkoord": "ja"})
    payment = Payment.objects.filter(submission=submission).order_by("-pk").first()
    response = client.post(response["Location"], {"outcome": "paid"})
    response = client.get(response["Location"])
    confirmation_url = reverse("eforms:confirmation", args=[runner.product.key, submission.uuid])
    assert response["Location"] == confirmation_url
    zaak = Zaak.objects.get()
    page = client.get(confirmation_url).content.decode()
    assert zaak.identificatie in page and "€ 30,00" in page
    from loket.eforms.selectors import receipt_url

    assert receipt_url(zaak) == reverse("eforms:receipt", args=[runner.product.key, submission.uuid])
    pdf = client.get(receipt_url(zaak))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert zaak.identificatie in pdf["Content-Disposition"]
    # After sending, the steps lead to the confirmation.
    assert client.get(step_url(runner, submission, "wagen"))["Location"] == confirmation_url


def test_save_for_later_and_resume_from_the_start_page(client, runner):
    submission = begin(client, runner)
    response = client.post(step_url(runner, submission, "gegevens"), {"action": "save", "naam": "Marie P"})
    assert response["Location"] == reverse("eforms:paused", args=[runner.product.key, submission.uuid])
    assert "bewaard tot" in client.get(response["Location"]).content.decode()
    page = client.get(start_url(runner)).content.decode()
    assert "Verdergaan waar ik was" in page
    response = client.post(start_url(runner), {"action": "resume"})
    assert response["Location"] == step_url(runner, submission, "wagen")
    response = client.post(start_url(runner), {"action": "restart"})
    assert Submission.objects.filter(party=runner.party).count() == 1
    assert not Submission.objects.filter(pk=submission.pk).exists()


def test_back_button_keeps_answers_without_checking(client, runner):
    submission = begin(client, runner)
    response = client.post(step_url(runner, submission, "wagen"), {"action": "back", "nummerplaat": "fout"})
    assert response["Location"] == step_url(runner, submission, "gegevens")
    submission.refresh_from_db()
    assert submission.data["nummerplaat"] == "fout"


def test_someone_else_cannot_see_a_submission(client, runner):
    submission = begin(client, runner)
    client.logout()
    log_in(client, runner.other)
    assert client.get(step_url(runner, submission, "gegevens")).status_code == 404
    assert client.get(reverse("eforms:summary", args=[runner.product.key, submission.uuid])).status_code == 404
    assert client.post(reverse("eforms:discard", args=[runner.product.key, submission.uuid])).status_code == 404


def test_a_representative_applies_for_someone_else(client, runner):
    from loket.contacts.models import Representation

    Representation.objects.create(organisation=runner.gemeente, representative=runner.other, represented=runner.party,
                                  reason="familie", valid_from=datetime.date(2020, 1, 1))
    log_in(client, runner.other, acting_for=runner.party)
    client.post(start_url(runner), {"action": "start"})
    submission = Submission.objects.get()
    assert submission.party == runner.party
    assert submission.submitted_by == runner.other
    assert submission.data["naam"] == "Marie Peeters"  # prefilled from the one represented


@pytest.mark.django_db
def test_anonymous_forms_when_the_channel_needs_no_log_in(client, settings, tmp_path):
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages
    world = build_runner_world(login="")
    world.version.fee_expression = ""
    world.version.save()
    response = client.post(start_url(world), {"action": "start"})
    submission = Submission.objects.get()
    assert submission.party is None
    assert response["Location"] == step_url(world, submission, "gegevens")
    assert client.get(response["Location"]).status_code == 200
    go_through(client, world, submission)
    response = client.post(reverse("eforms:summary", args=[world.product.key, submission.uuid]), {"akkoord": "ja"})
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.zaak.initiator_party is None
    # Another browser cannot open it.
    from django.test import Client

    assert Client().get(step_url(world, submission, "gegevens")).status_code == 404


def test_catalog_product_page_links_to_the_form(client, runner):
    page = client.get(reverse("catalog:product", args=[runner.product.key])).content.decode()
    assert f'href="{start_url(runner)}"' in page


def test_address_suggestions_for_the_datalist(client, db):
    from loket.demo.organisation import STREETS

    street = STREETS["Heidebeek"][0]
    page = client.get(reverse("eforms:address"), {"adres": f"{street} 3"}).content.decode()
    assert f'<option value="{street} 3, ' in page
    assert client.get(reverse("eforms:address"), {"q": "x"}).content.decode().strip() == ""
