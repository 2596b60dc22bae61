"""HTTP endpoints of the test identity provider (``/testidp/``; only when LOKET_TEST_IDP is on). See testidp.py."""

from __future__ import annotations

import functools
import hashlib
import json
from urllib.parse import urlencode, urlsplit

from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from loket.catalog.models import AssuranceLevel
from loket.contacts import identifiers
from loket.contacts.models import Party, PartyKind, Representation, RepresentationReason

from . import testidp
from .identity import ASSURANCE_ORDER
from .providers import PRESETS, TEST_CLIENT_ID, test_idp_enabled

ACR_OF_LEVEL = {level: acr for acr, level in PRESETS["eidas"]["assurance_map"].items()}
OIDC_PARAMS = ("client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge",
               "code_challenge_method", "acr_values")
LIST_SIZE = 12


def test_idp_only(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not test_idp_enabled():
            raise Http404
        return view(request, *args, **kwargs)
    return wrapper


def _json(status, data):
    response = HttpResponse(json.dumps(data), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@test_idp_only
def discovery(request):
    return _json(200, testidp.discovery(testidp.issuer_for(request)))


@test_idp_only
def jwks(request):
    return _json(200, testidp.jwks())


@csrf_exempt
@test_idp_only
@require_http_methods(["POST"])
def token(request):
    return _json(*testidp.token(testidp.issuer_for(request), request.POST.dict(), dict(request.headers)))


@csrf_exempt
@test_idp_only
@require_http_methods(["GET", "POST"])
def userinfo(request):
    return _json(*testidp.userinfo(dict(request.headers)))


def _redirect_back(params: dict, **answer) -> HttpResponseRedirect:
    separator = "&" if "?" in params["redirect_uri"] else "?"
    return HttpResponseRedirect(params["redirect_uri"] + separator + urlencode({**answer, "state": params["state"]}))


def _check_request(request, params: dict) -> str:
    """A message when the authorization request is not one this provider answers (shown, never redirected)."""
    if params.get("client_id") != TEST_CLIENT_ID:
        return _("Onbekende toepassing (client_id).")
    redirect_uri = params.get("redirect_uri", "")
    parts = urlsplit(redirect_uri)
    if parts.netloc != request.get_host() or not parts.path.startswith("/mijn/aanmelden/"):
        return _("Dit terugkeeradres (redirect_uri) hoort niet bij deze website.")
    if params.get("response_type") != "code":
        return _("Alleen de authorization code flow wordt ondersteund.")
    if not params.get("state") or not params.get("nonce"):
        return _("State en nonce zijn verplicht.")
    if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
        return _("PKCE (S256) is verplicht.")
    return ""


def _wanted_level(acr_values: str) -> str:
    levels = [PRESETS["eidas"]["assurance_map"].get(value) for value in acr_values.split()]
    known = [level for level in levels if level in ASSURANCE_ORDER]
    return min(known, key=ASSURANCE_ORDER.index) if known else AssuranceLevel.SUBSTANTIAL


def _people(organisation, query: str):
    today = timezone.localdate()
    valid = Representation.objects.filter(representative=OuterRef("pk"), valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    people = (Party.objects.filter(organisation=organisation, is_active=True, kind=PartyKind.PERSON)
              .exclude(national_number_index="").annotate(may_represent=Exists(valid)))
    if query:
        people = people.filter(search_name__contains=identifiers.fold(query))
        return list(people.order_by("last_name", "first_name", "pk")[:LIST_SIZE])
    return list(people.order_by("-may_represent", "pk")[:LIST_SIZE])


def _businesses(organisation, query: str):
    businesses = Party.objects.filter(organisation=organisation, is_active=True,
                                      kind__in=[PartyKind.BUSINESS, PartyKind.ORGANISATION]).exclude(business_number="")
    if query:
        businesses = businesses.filter(search_name__contains=identifiers.fold(query))
        return list(businesses.order_by("business_name", "pk")[:LIST_SIZE])
    with_contact = Representation.objects.filter(represented=OuterRef("pk"), reason=RepresentationReason.CONTACT_PERSON)
    return list(businesses.annotate(has_contact=Exists(with_contact)).order_by("-has_contact", "pk")[:6])


def _person_claims(party: Party) -> dict:
    number = party.reveal_national_number()
    claim = "bsn" if len(number) == 9 else "rrn"
    return {"sub": f"p-{party.uuid}", claim: number, "given_name": party.first_name, "family_name": party.last_name,
            "name": party.display_name}


def _business_claims(business: Party) -> dict:
    claim = "kvk" if business.business_number_type == "kvk" or len(business.business_number) == 8 else "kbo"
    claims = {"sub": f"b-{business.uuid}", claim: business.business_number, "business_name": business.business_name}
    today = timezone.localdate()
    contact = (Representation.objects.filter(represented=business, reason=RepresentationReason.CONTACT_PERSON,
                                             valid_from__lte=today, representative__is_active=True)
               .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
               .select_related("representative").order_by("pk").first())
    if contact is not None:
        person = contact.representative
        claims["acting_name"] = person.display_name
        if person.national_number_encrypted:
            number = person.reveal_national_number()
            claims["acting_bsn" if len(number) == 9 else "acting_rrn"] = number
    else:
        claims["acting_name"] = _("Medewerker van %(name)s") % {"name": business.business_name}
    return claims


def _other_person_claims(data) -> tuple[dict | None, dict]:
    """Claims for a person typed in (a resident not in the demo); errors per field otherwise."""
    errors = {}
    number = identifiers.digits(data.get("national_number", ""))
    if not identifiers.national_number_type(number):
        errors["national_number"] = _("Geef een geldig BSN (9 cijfers) of rijksregisternummer (11 cijfers).")
    last_name = data.get("last_name", "").strip()[:150]
    first_name = data.get("first_name", "").strip()[:100]
    if errors:
        return None, errors
    claim = "bsn" if len(number) == 9 else "rrn"
    claims = {"sub": "n-" + hashlib.sha256(number.encode()).hexdigest()[:24], claim: number}
    if last_name:
        claims.update({"given_name": first_name, "family_name": last_name,
                       "name": f"{first_name} {last_name}".strip()})
    return claims, {}


@never_cache
@test_idp_only
@require_http_methods(["GET", "POST"])
def authorize(request):
    data = request.POST if request.method == "POST" else request.GET
    params = {name: data.get(name, "") for name in OIDC_PARAMS}
    problem = _check_request(request, params)
    if problem:
        return render(request, "portal/testidp_error.html", {"message": problem}, status=400)
    organisation = request.organisation or None
    level = data.get("level", "") if data.get("level", "") in ASSURANCE_ORDER else _wanted_level(params["acr_values"])
    errors, claims = {}, None
    if request.method == "POST":
        if "cancel" in data:
            return _redirect_back(params, error="access_denied", error_description="cancelled by the user")
        choice = data.get("party", "")
        if choice == "other":
            claims, errors = _other_person_claims(data)
        elif choice and organisation is not None:
            party = Party.objects.filter(organisation=organisation, uuid=choice, is_active=True).first() \
                if _is_uuid(choice) else None
            if party is not None and party.kind == PartyKind.PERSON and party.national_number_encrypted:
                claims = _person_claims(party)
            elif party is not None and party.kind != PartyKind.PERSON and party.business_number:
                claims = _business_claims(party)
            else:
                errors["party"] = _("Deze inwoner of onderneming kan hier niet inloggen.")
        else:
            errors["party"] = _("Kies een inwoner of onderneming.")
        if claims is not None:
            claims["acr"] = ACR_OF_LEVEL[level]
            code = testidp.issue_code(claims=claims, client_id=params["client_id"],
                                      redirect_uri=params["redirect_uri"], code_challenge=params["code_challenge"],
                                      nonce=params["nonce"])
            return _redirect_back(params, code=code)
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "portal/testidp_authorize.html", {
        "params": params, "level": level, "levels": AssuranceLevel.choices, "query": query, "errors": errors,
        "people": _people(organisation, query) if organisation is not None else [],
        "businesses": _businesses(organisation, query) if organisation is not None else [],
        "other": {"national_number": data.get("national_number", ""), "first_name": data.get("first_name", ""),
                  "last_name": data.get("last_name", "")},
    }, status=400 if errors else 200)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
