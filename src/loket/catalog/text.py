"""Text handling shared by indexing and searching: the same normalisation on both sides.

PostgreSQL's Dutch snowball stemmer does the stemming ("verhuizen" -> "verhuiz");
before that, Python folds accents, lower-cases, and smooths the Dutch z/s and
v/f alternation ("verhuizen"/"verhuis", "schrijven"/"schrijf") so the stems meet.
Compound words are split on the index side against the catalog's own vocabulary
("parkeervergunning" -> also "parkeer vergunning").
"""

import re
import unicodedata

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 12
_WORD = re.compile(r"[a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# z/v before a Dutch inflection ending: "verhuizen", "verhuizing", "reizen", "schrijven", "leven".
_ZV_ENDING = re.compile(r"([aeiouy])([zv])(en|ing|ingen|end|ende|er|ers|e)$")


def fold(text: str) -> str:
    """Lower case without accents or control characters: "Financiële  Steun" -> "financiele  steun"."""
    text = _CONTROL.sub(" ", text or "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def smooth(word: str) -> str:
    """Dutch z->s and v->f before an ending, so inflected forms meet their stem."""
    return _ZV_ENDING.sub(lambda m: m.group(1) + ("s" if m.group(2) == "z" else "f") + m.group(3), word)


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(fold(text))


def index_text(text: str) -> str:
    """What goes into ``to_tsvector``: folded, smoothed words."""
    return " ".join(smooth(w) for w in words(text))


def clean_query(raw) -> str:
    """A resident's query made safe: a string, no control characters or NUL, at most 200 characters."""
    if not isinstance(raw, str):
        raw = ""
    text = _CONTROL.sub(" ", raw)
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH]


def query_tokens(query: str) -> list[str]:
    """Search words of a cleaned query (folded, no punctuation or emoji), at most 12."""
    return words(query)[:MAX_TOKENS]


def split_compound(word: str, vocabulary: set[str], depth: int = 0) -> list[str]:
    """Split a Dutch compound into known words: "huisvuilzakken" -> ["huisvuil", "zakken"].

    A part counts when it is in ``vocabulary`` itself or with a linking -s-/-e-/-en-.
    Returns [] when no split into known parts of 3+ letters exists.
    """
    if len(word) < 7 or depth > 2:
        return []
    for cut in range(len(word) - 3, 2, -1):  # longest head first
        head, tail = word[:cut], word[cut:]
        if len(tail) < 3:
            continue
        head_known = head in vocabulary or (head[-1:] == "s" and head[:-1] in vocabulary) or (
            head[-2:] == "en" and head[:-2] in vocabulary) or (head[-1:] == "e" and head[:-1] in vocabulary)
        if not head_known:
            continue
        if tail in vocabulary:
            return [head, tail]
        rest = split_compound(tail, vocabulary, depth + 1)
        if rest:
            return [head, *rest]
    return []


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_NUMBERISH = re.compile(r"\+?\d[\d\s./-]{4,}\d")


def scrub(query: str) -> str:
    """Remove what could identify a person before a query is stored: e-mail addresses and
    anything that looks like a national number, phone number or bank number (6+ digits)."""
    text = _EMAIL.sub("[e-mail]", query)

    def number(match):
        digits = re.sub(r"\D", "", match.group(0))
        return "[nummer]" if len(digits) >= 6 else match.group(0)

    text = _NUMBERISH.sub(number, text)
    text = re.sub(r"\d{6,}", "[nummer]", text)
    return " ".join(fold(text).split())[:MAX_QUERY_LENGTH]
