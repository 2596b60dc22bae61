"""Web views of "Mijn loket" (thin: reads in :mod:`.selectors`, changes in :mod:`.services`).

Every view shows the affairs of ``request.resident.acting_for``. Another party's case, document or message is a
404 (not a 403: that would confirm it exists). A service error is shown on the form that was sent, with what the
resident typed kept.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.cases import deadlines
from loket.cases.forms import add_service_error
from loket.contacts.models import DigitalAddressKind

from . import forms, selectors, services
from .exceptions import PortalError
from .identity import resident_required
from .models import AddressVerification

PAGE_SIZE = 20


def _party(request):
    return request.resident.acting_for


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("pagina"))


@resident_required
def overview(request):
    party = _party(request)
    return render(request, "portal/overview.html", {"overview": selectors.overview(party), "today": deadlines.today()})


# -- Cases ---------------------------------------------------------------------------------------------------


@resident_required
def cases(request):
    party = _party(request)
    show_closed = request.GET.get("toon") == "afgesloten"
    queryset = selectors.cases_for(party).filter(is_closed=show_closed)
    return render(request, "portal/cases.html", {
        "page": _page(request, queryset), "show_closed": show_closed, "today": deadlines.today(),
    })


def _get_case(request, uuid):
    zaak = selectors.get_case(_party(request), uuid)
    if zaak is None:
        raise Http404(_("Deze zaak bestaat niet."))
    return zaak


def _render_case(request, zaak, *, upload_forms=None, status=200):
    page = selectors.case_page(zaak)
    upload_forms = upload_forms or {}
    for document_request in page.open_requests:
        document_request.form = upload_forms.get(document_request.pk) or forms.UploadForm(prefix=f"r{document_request.pk}")
    return render(request, "portal/case.html", {"page": page, "zaak": zaak, "today": deadlines.today()}, status=status)


@resident_required
def case(request, uuid):
    return _render_case(request, _get_case(request, uuid))


@resident_required
@require_POST
def case_upload(request, uuid, request_uuid):
    """The resident sends a document that was asked for."""
    zaak = _get_case(request, uuid)
    document_request = zaak.document_requests.filter(uuid=request_uuid).first()
    if document_request is None:
        raise Http404(_("Dit verzoek bestaat niet."))
    if not document_request.is_open:
        messages.info(request, _("Dit document hebben we al ontvangen, of we vragen het niet meer."))
        return redirect("portal:case", uuid=zaak.uuid)
    form = forms.UploadForm(request.POST, request.FILES, prefix=f"r{document_request.pk}")
    if form.is_valid():
        try:
            services.fulfil_document_request(document_request=document_request, party=_party(request),
                                             file=form.cleaned_data["file"])
        except PortalError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Bedankt, we hebben uw document ontvangen."))
            return redirect("portal:case", uuid=zaak.uuid)
    return _render_case(request, zaak, upload_forms={document_request.pk: form}, status=400)


@resident_required
def case_document(request, uuid, document_uuid):
    """Download a document of the resident's case after the access check (never a public URL)."""
    zaak = _get_case(request, uuid)
    version = selectors.visible_document(zaak, document_uuid)
    if version is None:
        raise Http404(_("Dit document bestaat niet."))
    try:
        content = version.inhoud.open("rb")
    except (OSError, ValueError) as exc:  # ValueError: no file yet (a ZGW upload in parts is pending)
        raise Http404(_("Het bestand van dit document is niet meer beschikbaar.")) from exc
    response = FileResponse(content, as_attachment=True, filename=version.bestandsnaam,
                            content_type=version.formaat or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# -- Meldingen, questions, messages -----------------------------------------------------------------------------


@resident_required
def meldingen(request):
    return render(request, "portal/meldingen.html", {"page": _page(request, selectors.meldingen_for(_party(request)))})


@resident_required
def questions(request):
    return render(request, "portal/questions.html", {"questions": selectors.questions_for(_party(request))})


def _products(request):
    from loket.catalog.selectors import visible_products

    return list(visible_products(request.organisation).only("pk", "name").order_by("name"))


@resident_required
def new_question(request):
    products = _products(request)
    zaak_uuid = request.POST.get("zaak") or request.GET.get("zaak")
    zaak = selectors.get_case(_party(request), zaak_uuid) if zaak_uuid else None
    form = forms.QuestionForm(request.POST or None, products=products)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            product = next((p for p in products if p.pk == form.cleaned_data["product"]), None)
            resident = request.resident
            try:
                services.ask_question(
                    organisation=request.organisation, party=resident.acting_for, question=form.cleaned_data["question"],
                    product=product, representative=resident.party if resident.is_representing else None,
                    zaak=zaak,
                )
            except PortalError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Bedankt, we hebben uw vraag ontvangen. U krijgt binnen 2 werkdagen antwoord."))
                return redirect("portal:questions")
    return render(request, "portal/new_question.html", {"form": form, "zaak": zaak}, status=status)


@resident_required
def messages_list(request):
    return render(request, "portal/messages.html", {"page": _page(request, selectors.messages_for(_party(request)))})


@resident_required
def message(request, uuid):
    item = selectors.get_message(_party(request), uuid)
    if item is None:
        raise Http404(_("Dit bericht bestaat niet."))
    services.mark_read(message=item, party=_party(request))
    return render(request, "portal/message.html", {"message": item})


@resident_required
@require_POST
def messages_read(request):
    services.mark_all_read(party=_party(request))
    messages.success(request, _("Alle berichten staan op gelezen."))
    return redirect("portal:messages")


# -- My data and contact preferences -------------------------------------------------------------------------------


def _pending(request, party):
    """The verification the resident is typing the code of (kept in the session), if still open."""
    pk = request.session.get("portal_verification")
    if not pk:
        return None
    return AddressVerification.objects.filter(pk=pk, party=party, verified_at__isnull=True).first()


def _render_profile(request, party, *, bound=None, status=200):
    bound = bound or {}
    addresses = list(party.digital_addresses.exclude(kind=DigitalAddressKind.OTHER).order_by("kind", "-is_default", "pk"))
    pending = _pending(request, party)
    context = {
        "party": party, "addresses": addresses, "pending": pending,
        "masked_number": party.masked_national_number() if party.national_number_encrypted else "",
        "email_form": bound.get("email") or forms.EmailForm(prefix="email"),
        "phone_form": bound.get("phone") or forms.PhoneForm(prefix="phone"),
        "code_form": bound.get("code") or forms.CodeForm(prefix="code"),
        "channel_form": bound.get("channel") or forms.ChannelForm(prefix="channel", initial={"preferred_channel": party.preferred_channel}),
        "open_form": next(iter(bound), ""),
    }
    return render(request, "portal/profile.html", context, status=status)


@resident_required
def profile(request):
    party = _party(request)
    if request.method != "POST":
        return _render_profile(request, party)
    action = request.POST.get("action")
    if action == "email":
        form = forms.EmailForm(request.POST, prefix="email")
        kind, field = DigitalAddressKind.EMAIL, "email"
    elif action == "phone":
        form = forms.PhoneForm(request.POST, prefix="phone")
        kind, field = DigitalAddressKind.PHONE, "phone"
    elif action == "code":
        return _confirm_code(request, party)
    elif action == "channel":
        return _set_channel(request, party)
    elif action == "cancel_code":
        request.session.pop("portal_verification", None)
        return redirect("portal:profile")
    else:
        return redirect("portal:profile")
    if form.is_valid():
        try:
            verification = services.start_verification(party=party, kind=kind, value=form.cleaned_data[field])
        except PortalError as exc:
            add_service_error(form, exc)
        else:
            request.session["portal_verification"] = verification.pk
            messages.success(request, _("We stuurden een code naar %(address)s. Vul de code hieronder in.")
                             % {"address": verification.value})
            return redirect(f"{request.path}#code")
    return _render_profile(request, party, bound={action: form}, status=400)


def _confirm_code(request, party):
    form = forms.CodeForm(request.POST, prefix="code")
    pending = _pending(request, party)
    if pending is None:
        messages.error(request, _("Er wacht geen code op bevestiging. Vraag een nieuwe code aan."))
        return redirect("portal:profile")
    if form.is_valid():
        try:
            address = services.confirm_verification(party=party, verification=pending, code=form.cleaned_data["code"])
        except PortalError as exc:
            add_service_error(form, exc)
        else:
            request.session.pop("portal_verification", None)
            messages.success(request, _("Bevestigd: %(address)s is opgeslagen.") % {"address": address.value})
            return redirect("portal:profile")
    return _render_profile(request, party, bound={"code": form}, status=400)


def _set_channel(request, party):
    form = forms.ChannelForm(request.POST, prefix="channel")
    if form.is_valid():
        try:
            services.set_preferred_channel(party=party, channel=form.cleaned_data["preferred_channel"])
        except PortalError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Uw keuze is opgeslagen."))
            return redirect("portal:profile")
    return _render_profile(request, party, bound={"channel": form}, status=400)


# -- Access log ----------------------------------------------------------------------------------------------------


@resident_required
def access_log(request):
    party = _party(request)
    page = _page(request, selectors.staff_accesses(party))
    roles = selectors.staff_roles(entry.actor_id for entry in page)
    for entry in page:
        entry.staff_roles = roles.get(entry.actor_id, [])
    return render(request, "portal/access_log.html", {"page": page, "logins": selectors.recent_logins(party),
                                                      "party": party})
