"""The resident's form runner (thin: the rules live in services): start, steps, summary, payment, confirmation,
receipt PDF. Forms need a log-in at the level of the product's online channel, unless that channel needs none."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loket.catalog import selectors as catalog_selectors
from loket.catalog.models import ChannelKind
from loket.portal.identity import current_resident, resident_required

from . import payments, receipts, selectors, services, validation
from .exceptions import FormError, StepInvalid
from .models import FieldKind, Payment, SubmissionState

SESSION_ANONYMOUS = "eforms_anonymous"


def _login_level(product) -> str:
    """The assurance level the product's online channel needs ("" = none; the weakest of several channels)."""
    online = [c for c in product.channels.all() if c.kind == ChannelKind.ONLINE]
    if not online:
        return "low"  # no online channel described: a form still needs a log-in
    return min((c.login for c in online), key=lambda level: ["", "low", "substantial", "high"].index(level)
               if level in ("", "low", "substantial", "high") else 9)


def form_view(view):
    """Find the product and its published form; require the log-in the product's online channel asks for; set
    ``request.product``, ``request.form_version`` and ``request.party`` (acting_for, or None when anonymous)."""
    @functools.wraps(view)
    def wrapper(request, product_key, *args, **kwargs):
        product = catalog_selectors.product_for_resident(getattr(request, "organisation", None), product_key)
        if product is None:
            raise Http404
        level = _login_level(product)
        request.product = product
        request.form_version = selectors.published_form_for(product)

        def inner(request, *args, **kwargs):
            resident = getattr(request, "resident", None) or current_resident(request)
            request.resident = resident
            request.party = resident.acting_for if resident else None
            return view(request, *args, **kwargs)

        if level or current_resident(request) is not None:  # a logged-in resident: the representation is checked
            return resident_required(assurance=level or "")(inner)(request, *args, **kwargs)
        return inner(request, *args, **kwargs)
    return wrapper


def _submission(request, uuid):
    submission = selectors.submission_for(uuid, party=request.party,
                                          anonymous_uuids=request.session.get(SESSION_ANONYMOUS, []))
    if submission is None or submission.product_id != request.product.pk:
        raise Http404
    return submission


def _remember_anonymous(request, submission) -> None:
    if submission.party_id is None:
        request.session[SESSION_ANONYMOUS] = [*request.session.get(SESSION_ANONYMOUS, [])[-19:], str(submission.uuid)]


def _progress(compiled, data, current_slug):
    steps = services.visible_steps(compiled, data)
    slugs = [s.slug for s in steps]
    number = slugs.index(current_slug) + 1 if current_slug in slugs else len(steps) + 1
    return {"steps": steps, "number": number, "total": len(steps) + 1}


# -- Start -------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@form_view
def start(request):
    product, version = request.product, request.form_version
    draft = selectors.open_draft(request.party, product) if version else None
    if request.method == "POST" and version is not None:
        if draft is not None and request.POST.get("action") == "resume":
            return redirect(selectors.resume_url(draft))
        if draft is not None and request.POST.get("action") == "restart":
            services.discard(submission=draft)
        resident = request.resident
        submission = services.start(version=version, party=request.party,
                                    submitted_by=resident.party if resident else None,
                                    assurance=resident.assurance if resident else "")
        _remember_anonymous(request, submission)
        return redirect(selectors.resume_url(submission))
    compiled = selectors.compiled_form(version) if version else None
    return render(request, "eforms/start.html", {
        "product": product, "version": version, "compiled": compiled, "draft": draft,
        "fee_fixed": version is not None and not version.fee_expression and version.fee_amount > 0,
        "fee_computed": version is not None and bool(version.fee_expression),
    }, status=200 if version else 404)


@require_GET
@form_view
def resume(request, uuid):
    submission = _submission(request, uuid)
    if submission.state == SubmissionState.SUBMITTED:
        return redirect("eforms:confirmation", request.product.key, submission.uuid)
    compiled = selectors.compiled_form(submission.version)
    visible = [s.slug for s in services.visible_steps(compiled, submission.data)]
    slug = submission.current_step or (visible[0] if visible else services.SUMMARY)
    if slug != services.SUMMARY and slug not in visible:  # never a loop to a step the logic now hides
        slug = visible[0] if visible else services.SUMMARY
    if slug == services.SUMMARY:
        return redirect("eforms:summary", request.product.key, submission.uuid)
    return redirect("eforms:step", request.product.key, submission.uuid, slug)


# -- Steps -------------------------------------------------------------------------------------------------


class _Bound:
    """One field as the step template shows it: the compiled field, its current value, error and visibility."""

    def __init__(self, field, value, error, visible):
        self.field, self.value, self.error, self.visible = field, value, error, visible
        self.key, self.kind = field.key, field.kind
        self.id = f"veld-{field.key}"

    @property
    def values(self):
        return [str(v) for v in self.value] if isinstance(self.value, list) else [str(self.value or "")]

    @property
    def display(self):
        return validation.display(self.field, self.value)

    @property
    def text(self):
        if self.value is None or isinstance(self.value, list | dict):
            return ""
        if self.kind == FieldKind.DATE:
            date = validation.parse_date(str(self.value))
            return date.isoformat() if date else str(self.value)
        if self.kind == FieldKind.AMOUNT:
            return str(self.value).replace(".", ",")
        return str(self.value)

    @property
    def described_by(self):
        ids = [f"{self.id}-hulp"] if self.field.help_text else []
        if self.error:
            ids.append(f"{self.id}-fout")
        return " ".join(ids)


def _step_context(request, submission, compiled, step, *, errors=None, notice=""):
    errors = errors or {}
    data = submission.data
    _kept, visible, _steps = compiled.resolve(data)
    fields = [_Bound(f, data.get(f.key), errors.get(f.key), f.key in visible) for f in step.fields]
    previous, _next = services.neighbours(compiled, data, step.slug)
    ordered_errors = [(b, b.error) for b in fields if b.error]
    return {
        "product": request.product, "submission": submission, "version": submission.version, "step": step,
        "fields": fields, "errors": ordered_errors, "progress": _progress(compiled, data, step.slug),
        "previous": previous, "notice": notice, "shown": ",".join(f.key for f in fields if f.visible),
        "has_logic": any(f.condition is not None or f.kind == FieldKind.COMPUTED for f in step.fields),
        "fee": submission.fee, "yes_no": [(validation.YES, _("Ja")), (validation.NO, _("Nee"))],
    }


@require_http_methods(["GET", "POST"])
@form_view
def step(request, uuid, step_slug):
    submission = _submission(request, uuid)
    if submission.state == SubmissionState.SUBMITTED:
        return redirect("eforms:confirmation", request.product.key, submission.uuid)
    compiled = selectors.compiled_form(submission.version)
    current = compiled.step(step_slug)
    if current is None or current.slug not in {s.slug for s in services.visible_steps(compiled, submission.data)}:
        return redirect("eforms:resume", request.product.key, submission.uuid)
    if request.method == "GET":
        return render(request, "eforms/step.html", _step_context(request, submission, compiled, current))
    action = request.POST.get("action", "next")
    shown = {k for k in request.POST.get("_shown", "").split(",") if k}
    try:
        following = services.save_step(submission=submission, step_slug=current.slug, answers=request.POST,
                                       files=request.FILES, check=action == "next")
    except StepInvalid as error:
        submission.refresh_from_db()
        errors = error.errors
        unseen = _appeared(compiled, submission, current, shown)
        if unseen:
            errors = {k: v for k, v in errors.items() if k in shown}
        context = _step_context(request, submission, compiled, current, errors=errors,
                                notice=_("Door uw antwoord zijn er vragen bijgekomen. Vul ze aan.") if unseen else "")
        return render(request, "eforms/step.html", context, status=422 if errors else 200)
    except FormError as error:
        messages.error(request, str(error))
        return redirect("eforms:step", request.product.key, submission.uuid, current.slug)
    submission.refresh_from_db()
    if action == "save":
        return redirect("eforms:paused", request.product.key, submission.uuid)
    if action == "back":
        previous, _next = services.neighbours(compiled, submission.data, current.slug)
        if previous:
            return redirect("eforms:step", request.product.key, submission.uuid, previous)
        return redirect("eforms:start", request.product.key)
    unseen = _appeared(compiled, submission, current, shown)
    if unseen:
        submission.current_step = current.slug
        submission.save(update_fields=["current_step"])
        return render(request, "eforms/step.html", _step_context(
            request, submission, compiled, current,
            notice=_("Door uw antwoord zijn er vragen bijgekomen. Vul ze aan.")))
    if following:
        return redirect("eforms:step", request.product.key, submission.uuid, following)
    return redirect("eforms:summary", request.product.key, submission.uuid)


def _appeared(compiled, submission, step, shown) -> set:
    """Answerable fields of ``step`` now visible that the resident did not see when posting (no JavaScript)."""
    if not shown:
        return set()
    _kept, visible, _steps = compiled.resolve(submission.data)
    return {f.key for f in step.fields if f.key in visible and f.answered and f.key not in shown}


@require_POST
@form_view
def logic(request, uuid, step_slug):
    """For the step page's script: which fields are visible and the computed values, for the answers on screen
    (nothing is stored)."""
    submission = _submission(request, uuid)
    compiled = selectors.compiled_form(submission.version)
    current = compiled.step(step_slug)
    if current is None:
        raise Http404
    data = dict(submission.data)
    data.update(services._raw_answers(current, request.POST))
    kept, visible, _steps = compiled.resolve(data)
    computed = {f.key: validation.display(f, kept.get(f.key)) for f in current.fields if f.kind == FieldKind.COMPUTED}
    fee = compiled.fee_for(kept)
    return JsonResponse({"visible": sorted(k for k in visible if k in {f.key for f in current.fields}),
                         "computed": computed, "fee": validation.format_amount(fee) if fee else ""})


@require_GET
@form_view
def paused(request, uuid):
    submission = _submission(request, uuid)
    return render(request, "eforms/paused.html", {"product": request.product, "submission": submission,
                                                  "resume_url": selectors.resume_url(submission)})


@require_POST
@form_view
def discard(request, uuid):
    submission = _submission(request, uuid)
    try:
        services.discard(submission=submission)
    except FormError as error:
        messages.error(request, str(error))
        return redirect("eforms:resume", request.product.key, uuid)
    messages.success(request, _("Uw concept is verwijderd."))
    return redirect("eforms:start", request.product.key)


# -- Summary, submit, payment, confirmation ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@form_view
def summary(request, uuid):
    submission = _submission(request, uuid)
    if submission.state == SubmissionState.SUBMITTED:
        return redirect("eforms:confirmation", request.product.key, submission.uuid)
    compiled = selectors.compiled_form(submission.version)
    error_message, error_step = "", None
    if request.method == "POST":
        if request.POST.get("akkoord") != "ja":
            error_message = _("Bevestig dat u de gegevens naar waarheid hebt ingevuld.")
        else:
            return_url = request.build_absolute_uri(reverse("eforms:payment_return",
                                                            args=[request.product.key, submission.uuid, "REFERENCE"]))
            try:
                result = services.submit(submission=submission, return_url=return_url)
            except StepInvalid as error:
                error_message, error_step = str(error), getattr(error, "step", None)
            except FormError as error:
                error_message = str(error)
            else:
                if result.payment_url:
                    return redirect(result.payment_url)
                return redirect("eforms:confirmation", request.product.key, submission.uuid)
        submission.refresh_from_db()
    return render(request, "eforms/summary.html", {
        "product": request.product, "submission": submission, "version": submission.version,
        "summary": services.summary(submission), "error_message": error_message, "error_step": error_step,
        "progress": _progress(compiled, submission.data, services.SUMMARY), "fee": submission.fee,
        "fee_label": submission.version.fee_label, "pays_online": payments.provider() is not None,
        "last_step": (services.visible_steps(compiled, submission.data) or [None])[-1],
    }, status=422 if error_message else 200)


@require_GET
@form_view
def payment_return(request, uuid, reference):
    submission = _submission(request, uuid)
    payment = Payment.objects.filter(submission=submission, reference=reference).first()
    if payment is None:
        raise Http404
    try:
        submission = services.finish_payment(payment=payment)
    except FormError as error:
        messages.error(request, str(error))
        return redirect("eforms:summary", request.product.key, submission.uuid)
    if submission.state == SubmissionState.SUBMITTED:
        return redirect("eforms:confirmation", request.product.key, submission.uuid)
    payment.refresh_from_db()
    if payment.state == "cancelled":
        messages.warning(request, _("U hebt de betaling geannuleerd. Uw aanvraag is nog niet verstuurd; uw antwoorden "
                                    "zijn bewaard."))
    elif payment.state in ("failed", "expired"):
        messages.error(request, _("De betaling is niet gelukt. Uw aanvraag is nog niet verstuurd; uw antwoorden zijn "
                                  "bewaard. Probeer het opnieuw."))
    else:
        messages.info(request, _("Wij wachten nog op de bevestiging van uw betaling."))
    return redirect("eforms:summary", request.product.key, submission.uuid)


@require_GET
@form_view
def confirmation(request, uuid):
    submission = _submission(request, uuid)
    if submission.state != SubmissionState.SUBMITTED:
        return redirect("eforms:resume", request.product.key, submission.uuid)
    return render(request, "eforms/confirmation.html", {
        "product": request.product, "submission": submission, "version": submission.version,
        "zaak": submission.zaak, "paid": services.paid_amount(submission),
    })


@require_GET
@form_view
def receipt(request, uuid):
    submission = _submission(request, uuid)
    if submission.state != SubmissionState.SUBMITTED:
        raise Http404
    pdf = receipts.receipt_pdf(submission)
    number = submission.zaak.identificatie if submission.zaak_id else str(submission.uuid)[:8]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ontvangstbewijs-{number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# -- The demo's test payment page ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def test_payment(request, reference):
    provider = payments.provider()
    if provider is None or not provider.is_test:
        raise Http404
    payment = Payment.objects.select_related("submission__product").filter(reference=reference).first()
    if payment is None:
        raise Http404
    submission = payment.submission
    resident = current_resident(request)
    if submission.party_id and (resident is None or resident.acting_for.pk != submission.party_id):
        return HttpResponseForbidden()
    if request.method == "POST":
        return redirect(provider.choose(payment, request.POST.get("outcome", "")))
    return render(request, "eforms/test_payment.html", {"payment": payment, "submission": submission,
                                                        "amount": validation.format_amount(payment.amount)})


@require_GET
def address_lookup(request):
    """Address suggestions for an address field (htmx: options of a datalist)."""
    query = request.GET.get("q") or next(iter(request.GET.values()), "")
    suggestions = validation.address_suggestions(query)
    return render(request, "eforms/_address_options.html", {"suggestions": suggestions})
