"""The contact-centre workspace (KCC): find a party, see everything about them on one timeline, register a contact,
hand over a callback request, answer callback requests, create a case or melding on the party's behalf, and read or
edit the knowledge articles.

Thin views: reads go through :mod:`loket.contacts.selectors`, changes through :mod:`loket.contacts.services`; a
service's exception becomes a Dutch form error on the form that was sent (rendered again, nothing typed is lost).

Opening a party always needs a reason. The reason is kept in the session per party (for this staff member, for
:data:`OPEN_FOR_SECONDS`) and written to the audit log with every view of the party's data.
"""

import datetime
import time

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from loket.cases import deadlines
from loket.cases import forms as case_forms
from loket.cases import selectors as case_selectors
from loket.catalog import selectors as catalog_selectors
from loket.platform.accounts.decorators import staff_required

from . import forms, selectors, services
from .exceptions import ContactError

OPEN_SESSION_KEY = "kcc_open_parties"
OPEN_FOR_SECONDS = 30 * 60
TIMELINE_KINDS = {
    "": gettext_lazy("Alles"),
    "contact": gettext_lazy("Contacten"),
    "zaak": gettext_lazy("Zaken"),
    "melding": gettext_lazy("Meldingen"),
    "taak": gettext_lazy("Taken"),
}
TIMELINE_PAGE = 50
CALLBACK_REASON = "Terugbelverzoek behandelen"
MAX_HANDLING = datetime.timedelta(hours=8)


def _organisation(request):
    organisation = case_selectors.user_organisation(request.user)
    if organisation is None:
        raise Http404(_("Je werkt voor geen enkele organisatie."))
    return organisation


def _party(request, pk):
    party = selectors.get_party(_organisation(request), pk=pk)
    if party is None:
        raise Http404(_("Deze klant bestaat niet."))
    return party


def _open_reason(request, party) -> str | None:
    """The reason this staff member gave for opening ``party`` in this session, while still fresh."""
    entry = request.session.get(OPEN_SESSION_KEY, {}).get(str(party.pk))
    if not entry or time.time() - entry["at"] > OPEN_FOR_SECONDS:
        return None
    return entry["reason"]


def _remember_reason(request, party, reason: str) -> None:
    opened = {key: value for key, value in request.session.get(OPEN_SESSION_KEY, {}).items()
              if time.time() - value["at"] <= OPEN_FOR_SECONDS}
    opened[str(party.pk)] = {"reason": reason, "at": time.time()}
    request.session[OPEN_SESSION_KEY] = opened


def _handover_choices(organisation):
    departments = case_selectors.organisation_departments(organisation)
    return {"departments": departments, "staff": case_selectors.department_staff(departments)}


def _product(organisation, pk):
    """A product residents of ``organisation`` can get (its own, its family's or its partners'), or None."""
    if pk is None or not str(pk).isdigit():
        return None
    return catalog_selectors.visible_products(organisation).filter(pk=int(pk)).first()


def _contact_form(request, organisation, *, data=None, allow_handover=True, bind=True):
    """The contact form; product choices are the suggestions for what was typed (product search, else the question)."""
    query = ""
    if data is not None:
        query = (data.get("product_query") or "").strip() or (data.get("question") or "")[:200]
    products = [(hit.id, hit.name) for hit in catalog_selectors.suggest(organisation=organisation, query=query)] if query else []
    chosen = (data or {}).get("product")
    if chosen and str(chosen).isdigit() and int(chosen) not in {pk for pk, _name in products}:
        product = _product(organisation, chosen)
        if product is not None:
            products.insert(0, (product.pk, product.name))
    kwargs = _handover_choices(organisation) if allow_handover else {}
    initial = {"handover_deadline": selectors.default_callback_deadline(organisation), "started": int(time.time())}
    if data is not None and not bind:  # show what was typed without error messages (the product search)
        initial.update({key: data.get(key) for key in data if key != "csrfmiddlewaretoken"})
        data = None
    return forms.ContactForm(data, products=products, allow_handover=allow_handover, initial=initial, **kwargs)


# -- Search ------------------------------------------------------------------------------------------------


@staff_required
def workspace(request):
    """One search box over name, address, national number, phone, e-mail and case number; results as you type."""
    organisation = _organisation(request)
    search_form = forms.SearchForm(request.GET or None)
    query = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
    parties = selectors.search_parties(organisation, query, user=request.user, request=request) if query else []
    context = {"search_form": search_form, "query": query, "parties": parties, "searched": bool(query),
               "reason_form": forms.ReasonForm()}
    if request.htmx and request.htmx.target == "kcc-results":
        return render(request, "contacts/_search_results.html", context)
    return render(request, "contacts/workspace.html", context)


@staff_required
@require_POST
def open_party(request, pk):
    """Open a party with a reason (from the search results or the reason page); the reason goes to the audit log."""
    party = _party(request, pk)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        return render(request, "contacts/open_party.html", {"party": party, "reason_form": form}, status=400)
    _remember_reason(request, party, form.cleaned_data["reason"])
    return redirect("contacts:party", pk=party.pk)


# -- The party view ----------------------------------------------------------------------------------------


def _render_party(request, party, reason, *, contact_form=None, reveal_form=None, revealed=None, status=200):
    organisation = party.organisation
    kind = request.GET.get("soort", "")
    if kind not in TIMELINE_KINDS:
        kind = ""
    view = selectors.party_view(party, user=request.user, reason=reason, request=request)
    timeline = selectors.party_timeline(party, user=request.user, kinds=[kind] if kind else None,
                                        before=(request.GET.get("voor") or "")[:100] or None, limit=TIMELINE_PAGE)
    contact_form = contact_form or _contact_form(request, organisation)
    knowledge_product = _product(organisation, contact_form["product"].value())
    today = deadlines.today()
    context = {
        "party": party, "view": view, "reason": reason, "kind": kind, "kinds": list(TIMELINE_KINDS.items()),
        "timeline": [_timeline_row(item) for item in timeline.items], "next_cursor": timeline.next_cursor,
        "confidential_refs": sorted({item.refer_to for item in timeline.items if item.restricted and item.refer_to}),
        "contact_form": contact_form, "focus_question": status == 200 and revealed is None,
        "knowledge_product": knowledge_product,
        "knowledge_article": selectors.knowledge_article(knowledge_product, organisation) if knowledge_product else None,
        "reveal_form": reveal_form or forms.RevealForm(), "revealed": revealed,
        "open_tasks": [(task, selectors.task_deadline_state(task, today=today))
                       for task in selectors.open_tasks_for_party(party)],
    }
    if request.htmx and request.htmx.target == "kcc-timeline":
        return render(request, "contacts/_timeline.html", context, status=status)
    return render(request, "contacts/party.html", context, status=status)


TIMELINE_LABELS = {"contact": gettext_lazy("Contact"), "zaak": gettext_lazy("Zaak"), "melding": gettext_lazy("Melding"),
                   "taak": gettext_lazy("Terugbelverzoek")}


def _timeline_row(item) -> dict:
    """A timeline item with its label and, when the staff member may open it, a link."""
    url = "" if item.restricted else item.url
    return {"kind": item.kind, "kind_label": TIMELINE_LABELS.get(item.kind, item.kind), "at": item.at, "title": item.title,
            "text": item.detail, "restricted": item.restricted, "refer_to": item.refer_to, "url": url}


@staff_required
def party_page(request, pk):
    """The 360° view: identity (national number masked), channels, representatives, open tasks and one timeline."""
    party = _party(request, pk)
    if party.merged_into_id:  # merged away: its whole history now belongs to the survivor
        messages.info(request, _("Deze klant is samengevoegd; je ziet de behouden klant."))
        return redirect("contacts:party", pk=party.merged_into_id)
    reason = _open_reason(request, party)
    if reason is None:
        return render(request, "contacts/open_party.html", {"party": party, "reason_form": forms.ReasonForm()})
    return _render_party(request, party, reason)


@staff_required
@require_POST
def reveal_national_number(request, pk):
    """Show the full national number once, after asking why; the reveal is a separate audit entry."""
    party = _party(request, pk)
    reason = _open_reason(request, party)
    if reason is None:
        return redirect("contacts:party", pk=party.pk)
    form = forms.RevealForm(request.POST)
    if not form.is_valid():
        return _render_party(request, party, reason, reveal_form=form, status=400)
    number = services.reveal_national_number(party=party, user=request.user, reason=form.cleaned_data["reveal_reason"],
                                             request=request)
    return _render_party(request, party, reason, revealed=number)


@staff_required
@require_POST
def register_contact(request, pk):
    """Register a contact moment for the party; with outcome "handed over" also the callback request."""
    party = _party(request, pk)
    reason = _open_reason(request, party)
    if reason is None:
        return redirect("contacts:party", pk=party.pk)
    form = _contact_form(request, party.organisation, data=request.POST)
    if request.POST.get("action") == "product":  # no JavaScript: search the product, keep everything typed
        form = _contact_form(request, party.organisation, data=request.POST, bind=False)
        return _render_party(request, party, reason, contact_form=form)
    if form.is_valid():
        try:
            contact = _save_contact(request, form, party=party, organisation=party.organisation)
        except ContactError as exc:
            case_forms.add_service_error(form, exc)
        else:
            messages.success(request, _("Contact geregistreerd.") if not getattr(contact, "handover_task", None)
                             else _("Contact geregistreerd en terugbelverzoek overgedragen."))
            # No "#kcc-timeline" fragment: Chromium clears the focus when it scrolls to a fragment target, which
            # cancels the question's autofocus and swallowed what an agent typed next. The new contact tops the timeline.
            return redirect("contacts:party", pk=party.pk)
    return _render_party(request, party, reason, contact_form=form, status=400)


def _save_contact(request, form, *, party, organisation):
    data = form.cleaned_data
    product = _product(organisation, data.get("product"))
    if data.get("product") and product is None:
        raise ContactError(_("Dit product bestaat niet (meer)."), field="product")
    now = timezone.now()
    started_at = None
    if data.get("started") is not None:
        started_at = datetime.datetime.fromtimestamp(data["started"], tz=datetime.UTC)
        if not (now - MAX_HANDLING <= started_at <= now):  # a stale or forged form: no handling time then
            started_at = None
    with transaction.atomic():
        contact = services.register_contact(
            organisation=organisation, party=party, channel=data["channel"], question=data["question"],
            answer=data.get("answer", ""), outcome=data["outcome"], product=product, actor=request.user,
            subject=product.name if product else "", started_at=started_at or now, ended_at=now if started_at else None,
        )
        contact.handover_task = None
        if form.allow_handover and (data.get("handover_department") or data.get("handover_assignee")):
            contact.handover_task = services.hand_over(
                contact=contact, department=data.get("handover_department"), assignee=data.get("handover_assignee"),
                deadline=data.get("handover_deadline"), actor=request.user, requested_action=_("Klant terugbellen"),
                note=data.get("handover_note", ""),
            )
    return contact


@staff_required
def anonymous_contact(request):
    """A contact with someone who does not want to identify: no party, no hand-over."""
    organisation = _organisation(request)
    status = 200
    if request.method == "POST":
        searching = request.POST.get("action") == "product"
        form = _contact_form(request, organisation, data=request.POST, allow_handover=False, bind=not searching)
        if not searching and form.is_valid():
            try:
                _save_contact(request, form, party=None, organisation=organisation)
            except ContactError as exc:
                case_forms.add_service_error(form, exc)
            else:
                messages.success(request, _("Anoniem contact geregistreerd."))
                return redirect("contacts:search")
            status = 400
        elif not searching:
            status = 400
    else:
        form = _contact_form(request, organisation, allow_handover=False)
    return render(request, "contacts/anonymous.html", {"contact_form": form}, status=status)


# -- Product suggestions and the knowledge article beside the form (htmx) -----------------------------------


@staff_required
def product_suggestions(request):
    """The products that fit what was typed, as radio buttons of the contact form."""
    organisation = _organisation(request)
    form = _contact_form(request, organisation, data=request.GET, bind=False)
    return render(request, "contacts/_products.html", {"contact_form": form})


@staff_required
def knowledge_panel(request):
    """The knowledge article of the chosen product, shown beside the contact form."""
    organisation = _organisation(request)
    product = _product(organisation, request.GET.get("product", ""))
    article = selectors.knowledge_article(product, organisation) if product else None
    return render(request, "contacts/_knowledge.html", {"product": product, "article": article})


# -- Case on behalf of the party ----------------------------------------------------------------------------


@staff_required
def new_case_for_party(request, pk):
    """The cases app's new-case form with the party as initiator; it is sent to (and handled by) cases:new."""
    from loket.contacts.models import Party

    party = _party(request, pk)
    if _open_reason(request, party) is None:
        return redirect("contacts:party", pk=party.pk)
    organisation = party.organisation
    departments = case_selectors.organisation_departments(organisation)
    form = case_forms.NewCaseForm(
        parties=Party.objects.filter(pk=party.pk), initial={"initiator": party.pk},
        case_types=case_selectors.case_types(organisation, on=deadlines.today()), departments=departments,
        staff=case_selectors.department_staff(departments),
    )
    return render(request, "cases/new_case.html", {"form": form, "parties": [party]})


# -- Melding on behalf of the caller -------------------------------------------------------------------------


LOCATION_FIELDS = {"latitude", "longitude", "location", "lat", "long"}


@staff_required
def new_melding_for_party(request, pk):
    """A melding about public space for the caller: what and where; the category is classified like any melding."""
    from loket.cases.exceptions import CaseError
    from loket.meldingen import services as melding_services
    from loket.meldingen.exceptions import MeldingInvalid
    from loket.meldingen.geocoding import geocoder
    from loket.meldingen.models import Channel as MeldingChannel

    party = _party(request, pk)
    if _open_reason(request, party) is None:
        return redirect("contacts:party", pk=party.pk)
    form = forms.MeldingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            found = geocoder().search(form.cleaned_data["address"], limit=1)
            if not found:
                form.add_error("address", _("Dit adres vinden we niet. Geef een straat en huisnummer in de gemeente."))
            else:
                place = found[0]
                try:
                    melding = melding_services.create_melding(
                        organisation=party.organisation, text=form.cleaned_data["text"], latitude=place.latitude,
                        longitude=place.longitude, address=place.label, party=party, channel=MeldingChannel.PHONE,
                        actor=request.user,
                    )
                except MeldingInvalid as exc:
                    for field, problems in exc.errors.items():
                        field = field if field in form.fields else "address" if field in LOCATION_FIELDS else None
                        for problem in problems:
                            form.add_error(field, problem)
                except CaseError as exc:
                    case_forms.add_service_error(form, exc)
                else:
                    messages.success(request, _("Melding %(number)s gemaakt voor %(address)s.")
                                     % {"number": melding.zaak.identificatie if melding.zaak_id else melding.pk,
                                        "address": place.label})
                    return redirect("contacts:party", pk=party.pk)
    return render(request, "contacts/melding.html", {"party": party, "form": form}, status=status)


# -- Callback requests (internal tasks) ----------------------------------------------------------------------


@staff_required
def callback_queue(request):
    """Callback requests for my departments or for me, open first by deadline; answer them here."""
    scope = request.GET.get("voor", "afdeling")
    if scope not in ("afdeling", "mij"):
        scope = "afdeling"
    include_closed = request.GET.get("afgehandeld") == "1"
    tasks = selectors.callback_queue(request.user, scope={"afdeling": "department", "mij": "mine"}[scope],
                                     include_closed=include_closed)[:200]
    today = deadlines.today()
    return render(request, "contacts/callbacks.html", {
        "rows": [(task, selectors.task_deadline_state(task, today=today)) for task in tasks],
        "scope": scope, "include_closed": include_closed, "answer_form": forms.AnswerTaskForm(),
        "scopes": [("afdeling", _("Voor mijn afdelingen")), ("mij", _("Voor mij"))],
    })


@staff_required
def answer_callback(request, pk):
    """Answer a callback request: the answer becomes a contact and is sent by the resident's preferred channel."""
    task = selectors.get_callback_task(request.user, pk=pk)
    if task is None:
        raise Http404(_("Dit terugbelverzoek bestaat niet of is niet voor jou."))
    form = forms.AnswerTaskForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.answer_task(task=task, answer=form.cleaned_data["answer"], actor=request.user)
            except ContactError as exc:
                case_forms.add_service_error(form, exc)
            else:
                messages.success(request, _("Terugbelverzoek beantwoord; het antwoord is naar de klant verstuurd."))
                return redirect("contacts:callbacks")
    if task.party is not None and task.is_open:  # the phone number to call back is personal data: logged
        services.record_view(task.party, request.user, CALLBACK_REASON, request=request, fields=["telefoon", "e-mail"])
    return render(request, "contacts/answer_callback.html", {"task": task, "form": form}, status=status)


# -- Knowledge articles ---------------------------------------------------------------------------------------


@staff_required
def knowledge_list(request):
    """Products with their knowledge article, searchable with the catalog's search."""
    organisation = _organisation(request)
    query = (request.GET.get("q") or "").strip()[:200]
    rows = selectors.knowledge_overview(organisation, query=query)
    return render(request, "contacts/knowledge_list.html", {"rows": rows, "query": query})


@staff_required
def knowledge_article(request, product_pk):
    """The catalog's text of a product with the internal notes: read and edit."""
    organisation = _organisation(request)
    product = _product(organisation, product_pk)
    if product is None:
        raise Http404(_("Dit product bestaat niet."))
    article = selectors.knowledge_article(product, organisation)
    initial = {name: getattr(article, name) for name in forms.ArticleForm.base_fields} if article else {}
    form = forms.ArticleForm(request.POST or None, initial=initial,
                             departments=case_selectors.organisation_departments(organisation))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.save_knowledge_article(product=product, actor=request.user, **form.cleaned_data)
            except ContactError as exc:
                case_forms.add_service_error(form, exc)
            else:
                messages.success(request, _("Kennisartikel bewaard."))
                return redirect("contacts:knowledge_article", product_pk=product.pk)
    return render(request, "contacts/knowledge_article.html",
                  {"product": product, "article": article, "form": form}, status=status)

