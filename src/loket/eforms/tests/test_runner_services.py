"""The form runner's rules: validation per kind, prefill, logic, saving (never losing answers), submit, payment."""

import datetime
import decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from loket.cases.models import Rol, Zaak, ZaakEigenschap, ZaakInformatieObject
from loket.eforms import payments, selectors, services, validation
from loket.eforms.exceptions import FormError, InvalidState, StepInvalid
from loket.eforms.models import FieldKind, Payment, PaymentState, Submission, SubmissionState

from .runner_world import PDF, PNG

TODAY = datetime.date(2026, 11, 27)


def field(kind, **options):
    base = {"kind": kind, "required": True, "options": [], "display": "radio", "min_value": None, "max_value": None,
            "min_length": None, "max_length": None, "pattern": "", "pattern_message": "", "min_date": "",
            "max_date": ""}
    base.update(options)
    return SimpleNamespace(**base)


def clean(kind, raw, **options):
    return validation.clean(field(kind, **options), raw, today=TODAY, country="BE")


def error(kind, raw, **options):
    with pytest.raises(validation.Invalid) as info:
        clean(kind, raw, **options)
    return info.value.message


# -- Validation of each kind ---------------------------------------------------------------------------------


def test_required_and_optional():
    assert error(FieldKind.TEXT, "  ") == "Dit veld is verplicht. Vul het in."
    assert clean(FieldKind.TEXT, "", required=False) is None
    assert error(FieldKind.CHOICE, "", options=[{"value": "a"}]) == "Maak een keuze."


def test_text_length_and_pattern():
    assert "hoogstens 5 tekens" in error(FieldKind.TEXT, "123456", max_length=5)
    assert "minstens 3 tekens" in error(FieldKind.TEXTAREA, "ab", min_length=3)
    assert error(FieldKind.TEXT, "ABC", pattern=r"\d+", pattern_message="Alleen cijfers.") == "Alleen cijfers."
    assert clean(FieldKind.TEXT, " 123 ", pattern=r"\d+") == "123"


def test_numbers_and_amounts():
    assert clean(FieldKind.NUMBER, "12") == "12"
    assert clean(FieldKind.NUMBER, "1,5") == "1.5"
    assert error(FieldKind.NUMBER, "twaalf") == "Vul een getal in."
    assert error(FieldKind.NUMBER, "0", min_value=decimal.Decimal(1)) == "Vul minstens 1 in."
    assert error(FieldKind.NUMBER, "2000", max_value=decimal.Decimal(1000)) == "Vul hoogstens 1.000 in."
    assert clean(FieldKind.AMOUNT, "€ 12,5") == "12.50"
    assert "twee cijfers na de komma" in error(FieldKind.AMOUNT, "1,234")


def test_dates_with_relative_limits():
    assert clean(FieldKind.DATE, "31-12-2026") == "2026-12-31"
    assert clean(FieldKind.DATE, "2026-12-31") == "2026-12-31"
    assert "bestaande datum" in error(FieldKind.DATE, "31-02-2026")
    assert error(FieldKind.DATE, "2026-11-26", min_date="vandaag") == "De datum mag niet vóór 27-11-2026 liggen."
    assert "na 11-12-2026" in error(FieldKind.DATE, "2026-12-12", max_date="vandaag+14")
    assert clean(FieldKind.DATE, "2026-12-11", max_date="vandaag+14") == "2026-12-11"


def test_email_phone_national_number_iban_postcode():
    assert clean(FieldKind.EMAIL, "Marie@Voorbeeld.BE") == "marie@voorbeeld.be"
    assert "geldig e-mailadres" in error(FieldKind.EMAIL, "marie@")
    assert clean(FieldKind.PHONE, "03 412 34 56") == "+3234123456"
    assert "geldig telefoonnummer" in error(FieldKind.PHONE, "12")
    assert clean(FieldKind.NATIONAL_NUMBER, "85.07.30-033.28") == "85073003328"
    assert clean(FieldKind.NATIONAL_NUMBER, "111222333") == "111222333"  # a valid BSN
    assert "geen geldig rijksregisternummer of BSN" in error(FieldKind.NATIONAL_NUMBER, "85.07.30-033.29")
    assert clean(FieldKind.IBAN, "be71096123456769") == "BE71 0961 2345 6769"
    assert "geen geldig IBAN" in error(FieldKind.IBAN, "BE71 0961 2345 6760")
    assert clean(FieldKind.POSTCODE, "2220") == "2220"
    assert clean(FieldKind.POSTCODE, "1234ab") == "1234 AB"
    assert "geldige postcode" in error(FieldKind.POSTCODE, "0123")


def test_address_lookup_through_the_offline_geocoder():
    from loket.demo.organisation import STREETS

    street = STREETS["Heidebeek"][0]
    assert clean(FieldKind.ADDRESS, f"{street} 12").startswith(f"{street} 12, ")
    assert "Wij vinden dit adres niet" in error(FieldKind.ADDRESS, "Onbestaandestraat 12")
    assert "huisnummer" in error(FieldKind.ADDRESS, street)
    assert "niet in die gemeente" in error(FieldKind.ADDRESS, f"{street} 12, Antwerpen")


def test_choices_yes_no_and_checkboxes():
    options = [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
    assert clean(FieldKind.CHOICE, "b", options=options) == "b"
    assert error(FieldKind.CHOICE, "z", options=options) == "Kies uit de gegeven mogelijkheden."
    assert clean(FieldKind.CHOICE, ["b", "a"], options=options, display="checkboxes") == ["a", "b"]
    assert error(FieldKind.CHOICE, [], options=options, display="checkboxes") == "Kies minstens één mogelijkheid."
    assert clean(FieldKind.YES_NO, "Ja") == "ja"
    assert error(FieldKind.YES_NO, "misschien") == "Kies ja of nee."


# -- Start, prefill, save --------------------------------------------------------------------------------------


def start(world, party=None):
    return services.start(version=world.version, party=party or world.party, submitted_by=party or world.party,
                          assurance="substantial")


def test_start_prefills_from_the_party_ask_once(runner):
    submission = start(runner)
    assert submission.data == {"naam": "Marie Peeters", "email": "marie@voorbeeld.be", "telefoon": "+3234123456"}
    assert submission.current_step == "gegevens"
    assert submission.expires_at > timezone.now() + datetime.timedelta(days=29)


def test_prefill_sources(runner):
    party = runner.party
    assert services.prefill_value("national_number", party) == "85073003328"
    assert services.prefill_value("date_of_birth", party) == "1985-07-30"
    assert services.prefill_value("address", party) == "Kerkstraat 12, 9999 Testdorp"
    assert services.prefill_value("business_name", party) is None


def test_a_step_reports_all_errors_at_once_and_keeps_what_was_typed(runner):
    submission = start(runner)
    services.save_step(submission=submission, step_slug="gegevens", answers={"naam": "Marie", "email": "m@v.be"})
    with pytest.raises(StepInvalid) as info:
        services.save_step(submission=submission, step_slug="wagen",
                           answers={"aantal": "", "nummerplaat": "XYZ", "eigen_naam": "ja"})
    assert info.value.errors == {"aantal": "Maak een keuze.",
                                 "nummerplaat": "Vul een nummerplaat in, bijvoorbeeld 1-ABC-123."}
    submission.refresh_from_db()
    assert submission.data["nummerplaat"] == "XYZ"  # never lose typed input
    assert submission.data["eigen_naam"] == "ja"
    assert submission.current_step == "wagen"


def test_hidden_fields_are_not_validated_and_not_kept(runner):
    submission = start(runner)
    services.save_step(submission=submission, step_slug="wagen",
                       answers={"aantal": "2", "nummerplaat": "1-ABC-123", "nummerplaat_2": "2-XYZ-987",
                                "eigen_naam": "ja"})
    submission.refresh_from_db()
    assert submission.data["nummerplaat_2"] == "2-XYZ-987"
    assert submission.fee == decimal.Decimal("130.00")
    assert submission.data["te_betalen"] == "130"
    services.save_step(submission=submission, step_slug="wagen",
                       answers={"aantal": "1", "nummerplaat": "1-ABC-123", "nummerplaat_2": "", "eigen_naam": "ja"})
    submission.refresh_from_db()
    assert "nummerplaat_2" not in submission.data
    assert submission.fee == decimal.Decimal("30.00")
    assert submission.data["te_betalen"] == "30"


def test_a_required_field_shown_by_logic_is_checked(runner):
    submission = start(runner)
    with pytest.raises(StepInvalid) as info:
        services.save_step(submission=submission, step_slug="wagen",
                           answers={"aantal": "1", "nummerplaat": "1-ABC-123", "eigen_naam": "nee"})
    assert info.value.errors == {"bewijs": "Voeg een bestand toe."}


def test_upload_is_checked_and_stored(runner):
    submission = start(runner)
    answers = {"aantal": "1", "nummerplaat": "1-ABC-123", "eigen_naam": "nee"}
    with pytest.raises(StepInvalid) as info:
        services.save_step(submission=submission, step_slug="wagen", answers=answers,
                           files={"bewijs": SimpleUploadedFile("x.exe", b"MZ...", content_type="application/pdf")})
    assert "Dit bestandstype kan niet" in info.value.errors["bewijs"]
    with pytest.raises(StepInvalid) as info:
        services.save_step(submission=submission, step_slug="wagen", answers=answers,
                           files={"bewijs": SimpleUploadedFile("nep.pdf", b"MZ not a pdf")})
    assert "past niet bij de extensie" in info.value.errors["bewijs"]
    services.save_step(submission=submission, step_slug="wagen", answers=answers,
                       files={"bewijs": SimpleUploadedFile("lease.pdf", PDF, content_type="application/pdf")})
    submission.refresh_from_db()
    assert submission.data["bewijs"][0]["name"] == "lease.pdf"
    assert submission.files.get().filename == "lease.pdf"
    # Answering "ja" hides the upload: the answer and the file go.
    services.save_step(submission=submission, step_slug="wagen", answers={**answers, "eigen_naam": "ja"})
    submission.refresh_from_db()
    assert "bewijs" not in submission.data
    assert not submission.files.exists()


def test_save_for_later_does_not_check_and_drafts_are_listed(runner):
    submission = start(runner)
    services.save_step(submission=submission, step_slug="wagen", answers={"nummerplaat": "fout"}, check=False)
    submission.refresh_from_db()
    assert submission.data["nummerplaat"] == "fout"
    drafts = selectors.drafts_for(runner.party)
    assert [d.pk for d in drafts] == [submission.pk]
    assert drafts[0].resume_url.endswith("/start/")  # the next step after "wagen"
    assert selectors.drafts_for(runner.other) == []
    Submission.objects.filter(pk=submission.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    assert selectors.drafts_for(runner.party) == []
    assert services.delete_expired_drafts() == 1
    assert not Submission.objects.exists()


def fill(submission, *, aantal="1", eigen_naam="ja", files=None):
    services.save_step(submission=submission, step_slug="gegevens",
                       answers={"naam": "Marie Peeters", "email": "marie@voorbeeld.be", "telefoon": ""})
    services.save_step(submission=submission, step_slug="wagen", files=files,
                       answers={"aantal": aantal, "nummerplaat": "1-ABC-123", "nummerplaat_2": "2-XYZ-987",
                                "eigen_naam": eigen_naam})
    services.save_step(submission=submission, step_slug="start",
                       answers={"startdatum": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()})
    submission.refresh_from_db()
    return submission


def test_summary_lists_visible_answers_per_step(runner):
    submission = fill(start(runner), aantal="2")
    summary = services.summary(submission)
    assert [s.slug for s in summary] == ["gegevens", "wagen", "start"]
    wagen = {f.key: text for f, text in summary[1].answers}
    assert wagen["aantal"] == "Twee"
    assert wagen["eigen_naam"] == "Ja"
    assert wagen["te_betalen"] == "130"


# -- Submit ------------------------------------------------------------------------------------------------------


def free_form(runner):
    runner.version.fee_expression = ""
    runner.version.save()
    selectors.forget_compiled(runner.version.pk)


def test_submit_without_fee_creates_case_role_properties_and_documents(runner):
    free_form(runner)
    submission = fill(start(runner), eigen_naam="nee",
                      files={"bewijs": SimpleUploadedFile("bewijs.png", PNG, content_type="image/png")})
    result = services.submit(submission=submission)
    assert result.payment_url is None
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    zaak = submission.zaak
    assert zaak.zaaktype.identificatie == "PARKEERKAART"
    assert zaak.initiator_party == runner.party
    assert zaak.source_app == "eforms"
    roles = Rol.objects.filter(zaak=zaak)
    assert [(r.omschrijving_generiek, r.party_id) for r in roles] == [("initiator", runner.party.pk)]
    properties = dict(ZaakEigenschap.objects.filter(zaak=zaak).values_list("naam", "waarde"))
    assert properties["nummerplaat"] == "1-ABC-123"
    assert properties["startdatum"] == (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    titles = sorted(ZaakInformatieObject.objects.filter(zaak=zaak).values_list("titel", flat=True))
    assert titles == ["Aanvraagformulier Bewonerskaart aanvragen", "Bewijs van gebruik"]
    with pytest.raises(InvalidState):
        services.save_step(submission=submission, step_slug="start", answers={})


def test_a_representative_gets_a_role_too(runner):
    free_form(runner)
    submission = services.start(version=runner.version, party=runner.party, submitted_by=runner.other)
    fill(submission)
    services.submit(submission=submission)
    submission.refresh_from_db()
    roles = {r.omschrijving_generiek: r.party_id for r in Rol.objects.filter(zaak=submission.zaak)}
    assert roles == {"initiator": runner.party.pk, "mede_initiator": runner.other.pk}


def test_submit_refuses_an_incomplete_form_and_names_the_step(runner):
    free_form(runner)
    submission = start(runner)
    services.save_step(submission=submission, step_slug="wagen", answers={"aantal": "1"}, check=False)
    with pytest.raises(StepInvalid) as info:
        services.submit(submission=submission)
    assert info.value.step == "wagen"
    assert not Zaak.objects.exists()


def test_a_failure_in_the_middle_of_submit_leaves_nothing(runner, monkeypatch):
    from loket.cases.services import documents

    free_form(runner)
    submission = fill(start(runner), eigen_naam="nee",
                      files={"bewijs": SimpleUploadedFile("bewijs.png", PNG, content_type="image/png")})
    real = documents.add_document
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["titel"])
        if len(calls) == 2:
            raise RuntimeError("opslag onbereikbaar")
        return real(**kwargs)

    monkeypatch.setattr(documents, "add_document", failing)
    with pytest.raises(RuntimeError):
        services.submit(submission=submission)
    assert not Zaak.objects.exists()
    assert not Rol.objects.exists()
    assert not ZaakInformatieObject.objects.exists()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT
    assert submission.data["nummerplaat"] == "1-ABC-123"


def test_a_case_type_that_refuses_gives_a_dutch_error_and_keeps_the_answers(runner):
    free_form(runner)
    runner.zaaktype.products.clear()
    submission = fill(start(runner))
    with pytest.raises(FormError, match="geen zaaktype"):
        services.submit(submission=submission)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT


# -- Fees and payment ----------------------------------------------------------------------------------------


def pay(runner, outcome):
    submission = fill(start(runner), aantal="2")
    result = services.submit(submission=submission, return_url="https://loket.test/terug/REFERENCE/")
    payment = Payment.objects.get(submission=submission)
    assert result.payment_url == f"/aanvragen/testbetaling/{payment.reference}/"
    assert payment.amount == decimal.Decimal("130.00")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.AWAITING_PAYMENT
    assert not Zaak.objects.exists()  # the case comes only after the payment
    back = payments.provider().choose(payment, outcome)
    assert back == f"https://loket.test/terug/{payment.reference}/"
    return services.finish_payment(payment=payment), payment


def test_paid_submission_creates_the_case(runner):
    submission, payment = pay(runner, PaymentState.PAID)
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.zaak is not None
    payment.refresh_from_db()
    assert payment.state == PaymentState.PAID and payment.paid_at
    assert services.paid_amount(submission) == decimal.Decimal("130.00")
    # Coming back a second time changes nothing.
    assert services.finish_payment(payment=payment).zaak_id == submission.zaak_id
    assert Zaak.objects.count() == 1


def test_paid_online_the_case_says_paid_in_full(runner):
    submission, payment = pay(runner, PaymentState.PAID)
    payment.refresh_from_db()
    assert submission.zaak.betalingsindicatie == "geheel"
    assert submission.zaak.laatste_betaaldatum == payment.paid_at


def test_without_online_payment_the_case_is_created_with_the_fee_still_to_pay(runner, settings):
    settings.LOKET_PAYMENT_PROVIDER = "none"
    submission = fill(start(runner), aantal="2")
    result = services.submit(submission=submission, return_url="https://loket.test/terug/REFERENCE/")
    assert result.payment_url is None
    assert not Payment.objects.exists()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.fee == decimal.Decimal("130.00")
    assert submission.zaak.betalingsindicatie == "nog_niet"


@pytest.mark.parametrize("outcome", [PaymentState.CANCELLED, PaymentState.FAILED])
def test_cancelled_or_failed_payment_returns_to_the_summary_with_answers(runner, outcome):
    submission, payment = pay(runner, outcome)
    assert submission.state == SubmissionState.DRAFT
    assert submission.current_step == services.SUMMARY
    assert submission.data["nummerplaat"] == "1-ABC-123"
    assert not Zaak.objects.exists()
    payment.refresh_from_db()
    assert payment.state == outcome
    # Trying again starts a new payment.
    services.submit(submission=submission, return_url="https://loket.test/REFERENCE/")
    assert Payment.objects.filter(submission=submission).count() == 2


def test_receipt_and_form_pdfs(runner):
    from loket.eforms import receipts

    submission, _payment = pay(runner, PaymentState.PAID)
    pdf = receipts.receipt_pdf(submission)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


def test_a_step_of_a_50_field_form_needs_few_queries(runner, django_assert_max_num_queries):
    from loket.eforms.spec import build_form, large_form_answers, large_form_spec

    version = build_form(product=runner.product, spec=large_form_spec(fields=50, steps=1))
    runner.version.refresh_from_db()
    assert runner.version.state == "retired"  # the new version replaced it
    submission = services.start(version=version, party=runner.party)
    answers = large_form_answers(version, "stap-1")
    services.save_step(submission=submission, step_slug="stap-1", answers=answers)
    # The compiled definition is cached: saving reads no form rows, only writes the draft.
    with django_assert_max_num_queries(5):
        services.save_step(submission=submission, step_slug="stap-1", answers=answers)
    with django_assert_max_num_queries(5), pytest.raises(StepInvalid) as info:
        services.save_step(submission=submission, step_slug="stap-1", answers=dict.fromkeys(answers, "###"))
    assert len(info.value.errors) > 20


def test_a_draft_keeps_its_version_when_a_new_one_is_published(runner):
    from loket.eforms.spec import build_form

    submission = start(runner)
    build_form(product=runner.product, spec={**runner_spec(), "title": "Nieuwe versie"})
    submission.refresh_from_db()
    assert submission.version_id == runner.version.pk
    services.save_step(submission=submission, step_slug="gegevens", answers={"naam": "Marie", "email": "m@v.be"})
    assert selectors.published_form_for(runner.product).title == "Nieuwe versie"


def runner_spec():
    from .runner_world import SPEC

    return SPEC


def test_changing_an_answer_during_payment_voids_that_payment(runner):
    submission = fill(start(runner), aantal="2")
    services.submit(submission=submission, return_url="https://loket.test/REFERENCE/")
    first = Payment.objects.get(submission=submission)
    services.save_step(submission=submission, step_slug="wagen",
                       answers={"aantal": "1", "nummerplaat": "1-ABC-123", "eigen_naam": "ja"})
    first.refresh_from_db()
    assert first.state == PaymentState.CANCELLED
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT and submission.fee == decimal.Decimal("30.00")
    payments.provider().choose(first, PaymentState.PAID)  # paying the old one afterwards creates nothing
    services.finish_payment(payment=first)
    assert not Zaak.objects.exists()
    services.submit(submission=submission, return_url="https://loket.test/REFERENCE/")
    second = Payment.objects.get(submission=submission, state=PaymentState.OPEN)
    assert second.amount == decimal.Decimal("30.00")


def test_an_infected_upload_is_refused(runner, settings):
    from loket.cases.services.documents import EICAR

    settings.LOKET_VIRUS_SCANNER = "loket.cases.services.documents.eicar_scanner"
    submission = start(runner)
    with pytest.raises(StepInvalid) as info:
        services.save_step(submission=submission, step_slug="wagen",
                           answers={"aantal": "1", "nummerplaat": "1-ABC-123", "eigen_naam": "nee"},
                           files={"bewijs": SimpleUploadedFile("lease.pdf", b"%PDF-1.4\n" + EICAR)})
    assert "virus" in info.value.errors["bewijs"]
    assert not submission.files.exists()


def test_paid_but_the_case_failed_then_retried_without_paying_twice(runner):
    product = runner.product
    runner.zaaktype.products.clear()
    submission = fill(start(runner))
    services.submit(submission=submission, return_url="https://loket.test/REFERENCE/")
    payment = Payment.objects.get(submission=submission)
    payments.provider().choose(payment, PaymentState.PAID)
    with pytest.raises(FormError, match="geen zaaktype"):
        services.finish_payment(payment=payment)
    payment.refresh_from_db()
    submission.refresh_from_db()
    assert payment.state == PaymentState.PAID
    assert submission.state == SubmissionState.AWAITING_PAYMENT and submission.zaak is None
    runner.zaaktype.products.add(product)
    result = services.submit(submission=submission, return_url="https://loket.test/REFERENCE/")
    assert result.payment_url is None
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED and submission.zaak is not None
    assert Payment.objects.filter(submission=submission).count() == 1
