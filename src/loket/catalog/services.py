"""All changes to the catalog: products and their versions, the publication workflow, search index,
synonyms and the search log. Web views, the API, the import and the demo all come through here."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from loket.platform.organisations.models import Department, Location, Organisation

from . import text
from .models import (
    AssuranceLevel,
    Audience,
    Channel,
    ChannelKind,
    GovernmentLevel,
    LifeEvent,
    Product,
    ProductType,
    ProductVersion,
    SearchTerm,
    SearchWord,
    State,
    Synonym,
    Theme,
)


class CatalogError(ValueError):
    """A rule of the catalog was broken; the message says which, in Dutch."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


# The content of a product as staff edit it and as versions store it (the demo JSON format).
LIST_FIELDS = ["conditions", "evidence", "procedure"]
CONTENT_FIELDS = [
    "key", "upl_uri", "name", "type", "themes", "audiences", "life_events", "business_events", "competent_level",
    "executing_level", "competent_authority", "department", "partners", "external_url", "short_description",
    "description", "conditions", "evidence", "procedure", "costs", "cost_explanation", "lead_time", "lead_time_days",
    "deadline", "legal_basis", "contact_points", "channels", "keywords", "related", "valid_from", "valid_until",
    "search_weight",
]
_STOP = {"aan", "van", "het", "een", "den", "der", "des", "met", "voor", "naar", "bij", "uit", "over", "door",
         "wat", "hoe", "waar", "wie", "mijn", "ik", "je", "uw", "die", "dat", "zijn", "wordt", "kan", "moet"}


# ---------------------------------------------------------------------------------------------------------------
# Validation


def _str(value, field, max_length=None, required=False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str | int | float | Decimal):
        raise CatalogError(_("Dit veld moet tekst zijn."), field)
    value = str(value).replace("\x00", "").strip()
    if required and not value:
        raise CatalogError(_("Dit veld is verplicht."), field)
    if max_length and len(value) > max_length:
        raise CatalogError(_("Maximaal %(n)s tekens.") % {"n": max_length}, field)
    return value


def _list_of_str(value, field, max_length=500) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = list(value.splitlines())
    if not isinstance(value, list | tuple):
        raise CatalogError(_("Dit veld moet een lijst zijn."), field)
    return [_str(v, field, max_length) for v in value if str(v or "").strip()]


def _codes(value, field, choices) -> list[str]:
    values = _list_of_str(value, field, 60)
    allowed = {c for c, _label in choices}
    for v in values:
        if v not in allowed:
            raise CatalogError(_("Onbekende code: %(code)s.") % {"code": v}, field)
    return list(dict.fromkeys(values))


def _choice(value, field, choices, default=None) -> str:
    value = _str(value, field) or (default or "")
    if value not in {c for c, _label in choices}:
        raise CatalogError(_("Onbekende waarde: %(value)s.") % {"value": value}, field)
    return value


def _url(value, field) -> str:
    value = _str(value, field, 500)
    if value and not re.match(r"^https?://[^\s]+$", value):
        raise CatalogError(_("Geef een volledig webadres dat begint met https://."), field)
    return value


def _amount(value, field) -> str:
    try:
        amount = Decimal(str(value).replace(",", ".").replace("€", "").strip() or "0")
    except (InvalidOperation, ValueError):
        raise CatalogError(_("Geef een bedrag in euro, bijvoorbeeld 25.00."), field) from None
    if amount < 0 or amount > Decimal("1000000"):
        raise CatalogError(_("Geef een bedrag tussen 0 en 1.000.000 euro."), field)
    return f"{amount.quantize(Decimal('0.01'))}"


def _date(value, field):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise CatalogError(_("Geef een datum als JJJJ-MM-DD."), field) from None


def clean_content(data: dict) -> dict:
    """Check and normalise product content (the demo JSON format); raises :class:`CatalogError`."""
    if not isinstance(data, dict):
        raise CatalogError(_("De inhoud moet een object zijn."))
    out: dict = {}
    out["name"] = _str(data.get("name"), "name", 200, required=True)
    out["key"] = slugify(_str(data.get("key"), "key", 120) or out["name"])[:120]
    if not out["key"]:
        raise CatalogError(_("Geef een sleutel met letters of cijfers."), "key")
    out["upl_uri"] = _url(data.get("upl_uri"), "upl_uri") or None
    out["type"] = _choice(data.get("type"), "type", ProductType.choices, ProductType.EVIDENCE)
    out["themes"] = _codes(data.get("themes"), "themes", Theme.choices)
    out["audiences"] = _codes(data.get("audiences"), "audiences", Audience.choices)
    out["life_events"] = _codes(data.get("life_events"), "life_events", LifeEvent.choices)
    out["business_events"] = _list_of_str(data.get("business_events"), "business_events", 60)
    out["competent_level"] = _choice(data.get("competent_level"), "competent_level", GovernmentLevel.choices,
                                     GovernmentLevel.LOCAL)
    out["executing_level"] = _choice(data.get("executing_level"), "executing_level", GovernmentLevel.choices,
                                     GovernmentLevel.LOCAL)
    out["competent_authority"] = _str(data.get("competent_authority"), "competent_authority", 200)
    out["department"] = _str(data.get("department"), "department", 50)
    out["partners"] = _list_of_str(data.get("partners"), "partners", 50)
    out["external_url"] = _url(data.get("external_url"), "external_url")
    out["short_description"] = _str(data.get("short_description"), "short_description", 300)
    out["description"] = _str(data.get("description"), "description", 20000)
    for field in LIST_FIELDS:
        out[field] = _list_of_str(data.get(field), field, 2000)
    costs = data.get("costs") or []
    if not isinstance(costs, list):
        raise CatalogError(_("Dit veld moet een lijst zijn."), "costs")
    out["costs"] = []
    for cost in costs:
        if not isinstance(cost, dict):
            raise CatalogError(_("Elke kost heeft een omschrijving en een bedrag."), "costs")
        out["costs"].append({"label": _str(cost.get("label"), "costs", 200, required=True),
                             "amount": _amount(cost.get("amount"), "costs")})
    out["cost_explanation"] = _str(data.get("cost_explanation"), "cost_explanation", 5000)
    out["lead_time"] = _str(data.get("lead_time"), "lead_time", 300)
    days = data.get("lead_time_days")
    if days in (None, ""):
        out["lead_time_days"] = None
    else:
        try:
            out["lead_time_days"] = int(days)
        except (TypeError, ValueError):
            raise CatalogError(_("Geef een aantal werkdagen."), "lead_time_days") from None
        if not 0 <= out["lead_time_days"] <= 3650:
            raise CatalogError(_("Geef een aantal werkdagen tussen 0 en 3650."), "lead_time_days")
    out["deadline"] = _str(data.get("deadline"), "deadline", 300)
    out["legal_basis"] = []
    for item in data.get("legal_basis") or []:
        if not isinstance(item, dict):
            raise CatalogError(_("Elke wettelijke basis heeft een omschrijving en een link."), "legal_basis")
        out["legal_basis"].append({"label": _str(item.get("label"), "legal_basis", 500, required=True),
                                   "url": _url(item.get("url"), "legal_basis")})
    out["contact_points"] = []
    for item in data.get("contact_points") or []:
        if not isinstance(item, dict):
            raise CatalogError(_("Ongeldig contactpunt."), "contact_points")
        out["contact_points"].append({k: _str(item.get(k), "contact_points", 300)
                                      for k in ("label", "phone", "email", "url") if item.get(k)})
    channels = data.get("channels") or []
    if not isinstance(channels, list):
        raise CatalogError(_("Dit veld moet een lijst zijn."), "channels")
    out["channels"] = [_clean_channel(c) for c in channels]
    out["keywords"] = list(dict.fromkeys(k.lower() for k in _list_of_str(data.get("keywords"), "keywords", 80)))
    out["related"] = _list_of_str(data.get("related"), "related", 120)
    out["valid_from"] = _date(data.get("valid_from"), "valid_from")
    out["valid_until"] = _date(data.get("valid_until"), "valid_until")
    if out["valid_from"] and out["valid_until"] and out["valid_until"] < out["valid_from"]:
        raise CatalogError(_("'Geldig tot' ligt voor 'geldig vanaf'."), "valid_until")
    try:
        out["search_weight"] = min(max(float(data.get("search_weight") or 0), 0.0), 1.0)
    except (TypeError, ValueError):
        raise CatalogError(_("Geef een zoekgewicht tussen 0 en 1."), "search_weight") from None
    return out


def _clean_channel(channel) -> dict:
    if not isinstance(channel, dict):
        raise CatalogError(_("Ongeldig kanaal."), "channels")
    kind = _choice(channel.get("kind"), "channels", ChannelKind.choices)
    login = channel.get("login") or ""
    if login and login not in AssuranceLevel.values:
        raise CatalogError(_("Onbekend aanmeldniveau: %(value)s.") % {"value": login}, "channels")
    duration = channel.get("duration_minutes")
    try:
        duration = int(duration) if duration not in (None, "") else None
    except (TypeError, ValueError):
        raise CatalogError(_("Geef de duur in minuten."), "channels") from None
    return {
        "kind": kind, "login": login or None,
        "location": _str(channel.get("location"), "channels", 200),
        "duration_minutes": duration,
        "availability": _str(channel.get("availability"), "channels", 300),
        "handling_time": _str(channel.get("handling_time"), "channels", 300),
        "url": _url(channel.get("url"), "channels"),
        "note": _str(channel.get("note"), "channels", 2000),
    }


def content_of(product: Product) -> dict:
    """A product's current content in the version/demo format."""
    return {
        "key": product.key, "upl_uri": product.upl_uri, "name": product.name, "type": product.type,
        "themes": list(product.themes), "audiences": list(product.audiences), "life_events": list(product.life_events),
        "business_events": list(product.business_events), "competent_level": product.competent_level,
        "executing_level": product.executing_level, "competent_authority": product.competent_authority,
        "department": product.department.slug if product.department_id else "",
        "partners": [o.slug for o in product.partners.all()], "external_url": product.external_url,
        "short_description": product.short_description, "description": product.description,
        "conditions": list(product.conditions), "evidence": list(product.evidence), "procedure": list(product.procedure),
        "costs": list(product.costs), "cost_explanation": product.cost_explanation, "lead_time": product.lead_time,
        "lead_time_days": product.lead_time_days, "deadline": product.deadline,
        "legal_basis": list(product.legal_basis), "contact_points": list(product.contact_points),
        "channels": [{
            "kind": c.kind, "login": c.login or None, "location": c.location_name, "duration_minutes": c.duration_minutes,
            "availability": c.availability, "handling_time": c.handling_time, "url": c.url, "note": c.note,
        } for c in product.channels.all()],
        "keywords": list(product.keywords), "related": [p.key for p in product.related.all()],
        "valid_from": product.valid_from.isoformat() if product.valid_from else None,
        "valid_until": product.valid_until.isoformat() if product.valid_until else None,
        "search_weight": product.search_weight,
    }


# ---------------------------------------------------------------------------------------------------------------
# Writing content onto a product


def _apply(product: Product, content: dict, *, related: bool = True) -> None:
    """Copy checked content onto ``product`` (saved), with its channels, partners and related products."""
    organisation = product.organisation
    for field in ("key", "upl_uri", "name", "type", "themes", "audiences", "life_events", "business_events",
                  "competent_level", "executing_level", "competent_authority", "external_url", "short_description",
                  "description", "conditions", "evidence", "procedure", "costs", "cost_explanation", "lead_time",
                  "lead_time_days", "deadline", "legal_basis", "contact_points", "keywords", "search_weight"):
        setattr(product, field, content[field])
    product.valid_from = content["valid_from"]
    product.valid_until = content["valid_until"]
    product.department = (Department.objects.filter(organisation=organisation, slug=content["department"]).first()
                          if content["department"] else None)
    clash = Product.objects.filter(organisation=organisation, key=product.key).exclude(pk=product.pk)
    if clash.exists():
        raise CatalogError(_("Er is al een product met de sleutel %(key)s.") % {"key": product.key}, "key")
    if product.upl_uri and Product.objects.filter(organisation=organisation, upl_uri=product.upl_uri).exclude(
            pk=product.pk).exists():
        raise CatalogError(_("Er is al een product met deze UPL-URI."), "upl_uri")
    product.save()
    product.partners.set(Organisation.objects.filter(slug__in=content["partners"]))
    locations = {loc.name: loc for loc in Location.objects.filter(name__in=[c["location"] for c in content["channels"]])}
    product.channels.all().delete()
    Channel.objects.bulk_create(Channel(
        product=product, kind=c["kind"], login=c["login"] or "", location=locations.get(c["location"]),
        location_name=c["location"], duration_minutes=c["duration_minutes"], availability=c["availability"],
        handling_time=c["handling_time"], url=c["url"], note=c["note"], order=i,
    ) for i, c in enumerate(content["channels"]))
    if related:
        set_related(product, content["related"])


def set_related(product: Product, keys: list[str]) -> None:
    """Link related products by key, within the product's organisation and its partners."""
    organisations = _family(product.organisation)
    product.related.set(Product.objects.filter(organisation__in=organisations, key__in=keys).exclude(pk=product.pk))


def _family(organisation: Organisation) -> list[int]:
    ids = {organisation.pk, *organisation.partners.values_list("pk", flat=True),
           *organisation.children.values_list("pk", flat=True)}
    if organisation.parent_id:
        ids.add(organisation.parent_id)
    return sorted(ids)


def _next_number(product: Product) -> int:
    last = product.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


# ---------------------------------------------------------------------------------------------------------------
# Ownership and the publication workflow


def staff_organisation_ids(user) -> set[int]:
    """The organisations a staff member works for (their own and those of their departments)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    ids = {user.organisation_id} if user.organisation_id else set()
    ids |= set(user.memberships.values_list("department__organisation_id", flat=True))
    return ids


def can_edit(user, product: Product) -> bool:
    return bool(getattr(user, "is_superuser", False)) or product.organisation_id in staff_organisation_ids(user)


def _require_editor(actor, organisation_id: int) -> None:
    if actor is None:
        return  # the import and the demo
    if not (getattr(actor, "is_superuser", False) or organisation_id in staff_organisation_ids(actor)):
        raise CatalogError(_("Je kan alleen producten van je eigen organisatie bewerken."))


@transaction.atomic
def create_product(*, organisation: Organisation, data: dict, actor=None, publish: bool = False,
                   source: str = "staff") -> Product:
    """A new product. Staff get a draft (version 1); the import and the demo may publish at once."""
    _require_editor(actor, organisation.pk)
    content = clean_content(data)
    product = Product(organisation=organisation, source=source, state=State.DRAFT)
    _apply(product, content)
    version = ProductVersion.objects.create(product=product, number=1, data=content, author=actor,
                                            state=State.DRAFT)
    if publish:
        _publish(product, version, actor)
    else:
        reindex([product.pk])
    return product


@transaction.atomic
def save_draft(*, actor, product: Product, data: dict, note: str = "") -> ProductVersion:
    """Save staff edits as the product's open draft. A published product stays as it is for residents
    until the draft is published; a product that was never published shows the draft in preview only."""
    _require_editor(actor, product.organisation_id)
    content = clean_content(data)
    if Product.objects.filter(organisation=product.organisation, key=content["key"]).exclude(pk=product.pk).exists():
        raise CatalogError(_("Er is al een product met de sleutel %(key)s.") % {"key": content["key"]}, "key")
    open_version = product.versions.filter(state__in=[State.DRAFT, State.REVIEW]).first()
    if open_version and open_version.state == State.REVIEW:
        raise CatalogError(_("Deze versie wacht op controle. Keur ze af om ze opnieuw te bewerken."))
    if open_version is None:
        open_version = ProductVersion(product=product, number=_next_number(product), author=actor)
    open_version.data = content
    open_version.note = _str(note, "note", 300)
    open_version.author = actor or open_version.author
    open_version.state = State.DRAFT
    open_version.save()
    return open_version


@transaction.atomic
def submit_for_review(*, actor, version: ProductVersion) -> ProductVersion:
    _require_editor(actor, version.product.organisation_id)
    if version.state != State.DRAFT:
        raise CatalogError(_("Alleen een concept kan ter controle worden aangeboden."))
    version.state = State.REVIEW
    version.save(update_fields=["state", "updated_at"])
    return version


@transaction.atomic
def reject(*, actor, version: ProductVersion, note: str = "") -> ProductVersion:
    _require_editor(actor, version.product.organisation_id)
    if version.state != State.REVIEW:
        raise CatalogError(_("Alleen een versie die ter controle ligt, kan worden afgekeurd."))
    version.state = State.DRAFT
    version.note = _str(note, "note", 300)
    version.save(update_fields=["state", "note", "updated_at"])
    return version


@transaction.atomic
def publish(*, actor, version: ProductVersion) -> Product:
    """Publish a reviewed version: another colleague than its author checks it (four eyes)."""
    product = version.product
    _require_editor(actor, product.organisation_id)
    if version.state != State.REVIEW:
        raise CatalogError(_("Bied de versie eerst ter controle aan."))
    if actor is not None and version.author_id == actor.pk and not actor.is_superuser:
        raise CatalogError(_("Een collega moet je eigen wijziging controleren en publiceren."))
    content = clean_content(version.data)  # the rules may have changed since it was saved
    _apply(product, content)
    _publish(product, version, actor)
    return product


def _publish(product: Product, version: ProductVersion, actor) -> None:
    now = timezone.now()
    product.versions.filter(state=State.PUBLISHED).exclude(pk=version.pk).update(state=State.ARCHIVED)
    version.state = State.PUBLISHED
    version.reviewer = actor
    version.published_at = now
    version.save()
    product.state = State.PUBLISHED
    product.published_at = now
    product.save(update_fields=["state", "published_at", "updated_at"])
    reindex([product.pk])
    add_vocabulary(product.organisation_id, [product])


@transaction.atomic
def archive(*, actor, product: Product) -> Product:
    """Take a product offline (residents no longer find it); its versions stay."""
    _require_editor(actor, product.organisation_id)
    product.state = State.ARCHIVED
    product.save(update_fields=["state", "updated_at"])
    return product


@transaction.atomic
def upsert_published(*, organisation: Organisation, data: dict, source: str, related: bool = False) -> tuple[Product, bool]:
    """For imports and the demo: create or overwrite the product with this key (or UPL URI) and publish it
    as a new version when its content changed. Returns (product, changed). Call :func:`reindex` afterwards."""
    content = clean_content(data)
    product = None
    if content["upl_uri"]:
        product = Product.objects.filter(organisation=organisation, upl_uri=content["upl_uri"]).first()
    if product is None:
        product = Product.objects.filter(organisation=organisation, key=content["key"]).first()
    if product is not None:
        current = product.versions.filter(state=State.PUBLISHED).first()
        if current and current.data == content and product.state == State.PUBLISHED:
            return product, False
    else:
        product = Product(organisation=organisation)
    product.source = source
    _apply(product, content, related=related)
    version = ProductVersion.objects.create(product=product, number=_next_number(product), data=content)
    now = timezone.now()
    product.versions.filter(state=State.PUBLISHED).exclude(pk=version.pk).update(state=State.ARCHIVED)
    version.state, version.published_at = State.PUBLISHED, now
    version.save()
    product.state, product.published_at = State.PUBLISHED, now
    product.save(update_fields=["state", "published_at", "updated_at", "source"])
    return product, True


# ---------------------------------------------------------------------------------------------------------------
# Search index


_LIFE_EVENT_LABELS = dict(LifeEvent.choices)


def _texts(product: Product, vocabulary: set[str]) -> tuple[str, str, str, str, str]:
    names = " ".join([product.name, product.upl_name, " ".join(product.keywords)])
    parts = []
    for word in set(text.words(names)):
        parts.extend(text.split_compound(word, vocabulary))
    a = text.index_text(names)
    b = text.index_text(" ".join([product.short_description, " ".join(parts),
                                  " ".join(str(_LIFE_EVENT_LABELS.get(e, "")) for e in product.life_events)]))
    c = text.index_text(" ".join([product.description, " ".join(product.conditions)]))
    d = text.index_text(" ".join([*product.evidence, *product.procedure, product.cost_explanation,
                                  *(c.get("label", "") for c in product.costs), product.lead_time]))
    trigram = " ".join(text.words(names))
    return a, b, c, d, trigram


def _vocabulary(organisation_ids) -> set[str]:
    return {w for w in SearchWord.objects.filter(organisation_id__in=organisation_ids).values_list("word", flat=True)
            if w not in _STOP}


def reindex(product_ids=None, *, organisation_ids=None) -> int:
    """Recompute the stored search vector and trigram text of these products (or of whole organisations)."""
    products = Product.objects.all()
    if product_ids is not None:
        products = products.filter(pk__in=list(product_ids))
    if organisation_ids is not None:
        products = products.filter(organisation_id__in=list(organisation_ids))
    products = list(products.only("id", "organisation_id", "name", "upl_name", "keywords", "short_description",
                                  "life_events", "description", "conditions", "evidence", "procedure",
                                  "cost_explanation", "costs", "lead_time"))
    if not products:
        return 0
    vocabulary = _vocabulary({p.organisation_id for p in products})
    for p in products:
        vocabulary.update(w for w in text.words(" ".join([p.name, p.upl_name, " ".join(p.keywords),
                                                           p.short_description])) if len(w) >= 3 and w not in _STOP)
    for start in range(0, len(products), 1000):
        batch = products[start:start + 1000]
        rows = [(p.pk, *_texts(p, vocabulary)) for p in batch]
        columns = list(zip(*rows, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE catalog_product p SET
                  search_vector = setweight(to_tsvector('loket_dutch', v.a), 'A')
                               || setweight(to_tsvector('loket_dutch', v.b), 'B')
                               || setweight(to_tsvector('loket_dutch', v.c), 'C')
                               || setweight(to_tsvector('loket_dutch', v.d), 'D'),
                  search_names = v.t
                FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::text[]) AS a, unnest(%s::text[]) AS b,
                             unnest(%s::text[]) AS c, unnest(%s::text[]) AS d, unnest(%s::text[]) AS t) v
                WHERE p.id = v.id
                """,
                [list(col) for col in columns],
            )
    return len(products)


def add_vocabulary(organisation_id: int, products) -> None:
    """Add the words of these products to the organisation's search vocabulary."""
    found: set[str] = set()
    for p in products:
        found.update(w for w in text.words(" ".join([
            p.name, p.upl_name, " ".join(p.keywords), p.short_description, p.description,
            " ".join(p.conditions), " ".join(p.procedure)])) if 3 <= len(w) <= 40 and not w.isdigit())
    if not found:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO catalog_searchword (organisation_id, word) SELECT %s, unnest(%s::text[]) "
            "ON CONFLICT (organisation_id, word) DO NOTHING",
            [organisation_id, sorted(found)],
        )


def rebuild_search(organisation: Organisation) -> int:
    """Rebuild the vocabulary and the search index of one organisation (after an import)."""
    SearchWord.objects.filter(organisation=organisation).delete()
    published = Product.objects.filter(organisation=organisation, state=State.PUBLISHED)
    add_vocabulary(organisation.pk, published.only("name", "upl_name", "keywords", "short_description",
                                                   "description", "conditions", "procedure"))
    return reindex(organisation_ids=[organisation.pk])


# ---------------------------------------------------------------------------------------------------------------
# Synonyms and the search log


@transaction.atomic
def add_synonym(*, actor, organisation: Organisation, term: str, meaning: str) -> Synonym:
    """Teach the search a resident's word: ``term`` (e.g. "bewonerskaart") means ``meaning``
    ("parkeervergunning"). Works at once, for every search."""
    _require_editor(actor, organisation.pk)
    term_words = text.words(_str(term, "term", 100))
    meaning_words = text.words(_str(meaning, "meaning", 300))
    if not term_words:
        raise CatalogError(_("Geef het woord dat inwoners gebruiken."), "term")
    if not meaning_words:
        raise CatalogError(_("Geef de woorden uit de catalogus die het betekent."), "meaning")
    normalised = " ".join(term_words)
    if normalised == " ".join(meaning_words):
        raise CatalogError(_("Een woord kan geen synoniem van zichzelf zijn."), "meaning")
    synonym, _created = Synonym.objects.update_or_create(
        organisation=organisation, term=normalised,
        defaults={"meaning": " ".join(meaning_words), "created_by": actor},
    )
    return synonym


@transaction.atomic
def delete_synonym(*, actor, synonym: Synonym) -> None:
    _require_editor(actor, synonym.organisation_id)
    synonym.delete()


def record_search(*, organisation: Organisation | None, query: str, result_count: int) -> None:
    """Count a search (scrubbed of anything personal). No user, no IP address, no timestamp per search."""
    if organisation is None:
        return
    scrubbed = text.scrub(query)
    if not scrubbed:
        return
    # A counter, not a record: it need not wait for the disk (a crash may lose the last few counts).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(
            """
            INSERT INTO catalog_searchterm (organisation_id, query, searches, zero_results, clicks, first_seen, last_seen)
            VALUES (%s, %s, 1, %s, 0, CURRENT_DATE, CURRENT_DATE)
            ON CONFLICT (organisation_id, query) DO UPDATE SET
              searches = catalog_searchterm.searches + 1,
              zero_results = catalog_searchterm.zero_results + EXCLUDED.zero_results,
              last_seen = CURRENT_DATE
            """,
            [organisation.pk, scrubbed, 1 if result_count == 0 else 0],
        )


def record_click(*, organisation: Organisation | None, query: str) -> None:
    """A resident opened a result of this search."""
    if organisation is None:
        return
    scrubbed = text.scrub(text.clean_query(query))
    if scrubbed:
        SearchTerm.objects.filter(organisation=organisation, query=scrubbed).update(clicks=F("clicks") + 1)
