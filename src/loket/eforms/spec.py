"""Build a form from a plain dict ("spec"): for the demo, the tests and the bench (staff use the builder UI).

    {"title": ..., "intro": ..., "fee_amount": "30", "fee_expression": "...", "fee_label": ..., "confirmation_text": ...,
     "steps": [{"slug": ..., "title": ..., "intro": ..., "condition": {...},
                "fields": [{"key": ..., "kind": ..., "label": ..., <any FormField attribute>}]}]}

The rules and calculations are checked (InvalidRule) before anything is stored.
"""

from __future__ import annotations

import decimal

from django.db import transaction
from django.utils import timezone

from . import logic, selectors
from .models import FieldKind, FormDefinition, FormField, FormStep, FormVersion, VersionState

VERSION_KEYS = ("intro", "confirmation_text", "fee_expression", "fee_label", "draft_days")


@transaction.atomic
def build_form(*, product, spec: dict, publish: bool = True, organisation=None) -> FormVersion:
    """Create the product's form (or a new version of it) from ``spec``; published unless ``publish`` is False."""
    keys = {f["key"] for s in spec["steps"] for f in s["fields"]}
    for step in spec["steps"]:
        logic.check_condition(step.get("condition") or {}, keys)
        for field in step["fields"]:
            logic.check_condition(field.get("condition") or {}, keys)
            if field.get("kind") == FieldKind.COMPUTED:
                logic.check_expression(field.get("expression", ""), keys)
    if spec.get("fee_expression"):
        logic.check_expression(spec["fee_expression"], keys)
    definition, _created = FormDefinition.objects.get_or_create(
        product=product, defaults={"organisation": organisation or product.organisation, "name": spec["title"]},
    )
    number = (definition.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = FormVersion.objects.create(
        definition=definition, number=number, title=spec["title"],
        fee_amount=decimal.Decimal(str(spec.get("fee_amount") or 0)),
        **{k: spec[k] for k in VERSION_KEYS if k in spec},
    )
    fields = []
    for step_order, step_spec in enumerate(spec["steps"], start=1):
        step = FormStep.objects.create(version=version, order=step_order, slug=step_spec["slug"],
                                       title=step_spec["title"], intro=step_spec.get("intro", ""),
                                       condition=step_spec.get("condition") or {})
        for order, field_spec in enumerate(step_spec["fields"], start=1):
            fields.append(FormField(version=version, step=step, order=order, **field_spec))
    FormField.objects.bulk_create(fields)
    if publish:
        publish_version(version)
    return version


def publish_version(version: FormVersion) -> FormVersion:
    """Make ``version`` the published one (the previous published version is retired)."""
    FormVersion.objects.filter(definition=version.definition, state=VersionState.PUBLISHED).exclude(
        pk=version.pk).update(state=VersionState.RETIRED)
    version.state = VersionState.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["state", "published_at", "updated_at"])
    selectors.forget_compiled(version.pk)
    return version


def large_form_spec(fields: int = 50, steps: int = 5) -> dict:
    """A form of ``fields`` fields over ``steps`` steps with logic on about a third of them, computed values and a
    computed fee: the bench's "form of 50 fields with logic"."""
    per_step = max(1, fields // steps)
    kinds = [FieldKind.TEXT, FieldKind.NUMBER, FieldKind.DATE, FieldKind.EMAIL, FieldKind.CHOICE, FieldKind.YES_NO,
             FieldKind.AMOUNT, FieldKind.TEXTAREA, FieldKind.POSTCODE, FieldKind.IBAN]
    spec_steps, count = [], 0
    for s in range(steps):
        step_fields = []
        for i in range(per_step if s < steps - 1 else fields - count):
            key = f"v{count:02d}"
            kind = kinds[count % len(kinds)]
            field = {"key": key, "kind": kind, "label": f"Vraag {count + 1}", "required": count % 4 != 3}
            if kind == FieldKind.CHOICE:
                field["options"] = [{"value": v, "label": v.capitalize()} for v in ("een", "twee", "drie")]
            if kind == FieldKind.NUMBER:
                field.update(min_value=decimal.Decimal(0), max_value=decimal.Decimal(1000))
            if kind == FieldKind.TEXT:
                field.update(max_length=100)
            if i > 0 and count % 3 == 0:
                previous = step_fields[0]
                field["condition"] = ({"field": previous["key"], "op": "filled"} if count % 2
                                      else {"any": [{"field": previous["key"], "op": "filled"},
                                                    {"field": "v01", "op": "gt", "value": 5}]})
            step_fields.append(field)
            count += 1
        step_fields.append({"key": f"totaal_{s}", "kind": FieldKind.COMPUTED, "label": f"Totaal {s + 1}",
                            "required": False, "expression": "round(max(v01, 0) * 2 + min(v06, 100), 2)"})
        spec_steps.append({"slug": f"stap-{s + 1}", "title": f"Stap {s + 1}", "fields": step_fields})
    return {"title": f"Groot formulier ({fields} velden)", "steps": spec_steps,
            "fee_expression": "if(v01 > 10, 25, 10) + v06"}


def large_form_answers(version: FormVersion, step_slug: str) -> dict:
    """Valid answers for every field of one step of :func:`large_form_spec`."""
    compiled = selectors.compiled_form(version)
    values = {FieldKind.TEXT: "Een antwoord", FieldKind.NUMBER: "12", FieldKind.DATE: "2026-05-01",
              FieldKind.EMAIL: "iemand@voorbeeld.be", FieldKind.CHOICE: "twee", FieldKind.YES_NO: "ja",
              FieldKind.AMOUNT: "12,50", FieldKind.TEXTAREA: "Meer uitleg", FieldKind.POSTCODE: "2220",
              FieldKind.IBAN: "BE71 0961 2345 6769"}
    return {f.key: values[f.kind] for f in compiled.step(step_slug).fields if f.kind in values}
