"""Web pages for meldingen: the resident report form (works without JavaScript; Leaflet map and htmx suggestions
when it is on), the status page behind the reporter's link, the public map, and the staff triage queue, work queue
and melding page. Thin: reads through selectors, changes through services."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loket.cases import selectors as case_selectors
from loket.platform.accounts.decorators import staff_required
from loket.platform.audit.models import AuditAction
from loket.platform.audit.services import record

from . import forms, selectors, services
from .exceptions import MeldingInvalid
from .geocoding import geocoder
from .models import CLOSED_STATES, Channel, Melding, MeldingPhoto, State


def _site_organisation(request):
    organisation = getattr(request, "organisation", None)
    if not organisation:
        raise Http404(_("Er is geen organisatie ingesteld voor deze site."))
    return organisation


def _map_config(organisation) -> dict:
    config = services.settings_for(organisation)
    from loket.demo.organisation import CENTRE

    centre = CENTRE
    boundary = config.boundary
    if boundary and boundary.get("type") == "Polygon":
        ring = boundary["coordinates"][0]
        centre = (sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring))
    return {"tiles": config.map_tile_url, "attribution": config.map_attribution, "centre": centre}


def _put_errors(form, errors: dict) -> None:
    for field, messages_ in errors.items():
        target = forms.FIELD_MAP.get(field, field if field in form.fields else None)
        if field.startswith("answers."):
            target = None
        for message in messages_:
            form.add_error(target, message)


def _questions(category, data) -> list[dict]:
    if category is None:
        return []
    return [dict(q, value=data.get(f"answer_{q['key']}", "")) for q in category.extra_questions or []]


# -- Resident ------------------------------------------------------------------------------------------------------


def report(request):
    """The report form: text, place (address search, map point or device position), photos, contact details."""
    organisation = _site_organisation(request)
    categories = list(selectors.categories(organisation))
    addresses = []
    data = request.POST if request.method == "POST" else None
    category_slug = (data or request.GET).get("category", "")
    category = services.sub_category(organisation, category_slug) if category_slug else None
    if request.method == "POST":
        offered = geocoder().search(request.POST.get("address", "")) if request.POST.get("address_choice") else []
        form = forms.ReportForm(request.POST, request.FILES, categories=categories, addresses=offered)
        if form.is_valid():
            cleaned = form.cleaned_data
            lat, lon, address = cleaned.get("latitude"), cleaned.get("longitude"), cleaned.get("address", "").strip()
            if cleaned.get("address_choice"):
                lat_s, lon_s, address = cleaned["address_choice"].split(",", 2)
                lat, lon = float(lat_s), float(lon_s)
            elif (lat is None or lon is None) and address:
                addresses = geocoder().search(address)
                if len(addresses) == 1:
                    lat, lon, address = addresses[0].latitude, addresses[0].longitude, addresses[0].label
                    addresses = []
            elif lat is not None and lon is not None and not address:
                found = geocoder().reverse(lat, lon)
                address = found.label if found else ""
            if addresses:
                form = forms.ReportForm(request.POST, categories=categories, addresses=addresses)
                form.is_valid()
                form.add_error("address_choice", _("We vonden meerdere adressen. Kies het juiste adres."))
            elif lat is None and address:
                form.add_error("address", _("We vinden dit adres niet in %(name)s. Controleer het of duid de plaats "
                                            "aan op de kaart.") % {"name": organisation.name})
            else:
                answers = {q["key"]: q["value"] for q in _questions(category, request.POST)}
                try:
                    melding = services.create_melding(
                        organisation=organisation, text=cleaned["text"], latitude=lat, longitude=lon, address=address,
                        category=cleaned.get("category") or None, photos=cleaned.get("photos") or [], answers=answers,
                        reporter_name=cleaned["reporter_name"], reporter_email=cleaned["reporter_email"],
                        reporter_phone=cleaned["reporter_phone"], wants_updates=cleaned["wants_updates"],
                        channel=Channel.WEB, party=_resident_party(request, organisation),
                    )
                except MeldingInvalid as exc:
                    _put_errors(form, exc.errors)
                    for field, messages_ in exc.errors.items():
                        if field.startswith("answers."):
                            form.add_error(None, messages_[0])
                else:
                    return redirect(reverse("meldingen:status", args=[melding.token]) + "?nieuw=1")
        if "latitude" in form.errors or "longitude" in form.errors:  # tampered hidden fields: say it where it shows
            form.errors.pop("latitude", None)
            form.errors.pop("longitude", None)
            form.add_error("address", _("Kies een plaats: zoek een adres, duid een punt aan op de kaart of gebruik uw "
                                        "huidige locatie."))
        if request.FILES and form.errors:
            form.add_error("photos", _("Kies uw foto's opnieuw: een browser stuurt ze niet mee na een fout."))
    else:
        form = forms.ReportForm(categories=categories, initial={"category": category_slug})
    return render(request, "meldingen/report.html", {
        "form": form, "questions": _questions(category, request.POST if data else {}),
        "map": _map_config(organisation), "status": 400 if request.method == "POST" else 200,
    }, status=400 if request.method == "POST" else 200)


def _resident_party(request, organisation):
    """A resident logged in to Mijn loket reports for the party they act for (shown under /mijn/meldingen/)."""
    from loket.portal.identity import current_resident

    resident = current_resident(request)
    if resident is None or resident.acting_for.organisation_id != organisation.pk:
        return None
    return resident.acting_for


@require_GET
def questions(request):
    """htmx: the extra questions of the chosen category."""
    organisation = _site_organisation(request)
    category = services.sub_category(organisation, request.GET.get("category", ""))
    return render(request, "meldingen/_questions.html", {"questions": _questions(category, {})})


@require_POST
def suggest(request):
    """htmx, while typing: the suggested categories and open reports of that category nearby."""
    organisation = _site_organisation(request)
    text = (request.POST.get("text") or "").strip()[: services.MAX_TEXT]
    suggestions, nearby = [], []
    if len(text) >= 8:
        result = services.classify_text(text, organisation)
        if result is not None:
            suggestions = [r for r in result.sub[:3] if r.confidence >= 0.05]
    chosen = services.sub_category(organisation, request.POST.get("category") or (suggestions[0].slug if suggestions else ""))
    try:
        lat, lon = float(request.POST.get("latitude", "")), float(request.POST.get("longitude", ""))
    except ValueError:
        lat = lon = None
    if chosen is not None and lat is not None:
        nearby = selectors.nearby_open(organisation=organisation, latitude=lat, longitude=lon, category=chosen)
    return render(request, "meldingen/_suggest.html", {"suggestions": suggestions, "nearby": nearby,
                                                       "follow_form": forms.FollowForm()})


@require_GET
def address_lookup(request):
    """JSON for the map: ?q= searches addresses, ?lat=&lon= gives the nearest address."""
    if request.GET.get("q"):
        found = geocoder().search(request.GET["q"])
        return JsonResponse({"results": [{"label": a.label, "lat": a.latitude, "lon": a.longitude} for a in found]})
    try:
        found = geocoder().reverse(float(request.GET.get("lat", "")), float(request.GET.get("lon", "")))
    except ValueError:
        return JsonResponse({"results": []}, status=400)
    return JsonResponse({"results": [{"label": found.label, "lat": found.latitude, "lon": found.longitude}] if found else []})


def status(request, token):
    """The reporter's page (link with token): state, public history, approved photos, and feedback after closing."""
    melding = selectors.by_token(token)
    if melding is None:
        raise Http404(_("Deze melding bestaat niet (meer)."))
    feedback_form = forms.FeedbackForm()
    if request.method == "POST":
        feedback_form = forms.FeedbackForm(request.POST)
        if feedback_form.is_valid():
            try:
                services.give_feedback(melding=melding, is_satisfied=feedback_form.cleaned_data["is_satisfied"],
                                       reasons=feedback_form.cleaned_data["reasons"],
                                       text=feedback_form.cleaned_data["text"], reopen=feedback_form.cleaned_data["reopen"])
            except MeldingInvalid as exc:
                _put_errors(feedback_form, exc.errors)
            except services.TransitionNotAllowed as exc:
                feedback_form.add_error(None, str(exc))
            else:
                messages.success(request, _("Bedankt voor uw reactie."))
                return redirect("meldingen:status", token=token)
    return render(request, "meldingen/status.html", {
        "melding": melding, "history": selectors.public_history(melding), "new": request.GET.get("nieuw") == "1",
        "photos": selectors.public_photos(melding), "feedback_form": feedback_form,
        "can_give_feedback": melding.state == State.HANDLED and not melding.feedback.exists(),
    }, status=400 if request.method == "POST" else 200)


@require_POST
def follow(request, uuid):
    organisation = _site_organisation(request)
    melding = get_object_or_404(Melding, uuid=uuid, organisation=organisation)
    form = forms.FollowForm(request.POST)
    if form.is_valid():
        try:
            services.follow(melding=melding, email=form.cleaned_data["email"])
        except (MeldingInvalid, services.TransitionNotAllowed) as exc:
            form.add_error("email", str(exc))
        else:
            return render(request, "meldingen/followed.html", {"melding": melding})
    return render(request, "meldingen/follow.html", {"melding": melding, "form": form}, status=400)


def public_map(request):
    organisation = _site_organisation(request)
    recent = Melding.objects.filter(
        organisation=organisation, is_open=True, merged_into__isnull=True, category__is_public=True,
        main_category__is_public=True).select_related("category").order_by("-created_at")[:25]
    return render(request, "meldingen/map.html", {"map": _map_config(organisation), "recent": recent})


@require_GET
def public_map_data(request):
    """Open meldingen in public categories (compact JSON, see selectors.public_map_data); no text, no personal data."""
    organisation = _site_organisation(request)
    bbox = None
    if request.GET.get("bbox"):
        try:
            bbox = tuple(float(v) for v in request.GET["bbox"].split(","))
            if len(bbox) != 4:
                raise ValueError
        except ValueError:
            return JsonResponse({"detail": _("bbox is min_lon,min_lat,max_lon,max_lat.")}, status=400)
    response = HttpResponse(selectors.public_map_data(organisation, bbox=bbox), content_type="application/json")
    response["Cache-Control"] = "public, max-age=60"
    return response


def public_photo(request, pk):
    photo = get_object_or_404(MeldingPhoto, pk=pk, public_approved=True)
    return FileResponse(photo.display.open("rb"), content_type="image/jpeg")


# -- Staff ---------------------------------------------------------------------------------------------------------


def _staff_organisation(request):
    organisation = case_selectors.user_organisation(request.user)
    if organisation is None:
        raise Http404(_("Je werkt voor geen enkele organisatie."))
    return organisation


def _staff_melding(request, pk) -> Melding:
    organisation = _staff_organisation(request)
    return get_object_or_404(selectors.staff_queryset(organisation), pk=pk)


def _rows(meldingen):
    today = timezone.localdate()
    return [(m, selectors.deadline_flag(m, today)) for m in meldingen]


@staff_required
def staff_queue(request):
    """The work queue: open meldingen with filters, deadline flags and a map."""
    organisation = _staff_organisation(request)
    departments = list(case_selectors.organisation_departments(organisation))
    form = forms.QueueFilterForm(request.GET or None, departments=departments)
    department, state, overdue = None, "", ""
    if form.is_valid():
        state, overdue = form.cleaned_data["state"], form.cleaned_data["overdue"]
        if form.cleaned_data["department"]:
            department = next((d for d in departments if str(d.pk) == form.cleaned_data["department"]), None)
    meldingen = list(selectors.work_queue(organisation, department=department, state=state, overdue=overdue))
    points = [{"id": m.pk, "lat": m.latitude, "lon": m.longitude, "label": f"{m.reference}: {m.category.name}",
               "url": reverse("meldingen:staff_detail", args=[m.pk])} for m in meldingen]
    return render(request, "meldingen/staff_queue.html", {
        "form": form, "rows": _rows(meldingen), "points": points, "map": _map_config(organisation),
        "triage_count": selectors.staff_queryset(organisation).filter(needs_triage=True, is_open=True).count(),
    })


@staff_required
def staff_triage(request):
    """Meldingen the classifier was unsure about: confirm or correct the category."""
    organisation = _staff_organisation(request)
    categories = list(selectors.categories(organisation))
    meldingen = list(selectors.triage_queue(organisation))
    rows = [(m, forms.ReclassifyForm(categories=categories, initial={"category": m.category.slug}, prefix=f"m{m.pk}"))
            for m in meldingen]
    return render(request, "meldingen/staff_triage.html", {"rows": rows})


@staff_required
def staff_detail(request, pk):
    melding = _staff_melding(request, pk)
    return _render_detail(request, melding)


def _render_detail(request, melding, *, status=200, **forms_):
    organisation = melding.organisation
    if melding.party_id or melding.reporter_name or melding.reporter_email or melding.reporter_phone:
        subject = melding.party if melding.party_id else melding
        record(actor=request.user, action=AuditAction.VIEW, subject=subject, request=request, obj=melding,
               reason=_("Behandeling melding %(ref)s") % {"ref": melding.reference},
               fields=["naam", "e-mail", "telefoon"], organisation=organisation)
    categories = list(selectors.categories(organisation))
    context = {
        "melding": melding, "flag": selectors.deadline_flag(melding), "history": selectors.history(melding),
        "photos": melding.photos.all(),
        "transition_form": forms_.get("transition_form") or forms.TransitionForm(states=services.allowed_transitions(melding)),
        "reclassify_form": forms_.get("reclassify_form") or forms.ReclassifyForm(categories=categories,
                                                                                  initial={"category": melding.category.slug}),
        "assign_form": forms_.get("assign_form") or forms.AssignForm(
            departments=case_selectors.organisation_departments(organisation), partners=organisation.partners.all(),
            initial={"department": melding.department_id, "partner": melding.partner_id}),
        "merge_form": forms_.get("merge_form") or forms.MergeForm(),
        "duplicates": [m for m in selectors.nearby_open(organisation=organisation, latitude=melding.latitude,
                                                        longitude=melding.longitude, category=melding.category)
                       if m.pk != melding.pk] if melding.is_open else [],
        "merged": Melding.objects.filter(merged_into=melding).select_related("zaak"),
        "children": melding.children.select_related("zaak", "category"),
        "feedback": melding.feedback.all(), "closed_states": CLOSED_STATES,
        "map": _map_config(organisation),
    }
    return render(request, "meldingen/staff_detail.html", context, status=status)


@staff_required
@require_POST
def staff_action(request, pk, action):
    melding = _staff_melding(request, pk)
    organisation = melding.organisation
    done = _("De melding is bijgewerkt.")
    try:
        if action == "status":
            form = forms.TransitionForm(request.POST, states=services.allowed_transitions(melding))
            if not form.is_valid():
                return _render_detail(request, melding, status=400, transition_form=form)
            services.transition(melding=melding, to_state=form.cleaned_data["to_state"], actor=request.user,
                                note=form.cleaned_data["note"], public_text=form.cleaned_data["public_text"] or None)
        elif action == "categorie":
            form = forms.ReclassifyForm(request.POST, categories=selectors.categories(organisation),
                                        prefix=request.POST.get("prefix") or None)
            if not form.is_valid():
                return _render_detail(request, melding, status=400, reclassify_form=form)
            services.reclassify(melding=melding, category=form.cleaned_data["category"], actor=request.user)
            if request.POST.get("next") == "triage":
                messages.success(request, _("%(ref)s: categorie bevestigd.") % {"ref": melding.reference})
                return redirect("meldingen:staff_triage")
        elif action == "toewijzen":
            departments = case_selectors.organisation_departments(organisation)
            partners = organisation.partners.all()
            form = forms.AssignForm(request.POST, departments=departments, partners=partners)
            if not form.is_valid():
                return _render_detail(request, melding, status=400, assign_form=form)
            services.assign(melding=melding, actor=request.user,
                            department=departments.filter(pk=form.cleaned_data["department"] or 0).first(),
                            partner=partners.filter(pk=form.cleaned_data["partner"] or 0).first())
        elif action == "samenvoegen":
            form = forms.MergeForm(request.POST)
            if not form.is_valid():
                return _render_detail(request, melding, status=400, merge_form=form)
            reference = form.cleaned_data["into"].strip()
            query = selectors.staff_queryset(organisation)
            into = query.filter(zaak__identificatie=reference).first() or (
                query.filter(pk=int(reference[1:])).first() if reference[:1] == "M" and reference[1:].isdigit() else None)
            if into is None:
                form.add_error("into", _("Deze melding bestaat niet."))
                return _render_detail(request, melding, status=400, merge_form=form)
            services.merge(melding=melding, into=into, actor=request.user)
        elif action == "foto":
            photo = get_object_or_404(MeldingPhoto, pk=request.POST.get("photo", 0), melding=melding)
            services.approve_photo(photo=photo, actor=request.user, public=request.POST.get("public") == "1")
        else:
            raise Http404
    except (MeldingInvalid, services.TransitionNotAllowed) as exc:
        messages.error(request, str(exc))
        return _render_detail(request, melding, status=400)
    messages.success(request, done)
    return redirect("meldingen:staff_detail", pk=melding.pk)


@staff_required
def staff_photo(request, pk, kind):
    photo = get_object_or_404(MeldingPhoto.objects.select_related("melding"), pk=pk)
    if photo.melding.organisation_id != getattr(_staff_organisation(request), "pk", None):
        raise PermissionDenied
    file = photo.original if kind == "origineel" else photo.display
    return FileResponse(file.open("rb"), content_type=photo.content_type if kind == "origineel" else "image/jpeg")
