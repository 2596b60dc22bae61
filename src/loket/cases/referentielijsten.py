"""VNG's Referentielijsten & Selectielijst, shipped with Loket (data/referentielijsten/, EUPL-1.2).

Case types reference a selectielijst process type, result types a selectielijst class and a generic
result type description, by UUID. This module reads the shipped JSON (once per process) and Loket's own
Referentielijsten API (/referentielijsten/api/v1/) serves it.

With ``LOKET_REFERENTIELIJSTEN_API_URL`` set (for example ``https://selectielijst.openzaak.nl/api/v1``),
Loket uses that external API instead: look-ups go there over HTTP (cached for
``LOKET_REFERENTIELIJSTEN_CACHE_SECONDS``) and case types refer to its URLs. Rows keep the shipped
format either way (``url`` and ``procesType`` hold UUIDs). When the external API cannot be reached,
the shipped data answers (and a warning is logged), so a short outage never blocks case handling.
"""

import json
import logging
import threading
import time
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from uuid import UUID

from django.conf import settings

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data" / "referentielijsten"
COLLECTIONS = ("procestypen", "resultaten", "resultaattypeomschrijvingen")


@cache
def _load(name: str) -> dict[str, dict]:
    rows = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return {row["url"]: row for row in rows}


# -- the external API ----------------------------------------------------------------------------


def external_url() -> str:
    """The configured external Referentielijsten API (no trailing slash), or '' for the shipped data."""
    return (getattr(settings, "LOKET_REFERENTIELIJSTEN_API_URL", "") or "").rstrip("/")


class ExternalUnavailable(Exception):
    pass


_cache: dict[str, tuple[float, object]] = {}
_cache_lock = threading.Lock()


def _uuid_of(value) -> str:
    text = str(value or "")
    tail = urlsplit(text).path.rstrip("/").rsplit("/", 1)[-1] if "/" in text else text
    try:
        return str(UUID(tail))
    except ValueError:
        return text


def _normalise(row: dict) -> dict:
    """An external row in the shipped format: ``url`` and ``procesType`` as UUIDs."""
    row = dict(row)
    row["url"] = _uuid_of(row.get("url"))
    if "procesType" in row:
        row["procesType"] = _uuid_of(row["procesType"])
    return row


def _get(url: str, params: dict | None = None):
    """GET JSON from the external API, cached; None for a 404; ExternalUnavailable otherwise."""
    import requests

    key = url + "?" + json.dumps(params or {}, sort_keys=True)
    ttl = float(getattr(settings, "LOKET_REFERENTIELIJSTEN_CACHE_SECONDS", 3600))
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and now - hit[0] < ttl:
        return hit[1]
    try:
        response = requests.get(url, params=params, timeout=10, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise ExternalUnavailable(str(exc)) from exc
    if response.status_code == 404:
        data = None
    elif response.status_code != 200:
        raise ExternalUnavailable(f"HTTP {response.status_code} from {url}")
    else:
        try:
            data = response.json()
        except ValueError as exc:
            raise ExternalUnavailable(f"no JSON from {url}") from exc
    with _cache_lock:
        _cache[key] = (now, data)
    return data


def _external_list(collection: str, params: dict | None = None) -> list[dict]:
    data = _get(f"{external_url()}/{collection}", params)
    rows = []
    while True:
        if isinstance(data, dict):  # paginated: {count, next, previous, results}
            rows.extend(data.get("results") or [])
            if not data.get("next"):
                break
            data = _get(data["next"])
        else:
            rows.extend(data or [])
            break
    return [_normalise(row) for row in rows if isinstance(row, dict)]


def _external_one(collection: str, uuid) -> dict | None:
    data = _get(f"{external_url()}/{collection}/{uuid}")
    return _normalise(data) if isinstance(data, dict) else None


def _lookup(collection: str, uuid) -> dict | None:
    if external_url():
        try:
            return _external_one(collection, uuid)
        except ExternalUnavailable as exc:
            logger.warning("external referentielijsten API unavailable; using the shipped data",
                           extra={"error": str(exc)})
    return _load(collection).get(str(uuid))


# -- the look-ups --------------------------------------------------------------------------------


def procestypen(jaar: int | None = None) -> list[dict]:
    if external_url():
        try:
            return _external_list("procestypen", {"jaar": jaar} if jaar is not None else None)
        except ExternalUnavailable as exc:
            logger.warning("external referentielijsten API unavailable; using the shipped data",
                           extra={"error": str(exc)})
    rows = list(_load("procestypen").values())
    if jaar is not None:
        rows = [row for row in rows if row.get("jaar") == jaar]
    return rows


def procestype(uuid: UUID | str) -> dict | None:
    return _lookup("procestypen", uuid)


def resultaten(procestype_uuid: UUID | str | None = None) -> list[dict]:
    """Selectielijst classes, optionally only those of one process type."""
    if external_url():
        params = None
        if procestype_uuid is not None:
            params = {"procesType": f"{external_url()}/procestypen/{procestype_uuid}"}
        try:
            return _external_list("resultaten", params)
        except ExternalUnavailable as exc:
            logger.warning("external referentielijsten API unavailable; using the shipped data",
                           extra={"error": str(exc)})
    rows = _load("resultaten").values()
    if procestype_uuid is not None:
        rows = [row for row in rows if row["procesType"] == str(procestype_uuid)]
    return list(rows)


def resultaat(uuid: UUID | str) -> dict | None:
    return _lookup("resultaten", uuid)


def resultaattypeomschrijvingen() -> list[dict]:
    if external_url():
        try:
            return _external_list("resultaattypeomschrijvingen")
        except ExternalUnavailable as exc:
            logger.warning("external referentielijsten API unavailable; using the shipped data",
                           extra={"error": str(exc)})
    return list(_load("resultaattypeomschrijvingen").values())


def resultaattypeomschrijving(uuid: UUID | str) -> dict | None:
    return _lookup("resultaattypeomschrijvingen", uuid)


# -- the shipped data only (what Loket's own API serves) -------------------------------------------


def shipped(collection: str) -> list[dict]:
    return list(_load(collection).values())


def shipped_one(collection: str, uuid) -> dict | None:
    return _load(collection).get(str(uuid))
