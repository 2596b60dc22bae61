"""Reads of the catalog. :func:`search` is THE search: the resident portal, the contact centre and the
API all call it.

How a query is answered (two SQL statements):

1. One look-up of the query's words: which are Dutch stop words, which staff synonyms apply, and, for
   words the catalog does not know, the closest known word (pg_trgm) -- the typo correction and
   the "bedoelde u".
2. One ranked query over the stored, weighted tsvector (GIN) with a trigram fallback on names and
   keywords (GIN, ``<%``). Each query word becomes a group of alternatives (its stem as a prefix, its
   correction, its synonyms); the groups are OR-ed, and the score rewards groups matched in the
   name/keywords, groups matched anywhere, the classic ts_rank with field weights, trigram word
   similarity with the name, and the product's search weight.
"""

from __future__ import annotations

import datetime
import functools
import os
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from loket.platform.organisations.models import Organisation

from . import text
from .models import Product, State

# Field weights for ts_rank: D (procedure, costs), C (description, conditions), B (short text), A (name, keywords)
RANK_WEIGHTS = "{0.05, 0.2, 0.5, 1.0}"
SIMILARITY_FOR_CORRECTION = 0.45
TRIGRAM_FALLBACK_MAX_WORDS = 2
PRESELECT = 200


@dataclass
class Hit:
    id: int
    key: str
    name: str
    short_description: str
    upl_uri: str | None
    organisation_id: int
    external_url: str
    score: float


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    corrected: bool = False


_FAMILY_CACHE: dict[int, tuple[float, list[int]]] = {}
FAMILY_CACHE_SECONDS = 30


def family_ids(organisation: Organisation | None) -> list[int] | None:
    """The organisation, the organisations that belong to it and its partners: one catalog for residents.
    Kept 30 seconds per process (partnerships change rarely; every search needs them)."""
    if organisation is None:
        return None
    cached = _FAMILY_CACHE.get(organisation.pk)
    now = time.monotonic()
    if cached and now - cached[0] < FAMILY_CACHE_SECONDS and organisation.pk in cached[1]:
        return cached[1]
    ids = _family_ids(organisation)
    _FAMILY_CACHE[organisation.pk] = (now, ids)
    return ids


def forget_families(**kwargs) -> None:
    _FAMILY_CACHE.clear()


def _family_ids(organisation: Organisation) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_organisation_id FROM organisations_organisation_partners WHERE from_organisation_id = %s "
            "UNION SELECT id FROM organisations_organisation WHERE parent_id = %s",
            [organisation.pk, organisation.pk],
        )
        ids = {organisation.pk, *(row[0] for row in cursor.fetchall())}
    if organisation.parent_id:
        ids.add(organisation.parent_id)
    return sorted(ids)


def visible_products(organisation: Organisation | None, today: datetime.date | None = None):
    """Published products residents of ``organisation`` can see (validity dates respected)."""
    today = today or timezone.localdate()
    products = Product.objects.filter(state=State.PUBLISHED).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today), Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    ids = family_ids(organisation)
    return products.filter(organisation_id__in=ids) if ids is not None else products


def _ngrams(tokens: list[str], n: int = 3) -> list[str]:
    return [" ".join(tokens[i:i + k]) for k in range(1, n + 1) for i in range(len(tokens) - k + 1)]


def _lookup(tokens: list[str], org_ids: list[int] | None):
    """Stop words, synonyms, corrections and compound splits for the query's words, in one statement."""
    if org_ids is not None:
        exact, scan, org_args = "organisation_id = ANY(%s)", "organisation_id + 0 = ANY(%s)", [org_ids]
    else:
        exact, scan, org_args = "TRUE", "TRUE", []
    candidates = [t for t in tokens if len(t) >= 4 and not t.isdigit()]
    compounds = [t for t in tokens if len(t) >= 8 and not t.isdigit()]
    # "+ 0" in the nearest-word search: walk the trigram GiST index in distance order and filter on the
    # organisation, instead of reading all the organisation's words through its btree index.
    sql = f"""
        SELECT 'stop', tok, '' FROM unnest(%s::text[]) tok WHERE to_tsvector('loket_dutch', tok) = ''::tsvector
        UNION ALL
        SELECT 'syn', term, meaning FROM catalog_synonym WHERE {exact} AND term = ANY(%s)
        UNION ALL
        SELECT 'fix', t.tok, w.word
        FROM (SELECT tok FROM unnest(%s::text[]) u(tok)
              WHERE NOT EXISTS (SELECT 1 FROM catalog_searchword k
                                WHERE {exact.replace('organisation_id', 'k.organisation_id')} AND k.word = u.tok)
              OFFSET 0) t
        CROSS JOIN LATERAL (
            SELECT word FROM catalog_searchword WHERE {scan} ORDER BY word <-> t.tok LIMIT 1
        ) w
        WHERE similarity(w.word, t.tok) >= %s
        UNION ALL
        (SELECT DISTINCT ON (t.tok) 'split', t.tok, substr(t.tok, 1, i) || ' ' || substr(t.tok, i + 1)
         FROM unnest(%s::text[]) t(tok), generate_series(3, length(t.tok) - 4) i
         WHERE EXISTS (SELECT 1 FROM catalog_searchword y WHERE {exact.replace('organisation_id', 'y.organisation_id')}
                       AND y.word = substr(t.tok, i + 1))
           AND NOT EXISTS (SELECT 1 FROM catalog_searchword z
                           WHERE {exact.replace('organisation_id', 'z.organisation_id')} AND z.word = t.tok)
         ORDER BY t.tok, i)
    """  # noqa: S608 - only placeholders are interpolated
    args = [tokens, *org_args, _ngrams(tokens), candidates, *org_args, *org_args, SIMILARITY_FOR_CORRECTION,
            compounds, *org_args, *org_args]
    stops, synonyms, fixes, splits = set(), {}, {}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        for kind, key, value in cursor.fetchall():
            if kind == "stop":
                stops.add(key)
            elif kind == "syn":
                synonyms[key] = value
            elif kind == "split":
                splits[key] = value.split()
            else:
                fixes[key] = value
    return stops, synonyms, fixes, splits


def _term(word: str, prefix: bool) -> str:
    smoothed = text.smooth(word)
    return f"{smoothed}:*" if prefix and len(word) >= 4 and not word.isdigit() else smoothed


def _groups(tokens, stops, synonyms, fixes, splits=None, *, last_prefix_only=False) -> list[str]:
    groups = []
    for i, token in enumerate(tokens):
        if token in stops:
            continue
        alternatives = [_term(token, prefix=not last_prefix_only or i == len(tokens) - 1)]
        if token in fixes:
            alternatives.append(_term(fixes[token], prefix=False))
        if splits and token in splits:
            head, tail = splits[token]
            alternatives.append(f"({_term(head, prefix=True)} & {_term(tail, prefix=False)})")
        for term, meaning in synonyms.items():
            term_words = term.split()
            if term_words[0] == token and tokens[i:i + len(term_words)] == term_words:
                words = [w for w in meaning.split() if w not in stops]
                if words:
                    alternatives.append("(" + " & ".join(_term(w, prefix=False) for w in words) + ")")
        groups.append("(" + " | ".join(dict.fromkeys(alternatives)) + ")")
    return groups


def search(*, organisation: Organisation | None, query, limit: int = 10, offset: int = 0,
           today: datetime.date | None = None, org_ids: list[int] | None = None) -> SearchResult:
    """Ranked published products for a resident's ``query``. Never raises on odd input."""
    cleaned = text.clean_query(query)
    tokens = text.query_tokens(cleaned)
    result = SearchResult(query=cleaned)
    if not tokens:
        return result
    limit = max(1, min(int(limit), 100))
    offset = max(0, min(int(offset), 1000))
    if org_ids is None:
        org_ids = family_ids(organisation)
    stops, synonyms, fixes, splits = _lookup(tokens, org_ids)
    groups = _groups(tokens, stops, synonyms, fixes, splits)
    folded = " ".join(tokens)
    if not groups:  # only stop words ("de", "het"): nothing to look for
        return result
    full = " | ".join(groups)
    original = " | ".join(_term(t, True) for t in tokens if t not in stops)
    # "+ 0": let PostgreSQL start from the GIN indexes (tsvector, trigram), then filter on the organisation.
    org_filter = "p.organisation_id + 0 = ANY(%s)" if org_ids is not None else "TRUE"
    fetch = max(30, 2 * (limit + offset))  # re-ranked in Python on name coverage
    rows = _ranked(sql_condition="p.search_vector @@ q.full_q", full=full, original=original, groups=groups,
                   folded=folded, org_filter=org_filter, org_ids=org_ids, today=today, fetch=fetch)
    if not rows and len(tokens) <= TRIGRAM_FALLBACK_MAX_WORDS:
        # Nothing in the index: fall back on trigram similarity with names and keywords (GIN, "<%").
        rows = _ranked(sql_condition="%s <%% p.search_names", condition_args=[folded], full=full, original=original,
                       groups=groups, folded=folded, org_filter=org_filter, org_ids=org_ids, today=today,
                       fetch=fetch)
    query_stems = [text.smooth(t) for t in tokens if t not in stops]
    # The share of the product's name (or of its uniform UPL name) that the query covers.
    hits = [Hit(*row[:7], score=round(float(row[7]) + NAME_COVERAGE_WEIGHT * max(
        _name_coverage(row[2], query_stems), _name_coverage(row[9] or "", query_stems)), 4)) for row in rows]
    hits.sort(key=lambda hit: (-hit.score, hit.name))
    result.hits = hits[offset:offset + limit]
    original_hits = rows[0][8] if rows else 0
    if fixes:
        corrected = " ".join(fixes.get(t, t) for t in tokens)
        if corrected != folded and (original_hits == 0 or not rows):
            result.suggestion = corrected
            result.corrected = True
    return result


def _ranked(*, sql_condition, full, original, groups, folded, org_filter, org_ids, today, fetch, condition_args=()):
    """The ranked query: candidates from ``sql_condition``, scored on the weighted tsvector and names."""
    n = len(groups)
    coverage = " + ".join(["(p.search_vector @@ to_tsquery('loket_dutch', %s))::int"] * n)
    name_coverage = " + ".join(["(p.search_vector @@ to_tsquery('loket_dutch', %s))::int"] * n)
    name_groups = [_weight_a(g) for g in groups]
    today = today or timezone.localdate()
    # Two stages: the cheap field-weighted ts_rank picks the best PRESELECT candidates among everything
    # the index matched (a common word like "aanvragen" matches thousands), then the finer score.
    sql = f"""
        WITH q AS (SELECT to_tsquery('loket_dutch', %s) AS full_q, to_tsquery('loket_dutch', %s) AS orig_q),
        candidates AS (
            SELECT p.id, p.key, p.name, p.short_description, p.upl_uri, p.organisation_id, p.external_url,
                   p.search_vector, p.search_names, p.search_weight, p.upl_name,
                   ts_rank(%s, p.search_vector, q.full_q, 32) AS rank,
                   count(*) FILTER (WHERE p.search_vector @@ q.orig_q) OVER () AS original_hits
            FROM catalog_product p, q
            WHERE {org_filter} AND p.state = 'published'
              AND (p.valid_from IS NULL OR p.valid_from <= %s) AND (p.valid_until IS NULL OR p.valid_until >= %s)
              AND {sql_condition}
            ORDER BY rank DESC
            LIMIT {PRESELECT}
        )
        SELECT p.id, p.key, p.name, p.short_description, p.upl_uri, p.organisation_id, p.external_url,
               (1.0 * ({name_coverage}) / {n}
                + 0.6 * ({coverage}) / {n}
                + p.rank
                + 0.5 * word_similarity(%s, p.search_names)
                + 0.5 * similarity(%s, p.search_names)
                + 0.15 * p.search_weight) AS score,
               p.original_hits, p.upl_name
        FROM candidates p
        ORDER BY score DESC, p.name
        LIMIT %s
    """  # noqa: S608 - only placeholders and constants are interpolated
    args = [full, original or full, RANK_WEIGHTS, *([org_ids] if org_ids is not None else []), today, today,
            *condition_args, *name_groups, *groups, folded, folded, fetch]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


NAME_COVERAGE_WEIGHT = 0.4
_NAME_STOP = {"de", "het", "een", "van", "voor", "en", "of", "in", "op", "aan", "met", "bij", "uw", "je", "te", "tot",
              "naar", "om", "over", "uit", "door"}


def _same_word(a: str, b: str) -> bool:
    """The same word up to its ending: "verhuis"/"verhuisen", "paspoort"/"paspoorten"."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < 4:
        return False
    common = len(os.path.commonprefix([a, b]))
    return common == shorter or common >= max(4, shorter - 2)


@functools.lru_cache(maxsize=20_000)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(text.smooth(w) for w in text.words(name) if w not in _NAME_STOP)


def _name_coverage(name: str, query_stems: list[str]) -> float:
    """Which share of the product's name the query covers: rewards the concise product the resident named
    ("omgevingsvergunning aanvragen" -> "Omgevingsvergunning", not "Omgevingsvergunning voor opslag")."""
    name_words = _name_words(name)
    if not name_words or not query_stems:
        return 0.0
    return sum(1 for w in name_words if any(_same_word(w, q) for q in query_stems)) / len(name_words)


def _weight_a(group: str) -> str:
    """Restrict every alternative of a tsquery group to weight A (name and keywords)."""
    import re

    return re.sub(r"([a-z0-9]+)(:\*)?(?=[\s)|&]|$)", lambda m: f"{m.group(1)}:{'*' if m.group(2) else ''}A", group)


def suggest(*, organisation: Organisation | None, query, limit: int = 6) -> list[Hit]:
    """Autocomplete while typing: the best few products for what has been typed so far."""
    cleaned = text.clean_query(query)
    if len(cleaned) < 2:
        return []
    return search(organisation=organisation, query=cleaned, limit=limit).hits


def product_for_resident(organisation: Organisation | None, key: str) -> Product | None:
    return (visible_products(organisation).filter(key=key)
            .select_related("organisation", "department").prefetch_related("channels__location", "partners")
            .order_by("organisation_id").first())


def related_products(product: Product, organisation: Organisation | None):
    return visible_products(organisation).filter(pk__in=product.related.values("pk")).order_by("name")


def life_event_products(organisation: Organisation | None, code: str):
    return visible_products(organisation).filter(life_events__contains=[code]).order_by("-search_weight", "name")


def theme_products(organisation: Organisation | None, code: str):
    return visible_products(organisation).filter(themes__contains=[code]).order_by("-search_weight", "name")


def staff_products(user, *, query: str = "", state: str = ""):
    """The products a staff member may edit (their organisations'), optionally filtered."""
    from .services import staff_organisation_ids

    products = Product.objects.select_related("organisation")
    if not user.is_superuser:
        products = products.filter(organisation_id__in=staff_organisation_ids(user))
    cleaned = text.clean_query(query)
    if cleaned:
        products = products.filter(Q(name__icontains=cleaned) | Q(key__icontains=cleaned))
    if state in State.values:
        products = products.filter(state=state)
    return products.order_by("name")


def search_terms_to_improve(organisation: Organisation, *, limit: int = 50):
    """Searches residents made without result, or with few clicks: where staff can add synonyms."""
    from .models import SearchTerm

    terms = SearchTerm.objects.filter(organisation=organisation)
    zero = terms.filter(zero_results__gt=0).order_by("-zero_results", "-searches")[:limit]
    low = [t for t in terms.filter(zero_results=0, searches__gte=3).order_by("-searches")[:500]
           if t.click_rate < 0.2][:limit]
    return zero, low
