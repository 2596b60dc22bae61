"""``Authorization: Bearer <JWT>`` for the ZGW APIs (the ZGW "JWT-Claims" scheme).

The token is signed with HS256 using the secret of the client id it names (claim ``client_id``, or
``iss`` as older clients send). ``iat`` must not lie in the future by more than
``LOKET_ZGW_JWT_LEEWAY`` seconds; a token older than ``LOKET_ZGW_JWT_MAX_AGE`` seconds (0 = no limit,
as in Open Zaak) is refused. On success ``request.user`` is an anonymous user and ``request.auth`` a
:class:`loket.platform.api_clients.services.ClientAuth` (client id, application, autorisaties).
"""

import dataclasses
import time

import jwt
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from loket.platform.api_clients.services import client_auth

#: token -> (client id, secret it was verified with, claims): a client sends the same token request after request,
#: so its HS256 signature is checked once per process and secret, not per request (two JWT decodes less).
_verified: dict[str, tuple[str, str, dict]] = {}


class ZGWJWTAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ongeldige Authorization-header."))
        try:
            token = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Het JWT is ongeldig.")) from None
        verified = _verified.get(token)
        if verified is not None:  # this token's signature was checked with this secret before
            client_id, secret, claims = verified
            auth = client_auth(client_id, cache_seconds=getattr(settings, "LOKET_ZGW_AUTH_CACHE_SECONDS", 5))
            if auth is not None and auth.secret == secret:
                self._check_times(claims)
                return AnonymousUser(), dataclasses.replace(auth, claims=claims)
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
        except (UnicodeError, jwt.InvalidTokenError):
            raise exceptions.AuthenticationFailed(_("Het JWT is ongeldig.")) from None
        if not isinstance(unverified, dict):
            raise exceptions.AuthenticationFailed(_("Het JWT is ongeldig."))
        client_id = unverified.get("client_id") or unverified.get("iss")
        if not client_id or not isinstance(client_id, str):
            raise exceptions.AuthenticationFailed(_("Het JWT bevat geen client_id."))
        auth = client_auth(client_id, cache_seconds=getattr(settings, "LOKET_ZGW_AUTH_CACHE_SECONDS", 5))
        if auth is None:
            raise exceptions.AuthenticationFailed(_("Onbekende client_id."))
        leeway = getattr(settings, "LOKET_ZGW_JWT_LEEWAY", 10)
        try:
            claims = jwt.decode(
                token, auth.secret, algorithms=["HS256"], leeway=leeway,
                options={"verify_aud": False, "require": ["iat"]},
            )
        except jwt.InvalidTokenError:
            raise exceptions.AuthenticationFailed(_("De handtekening van het JWT klopt niet of het JWT is verlopen.")) from None
        self._check_times(claims)
        if len(_verified) > 10_000:
            _verified.clear()
        _verified[token] = (client_id, auth.secret, claims)
        return AnonymousUser(), dataclasses.replace(auth, claims=claims)

    @staticmethod
    def _check_times(claims: dict) -> None:
        """What time changes: ``exp`` (when given) and the maximum age. (``iat`` and ``nbf`` in the future were
        refused by the signature check, and only become more acceptable as time passes.)"""
        leeway = getattr(settings, "LOKET_ZGW_JWT_LEEWAY", 10)
        max_age = getattr(settings, "LOKET_ZGW_JWT_MAX_AGE", 0)
        iat = claims.get("iat")
        if not isinstance(iat, int | float):
            raise exceptions.AuthenticationFailed(_("Het JWT bevat geen geldige iat."))
        exp = claims.get("exp")
        if isinstance(exp, int | float) and exp < time.time() - leeway:
            raise exceptions.AuthenticationFailed(_("De handtekening van het JWT klopt niet of het JWT is verlopen."))
        if max_age and iat < time.time() - max_age - leeway:
            raise exceptions.AuthenticationFailed(_("Het JWT is verlopen."))

    def authenticate_header(self, request):
        return self.keyword
