"""Reads for the staff form builder: which products a staff member can build forms for, one form with its versions,
one version with its steps and fields, and words for rules (what a condition means, in Dutch)."""

from __future__ import annotations

import dataclasses

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.catalog.models import Channel, ChannelKind, Product
from loket.catalog.services import staff_organisation_ids

from .exceptions import NotFound
from .models import FormDefinition, FormField, FormStep, FormVersion, VersionState
from .services_builder import ANSWERED_KINDS, can_edit_forms, can_publish_forms

OPERATOR_LABELS = {
    "eq": gettext_lazy("is gelijk aan"),
    "neq": gettext_lazy("is niet gelijk aan"),
    "gt": gettext_lazy("is groter dan"),
    "gte": gettext_lazy("is minstens"),
    "lt": gettext_lazy("is kleiner dan"),
    "lte": gettext_lazy("is hoogstens"),
    "in": gettext_lazy("is een van"),
    "filled": gettext_lazy("is ingevuld"),
    "empty": gettext_lazy("is leeg"),
}
VALUELESS_OPERATORS = ("filled", "empty")


def operator_label(op: str) -> str:
    return str(OPERATOR_LABELS.get(op, op))


@dataclasses.dataclass
class ProductForms:
    product: Product
    definition: FormDefinition | None
    published: FormVersion | None
    draft: FormVersion | None
    can_edit: bool


def builder_products(user, *, query: str = "") -> list[ProductForms]:
    """Products of the staff member's organisations that have an online channel, with their form (if any)."""
    organisation_ids = staff_organisation_ids(user)
    products = Product.objects.all() if getattr(user, "is_superuser", False) else Product.objects.filter(
        organisation_id__in=organisation_ids)
    online = Channel.objects.filter(product=OuterRef("pk"), kind=ChannelKind.ONLINE)
    products = (products.filter(Exists(online)).exclude(state="archived").select_related("department", "organisation")
                .prefetch_related(Prefetch("forms", queryset=FormDefinition.objects.prefetch_related("versions")))
                .order_by("name"))
    if query:
        products = products.filter(name__icontains=query.strip())
    rows = []
    for product in products:
        definition = next(iter(product.forms.all()), None)
        versions = list(definition.versions.all()) if definition else []
        rows.append(ProductForms(
            product=product, definition=definition,
            published=next((v for v in versions if v.state == VersionState.PUBLISHED), None),
            draft=next((v for v in versions if v.state == VersionState.DRAFT), None),
            can_edit=can_edit_forms(user, product),
        ))
    return rows


def new_form_products(user) -> list[Product]:
    """Products the staff member may create a form for: an online channel, no form yet, their department."""
    return [row.product for row in builder_products(user) if row.definition is None and row.can_edit]


def _visible(user, product: Product) -> bool:
    return bool(getattr(user, "is_superuser", False)) or product.organisation_id in staff_organisation_ids(user)


def get_definition(user, *, uuid) -> FormDefinition:
    definition = FormDefinition.objects.select_related("product__department", "product__organisation").filter(uuid=uuid).first()
    if definition is None or not _visible(user, definition.product):
        raise NotFound(_("Dit formulier bestaat niet."))
    return definition


def versions(definition: FormDefinition) -> list[FormVersion]:
    return list(definition.versions.select_related("published_by").order_by("-number"))


def current_version(definition: FormDefinition) -> FormVersion:
    """The version the builder opens: the draft, else the published one, else the newest."""
    all_versions = versions(definition)
    for state in (VersionState.DRAFT, VersionState.PUBLISHED):
        for version in all_versions:
            if version.state == state:
                return version
    return all_versions[0]


def get_version(definition: FormDefinition, number: int) -> FormVersion:
    version = (FormVersion.objects.select_related("definition__product__department", "definition__product__organisation")
               .filter(definition=definition, number=number).first())
    if version is None:
        raise NotFound(_("Deze versie van het formulier bestaat niet."))
    return version


def get_step(version: FormVersion, pk: int) -> FormStep:
    step = FormStep.objects.filter(version=version, pk=pk).first()
    if step is None:
        raise NotFound(_("Deze stap bestaat niet (meer)."))
    step.version = version
    return step


def get_field(version: FormVersion, pk: int) -> FormField:
    field = FormField.objects.select_related("step").filter(version=version, pk=pk).first()
    if field is None:
        raise NotFound(_("Dit veld bestaat niet (meer)."))
    field.version = version
    return field


def steps_with_fields(version: FormVersion) -> list[FormStep]:
    """The steps in order with ``fields_in_order``, each field with ``condition_text`` and the step too."""
    steps = list(version.steps.order_by("order", "pk").prefetch_related(
        Prefetch("fields", queryset=FormField.objects.order_by("order", "pk"))))
    labels = {f.key: f.label for s in steps for f in s.fields.all()}
    for step in steps:
        step.fields_in_order = list(step.fields.all())
        step.condition_text = describe_rule(step.condition, labels)
        for field in step.fields_in_order:
            field.condition_text = describe_rule(field.condition, labels)
    return steps


def answer_fields(version: FormVersion, *, exclude_pk: int | None = None) -> list[FormField]:
    """Fields that rules and calculations can read, in form order."""
    fields = FormField.objects.filter(version=version, kind__in=ANSWERED_KINDS).select_related("step").order_by(
        "step__order", "order", "pk")
    if exclude_pk is not None:
        fields = fields.exclude(pk=exclude_pk)
    return list(fields)


def describe_rule(rule, labels: dict[str, str]) -> str:
    """A rule in Dutch words: 'Toon als "Heeft u een auto?" is gelijk aan ja en ...'."""
    if not rule:
        return ""
    try:
        return _describe(rule, labels)
    except (AttributeError, TypeError, KeyError):
        return _("(regel kan niet gelezen worden)")


def _describe(rule, labels) -> str:
    for combinator, word in (("all", _("en")), ("and", _("en")), ("any", _("of")), ("or", _("of"))):
        if combinator in rule:
            return f" {word} ".join(_describe(part, labels) for part in rule[combinator])
    if "not" in rule:
        return _("niet (%(rule)s)") % {"rule": _describe(rule["not"], labels)}
    key, op, value = rule["field"], rule.get("op", "eq"), rule.get("value")
    label = labels.get(key, key)
    if op in VALUELESS_OPERATORS:
        return f"“{label}” {operator_label(op)}"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return f"“{label}” {operator_label(op)} {value}"


def rule_rows(rule) -> tuple[str, list[dict]]:
    """A rule as (combinator, rows) for the select-box editor: rows of {field, op, value}. Nested rules that the
    editor cannot show come back as an empty list with combinator 'all'."""
    if not rule:
        return "all", []
    if "field" in rule:
        return "all", [_row(rule)]
    for combinator in ("all", "any"):
        parts = rule.get(combinator)
        if isinstance(parts, list) and all(isinstance(p, dict) and "field" in p for p in parts):
            return combinator, [_row(p) for p in parts]
    return "all", []


def _row(rule) -> dict:
    value = rule.get("value")
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "ja" if value else "nee"
    return {"field": rule.get("field", ""), "op": rule.get("op", "eq"), "value": "" if value is None else str(value)}


def can_edit(user, version: FormVersion) -> bool:
    return version.is_editable and can_edit_forms(user, version.definition.product)


def can_publish(user, version: FormVersion) -> bool:
    return version.is_editable and can_publish_forms(user, version.definition.product)


def expression_help_keys(version: FormVersion, *, exclude_pk: int | None = None) -> list[tuple[str, str]]:
    """(key, label) of fields a calculation may use."""
    return [(f.key, f.label) for f in answer_fields(version, exclude_pk=exclude_pk)]

