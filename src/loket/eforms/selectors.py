"""Reads of the eforms app: the compiled form of a version (cached for published versions), drafts, submissions."""

from __future__ import annotations

import dataclasses
import threading

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from . import logic
from .models import (
    FieldKind,
    FormField,
    FormStep,
    FormVersion,
    Submission,
    SubmissionState,
    VersionState,
)

#: Kinds whose answer is not typed by the resident.
NOT_ANSWERED = {FieldKind.COMPUTED, FieldKind.TEXT_BLOCK}


@dataclasses.dataclass
class CompiledField:
    field: FormField
    key: str
    kind: str
    condition: logic.Rule | None
    expression: logic.Expression | None
    option_labels: dict  # value -> label

    def __getattr__(self, name):  # label, help_text, required, ... straight from the model row
        return getattr(self.__dict__["field"], name)

    @property
    def answered(self) -> bool:
        return self.kind not in NOT_ANSWERED


@dataclasses.dataclass
class CompiledStep:
    step: FormStep
    slug: str
    title: str
    condition: logic.Rule | None
    fields: list[CompiledField]


@dataclasses.dataclass
class CompiledForm:
    version: FormVersion
    steps: list[CompiledStep]
    fields: dict[str, CompiledField]  # key -> field, in form order
    fee: logic.Expression | None

    def step(self, slug: str) -> CompiledStep | None:
        return next((s for s in self.steps if s.slug == slug), None)

    def resolve(self, data: dict) -> tuple[dict, set[str], list[CompiledStep]]:
        """Apply the logic to ``data``: (answers kept, keys of visible fields, visible steps).

        In form order: a hidden step or field loses its answer (so later rules see it as empty); computed fields
        get their value from what is visible before them."""
        current = dict(data)
        visible_keys: set[str] = set()
        visible_steps = []
        for step in self.steps:
            step_visible = step.condition is None or step.condition(current)
            if step_visible:
                visible_steps.append(step)
            for field in step.fields:
                shown = step_visible and (field.condition is None or field.condition(current))
                if not shown:
                    current.pop(field.key, None)
                    continue
                visible_keys.add(field.key)
                if field.kind == FieldKind.COMPUTED:
                    current[field.key] = str(logic.evaluate(field.expression, current)) if field.expression else "0"
        kept = {k: v for k, v in current.items() if k in visible_keys and self.fields[k].kind != FieldKind.TEXT_BLOCK}
        return kept, visible_keys, visible_steps

    def fee_for(self, data: dict):
        import decimal

        if self.fee is None:
            return self.version.fee_amount
        value = logic.evaluate(self.fee, data)
        return max(value, decimal.Decimal(0)).quantize(decimal.Decimal("0.01"))


_cache: dict[int, CompiledForm] = {}
_cache_lock = threading.Lock()


def compile_version(version: FormVersion) -> CompiledForm:
    """Compile a version's steps, fields, rules and calculations (2 queries). Raises InvalidRule."""
    steps = list(version.steps.order_by("order", "pk").prefetch_related(
        Prefetch("fields", queryset=FormField.objects.order_by("order", "pk"))))
    keys = {f.key for s in steps for f in s.fields.all()}
    compiled_steps, fields = [], {}
    for step in steps:
        compiled_fields = []
        for field in step.fields.all():
            expression = None
            if field.kind == FieldKind.COMPUTED and field.expression.strip():
                expression = logic.compile_expression(field.expression, keys)
            compiled = CompiledField(
                field=field, key=field.key, kind=field.kind, condition=logic.compile_condition(field.condition, keys),
                expression=expression, option_labels={str(o.get("value")): o.get("label", o.get("value"))
                                                for o in (field.options or []) if isinstance(o, dict)},
            )
            compiled_fields.append(compiled)
            fields[field.key] = compiled
        compiled_steps.append(CompiledStep(step=step, slug=step.slug, title=step.title,
                                           condition=logic.compile_condition(step.condition, keys),
                                           fields=compiled_fields))
    fee = logic.compile_expression(version.fee_expression, keys) if version.fee_expression.strip() else None
    return CompiledForm(version=version, steps=compiled_steps, fields=fields, fee=fee)


def compiled_form(version: FormVersion) -> CompiledForm:
    """The compiled form of ``version``: cached for published and retired versions (immutable), fresh for drafts."""
    if version.state == VersionState.DRAFT:
        return compile_version(version)
    compiled = _cache.get(version.pk)
    if compiled is None:
        compiled = compile_version(version)
        with _cache_lock:
            if len(_cache) > 500:
                _cache.clear()
            _cache[version.pk] = compiled
    return compiled


def forget_compiled(version_id: int) -> None:
    _cache.pop(version_id, None)


def published_form_for(product) -> FormVersion | None:
    """The published form version of ``product`` (with its definition), or None."""
    return (FormVersion.objects.filter(definition__product=product, state=VersionState.PUBLISHED)
            .select_related("definition").first())


def products_with_form(products) -> set[int]:
    """The ids of those ``products`` that have a published form."""
    ids = [p.pk for p in products]
    return set(FormVersion.objects.filter(definition__product_id__in=ids, state=VersionState.PUBLISHED)
               .values_list("definition__product_id", flat=True))


OPEN_STATES = (SubmissionState.DRAFT, SubmissionState.AWAITING_PAYMENT)


def drafts_for(party) -> list[Submission]:
    """Paused forms of ``party`` (the acting_for party) to resume, newest first. Each has ``resume_url``."""
    if party is None:
        return []
    now = timezone.now()
    drafts = list(Submission.objects.filter(party=party, state__in=OPEN_STATES, expires_at__gt=now)
                  .select_related("version", "product").order_by("-updated_at"))
    for draft in drafts:
        draft.resume_url = resume_url(draft)
    return drafts


def open_draft(party, product) -> Submission | None:
    if party is None:
        return None
    return (Submission.objects.filter(party=party, product=product, state__in=OPEN_STATES,
                                      expires_at__gt=timezone.now())
            .select_related("version", "product").order_by("-updated_at").first())


def resume_url(submission: Submission) -> str:
    key = submission.product.key
    if submission.state == SubmissionState.AWAITING_PAYMENT or submission.current_step == "overzicht":
        return reverse("eforms:summary", args=[key, submission.uuid])
    if submission.current_step:
        return reverse("eforms:step", args=[key, submission.uuid, submission.current_step])
    return reverse("eforms:resume", args=[key, submission.uuid])


def submission_for(uuid, *, party=None, anonymous_uuids=()) -> Submission | None:
    """A submission the current visitor may see: of ``party`` (acting_for), or an anonymous one started in this
    session (``anonymous_uuids``)."""
    queryset = Submission.objects.select_related("version__definition", "product", "zaak", "party", "submitted_by")
    submission = queryset.filter(uuid=uuid).first()
    if submission is None:
        return None
    if submission.party_id is not None:
        return submission if party is not None and submission.party_id == party.pk else None
    return submission if str(submission.uuid) in set(anonymous_uuids) else None


def receipt_url(zaak) -> str:
    """The resident's receipt (PDF) of the form that created ``zaak``, or "" (for the case page in Mijn loket)."""
    submission = (Submission.objects.filter(zaak=zaak, state=SubmissionState.SUBMITTED).select_related("product")
                  .only("uuid", "product__key").first())
    return reverse("eforms:receipt", args=[submission.product.key, submission.uuid]) if submission else ""
