"""The seed training set: report texts written for Loket, one JSON object per line.

``meldingen/data/seed_reports/<main slug>.jsonl``, each line ``{"text", "main", "sub"}`` and optionally
``"batch"``: texts written in a distinct style in a separate writing session carry ``"batch": "b"``
(contact-centre notes and letters) or ``"c"`` (terse SMS style with typos), so the benchmark can train
without them and test on them (a check that the model does not just learn one writer's habits). Lines
starting with ``//`` are comments.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .taxonomy import taxonomy

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "seed_reports"


@dataclass(frozen=True)
class Example:
    text: str
    main: str
    sub: str
    batch: str = "a"


class SeedError(ValueError):
    pass


@cache
def seed_examples() -> tuple[Example, ...]:
    """All seed examples, checked against the taxonomy (a wrong slug is an error, not a silent skip)."""
    tax = taxonomy()
    examples = []
    for path in sorted(SEED_DIR.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            row = json.loads(line)
            text, main, sub = row["text"].strip(), row["main"], row["sub"]
            if tax.parent.get(sub) != main:
                raise SeedError(f"{path.name}:{number}: sub category {sub!r} is not under main category {main!r}")
            if text:
                examples.append(Example(text=text, main=main, sub=sub, batch=row.get("batch", "a")))
    return tuple(examples)
