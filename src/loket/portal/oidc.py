"""The OpenID Connect client side of the resident log-in: authorization-code flow with PKCE, state and nonce.

:func:`start` remembers state, nonce and the PKCE verifier in the session and returns the provider's authorization
URL; :func:`finish` checks the answer (state once only, provider errors, cancel), exchanges the code at the token
endpoint (Authlib's ``OAuth2Session``), verifies the ID token (signature against the provider's keys, issuer,
audience, expiry, nonce; Authlib's ``CodeIDToken`` with joserfc) and returns its claims. Every refusal is a
:class:`LoginFailed` with a Dutch message for the resident and a ``reason`` for the log.

The built-in test identity provider is reached in-process (:class:`InProcessAdapter`): the Django test client and a
single-process demo have no server to call back into; other providers go over HTTP(S).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from loket.platform.core.exceptions import DomainError

from .providers import Provider

logger = logging.getLogger(__name__)

PENDING_KEY = "loket_resident_oidc"
#: How long a started log-in may take before its state is forgotten (seconds).
PENDING_MAX_AGE = 15 * 60
#: At most this many log-ins in progress per browser session (several tabs); the oldest is dropped.
PENDING_MAX = 5
METADATA_MAX_AGE = 3600


class LoginFailed(DomainError):
    """The log-in did not succeed. ``message`` is for the resident; ``reason`` for the log (no personal data)."""

    default_message = _("Het aanmelden is niet gelukt. Probeer het opnieuw.")
    status_code = 400

    def __init__(self, message=None, *, reason: str = "", cancelled: bool = False):
        super().__init__(message)
        self.reason = reason or str(self.message)
        self.cancelled = cancelled


# -- Transport -------------------------------------------------------------------------------------------------


class InProcessAdapter(requests.adapters.BaseAdapter):
    """Answers requests to the built-in test identity provider by a direct function call (no HTTP server)."""

    def send(self, request, **kwargs):
        from . import testidp

        status, content_type, body = testidp.backchannel(request.method, request.url, dict(request.headers),
                                                         request.body)
        response = requests.Response()
        response.status_code = status
        response.headers["Content-Type"] = content_type
        response._content = body if isinstance(body, bytes) else body.encode()
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


def _session(provider: Provider, **kwargs) -> OAuth2Session:
    session = OAuth2Session(client_id=provider.client_id, client_secret=provider.client_secret or None,
                            scope=provider.scopes, code_challenge_method="S256",
                            token_endpoint_auth_method=provider.token_auth_method, **kwargs)
    if provider.is_test:
        prefix = provider.issuer.rstrip("/") + "/"
        session.mount(prefix, InProcessAdapter())
    return session


def _timeout() -> int:
    return int(getattr(settings, "LOKET_RESIDENT_OIDC_TIMEOUT", 10))


_metadata_cache: dict[str, tuple[float, dict]] = {}
_metadata_lock = threading.Lock()


def _get_json(provider: Provider, url: str, *, what: str) -> dict:
    try:
        with _session(provider) as session:
            response = session.get(url, timeout=_timeout(), withhold_token=True)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise LoginFailed(_("Het aanmeldmiddel is nu niet bereikbaar. Probeer het later opnieuw."),
                          reason=f"{what} of {provider.id} failed: {exc.__class__.__name__}: {exc}") from None
    if not isinstance(data, dict):
        raise LoginFailed(_("Het aanmeldmiddel is nu niet bereikbaar. Probeer het later opnieuw."),
                          reason=f"{what} of {provider.id} is not a JSON object")
    return data


def metadata(provider: Provider, *, force: bool = False) -> dict:
    """The provider's discovery document (cached for an hour per process)."""
    url = provider.metadata_url
    with _metadata_lock:
        cached = _metadata_cache.get(url)
    if cached and not force and time.monotonic() - cached[0] < METADATA_MAX_AGE:
        return cached[1]
    data = _get_json(provider, url, what="discovery")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "issuer"):
        if not data.get(key):
            raise LoginFailed(_("Het aanmeldmiddel is niet goed ingesteld. Probeer het later opnieuw."),
                              reason=f"discovery of {provider.id} misses {key}")
    if data["issuer"].rstrip("/") != provider.issuer.rstrip("/"):
        raise LoginFailed(_("Het aanmeldmiddel is niet goed ingesteld. Probeer het later opnieuw."),
                          reason=f"discovery of {provider.id} names issuer {data['issuer']!r}, not {provider.issuer!r}")
    with _metadata_lock:
        _metadata_cache[url] = (time.monotonic(), data)
    return data


def _keys(provider: Provider, meta: dict, *, force: bool = False) -> KeySet:
    cache_key = "jwks:" + meta["jwks_uri"]
    with _metadata_lock:
        cached = _metadata_cache.get(cache_key)
    if cached and not force and time.monotonic() - cached[0] < METADATA_MAX_AGE:
        data = cached[1]
    else:
        data = _get_json(provider, meta["jwks_uri"], what="jwks")
        with _metadata_lock:
            _metadata_cache[cache_key] = (time.monotonic(), data)
    try:
        return KeySet.import_key_set(data)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise LoginFailed(reason=f"jwks of {provider.id} unreadable: {exc}") from None


def clear_caches() -> None:
    with _metadata_lock:
        _metadata_cache.clear()


# -- The flow --------------------------------------------------------------------------------------------------


def start(request, provider: Provider, *, redirect_uri: str, next_url: str, assurance: str) -> str:
    """Remember what this log-in needs to be checked on return and give the URL to send the browser to."""
    meta = metadata(provider)
    state = generate_token(32)
    nonce = generate_token(32)
    verifier = secrets.token_urlsafe(64)[:96]
    extra = {"nonce": nonce}
    acr_values = provider.acr_values_for(assurance) if provider.send_acr_values else []
    if acr_values:
        extra["acr_values"] = " ".join(acr_values)
    language = getattr(request, "LANGUAGE_CODE", "")
    if language:
        extra["ui_locales"] = language
    with _session(provider, redirect_uri=redirect_uri) as session:
        url, _state = session.create_authorization_url(meta["authorization_endpoint"], state=state,
                                                       code_verifier=verifier, **extra)
    pending = {key: value for key, value in (request.session.get(PENDING_KEY) or {}).items()
               if time.time() - value.get("at", 0) < PENDING_MAX_AGE}
    while len(pending) >= PENDING_MAX:
        pending.pop(min(pending, key=lambda k: pending[k].get("at", 0)))
    pending[state] = {"provider": provider.id, "nonce": nonce, "verifier": verifier, "redirect_uri": redirect_uri,
                      "next": next_url, "assurance": assurance, "at": int(time.time())}
    request.session[PENDING_KEY] = pending
    return url


def take_pending(request, state: str) -> dict | None:
    """The started log-in with this ``state``, removed from the session: a state works once."""
    pending = dict(request.session.get(PENDING_KEY) or {})
    entry = pending.pop(state, None) if state else None
    request.session[PENDING_KEY] = pending
    if entry is None or time.time() - entry.get("at", 0) >= PENDING_MAX_AGE:
        return None
    return entry


def finish(request, provider: Provider, params, pending: dict) -> dict:
    """Exchange the code of the provider's answer ``params`` for tokens and return the verified claims."""
    error = params.get("error", "")
    if error:
        if error in ("access_denied", "login_required", "consent_required", "interaction_required"):
            raise LoginFailed(_("U heeft het aanmelden afgebroken. Er is niets veranderd."),
                              reason=f"cancelled at {provider.id}: {error}", cancelled=True)
        raise LoginFailed(_("Het aanmeldmiddel meldde een fout. Probeer het opnieuw."),
                          reason=f"error from {provider.id}: {error[:100]} {params.get('error_description', '')[:200]}")
    code = params.get("code", "")
    if not code:
        raise LoginFailed(reason=f"no code from {provider.id}")
    meta = metadata(provider)
    try:
        with _session(provider, redirect_uri=pending["redirect_uri"]) as session:
            token = session.fetch_token(meta["token_endpoint"], code=code, code_verifier=pending["verifier"],
                                        redirect_uri=pending["redirect_uri"], timeout=_timeout())
    except requests.RequestException as exc:
        raise LoginFailed(_("Het aanmeldmiddel is nu niet bereikbaar. Probeer het later opnieuw."),
                          reason=f"token request to {provider.id} failed: {exc.__class__.__name__}") from None
    except Exception as exc:  # noqa: BLE001 - Authlib raises OAuthError and others for a refused code
        raise LoginFailed(reason=f"token request to {provider.id} refused: {exc.__class__.__name__}: {exc}"[:400]) \
            from None
    id_token = token.get("id_token")
    if not id_token:
        raise LoginFailed(reason=f"no id_token from {provider.id}")
    claims = verify_id_token(provider, meta, id_token, nonce=pending["nonce"], access_token=token.get("access_token"))
    if provider.userinfo and meta.get("userinfo_endpoint") and token.get("access_token"):
        claims = {**_userinfo(provider, meta, token), **claims}
    return claims


def verify_id_token(provider: Provider, meta: dict, id_token: str, *, nonce: str, access_token: str | None) -> dict:
    algorithms = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in algorithms if alg != "none"]
    try:
        try:
            decoded = jwt.decode(id_token, _keys(provider, meta),
                                 registry=JWSRegistry(algorithms=algorithms, strict_check_header=False))
        except JoseError:
            # The provider may have rotated its keys: fetch them again once.
            decoded = jwt.decode(id_token, _keys(provider, meta, force=True),
                                 registry=JWSRegistry(algorithms=algorithms, strict_check_header=False))
        options = {
            "iss": {"essential": True, "values": [meta["issuer"]]},
            "aud": {"essential": True, "values": [provider.client_id]},
            "exp": {"essential": True},
            "sub": {"essential": True},
        }
        params = {"nonce": nonce, "client_id": provider.client_id}
        if access_token:
            params["access_token"] = access_token
        claims = CodeIDToken(decoded.claims, decoded.header, options, params)
        claims.validate(leeway=provider.leeway)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise LoginFailed(reason=f"id_token of {provider.id} refused: {exc.__class__.__name__}: {exc}"[:400]) \
            from None
    if not nonce or claims.get("nonce") != nonce:
        raise LoginFailed(reason=f"id_token of {provider.id} has no or another nonce")
    return dict(claims)


def _userinfo(provider: Provider, meta: dict, token: dict) -> dict:
    try:
        with _session(provider, token=token) as session:
            response = session.get(meta["userinfo_endpoint"], timeout=_timeout())
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise LoginFailed(_("Het aanmeldmiddel is nu niet bereikbaar. Probeer het later opnieuw."),
                          reason=f"userinfo of {provider.id} failed: {exc.__class__.__name__}") from None
    return data if isinstance(data, dict) else {}
