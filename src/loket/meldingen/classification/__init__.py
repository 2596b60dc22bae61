"""Automatic classification of meldingen into the taxonomy's main and sub categories.

    from loket.meldingen.classification import classify
    result = classify("lantaarnpaal kapot in de kerkstraat", organisation=org)
    result.main[0].slug, result.main[0].confidence   # best main category first
    result.sub[0].slug                                # best sub category, always a child of result.main[0]

Training (seed set + the organisation's handled meldingen), storage and the process cache are in
:mod:`.services`; the scikit-learn model in :mod:`.pipeline`. This module must stay light: it is imported
while Django loads the meldingen models.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Ranked:
    slug: str
    name: str
    confidence: float


@dataclass(frozen=True)
class Classification:
    main: list[Ranked]  # every main category, best first
    sub: list[Ranked]  # every sub category, best first; sub[0] is a child of main[0]

    @property
    def confidence(self) -> float:
        """Confidence of the suggested sub category (the figure compared with the triage threshold)."""
        return self.sub[0].confidence if self.sub else 0.0

    def as_dict(self, limit: int | None = None) -> dict:
        """``{"main": [{"slug", "name", "confidence"}...], "sub": [...]}``, at most ``limit`` per level."""
        return {
            level: [{"slug": r.slug, "name": r.name, "confidence": round(r.confidence, 4)} for r in ranked[:limit]]
            for level, ranked in (("main", self.main), ("sub", self.sub))
        }


def classify(text: str, organisation=None) -> Classification:
    """Rank the main and sub categories for ``text`` (empty text: empty lists). See services.classify."""
    from .services import classify as _classify

    return _classify(text, organisation=organisation)


def train(organisation=None):
    """Train and store a new classifier version (seed set + the organisation's own handled meldingen)."""
    from .services import train as _train

    return _train(organisation=organisation)


__all__ = ["Classification", "Ranked", "classify", "train"]
