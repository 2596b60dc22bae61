"""The identity providers residents and businesses log in with (OpenID Connect), from the settings.

``LOKET_RESIDENT_OIDC_PROVIDERS`` (or the file named by ``LOKET_RESIDENT_OIDC_PROVIDERS_FILE``) is a JSON list of
objects, e.g. a DigiD/eHerkenning broker in NL or the Flemish ACM/IDM (CSAM, itsme) in BE::

    [{"id": "digid", "label": "DigiD", "issuer": "https://broker.example.nl/oidc",
      "client_id": "loket", "client_secret": "...", "scopes": "openid", "preset": "digid"}]

Keys: ``id`` (letters, digits, ``-``; in the URL), ``label``, ``description``, ``issuer``, ``discovery_url``
(default: issuer + ``/.well-known/openid-configuration``), ``client_id``, ``client_secret``, ``scopes``,
``token_auth_method`` (``client_secret_basic`` or ``client_secret_post``), ``preset`` (``digid``, ``eherkenning``,
``acm-idm``, ``eidas``: default claim names and assurance map), ``claims`` (loket name -> claim name, see
:data:`CLAIM_NAMES`), ``assurance_claim`` (default ``acr``), ``assurance_map`` (claim value -> ``low`` /
``substantial`` / ``high``), ``default_assurance`` (when the token names no level), ``send_acr_values`` (ask the
provider for the level in the authorization request), ``userinfo`` (also read the userinfo endpoint), ``leeway``
(seconds of clock skew allowed).

With ``LOKET_TEST_IDP`` on and no provider configured, the built-in test identity provider (``/testidp/``) is the
provider ``test``; its back-channel calls (discovery, token, keys) are answered in-process.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from loket.catalog.models import AssuranceLevel

from .identity import ASSURANCE_ORDER

LOW, SUBSTANTIAL, HIGH = AssuranceLevel.LOW.value, AssuranceLevel.SUBSTANTIAL.value, AssuranceLevel.HIGH.value

#: What Loket reads from the ID token (or userinfo), and the default claim names.
CLAIM_NAMES = {
    "bsn": "bsn",                                # NL person number
    "rijksregisternummer": "rrn",                # BE person number
    "kvk": "kvk",                                # NL business number
    "kbo": "kbo",                                # BE business number
    "business_name": "business_name",
    "first_name": "given_name",
    "last_name": "family_name",
    "name": "name",
    "acting_bsn": "acting_bsn",                  # the person acting for a business (eHerkenning-style)
    "acting_rijksregisternummer": "acting_rrn",
    "acting_name": "acting_name",
}

DIGID_PREFIX = "urn:oasis:names:tc:SAML:2.0:ac:classes:"
EIDAS_PREFIX = "http://eidas.europa.eu/LoA/"
PRESETS = {
    # DigiD through a broker: the SAML authentication context classes of DigiD.
    "digid": {
        "claims": {"bsn": "bsn"},
        "assurance_map": {
            DIGID_PREFIX + "PasswordProtectedTransport": LOW,
            DIGID_PREFIX + "MobileTwoFactorContract": SUBSTANTIAL,
            DIGID_PREFIX + "Smartcard": HIGH,
            DIGID_PREFIX + "SmartcardPKI": HIGH,
        },
    },
    # eHerkenning through a broker: the business (KvK) and the acting person; loa2/2+ low-ish, 3 substantial, 4 high.
    "eherkenning": {
        "claims": {"kvk": "kvk", "business_name": "company_name", "acting_name": "acting_name"},
        "assurance_map": {
            "urn:etoegang:core:assurance-class:loa2": LOW,
            "urn:etoegang:core:assurance-class:loa2plus": LOW,
            "urn:etoegang:core:assurance-class:loa3": SUBSTANTIAL,
            "urn:etoegang:core:assurance-class:loa4": HIGH,
        },
    },
    # The Flemish ACM/IDM (CSAM, itsme, eID): rijksregisternummer in "rrn", the chosen organisation (KBO) in
    # "vo_orgcode"; the level follows the authentication mechanism (ACM/IDM's table of authenticatiemiddelen).
    "acm-idm": {
        "claims": {"rijksregisternummer": "rrn", "kbo": "vo_orgcode", "business_name": "vo_orgnaam",
                   "acting_rijksregisternummer": "rrn"},
        "assurance_claim": "acr",
        "assurance_map": {
            "urn:be:vlaanderen:authmech:csamselfreg": LOW,
            "urn:be:vlaanderen:authmech:csampassword": LOW,
            "urn:be:vlaanderen:authmech:csamsms": SUBSTANTIAL,
            "urn:be:vlaanderen:authmech:csamtotp": SUBSTANTIAL,
            "urn:be:vlaanderen:authmech:eidassubstantial": SUBSTANTIAL,
            "urn:be:vlaanderen:authmech:itsme": HIGH,
            "urn:be:vlaanderen:authmech:eid": HIGH,
            "urn:be:vlaanderen:authmech:eidashigh": HIGH,
            EIDAS_PREFIX + "low": LOW,
            EIDAS_PREFIX + "substantial": SUBSTANTIAL,
            EIDAS_PREFIX + "high": HIGH,
        },
    },
    # eIDAS levels of assurance as acr values (also what the test identity provider sends).
    "eidas": {
        "assurance_map": {EIDAS_PREFIX + "low": LOW, EIDAS_PREFIX + "substantial": SUBSTANTIAL,
                          EIDAS_PREFIX + "high": HIGH},
    },
}

TEST_PROVIDER_ID = "test"
TEST_CLIENT_ID = "loket-test"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


@dataclass(frozen=True)
class Provider:
    id: str
    label: str
    issuer: str
    client_id: str
    client_secret: str = ""
    description: str = ""
    discovery_url: str = ""
    scopes: str = "openid"
    token_auth_method: str = "client_secret_basic"  # noqa: S105 - a method name, not a secret
    claims: dict = field(default_factory=dict)
    assurance_claim: str = "acr"
    assurance_map: dict = field(default_factory=dict)
    default_assurance: str = ""
    send_acr_values: bool = True
    userinfo: bool = False
    leeway: int = 60
    #: The built-in test identity provider of this site: the issuer is this site (per request), calls in-process.
    is_test: bool = False

    @property
    def metadata_url(self) -> str:
        return self.discovery_url or self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def claim(self, name: str) -> str:
        return self.claims.get(name, CLAIM_NAMES.get(name, ""))

    @property
    def levels(self) -> list[str]:
        """The assurance levels this provider can deliver."""
        reachable = set(self.assurance_map.values()) | ({self.default_assurance} if self.default_assurance else set())
        return [level for level in ASSURANCE_ORDER if level in reachable]

    def can_reach(self, level: str) -> bool:
        if not level:
            return bool(self.levels)
        return any(ASSURANCE_ORDER.index(have) >= ASSURANCE_ORDER.index(level) for have in self.levels
                   if level in ASSURANCE_ORDER)

    def level_of(self, value) -> str:
        """The loket level of an ``acr`` (or configured claim) value; "" when unknown."""
        if isinstance(value, list):  # e.g. amr: the strongest known value counts
            levels = [self.level_of(v) for v in value]
            known = [lvl for lvl in levels if lvl]
            return max(known, key=ASSURANCE_ORDER.index) if known else ""
        if value in (None, ""):
            return self.default_assurance
        return self.assurance_map.get(str(value), "")

    def acr_values_for(self, level: str) -> list[str]:
        """The claim values that satisfy ``level`` (sent as ``acr_values``, weakest first)."""
        if not level or level not in ASSURANCE_ORDER:
            return []
        need = ASSURANCE_ORDER.index(level)
        values = [(ASSURANCE_ORDER.index(lvl), value) for value, lvl in self.assurance_map.items()
                  if lvl in ASSURANCE_ORDER and ASSURANCE_ORDER.index(lvl) >= need]
        return [value for _rank, value in sorted(values, key=lambda item: item[0])]


def _provider_from(data: dict) -> Provider:
    if not isinstance(data, dict):
        raise ImproperlyConfigured("LOKET_RESIDENT_OIDC_PROVIDERS: every provider is a JSON object.")
    missing = [key for key in ("id", "issuer", "client_id") if not data.get(key)]
    if missing:
        raise ImproperlyConfigured(f"LOKET_RESIDENT_OIDC_PROVIDERS: provider {data.get('id', '?')!r} "
                                   f"misses {', '.join(missing)}.")
    if not ID_PATTERN.match(str(data["id"])) or data["id"] == TEST_PROVIDER_ID:
        raise ImproperlyConfigured(f"LOKET_RESIDENT_OIDC_PROVIDERS: id {data['id']!r} must be lower-case letters, "
                                   f"digits and '-' (and not {TEST_PROVIDER_ID!r}).")
    issuer_parts = urlsplit(str(data["issuer"]))
    if issuer_parts.scheme != "https" and issuer_parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        raise ImproperlyConfigured(f"LOKET_RESIDENT_OIDC_PROVIDERS: {data['id']}: the issuer must use https.")
    preset_name = data.get("preset", "")
    if preset_name and preset_name not in PRESETS:
        raise ImproperlyConfigured(f"LOKET_RESIDENT_OIDC_PROVIDERS: unknown preset {preset_name!r} "
                                   f"(known: {', '.join(PRESETS)}).")
    preset = PRESETS.get(preset_name, {})
    assurance_map = {**preset.get("assurance_map", {}), **data.get("assurance_map", {})}
    for value, level in assurance_map.items():
        if level not in ASSURANCE_ORDER:
            raise ImproperlyConfigured(f"LOKET_RESIDENT_OIDC_PROVIDERS: {data['id']}: level {level!r} for "
                                       f"{value!r} is not one of {', '.join(ASSURANCE_ORDER)}.")
    default_assurance = data.get("default_assurance", "")
    if default_assurance and default_assurance not in ASSURANCE_ORDER:
        raise ImproperlyConfigured(f"LOKET_RESIDENT_OIDC_PROVIDERS: {data['id']}: default_assurance "
                                   f"{default_assurance!r} is not one of {', '.join(ASSURANCE_ORDER)}.")
    unknown_claims = set(data.get("claims", {})) - set(CLAIM_NAMES)
    if unknown_claims:
        raise ImproperlyConfigured(f"LOKET_RESIDENT_OIDC_PROVIDERS: {data['id']}: unknown claims "
                                   f"{', '.join(sorted(unknown_claims))} (known: {', '.join(CLAIM_NAMES)}).")
    return Provider(
        id=data["id"], label=data.get("label") or data["id"], description=data.get("description", ""),
        issuer=data["issuer"], discovery_url=data.get("discovery_url", ""), client_id=data["client_id"],
        client_secret=data.get("client_secret", ""), scopes=data.get("scopes", "openid"),
        token_auth_method=data.get("token_auth_method", "client_secret_basic"),
        claims={**preset.get("claims", {}), **data.get("claims", {})},
        assurance_claim=data.get("assurance_claim", preset.get("assurance_claim", "acr")),
        assurance_map=assurance_map, default_assurance=default_assurance,
        send_acr_values=bool(data.get("send_acr_values", True)), userinfo=bool(data.get("userinfo", False)),
        leeway=int(data.get("leeway", 60)),
    )


def _configured_json() -> str:
    text = getattr(settings, "LOKET_RESIDENT_OIDC_PROVIDERS", "") or ""
    path = getattr(settings, "LOKET_RESIDENT_OIDC_PROVIDERS_FILE", "") or ""
    if not text.strip() and path:
        text = Path(path).read_text(encoding="utf-8")
    return text


_cache: dict = {}


def configured_providers() -> list[Provider]:
    """The providers from the settings (parsed once per value); ImproperlyConfigured on a mistake."""
    text = _configured_json()
    if text not in _cache:
        try:
            data = json.loads(text) if text.strip() else []
        except ValueError as exc:
            raise ImproperlyConfigured(f"LOKET_RESIDENT_OIDC_PROVIDERS is not valid JSON: {exc}") from None
        if isinstance(data, dict):
            data = [data]
        providers = [_provider_from(item) for item in data]
        ids = [p.id for p in providers]
        if len(ids) != len(set(ids)):
            raise ImproperlyConfigured("LOKET_RESIDENT_OIDC_PROVIDERS: two providers have the same id.")
        _cache.clear()
        _cache[text] = providers
    return _cache[text]


def test_idp_enabled() -> bool:
    return bool(getattr(settings, "LOKET_TEST_IDP", False))


def test_provider(request) -> Provider:
    """The built-in test identity provider as this site serves it (issuer = this site's /testidp)."""
    from . import testidp

    issuer = testidp.issuer_for(request)
    return Provider(
        id=TEST_PROVIDER_ID, label=str(_("Testaanmelding")),
        description=str(_("Alleen voor demo en tests: kies een inwoner of onderneming van de demo.")),
        issuer=issuer, client_id=TEST_CLIENT_ID, client_secret=testidp.client_secret(), scopes="openid profile",
        assurance_map=dict(PRESETS["eidas"]["assurance_map"]), is_test=True,
    )


def providers(request) -> list[Provider]:
    """The providers residents can log in with on this site."""
    configured = configured_providers()
    if not configured and test_idp_enabled():
        return [test_provider(request)]
    return list(configured)


def get_provider(request, provider_id: str) -> Provider | None:
    return next((p for p in providers(request) if p.id == provider_id), None)
