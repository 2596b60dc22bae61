"""Web pages of the catalog: search, product, life-event and theme pages for residents; editing, the
publication workflow and the search log for staff. Thin: rules live in services, reads in selectors."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from loket.platform.accounts.decorators import staff_required

from . import selectors, services, text
from .forms import ProductForm, SynonymForm
from .models import Channel, LifeEvent, Product, ProductVersion, State, Theme

PAGE_SIZE = 20


def _organisation(request):
    return request.organisation or None


def _navigation():
    return {"life_events": LifeEvent.choices, "themes": Theme.choices}


# ---------------------------------------------------------------------------------------------------------------
# Residents


def search(request):
    organisation = _organisation(request)
    query = text.clean_query(request.GET.get("q", ""))
    result = selectors.search(organisation=organisation, query=query, limit=PAGE_SIZE) if query else None
    if result is not None and result.query:
        services.record_search(organisation=organisation, query=result.query, result_count=len(result.hits))
    return render(request, "catalog/search.html", {"query": query, "result": result, **_navigation()})


def suggestions(request):
    """Autocomplete while typing (htmx): a short list of products."""
    hits = selectors.suggest(organisation=_organisation(request), query=request.GET.get("q", ""))
    return render(request, "catalog/_suggestions.html", {"hits": hits, "query": text.clean_query(request.GET.get("q", ""))})


def product_detail(request, key):
    organisation = _organisation(request)
    product = selectors.product_for_resident(organisation, key)
    if product is None:
        raise Http404
    if request.GET.get("q"):
        services.record_click(organisation=organisation, query=request.GET["q"])
    return render(request, "catalog/product.html", {
        "product": product, "channels": product.channels.all(),
        "related": selectors.related_products(product, organisation), "preview": False,
    })


def life_event(request, code):
    if code not in LifeEvent.values:
        raise Http404
    return render(request, "catalog/list.html", {
        "title": LifeEvent(code).label, "kind": "life_event",
        "products": selectors.life_event_products(_organisation(request), code), **_navigation(),
    })


def theme(request, code):
    if code not in Theme.values:
        raise Http404
    return render(request, "catalog/list.html", {
        "title": Theme(code).label, "kind": "theme",
        "products": selectors.theme_products(_organisation(request), code), **_navigation(),
    })


# ---------------------------------------------------------------------------------------------------------------
# Staff


def _editable(request, pk) -> Product:
    product = get_object_or_404(Product.objects.select_related("organisation"), pk=pk)
    if not services.can_edit(request.user, product):
        raise Http404  # do not reveal other organisations' drafts
    return product


@staff_required
def staff_list(request):
    query = text.clean_query(request.GET.get("q", ""))
    state = request.GET.get("status", "")
    products = selectors.staff_products(request.user, query=query, state=state)[:200]
    return render(request, "catalog/staff/list.html", {
        "products": products, "query": query, "state": state, "states": State.choices,
    })


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk=None):
    product = _editable(request, pk) if pk else None
    open_version = product.versions.filter(state__in=[State.DRAFT, State.REVIEW]).first() if product else None
    current = open_version.data if open_version else (services.content_of(product) if product else {})
    if open_version and open_version.state == State.REVIEW:
        messages.info(request, _("Deze versie wacht op controle. Keur ze af om ze opnieuw te bewerken."))
        return redirect("catalog:staff_detail", pk=product.pk)
    organisation = product.organisation if product else request.user.organisation
    if request.method == "POST":
        form = ProductForm(request.POST)
        if form.is_valid():
            data = {**current, **form.to_content()}
            try:
                if product is None:
                    if organisation is None:
                        raise services.CatalogError(_("Je bent aan geen organisatie gekoppeld."))
                    product = services.create_product(organisation=organisation, data=data, actor=request.user)
                else:
                    services.save_draft(actor=request.user, product=product, data=data,
                                        note=form.cleaned_data.get("note", ""))
            except services.CatalogError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Het concept is bewaard. Bekijk het voorbeeld en bied het ter controle aan."))
                return redirect("catalog:staff_detail", pk=product.pk)
    else:
        form = ProductForm(initial=ProductForm.initial_from(current) if current else {
            "type": "Bewijs", "competent_level": "Lokaal", "executing_level": "Lokaal"})
    return render(request, "catalog/staff/edit.html", {"form": form, "product": product})


@staff_required
def staff_detail(request, pk):
    product = _editable(request, pk)
    versions = product.versions.select_related("author", "reviewer")[:20]
    open_version = product.versions.filter(state__in=[State.DRAFT, State.REVIEW]).first()
    return render(request, "catalog/staff/detail.html", {
        "product": product, "versions": versions, "open_version": open_version,
    })


@staff_required
@require_POST
def staff_transition(request, pk, action):
    product = _editable(request, pk)
    try:
        if action == "archive":
            services.archive(actor=request.user, product=product)
            messages.success(request, _("Het product is offline gehaald."))
        else:
            version = get_object_or_404(ProductVersion, product=product, pk=request.POST.get("version"))
            if action == "submit":
                services.submit_for_review(actor=request.user, version=version)
                messages.success(request, _("Ter controle aangeboden. Een collega kan het nu publiceren."))
            elif action == "publish":
                services.publish(actor=request.user, version=version)
                messages.success(request, _("Gepubliceerd: inwoners zien nu deze versie."))
            elif action == "reject":
                services.reject(actor=request.user, version=version, note=request.POST.get("note", ""))
                messages.success(request, _("Teruggestuurd als concept."))
            else:
                raise Http404
    except services.CatalogError as exc:
        messages.error(request, str(exc))
    return redirect("catalog:staff_detail", pk=product.pk)


@staff_required
def staff_preview(request, pk):
    """The open version as residents would see it, before it is published."""
    product = _editable(request, pk)
    version = product.versions.filter(state__in=[State.DRAFT, State.REVIEW]).first() or product.versions.first()
    data = services.clean_content(version.data) if version else services.content_of(product)
    preview = Product(organisation=product.organisation, **{k: data[k] for k in (
        "key", "upl_uri", "name", "type", "themes", "audiences", "life_events", "short_description", "description",
        "conditions", "evidence", "procedure", "costs", "cost_explanation", "lead_time", "lead_time_days",
        "legal_basis", "competent_level", "executing_level", "external_url", "keywords")})
    channels = [Channel(kind=c["kind"], login=c["login"] or "", location_name=c["location"],
                        duration_minutes=c["duration_minutes"], handling_time=c["handling_time"], url=c["url"],
                        note=c["note"], availability=c["availability"]) for c in data["channels"]]
    related = Product.objects.filter(organisation=product.organisation, key__in=data["related"])
    return render(request, "catalog/product.html", {
        "product": preview, "channels": channels, "related": related, "preview": True, "version": version,
        "staff_product": product,
    })


@staff_required
@require_http_methods(["GET", "POST"])
def staff_search_terms(request):
    organisation = request.user.organisation
    if organisation is None:
        raise Http404
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and request.POST.get("delete"):
        synonym = organisation.synonym_set.filter(pk=request.POST["delete"]).first()
        if synonym:
            services.delete_synonym(actor=request.user, synonym=synonym)
            messages.success(request, _("Synoniem verwijderd."))
        return redirect("catalog:staff_search_terms")
    if request.method == "POST" and form.is_valid():
        try:
            services.add_synonym(actor=request.user, organisation=organisation, **form.cleaned_data)
        except services.CatalogError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Synoniem toegevoegd: de zoekfunctie kent het woord nu."))
            return redirect("catalog:staff_search_terms")
    zero, low = selectors.search_terms_to_improve(organisation)
    return render(request, "catalog/staff/search_terms.html", {
        "form": form, "zero": zero, "low": low, "synonyms": organisation.synonym_set.all(),
    })
