"""A local OpenID Connect provider for the demo and the tests ("Testaanmelding"), served at ``/testidp/`` only when
``LOKET_TEST_IDP`` is on. Never for production: anyone can log in as anyone.

Real endpoints: discovery (``/testidp/.well-known/openid-configuration``), authorize (a page where you pick a demo
resident or business and the assurance level), token (authorization code with PKCE S256, client_secret_basic or
_post), userinfo and jwks. ID tokens are signed RS256 with a key generated on first use and kept in
``var/testidp-key.json`` (so several web processes agree). Authorization codes and access tokens are signed, short-
lived strings (no table); a code works once per process.

:func:`backchannel` answers the token, jwks, userinfo and discovery calls as a function, for the in-process transport
of the portal's OIDC client (:class:`loket.portal.oidc.InProcessAdapter`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import time
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from joserfc import jwt
from joserfc.jwk import RSAKey

from .providers import TEST_CLIENT_ID

PATH = "/testidp"
CODE_SALT = "loket.portal.testidp.code"
TOKEN_SALT = "loket.portal.testidp.access"  # noqa: S105 - a signing salt, not a secret
CODE_MAX_AGE = 120
TOKEN_MAX_AGE = 600
ID_TOKEN_LIFETIME = 300
KEY_FILE = "testidp-key.json"

_key_lock = threading.Lock()
_key: RSAKey | None = None


def issuer_for(request) -> str:
    return request.build_absolute_uri(PATH)


def client_secret() -> str:
    """The test client's secret: derived from SECRET_KEY, so the portal and the provider agree without setup."""
    return hmac.new(settings.SECRET_KEY.encode(), b"loket-testidp-client", hashlib.sha256).hexdigest()[:40]


def signing_key() -> RSAKey:
    """The RS256 key: read from var/, or generated there on first use (exclusive create: one key for all)."""
    global _key
    with _key_lock:
        if _key is not None:
            return _key
        path = settings.VAR_DIR / KEY_FILE
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            data = None
        if data is None:
            key = RSAKey.generate_key(2048, private=True, auto_kid=True)
            data = key.as_dict(private=True)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as handle:
                    json.dump(data, handle)
            except FileExistsError:
                data = json.loads(path.read_text())  # another process was first: use its key
            except OSError:
                pass  # read-only var/: keep the key in memory
        _key = RSAKey.import_key(data)
        return _key


def jwks() -> dict:
    public = signing_key().as_dict(private=False)
    public.update({"use": "sig", "alg": "RS256"})
    return {"keys": [public]}


def discovery(issuer: str) -> dict:
    return {
        "issuer": issuer,
        "authorization_endpoint": issuer + "/authorize/",
        "token_endpoint": issuer + "/token/",
        "userinfo_endpoint": issuer + "/userinfo/",
        "jwks_uri": issuer + "/jwks/",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "profile"],
        "acr_values_supported": ["http://eidas.europa.eu/LoA/low", "http://eidas.europa.eu/LoA/substantial",
                                 "http://eidas.europa.eu/LoA/high"],
        "claims_supported": ["sub", "acr", "bsn", "rrn", "kvk", "kbo", "business_name", "given_name", "family_name",
                             "name", "acting_bsn", "acting_rrn", "acting_name"],
    }


def issue_code(*, claims: dict, client_id: str, redirect_uri: str, code_challenge: str, nonce: str) -> str:
    return signing.dumps({"claims": claims, "client_id": client_id, "redirect_uri": redirect_uri,
                          "challenge": code_challenge, "nonce": nonce, "t": time.time()}, salt=CODE_SALT, compress=True)


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _error(error: str, description: str = "", status: int = 400) -> tuple[int, dict]:
    return status, {"error": error, **({"error_description": description} if description else {})}


def _client_credentials(headers: dict, form: dict) -> tuple[str, str]:
    auth = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
    if auth.lower().startswith("basic "):
        try:
            from urllib.parse import unquote

            client_id, _sep, secret = base64.b64decode(auth[6:]).decode().partition(":")
            return unquote(client_id), unquote(secret)
        except (ValueError, UnicodeDecodeError):
            return "", ""
    return form.get("client_id", ""), form.get("client_secret", "")


def token(issuer: str, form: dict, headers: dict) -> tuple[int, dict]:
    """The token endpoint: an authorization code (with its PKCE verifier) for an ID token and an access token."""
    if form.get("grant_type") != "authorization_code":
        return _error("unsupported_grant_type")
    client_id, secret = _client_credentials(headers, form)
    if client_id != TEST_CLIENT_ID or not hmac.compare_digest(secret, client_secret()):
        return _error("invalid_client", status=401)
    code = form.get("code", "")
    try:
        grant = signing.loads(code, salt=CODE_SALT, max_age=CODE_MAX_AGE)
    except signing.BadSignature:
        return _error("invalid_grant", "unknown or expired code")
    if not cache.add("loket-testidp-code:" + hashlib.sha256(code.encode()).hexdigest(), 1, CODE_MAX_AGE + 10):
        return _error("invalid_grant", "code already used")
    if grant["client_id"] != client_id or form.get("redirect_uri") != grant["redirect_uri"]:
        return _error("invalid_grant", "redirect_uri or client does not match")
    verifier = form.get("code_verifier", "")
    if not verifier or not hmac.compare_digest(_s256(verifier), grant["challenge"]):
        return _error("invalid_grant", "PKCE verification failed")
    now = int(time.time())
    claims = dict(grant["claims"])
    id_claims = {**claims, "iss": issuer, "aud": client_id, "iat": now, "auth_time": int(grant["t"]),
                 "exp": now + ID_TOKEN_LIFETIME, "nonce": grant["nonce"]}
    key = signing_key()
    id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, id_claims, key)
    access_token = signing.dumps({"claims": claims}, salt=TOKEN_SALT, compress=True)
    return 200, {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_MAX_AGE,
                 "id_token": id_token, "scope": "openid profile"}


def userinfo(headers: dict) -> tuple[int, dict]:
    auth = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
    if not auth.lower().startswith("bearer "):
        return _error("invalid_token", status=401)
    try:
        data = signing.loads(auth[7:].strip(), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return _error("invalid_token", status=401)
    return 200, {key: value for key, value in data["claims"].items() if key != "acr"}


def backchannel(method: str, url: str, headers: dict, body) -> tuple[int, str, bytes]:
    """Answer a server-to-server call to the provider (discovery, jwks, token, userinfo) without HTTP."""
    parts = urlsplit(url)
    issuer = f"{parts.scheme}://{parts.netloc}{PATH}"
    path = parts.path[len(PATH):] if parts.path.startswith(PATH) else parts.path
    if isinstance(body, bytes):
        body = body.decode()
    form = dict(parse_qsl(body or "", keep_blank_values=True))
    if method == "GET" and path == "/.well-known/openid-configuration":
        status, data = 200, discovery(issuer)
    elif method == "GET" and path == "/jwks/":
        status, data = 200, jwks()
    elif method == "POST" and path == "/token/":
        status, data = token(issuer, form, headers)
    elif method in ("GET", "POST") and path == "/userinfo/":
        status, data = userinfo(headers)
    else:
        status, data = 404, {"error": "not_found"}
    return status, "application/json", json.dumps(data).encode()
