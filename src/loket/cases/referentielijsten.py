"""VNG's Referentielijsten & Selectielijst, shipped with Loket (data/referentielijsten/, EUPL-1.2).

Case types reference a selectielijst process type, result types a selectielijst class and a generic
result type description, by UUID. This module reads the shipped JSON (once per process).
"""

import json
from functools import cache
from pathlib import Path
from uuid import UUID

DATA_DIR = Path(__file__).parent / "data" / "referentielijsten"


@cache
def _load(name: str) -> dict[str, dict]:
    rows = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return {row["url"]: row for row in rows}


def procestypen() -> list[dict]:
    return list(_load("procestypen").values())


def procestype(uuid: UUID | str) -> dict | None:
    return _load("procestypen").get(str(uuid))


def resultaten(procestype_uuid: UUID | str | None = None) -> list[dict]:
    """Selectielijst classes, optionally only those of one process type."""
    rows = _load("resultaten").values()
    if procestype_uuid is not None:
        rows = [row for row in rows if row["procesType"] == str(procestype_uuid)]
    return list(rows)


def resultaat(uuid: UUID | str) -> dict | None:
    return _load("resultaten").get(str(uuid))


def resultaattypeomschrijvingen() -> list[dict]:
    return list(_load("resultaattypeomschrijvingen").values())


def resultaattypeomschrijving(uuid: UUID | str) -> dict | None:
    return _load("resultaattypeomschrijvingen").get(str(uuid))
