"""The form runner's rules: start (prefill, "ask once"), save a step (all errors at once; the answers are kept even
when some are wrong), pause and resume, summary, submit (the case of the product's case type, its roles, properties
and documents in one transaction), fees and payment, discard and expiry of drafts.

Decision on fees: the case is created only after the payment succeeded. Until then the submission waits in state
``awaiting_payment``; a cancelled or failed payment returns it to ``draft`` (the summary) with every answer kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
import os

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases import deadlines
from loket.cases.exceptions import CaseError
from loket.cases.models import RoleGeneric, ZaakType
from loket.contacts import identifiers

from . import payments, selectors, validation
from .exceptions import FormError, InvalidState, NotFound, StepInvalid
from .models import (
    FieldKind,
    Payment,
    PaymentState,
    Prefill,
    Submission,
    SubmissionFile,
    SubmissionState,
)

logger = logging.getLogger(__name__)

SUMMARY = "overzicht"
DEFAULT_ACCEPT = (".pdf", ".jpg", ".jpeg", ".png")
MAX_FILES_PER_SUBMISSION = 20


def _country(organisation) -> str:
    return getattr(organisation, "country", "") or "BE"


# -- Start and prefill ("ask once") ------------------------------------------------------------------------


def prefill_value(source: str, party):
    """The value of a prefill source for ``party`` (already in the field's stored form), or None."""
    if party is None or not source:
        return None
    if source == Prefill.NATIONAL_NUMBER:
        if not party.national_number_encrypted:
            return None
        try:
            return identifiers.digits(identifiers.decrypt(party.national_number_encrypted)) or None
        except identifiers.UnreadableIdentifier:
            return None
    if source == Prefill.DATE_OF_BIRTH:
        return party.date_of_birth.isoformat() if party.date_of_birth else None
    if source == Prefill.FULL_NAME:
        return party.display_name or None
    if source == Prefill.ADDRESS:
        return party.address if party.street else None
    return getattr(party, source, "") or None


def prefill(compiled: selectors.CompiledForm, party) -> dict:
    data = {}
    for field in compiled.fields.values():
        if field.prefill and field.answered and field.kind != FieldKind.FILE:
            value = prefill_value(field.prefill, party)
            if value not in (None, ""):
                data[field.key] = value
    return data


def start(*, version, party=None, submitted_by=None, assurance: str = "") -> Submission:
    """A new draft of ``version`` for ``party`` (the one the resident acts for; None: anonymous), prefilled."""
    if version is None or version.state != "published":
        raise NotFound(_("Dit formulier is niet (meer) beschikbaar."))
    compiled = selectors.compiled_form(version)
    product = version.definition.product
    now = timezone.now()
    return Submission.objects.create(
        organisation_id=version.definition.organisation_id, version=version, product=product, party=party,
        submitted_by=submitted_by or party, assurance=assurance, data=prefill(compiled, party),
        current_step=compiled.steps[0].slug if compiled.steps else "", state=SubmissionState.DRAFT,
        expires_at=now + datetime.timedelta(days=version.draft_days or 30),
    )


# -- Steps -------------------------------------------------------------------------------------------------


def _check_open(submission: Submission) -> None:
    if submission.state == SubmissionState.SUBMITTED:
        raise InvalidState(_("Deze aanvraag is al verstuurd en kan niet meer gewijzigd worden."))
    if submission.state == SubmissionState.EXPIRED or (submission.expires_at and submission.expires_at < timezone.now()):
        raise InvalidState(_("Dit concept is verlopen. Begin opnieuw."))


def visible_steps(compiled, data) -> list:
    return compiled.resolve(data)[2]


def neighbours(compiled, data, slug: str) -> tuple[str | None, str | None]:
    """The slugs of the visible steps before and after ``slug`` (None at the ends)."""
    steps = [s.slug for s in visible_steps(compiled, data)]
    if slug not in steps:
        return None, steps[0] if steps else None
    index = steps.index(slug)
    return (steps[index - 1] if index else None), (steps[index + 1] if index + 1 < len(steps) else None)


def _raw_answers(step, answers) -> dict:
    """The step's answers from a form post (a QueryDict or dict): lists for checkboxes, text otherwise."""
    raw = {}
    for field in step.fields:
        if not field.answered or field.kind == FieldKind.FILE:
            continue
        if field.kind == FieldKind.CHOICE and field.display == "checkboxes":
            values = answers.getlist(field.key) if hasattr(answers, "getlist") else answers.get(field.key, [])
            raw[field.key] = [v for v in (values if isinstance(values, list) else [values]) if v]
        else:
            value = answers.get(field.key, "")
            raw[field.key] = value if isinstance(value, str | list) else str(value)
    return raw


def _check_upload(field, upload) -> None:
    from loket.cases.models import ScanStatus
    from loket.cases.services.documents import EXECUTABLE_SIGNATURES, SIGNATURES, _mime_type, _scan

    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    accepted = tuple(e.strip().lower() for e in (field.accept or "").split(",") if e.strip()) or DEFAULT_ACCEPT
    if extension not in accepted:
        raise validation.Invalid(_("Dit bestandstype kan niet. Toegestaan: %(types)s.") % {"types": ", ".join(accepted)})
    if upload.size == 0:
        raise validation.Invalid(_("Het bestand is leeg."))
    if upload.size > (field.max_file_mb or 10) * 1024 * 1024:
        raise validation.Invalid(_("Het bestand is te groot; de grens is %(mb)s MB.") % {"mb": field.max_file_mb or 10})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    signatures = SIGNATURES.get(_mime_type(name))
    if (signatures and not any(head.startswith(s) for s in signatures)) or (
            not signatures and any(head.startswith(s) for s in EXECUTABLE_SIGNATURES)):
        raise validation.Invalid(_("De inhoud van het bestand past niet bij de extensie."))
    if _scan(upload) == ScanStatus.INFECTED:  # LOKET_VIRUS_SCANNER, as for case documents
        raise validation.Invalid(_("In dit bestand werd een virus gevonden; het werd niet opgeslagen."))


def _validate(compiled, step, data: dict, *, organisation, files=None) -> tuple[dict, dict]:
    """Check the visible fields of ``step`` against ``data``: (clean values, errors {key: message})."""
    today = deadlines.today()
    country = _country(organisation)
    _kept, visible, _steps = compiled.resolve(data)
    values, errors = {}, {}
    for field in step.fields:
        if field.key not in visible or not field.answered:
            continue
        if field.kind == FieldKind.FILE:
            upload = (files or {}).get(field.key)
            if upload is not None:
                try:
                    _check_upload(field, upload)
                except validation.Invalid as error:
                    errors[field.key] = error.message
                    continue
            elif field.required and not data.get(field.key):
                errors[field.key] = _("Voeg een bestand toe.")
            continue
        try:
            values[field.key] = validation.clean(field, data.get(field.key), today=today, country=country)
        except validation.Invalid as error:
            errors[field.key] = error.message
    return values, errors


def save_step(*, submission: Submission, step_slug: str, answers, files=None, check: bool = True) -> str | None:
    """Store the answers of one step and return the slug of the next visible step (None: go to the summary).

    Every answer is stored, also when some are wrong (never lose what was typed), and answers of fields the logic
    now hides are dropped. ``check=False`` ("save for later", "back") stores without checking. When ``check`` and
    an answer is wrong, raises StepInvalid with ALL errors of the step (the answers are stored all the same).
    Raises NotFound (unknown step), InvalidState (submitted or expired)."""
    # The state as stored now (another tab may have sent the form or started a payment).
    submission.state = Submission.objects.values_list("state", flat=True).get(pk=submission.pk)
    _check_open(submission)
    compiled = selectors.compiled_form(submission.version)
    step = compiled.step(step_slug)
    if step is None:
        raise NotFound(_("Deze stap bestaat niet."))
    data = dict(submission.data)
    data.update(_raw_answers(step, answers))
    values, errors = _validate(compiled, step, data, organisation=submission.organisation, files=files)
    for key, value in values.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    with transaction.atomic():
        for key, upload in (files or {}).items():
            field = compiled.fields.get(key)
            if field is None or field.kind != FieldKind.FILE or key in errors or key not in {f.key for f in step.fields}:
                continue
            data[key] = [_store_file(submission, key, upload)]
        for key in (answers.getlist("_remove_file") if hasattr(answers, "getlist") else answers.get("_remove_file", [])):
            if key in compiled.fields and compiled.fields[key].kind == FieldKind.FILE:
                data.pop(key, None)
        kept, _visible, _steps = compiled.resolve(data)
        # Keep invalid typed text of visible fields (shown again), drop everything hidden.
        submission.data = {**kept, **{k: v for k, v in data.items() if k in errors and k in _visible}}
        submission.fee = compiled.fee_for(kept)
        _previous, following = neighbours(compiled, kept, step.slug)
        submission.current_step = step.slug if (errors and check) else (following or SUMMARY)
        if submission.state == SubmissionState.AWAITING_PAYMENT:
            # Changing answers while a payment is open: that payment no longer counts (the fee may change).
            submission.payments.filter(state=PaymentState.OPEN).update(state=PaymentState.CANCELLED)
            submission.state = SubmissionState.DRAFT
        submission.save(update_fields=["data", "fee", "current_step", "state", "updated_at"])
        _forget_unused_files(submission)
    if errors and check:
        raise StepInvalid(errors)
    return following


def _store_file(submission: Submission, key: str, upload) -> dict:
    if submission.files.count() >= MAX_FILES_PER_SUBMISSION:
        raise FormError(_("U kunt hoogstens %(n)s bestanden toevoegen.") % {"n": MAX_FILES_PER_SUBMISSION}, field=key)
    name = os.path.basename(upload.name or "bestand")[-120:]
    upload.seek(0)
    row = SubmissionFile(submission=submission, field_key=key, filename=name,
                         content_type=getattr(upload, "content_type", "") or "", size=upload.size)
    row.file.save(name, upload, save=False)
    row.save()
    return {"id": row.pk, "name": name, "size": upload.size}


def _forget_unused_files(submission: Submission) -> None:
    used = {item.get("id") for value in submission.data.values() if isinstance(value, list)
            for item in value if isinstance(item, dict)}
    for row in submission.files.exclude(pk__in=[u for u in used if u]):
        name, storage = row.file.name, row.file.storage
        row.delete()
        transaction.on_commit(lambda storage=storage, name=name: _delete_quietly(storage, name))


def _delete_quietly(storage, name) -> None:
    with contextlib.suppress(Exception):
        storage.delete(name)


# -- Summary and submit ------------------------------------------------------------------------------------


@dataclasses.dataclass
class SummaryStep:
    slug: str
    title: str
    answers: list  # [(CompiledField, display text)]


def summary(submission: Submission) -> list[SummaryStep]:
    compiled = selectors.compiled_form(submission.version)
    kept, visible, steps = compiled.resolve(submission.data)
    result = []
    for step in steps:
        answers = [(f, validation.display(f, kept.get(f.key))) for f in step.fields
                   if f.key in visible and f.kind != FieldKind.TEXT_BLOCK]
        if answers:
            result.append(SummaryStep(slug=step.slug, title=step.title, answers=answers))
    return result


def check_complete(submission: Submission) -> dict:
    """Check every visible step. Raises StepInvalid whose ``errors`` are {key: message} and ``step`` the first step
    with an error. Returns the answers to keep."""
    compiled = selectors.compiled_form(submission.version)
    kept, _visible, steps = compiled.resolve(submission.data)
    for step in steps:
        _values, errors = _validate(compiled, step, submission.data, organisation=submission.organisation)
        if errors:
            error = StepInvalid(errors, _("Niet alle stappen zijn volledig ingevuld. Vul de stap '%(title)s' aan.")
                                % {"title": step.title})
            error.step = step.slug
            raise error
    return kept


@dataclasses.dataclass
class SubmitResult:
    submission: Submission
    payment_url: str | None = None


def submit(*, submission: Submission, return_url: str = "") -> SubmitResult:
    """Send the form. Without a fee: the case is created now. With a fee: a payment is started and the resident is
    sent to ``SubmitResult.payment_url``; the case is created when the payment succeeds (:func:`finish_payment`).

    Raises StepInvalid (a step not complete; ``.step`` says which), InvalidState, FormError (the case could not be
    created: the case type is missing or refuses the answers)."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        _check_open(submission)
        kept = check_complete(submission)
        compiled = selectors.compiled_form(submission.version)
        fee = compiled.fee_for(kept)
        submission.fee = fee
        paid = submission.payments.filter(state=PaymentState.PAID).first()
        if paid is not None and paid.amount >= fee:
            # Paid before, but the case could not be created then: try again, never a second payment.
            submission.save(update_fields=["fee", "updated_at"])
            _create_case(submission, kept)
            return SubmitResult(submission=submission)
        provider = payments.provider() if fee > 0 else None
        if provider is not None:
            # One open payment at a time: a new attempt replaces an unfinished one.
            submission.payments.filter(state=PaymentState.OPEN).update(state=PaymentState.EXPIRED)
            payment = Payment.objects.create(submission=submission, provider=provider.name,
                                             reference=payments.new_reference(), amount=fee)
            submission.state = SubmissionState.AWAITING_PAYMENT
            submission.current_step = SUMMARY
            submission.save(update_fields=["fee", "state", "current_step", "updated_at"])
            url = provider.start(payment, return_url=return_url.replace("REFERENCE", payment.reference))
            return SubmitResult(submission=submission, payment_url=url)
        # No fee, or no online payment here: the case is created now (a fee is then asked afterwards).
        submission.save(update_fields=["fee", "updated_at"])
        _create_case(submission, kept, betalingsindicatie="nog_niet" if fee > 0 else "")
        return SubmitResult(submission=submission)


def finish_payment(*, payment: Payment) -> Submission:
    """Ask the provider for the payment's state and act on it: paid -> the case is created; cancelled or failed ->
    back to the summary (draft) with the answers kept; open -> nothing. Idempotent (a second return does nothing).
    Raises FormError when the case cannot be created (the payment stays paid, the submission waits, the log says
    so); calling it again for that paid payment tries to create the case again (never a second payment)."""
    provider = payments.provider()
    if provider is None:  # online payment switched off meanwhile: the payment's state cannot be known here
        return payment.submission
    state = provider.status(payment)
    failure = None
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("submission").get(pk=payment.pk)
        submission = Submission.objects.select_for_update().get(pk=payment.submission_id)
        retry = payment.state == PaymentState.PAID and submission.state == SubmissionState.AWAITING_PAYMENT
        if not retry and (payment.state != PaymentState.OPEN or state == PaymentState.OPEN):
            return submission
        if not retry:
            payment.state = state
            payment.paid_at = timezone.now() if state == PaymentState.PAID else None
            payment.save(update_fields=["state", "paid_at", "updated_at"])
        if payment.state == PaymentState.PAID and submission.state == SubmissionState.AWAITING_PAYMENT:
            compiled = selectors.compiled_form(submission.version)
            kept, _visible, _steps = compiled.resolve(submission.data)
            try:
                with transaction.atomic():
                    _create_case(submission, kept)
            except FormError as error:
                # The payment stays recorded as paid; the submission waits (staff see it in the log).
                logger.exception("Paid submission %s: the case could not be created", submission.uuid)
                submission.refresh_from_db()
                failure = error
        elif payment.state != PaymentState.PAID and submission.state == SubmissionState.AWAITING_PAYMENT:
            submission.state = SubmissionState.DRAFT
            submission.current_step = SUMMARY
            submission.save(update_fields=["state", "current_step", "updated_at"])
    if failure is not None:
        raise failure
    return submission


def paid_amount(submission: Submission):
    payment = submission.payments.filter(state=PaymentState.PAID).first()
    return payment.amount if payment else None


def _case_type(product, on: datetime.date) -> ZaakType:
    from loket.cases import selectors as case_selectors

    version = (case_selectors.valid_on(ZaakType.objects.filter(products=product), on)
               .select_related("department").order_by("-begin_geldigheid").first())
    if version is None:
        raise FormError(_("Voor dit product is (nog) geen zaaktype ingesteld. Neem contact op met de gemeente; "
                          "uw antwoorden blijven bewaard."))
    return version


def _eigenschappen(compiled, kept: dict, zaaktype: ZaakType) -> dict:
    """Form answers as case properties where the names match (``case_property`` or the key); values the case type
    would refuse are left out (they are in the form document anyway)."""
    from loket.cases.services.cases import _validate_eigenschap_value

    definitions = {e.naam: e for e in zaaktype.eigenschappen.all()}
    values = {}
    for field in compiled.fields.values():
        name = field.case_property or field.key
        if name not in definitions or field.key not in kept or field.kind in (FieldKind.FILE, FieldKind.TEXT_BLOCK):
            continue
        value = kept[field.key]
        value = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        try:
            values[name] = _validate_eigenschap_value(definitions[name], value)
        except CaseError:
            continue
    return values


def _document_types(zaaktype: ZaakType) -> list:
    types = [link.informatieobjecttype for link in zaaktype.ziot.select_related("informatieobjecttype")]

    def rank(t):
        name = t.omschrijving.lower()
        return (0 if "aanvraag" in name else 1 if ("bijlage" in name or "plan" in name or "foto" in name) else
                3 if ("besluit" in name or "advies" in name) else 2)

    return sorted(types, key=rank)


def _pick_type(types, mime: str):
    from loket.cases.services.documents import DEFAULT_ALLOWED_TYPES

    return next((t for t in types if mime in (t.allowed_mime_types or DEFAULT_ALLOWED_TYPES)), None)


def _create_case(submission: Submission, kept: dict, *, betalingsindicatie: str = "") -> None:
    """Create the case, its roles, properties and documents, and mark the submission as submitted — all or nothing
    (the caller's transaction; stored document files are removed again when something fails)."""
    from loket.cases.services import cases as case_services
    from loket.cases.services import documents as document_services

    from . import receipts

    compiled = selectors.compiled_form(submission.version)
    today = deadlines.today()
    zaaktype = _case_type(submission.product, today)
    stored = []
    try:
        with transaction.atomic():
            zaak = case_services.create_case(
                organisation=submission.organisation, zaaktype=zaaktype,
                omschrijving=f"{submission.product.name}"[:80], startdatum=today, initiator=submission.party,
                toelichting=_("Online aangevraagd met het formulier '%(title)s'.") % {"title": submission.version.title},
                communicatiekanaal="e-loket", eigenschappen=_eigenschappen(compiled, kept, zaaktype),
                source_app="eforms", source_reference=str(submission.uuid), **_payment_attributes(submission, betalingsindicatie),
            )
            if submission.submitted_by_id and submission.party_id and submission.submitted_by_id != submission.party_id:
                roltype = next((r for r in zaaktype.roltypen.all()
                                if r.omschrijving_generiek in (RoleGeneric.MEDE_INITIATOR, RoleGeneric.BELANGHEBBENDE)),
                               None)
                if roltype is not None:
                    case_services.add_role(zaak=zaak, roltype=roltype, party=submission.submitted_by,
                                           roltoelichting=_("Vertegenwoordiger die de aanvraag indiende"))
            submission.zaak = zaak
            submission.state = SubmissionState.SUBMITTED
            submission.submitted_at = timezone.now()
            submission.data = kept
            submission.current_step = ""
            types = _document_types(zaaktype)
            pdf_type = _pick_type(types, "application/pdf")
            if pdf_type is not None:
                content = ContentFile(receipts.form_pdf(submission, compiled, kept), name=f"aanvraag-{zaak.identificatie}.pdf")
                link = document_services.add_document(
                    zaak=zaak, file=content, titel=_("Aanvraagformulier %(title)s") % {"title": submission.version.title},
                    informatieobjecttype=pdf_type, auteur=submission.submitted_by.display_name if submission.submitted_by else "e-loket",
                )
                stored.extend((v.inhoud.storage, v.inhoud.name) for v in link.informatieobject.versions.all())
            for row in submission.files.all():
                import mimetypes

                mime = mimetypes.guess_type(row.filename)[0] or "application/octet-stream"
                doc_type = _pick_type(types, mime)
                if doc_type is None:
                    continue
                with row.file.open("rb") as handle:
                    upload = ContentFile(handle.read(), name=row.filename)
                field = compiled.fields.get(row.field_key)
                link = document_services.add_document(
                    zaak=zaak, file=upload, titel=(field.label if field else row.filename)[:200],
                    informatieobjecttype=doc_type, beschrijving=row.filename,
                    auteur=submission.submitted_by.display_name if submission.submitted_by else "e-loket",
                )
                stored.extend((v.inhoud.storage, v.inhoud.name) for v in link.informatieobject.versions.all())
            submission.save(update_fields=["zaak", "state", "submitted_at", "data", "current_step", "updated_at"])
    except CaseError as error:
        _remove_stored(stored)
        raise FormError(_("Uw aanvraag kon niet verstuurd worden: %(reason)s Uw antwoorden blijven bewaard.")
                        % {"reason": error.message}) from error
    except Exception:
        _remove_stored(stored)
        raise


def _payment_attributes(submission: Submission, betalingsindicatie: str) -> dict:
    """The case's ZGW payment attributes: paid online (geheel, with the date), still to pay (nog_niet) or no fee."""
    if betalingsindicatie:
        return {"attributes": {"betalingsindicatie": betalingsindicatie}}
    paid = submission.payments.filter(state=PaymentState.PAID).order_by("-paid_at").first()
    if paid is None:
        return {}
    return {"attributes": {"betalingsindicatie": "geheel", "laatste_betaaldatum": paid.paid_at}}


def _remove_stored(files) -> None:
    for storage, name in files:
        _delete_quietly(storage, name)


# -- Discard and expiry -------------------------------------------------------------------------------------


def discard(*, submission: Submission) -> None:
    """Delete a draft and its files. Raises InvalidState when it was sent."""
    if submission.state == SubmissionState.SUBMITTED:
        raise InvalidState(_("Een verstuurde aanvraag kan niet verwijderd worden."))
    names = [(row.file.storage, row.file.name) for row in submission.files.all()]
    with transaction.atomic():
        submission.delete()
        for storage, name in names:
            transaction.on_commit(lambda storage=storage, name=name: _delete_quietly(storage, name))


def delete_expired_drafts(*, now=None) -> int:
    """Delete drafts past their expiry date (run daily). Returns how many."""
    now = now or timezone.now()
    count = 0
    for submission in Submission.objects.filter(state__in=selectors.OPEN_STATES, expires_at__lt=now).exclude(
            payments__state=PaymentState.PAID):
        discard(submission=submission)
        count += 1
    return count

