"""An in-process cache of what every new melding reads and staff rarely change: an organisation's categories (with
their parent and departments), its active routing rules (with their categories, department and partner) and its
published melding case type. Creating a melding then reads none of these rows from the database.

Freshness:

- A change in this process (save or delete of a category, routing rule, department, organisation or case type, or a
  change of a rule's categories) clears the cache at once, and again when its transaction commits.
- Other processes (web workers, the task worker) see a change within :data:`CACHE_SECONDS`, like
  :func:`loket.meldingen.services.settings_for` and the classifier's model cache.
- A cache is only stored after its transaction commits (at once in autocommit), and only when nothing was cleared
  since it was read, so rows of a transaction that is rolled back, or read just before a change, are never kept.

Callers get shallow copies of the cached categories, so changing an attribute of one never reaches the cache.
"""

import copy
import threading
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

CACHE_SECONDS = 30

_lock = threading.Lock()
_cache: dict[int, tuple[float, "OrganisationConfig"]] = {}
_generation = 0


@dataclass
class OrganisationConfig:
    categories: dict = field(default_factory=dict)  # pk -> Category (parent, department, parent's department loaded)
    subs_by_slug: dict = field(default_factory=dict)  # slug -> sub Category
    rules: list = field(default_factory=list)  # [(RoutingRule, frozenset of category pks)], in rule order, active only
    case_types: dict = field(default_factory=dict)  # case type code -> published ZaakType (or None when missing)

    def category(self, pk):
        found = self.categories.get(pk)
        return copy.copy(found) if found is not None else None

    def sub_by_slug(self, slug):
        found = self.subs_by_slug.get(slug)
        return copy.copy(found) if found is not None else None


def _load(organisation) -> OrganisationConfig:
    from .models import Category, RoutingRule

    config = OrganisationConfig()
    rows = list(Category.objects.filter(organisation=organisation).select_related("department"))
    config.categories = {c.pk: c for c in rows}
    for category in rows:
        if category.parent_id:
            parent = config.categories.get(category.parent_id)
            if parent is not None:
                category.parent = parent
                config.subs_by_slug.setdefault(category.slug, category)
    rules = RoutingRule.objects.filter(organisation=organisation, is_active=True).select_related(
        "department", "partner").prefetch_related("categories")
    config.rules = [(rule, frozenset(c.pk for c in rule.categories.all())) for rule in rules]
    return config


def config_for(organisation) -> OrganisationConfig:
    """The organisation's cached configuration (read from the database when absent or older than 30 s)."""
    now = time.monotonic()
    cached = _cache.get(organisation.pk)
    if cached and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    generation = _generation
    config = _load(organisation)

    def store():
        with _lock:
            if _generation == generation:
                _cache[organisation.pk] = (now, config)

    if connection.in_atomic_block:
        transaction.on_commit(store)
    else:
        store()
    return config


def case_type(organisation, code: str):
    """The first published case type with ``code`` in the organisation's catalogues, or None; cached with the rest."""
    from loket.cases.models import ZaakType

    config = config_for(organisation)
    if code not in config.case_types:
        found = ZaakType.objects.filter(catalogus__organisation=organisation, identificatie=code, concept=False).first()
        if found is None:
            return None  # not cached: setup_case_type creates it
        config.case_types[code] = found
    return config.case_types[code]


def clear(*_args, **_kwargs) -> None:
    """Forget every organisation's cached configuration (now and when the current transaction commits)."""
    global _generation
    with _lock:
        _generation += 1
        _cache.clear()
    if connection.in_atomic_block:
        transaction.on_commit(_clear_now)


def _clear_now() -> None:
    global _generation
    with _lock:
        _generation += 1
        _cache.clear()


def connect_signals() -> None:
    from loket.cases.models import ZaakType
    from loket.platform.organisations.models import Department, Organisation

    from .models import Category, RoutingRule

    for model in (Category, RoutingRule, Department, Organisation, ZaakType):
        post_save.connect(clear, sender=model, dispatch_uid=f"meldingen-config-save-{model.__name__}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"meldingen-config-delete-{model.__name__}")
    m2m_changed.connect(clear, sender=RoutingRule.categories.through, dispatch_uid="meldingen-config-rule-categories")
