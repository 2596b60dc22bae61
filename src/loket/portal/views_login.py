"""Log-in, log-out and representation pages of Mijn loket (thin: the rules are in identity_services and oidc)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from loket.catalog.models import AssuranceLevel

from . import identity, identity_services, oidc
from .identity import ASSURANCE_ORDER, current_resident, resident_required, satisfies
from .models import LoginEventKind
from .providers import get_provider, providers

LEVEL_LABELS = dict(AssuranceLevel.choices)


def _overview_url() -> str:
    try:
        return reverse("portal:overview")
    except Exception:  # noqa: BLE001 - H4's overview not there yet
        return "/mijn/"


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return _overview_url()


def _level(value: str) -> str:
    return value if value in ASSURANCE_ORDER else ""


def _error(request, message, *, status=400, next_url="", assurance="", cancelled=False):
    return render(request, "portal/login_error.html", {
        "message": message, "cancelled": cancelled,
        "retry_url": identity.login_url(next_url or _overview_url(), assurance),
    }, status=status)


def _start_url(provider, next_url: str, assurance: str) -> str:
    query = {"next": next_url, **({"niveau": assurance} if assurance else {})}
    return f"{reverse('portal:login_start', args=[provider.id])}?{urlencode(query)}"


@never_cache
def login(request):
    """Choose how to log in. ``?next=`` where to go afterwards, ``?niveau=`` the assurance level that page needs."""
    next_url = _safe_next(request, request.GET.get("next", ""))
    assurance = _level(request.GET.get("niveau", ""))
    resident = current_resident(request)
    if resident is not None and satisfies(resident.assurance, assurance):
        return redirect(next_url)
    expired = bool(request.session.pop(identity.EXPIRED_KEY, False)) if hasattr(request, "session") else False
    available = providers(request)
    usable = [p for p in available if p.can_reach(assurance)]
    return render(request, "portal/login.html", {
        "next_url": next_url, "assurance": assurance, "assurance_label": LEVEL_LABELS.get(assurance, ""),
        "providers": [{"provider": p, "levels": [LEVEL_LABELS[lvl] for lvl in p.levels],
                       "start_url": _start_url(p, next_url, assurance)} for p in usable],
        "any_provider": bool(available), "too_weak": resident if resident is not None else None,
        "current_label": LEVEL_LABELS.get(resident.assurance, "") if resident else "",
        "expired": expired, "idle_minutes": identity.idle_timeout() // 60,
    })


@never_cache
@require_http_methods(["GET", "POST"])
def login_start(request, provider_id):
    """Send the browser to the provider (a link on the log-in page; a POST works too)."""
    data = request.POST if request.method == "POST" else request.GET
    next_url = _safe_next(request, data.get("next", ""))
    assurance = _level(data.get("niveau", ""))
    provider = get_provider(request, provider_id)
    if provider is None:
        return _error(request, _("Dit aanmeldmiddel kennen we niet. Kies een ander."), status=404,
                      next_url=next_url, assurance=assurance)
    if not provider.can_reach(assurance):
        return _error(request, _("Met %(provider)s kunt u niet inloggen op niveau %(level)s. Kies een ander "
                                 "aanmeldmiddel.") % {"provider": provider.label, "level": LEVEL_LABELS[assurance]},
                      next_url=next_url, assurance=assurance)
    redirect_uri = request.build_absolute_uri(reverse("portal:login_callback", args=[provider.id]))
    try:
        url = oidc.start(request, provider, redirect_uri=redirect_uri, next_url=next_url, assurance=assurance)
    except oidc.LoginFailed as exc:
        identity_services.record_refusal(organisation=request.organisation or None, provider_id=provider.id,
                                         reason=exc.reason, request=request)
        return _error(request, exc.message, status=502, next_url=next_url, assurance=assurance)
    return HttpResponseRedirect(url)


@never_cache
def login_callback(request, provider_id):
    """The provider sends the browser back here with a code (or an error)."""
    pending = oidc.take_pending(request, request.GET.get("state", ""))
    organisation = request.organisation or None
    if pending is None or pending["provider"] != provider_id:
        identity_services.record_refusal(organisation=organisation, provider_id=provider_id,
                                         reason="unknown, used or expired state", request=request)
        return _error(request, _("Deze aanmelding is verlopen of al gebruikt. Begin opnieuw met aanmelden."))
    next_url, assurance = pending["next"], pending["assurance"]
    provider = get_provider(request, provider_id)
    if provider is None:
        return _error(request, _("Dit aanmeldmiddel kennen we niet. Kies een ander."), status=404,
                      next_url=next_url, assurance=assurance)
    try:
        claims = oidc.finish(request, provider, request.GET, pending)
        result = identity_services.resolve_login(organisation=organisation, provider=provider, claims=claims,
                                                 request=request)
    except oidc.LoginFailed as exc:
        identity_services.record_refusal(organisation=organisation, provider_id=provider.id, reason=exc.reason,
                                         request=request)
        return _error(request, exc.message, status=200 if exc.cancelled else 400, next_url=next_url,
                      assurance=assurance, cancelled=exc.cancelled)
    identity.login_resident(request, result.party, assurance=result.assurance, provider=provider.id,
                            acting_for=result.acting_for, acting_person=result.acting_person)
    if not satisfies(result.assurance, assurance):
        messages.warning(request, _("U bent aangemeld op niveau %(have)s, maar hiervoor is niveau %(need)s nodig.")
                         % {"have": LEVEL_LABELS[result.assurance], "need": LEVEL_LABELS[assurance]})
    return redirect(next_url)


@never_cache
@require_http_methods(["GET", "POST"])
def logout(request):
    resident = current_resident(request)
    if request.method == "GET":
        if resident is None:
            return redirect("web:home")
        return render(request, "portal/logout.html", {})
    if resident is not None:
        identity_services.record_event(organisation=resident.party.organisation, kind=LoginEventKind.LOGOUT,
                                       party=resident.party, acting_for=resident.acting_for,
                                       provider=resident.provider, assurance=resident.assurance, request=request)
    identity.logout_resident(request)
    messages.success(request, _("U bent afgemeld."))
    return redirect("web:home")


@never_cache
@resident_required
@require_http_methods(["GET", "POST"])
def act_for(request):
    """Choose whose affairs to see: your own, or of someone you may represent (a child, a mandate, a business)."""
    resident = request.resident
    error = ""
    next_url = _safe_next(request, request.POST.get("next", "") or request.GET.get("next", ""))
    if request.method == "POST":
        try:
            target = identity_services.choose_acting_for(resident=resident, party_uuid=request.POST.get("party", ""),
                                                         request=request)
        except identity_services.RepresentationRefused as exc:
            error = exc.message
        else:
            identity.set_acting_for(request, target)
            if target.pk == resident.party.pk:
                messages.success(request, _("U ziet nu uw eigen gegevens."))
            else:
                messages.success(request, _("U handelt nu namens %(name)s.") % {"name": target.display_name})
            return redirect(next_url)
    is_business = resident.party.kind in identity_services.BUSINESS_KINDS
    choices = [] if is_business else identity_services.representable_parties(resident.party)
    return render(request, "portal/act_for.html", {
        "resident": resident, "choices": choices, "error": error, "is_business": is_business, "next_url": next_url,
    }, status=400 if error else 200)
