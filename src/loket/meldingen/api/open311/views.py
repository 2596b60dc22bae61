"""Open311 GeoReport v2 (../shared/specs/open311/georeport-v2.md) at /open311/v2/, in XML and JSON.

- jurisdiction_id: an organisation's slug or domain; optional (the site's organisation) because each site serves one.
- service_code: a sub category's slug; group: its main category; attributes: the category's extra questions.
- service_request_id: the melding's case number; requests are created at once ("realtime"); the token of a request
  is its UUID (GET tokens/<uuid> answers its id).
- status: ``closed`` for handled and cancelled meldingen, otherwise ``open``.
- GET requests lists meldingen of public categories only, at most 1000, within at most 90 days (default: the last
  90 days), newest first. Errors use the spec's form: ``[{"code": 400, "description": "..."}]`` / ``<errors>``.
- POST requests needs ``api_key`` (an Open311Client's key, see services.create_api_client).
"""

import datetime
import json
from xml.etree import ElementTree

from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from loket.platform.organisations.models import Organisation

from ... import services
from ...exceptions import MeldingInvalid
from ...geocoding import geocoder
from ...models import Category, Channel, Melding, State

MAX_DAYS = 90
MAX_RESULTS = 1000
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
DATATYPES = {"text": "string", "number": "number", "choice": "singlevaluelist", "boolean": "singlevaluelist"}


class Open311Error(Exception):
    def __init__(self, code: int, description: str):
        self.code, self.description = code, description
        super().__init__(description)


# -- Rendering -----------------------------------------------------------------------------------------------------


def _xml_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _to_xml(parent, tag: str, value, item_tags: dict):
    element = ElementTree.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, child in value.items():
            _to_xml(element, key, child, item_tags)
    elif isinstance(value, list):
        for child in value:
            _to_xml(element, item_tags.get(tag, "item"), child, item_tags)
    else:
        element.text = _xml_value(value)
    return element


ITEM_TAGS = {"services": "service", "service_requests": "request", "attributes": "attribute", "values": "value",
             "errors": "error", "endpoints": "endpoint", "formats": "format"}


def render(data, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        if isinstance(data, list):
            top = ElementTree.Element(root)
            for item in data:
                _to_xml(top, ITEM_TAGS[root], item, ITEM_TAGS)
        else:
            top = ElementTree.Element(root)
            for key, value in data.items():
                _to_xml(top, key, value, ITEM_TAGS)
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(top, encoding="utf-8", xml_declaration=False)
        return HttpResponse(body, status=status, content_type=FORMATS["xml"])
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=status, content_type=FORMATS["json"])


def error(fmt: str, code: int, description: str) -> HttpResponse:
    return render([{"code": code, "description": description}], fmt if fmt in FORMATS else "json", root="errors",
                  status=code)


def endpoint(view):
    """Format check, error rendering, and no 500 for bad input."""

    def wrapper(request, *args, fmt="json", **kwargs):
        if fmt not in FORMATS:
            return error("json", 404, "Unknown format: use .json or .xml.")
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return error(fmt, exc.code, exc.description)

    wrapper.__name__ = view.__name__
    return csrf_exempt(wrapper)


def _w3(moment) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = timezone.make_aware(datetime.datetime.combine(moment, datetime.time(17, 0)))
    return timezone.localtime(moment).isoformat(timespec="seconds")


# -- Jurisdiction and data -----------------------------------------------------------------------------------------


def _jurisdiction(request, params) -> Organisation:
    jurisdiction = (params.get("jurisdiction_id") or "").strip()
    if jurisdiction:
        organisation = Organisation.objects.filter(Q(slug=jurisdiction) | Q(domain=jurisdiction), is_active=True).first()
        if organisation is None:
            raise Open311Error(404, f"jurisdiction_id '{jurisdiction}' was not found.")
        return organisation
    organisation = getattr(request, "organisation", None)
    if not organisation:
        raise Open311Error(400, "jurisdiction_id was not provided.")
    return organisation


def _service(category: Category) -> dict:
    return {
        "service_code": category.slug, "service_name": category.name, "description": category.description or category.name,
        "metadata": bool(category.extra_questions), "type": "realtime",
        "keywords": ", ".join(filter(None, [category.parent.name if category.parent_id else "", category.slug.replace("-", " ")])),
        "group": category.parent.name if category.parent_id else "",
    }


def _attribute(order: int, question: dict) -> dict:
    kind = question.get("type", "text")
    values = []
    if kind == "choice":
        values = [{"key": choice, "name": choice} for choice in question.get("choices", [])]
    elif kind == "boolean":
        values = [{"key": "true", "name": "Ja"}, {"key": "false", "name": "Nee"}]
    return {"variable": True, "code": question["key"], "datatype": DATATYPES.get(kind, "string"),
            "required": bool(question.get("required")), "datatype_description": None, "order": order,
            "description": question.get("label", question["key"]), "values": values}


def _request_row(request, melding: Melding, last_notes: dict) -> dict:
    photo = next(iter(melding.public_photo_list), None) if hasattr(melding, "public_photo_list") else None
    postal = ""
    if melding.address:
        parts = melding.address.rsplit(",", 1)[-1].split()
        postal = parts[0] if parts and parts[0].isdigit() else ""
    return {
        "service_request_id": melding.zaak.identificatie if melding.zaak_id else str(melding.pk),
        "status": "closed" if melding.state in (State.HANDLED, State.CANCELLED) else "open",
        "status_notes": last_notes.get(melding.pk) or None,
        "service_name": melding.category.name, "service_code": melding.category.slug,
        "description": melding.text[:4000],
        "agency_responsible": (melding.partner.name if melding.partner_id else
                               melding.department.name if melding.department_id else None),
        "service_notice": melding.category.handling_message or None,
        "requested_datetime": _w3(melding.created_at),
        "updated_datetime": _w3(melding.closed_at or melding.state_changed_at),
        "expected_datetime": _w3(melding.deadline),
        "address": melding.address or None, "address_id": None, "zipcode": postal or None,
        "lat": round(melding.latitude, 7), "long": round(melding.longitude, 7),
        "media_url": request.build_absolute_uri(reverse("meldingen:public_photo", args=[photo.pk])) if photo else None,
    }


def _public_requests(organisation):
    from django.db.models import Prefetch

    from ...models import MeldingPhoto

    return (Melding.objects.filter(organisation=organisation, category__is_public=True, main_category__is_public=True)
            .select_related("category", "department", "partner", "zaak")
            .prefetch_related(Prefetch("photos", queryset=MeldingPhoto.objects.filter(public_approved=True),
                                       to_attr="public_photo_list")))


def _notes(meldingen) -> dict:
    from ...models import StateChange

    notes = {}
    for melding_id, text in (StateChange.objects.filter(melding__in=[m.pk for m in meldingen], kind="state")
                             .order_by("melding_id", "created_at", "pk").values_list("melding_id", "public_text")):
        notes[melding_id] = text
    return notes


def _parse_w3(name: str, value: str):
    moment = parse_datetime(value.strip().replace(" ", "+")) if value else None
    if value and moment is None:
        raise Open311Error(400, f"{name} must be a w3 date/time, e.g. 2026-01-01T00:00:00Z.")
    if moment is not None and timezone.is_naive(moment):
        raise Open311Error(400, f"{name} needs a time zone (Z or +HH:MM).")
    return moment


# -- Views ---------------------------------------------------------------------------------------------------------


@endpoint
@require_http_methods(["GET"])
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": fmt})).rsplit("/services", 1)[0]
    organisation = getattr(request, "organisation", None)
    data = {
        "changeset": "2026-01-01T00:00:00Z",
        "contact": (organisation.email if organisation else "") or "",
        "key_service": "Vraag een API-sleutel aan bij de gemeente (beheer: Open311-clients).",
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
                       "changeset": "2026-01-01T00:00:00Z", "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }
    return render(data, fmt, root="discovery")


@endpoint
@require_http_methods(["GET"])
def service_list(request, fmt):
    organisation = _jurisdiction(request, request.GET)
    categories = Category.objects.filter(organisation=organisation, is_active=True, parent__isnull=False).select_related(
        "parent").order_by("parent__name", "name")
    return render([_service(c) for c in categories], fmt, root="services")


@endpoint
@require_http_methods(["GET"])
def service_definition(request, service_code, fmt):
    organisation = _jurisdiction(request, request.GET)
    category = services.sub_category(organisation, service_code) if not service_code.isdigit() else None
    if category is None or not category.is_active:
        raise Open311Error(404, f"service_code '{service_code}' was not found.")
    attributes = [_attribute(i + 1, q) for i, q in enumerate(category.extra_questions or [])]
    return render({"service_code": category.slug, "attributes": attributes}, fmt, root="service_definition")


def _attributes_from_post(post) -> dict:
    answers = {}
    for key in post:
        if key.startswith("attribute[") and key.endswith("]"):
            code = key[len("attribute["):-1]
            if code.endswith("]["):
                code = code[:-2]
            values = post.getlist(key)
            answers[code.rstrip("[]")] = values if len(values) > 1 else values[0]
    return answers


@endpoint
@require_http_methods(["GET", "POST"])
def requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    organisation = _jurisdiction(request, request.GET)
    query = _public_requests(organisation)
    ids = [i.strip() for i in (request.GET.get("service_request_id") or "").split(",") if i.strip()]
    if ids:
        query = query.filter(zaak__identificatie__in=ids[:MAX_RESULTS])
    else:
        codes = [c.strip() for c in (request.GET.get("service_code") or "").split(",") if c.strip()]
        if codes:
            query = query.filter(category__slug__in=codes)
        start = _parse_w3("start_date", request.GET.get("start_date", ""))
        end = _parse_w3("end_date", request.GET.get("end_date", ""))
        if start and end and end < start:
            raise Open311Error(400, "end_date is before start_date.")
        if start and end and end - start > datetime.timedelta(days=MAX_DAYS):
            raise Open311Error(400, f"start_date and end_date may not span more than {MAX_DAYS} days.")
        if start and not end:
            end = start + datetime.timedelta(days=MAX_DAYS)
        elif end and not start:
            start = end - datetime.timedelta(days=MAX_DAYS)
        elif not start:
            end = timezone.now()
            start = end - datetime.timedelta(days=MAX_DAYS)
        query = query.filter(created_at__gte=start, created_at__lte=end)
        statuses = {s.strip() for s in (request.GET.get("status") or "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status must be open, closed or both.")
        if statuses == {"open"}:
            query = query.exclude(state__in=[State.HANDLED, State.CANCELLED])
        elif statuses == {"closed"}:
            query = query.filter(state__in=[State.HANDLED, State.CANCELLED])
    meldingen = list(query.order_by("-created_at")[:MAX_RESULTS])
    notes = _notes(meldingen)
    return render([_request_row(request, m, notes) for m in meldingen], fmt, root="service_requests")


@endpoint
@require_http_methods(["GET"])
def request_detail(request, service_request_id, fmt):
    organisation = _jurisdiction(request, request.GET)
    melding = _public_requests(organisation).filter(zaak__identificatie=service_request_id).first()
    if melding is None:
        raise Open311Error(404, f"service_request_id '{service_request_id}' was not found.")
    return render([_request_row(request, melding, _notes([melding]))], fmt, root="service_requests")


@endpoint
@require_http_methods(["GET"])
def token(request, token_id, fmt):
    organisation = _jurisdiction(request, request.GET)
    try:
        melding = Melding.objects.select_related("zaak").filter(organisation=organisation, uuid=token_id).first()
    except Exception:  # not a UUID
        melding = None
    if melding is None:
        raise Open311Error(404, f"token '{token_id}' was not found.")
    return render([{"service_request_id": melding.zaak.identificatie, "token": str(melding.uuid)}], fmt,
                  root="service_requests")


def _create(request, fmt):
    post = request.POST
    client = services.client_for_key(post.get("api_key") or request.GET.get("api_key") or "")
    if client is None:
        raise Open311Error(403, "A valid api_key is required to POST a service request.")
    organisation = client.organisation
    if post.get("jurisdiction_id") and post["jurisdiction_id"] not in (organisation.slug, organisation.domain):
        raise Open311Error(404, f"jurisdiction_id '{post['jurisdiction_id']}' was not found for this api_key.")
    code = (post.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code was not provided.")
    category = services.sub_category(organisation, code) if not code.isdigit() else None
    if category is None or not category.is_active:
        raise Open311Error(404, f"service_code '{code}' was not found.")
    lat, lon, address = post.get("lat"), post.get("long"), (post.get("address_string") or "").strip()
    if not (lat and lon):
        if post.get("address_id") and not address:
            raise Open311Error(400, "address_id is not supported here: send lat and long or address_string.")
        if not address:
            raise Open311Error(400, "A location is required: lat and long, or address_string.")
        found = geocoder().search(address)
        if not found:
            raise Open311Error(400, f"address_string '{address[:200]}' was not found.")
        lat, lon = found[0].latitude, found[0].longitude
    name = " ".join(filter(None, [(post.get("first_name") or "").strip(), (post.get("last_name") or "").strip()]))
    answers = _attributes_from_post(post)
    for question in category.extra_questions or []:
        if question.get("type") == "boolean" and isinstance(answers.get(question["key"]), str):
            answers[question["key"]] = answers[question["key"]].lower() in ("true", "1", "ja", "yes")
    try:
        melding = services.create_melding(
            organisation=organisation, text=post.get("description") or "", latitude=lat, longitude=lon,
            address=address, category=category, answers=answers, reporter_name=name,
            reporter_email=(post.get("email") or "").strip(), reporter_phone=(post.get("phone") or "").strip(),
            wants_updates=bool((post.get("email") or "").strip()), channel=Channel.OPEN311, api_client=client,
        )
    except MeldingInvalid as exc:
        description = " ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.errors.items())
        raise Open311Error(400, description) from None
    return render([{"service_request_id": melding.zaak.identificatie, "service_notice": category.handling_message,
                    "account_id": None}], fmt, root="service_requests")

