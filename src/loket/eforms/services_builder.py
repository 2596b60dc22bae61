"""The staff form builder: create a form for a product, edit the steps and fields of a draft version, logic rules,
calculations, prefill, fees; publish a version; copy a published version into a new draft.

Every change goes through these functions (web UI, tests, demo): they check the actor's rights, refuse changes to a
published version (immutable: residents fill it in) and raise :class:`~loket.eforms.exceptions.FormError`\\ s with a
Dutch message and, where there is one, the ``field`` (form input name) it is about. Nothing is changed on an error.

Who builds forms (:func:`can_edit_forms`): functional administrators of the product's organisation, and managers,
functional administrators and case handlers of the product's department. Publishing (:func:`can_publish_forms`):
functional administrators of the organisation and managers / functional administrators of the product's department.
"""

from __future__ import annotations

import datetime
import decimal
import keyword
import re

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loket.catalog.models import ChannelKind, Product
from loket.platform.accounts.models import Role

from . import logic
from .exceptions import FormError, InvalidRule, InvalidState, NotFound
from .models import (
    ChoiceDisplay,
    FieldKind,
    FormDefinition,
    FormField,
    FormStep,
    FormVersion,
    Prefill,
    VersionState,
)


class PermissionDenied(FormError):
    default_message = gettext_lazy("U mag de formulieren van dit product niet bewerken.")
    status_code = 403


KEY_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$")
RESERVED_KEYS = set(logic.FUNCTIONS) | {"if_", "als", "and", "or", "not", "true", "false", "none"} | set(keyword.kwlist)
DATE_BOUND = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|vandaag(?:[+-]\d{1,5})?)$")
EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")
MAX_FILE_MB = 50
# Step slugs the runner (and the builder's preview) use for their own pages.
RESERVED_STEP_SLUGS = {"overzicht", "gepauzeerd", "verwijderen", "bevestiging", "betaling", "logica", "controleren",
                       "ontvangstbewijs"}
MAX_OPTIONS = 200

# Which settings a kind of field uses; the others are cleared when a field is saved (a field changed from a choice
# into a text field loses its options).
QUESTION_KINDS = set(FieldKind.values) - {FieldKind.TEXT_BLOCK, FieldKind.COMPUTED}
NUMBER_KINDS = {FieldKind.NUMBER, FieldKind.AMOUNT}
LENGTH_KINDS = {FieldKind.TEXT, FieldKind.TEXTAREA}
PATTERN_KINDS = {FieldKind.TEXT}
DATE_KINDS = {FieldKind.DATE}
FILE_KINDS = {FieldKind.FILE}
CHOICE_KINDS = {FieldKind.CHOICE}
PREFILL_KINDS = QUESTION_KINDS - {FieldKind.FILE, FieldKind.CHOICE, FieldKind.YES_NO}

ANSWERED_KINDS = QUESTION_KINDS | {FieldKind.COMPUTED}  # fields with a value rules and calculations can read


# -- Permissions -------------------------------------------------------------------------------------------


def _memberships(user):
    cache = getattr(user, "_eforms_memberships", None)
    if cache is None:
        cache = list(user.memberships.select_related("department"))
        user._eforms_memberships = cache
    return cache


def _is_staff_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and hasattr(user, "memberships")


def _has_role(user, product: Product, department_roles: set[str]) -> bool:
    if not _is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    for membership in _memberships(user):
        if membership.role == Role.ADMINISTRATOR and membership.department.organisation_id == product.organisation_id:
            return True
        if product.department_id and membership.department_id == product.department_id and membership.role in department_roles:
            return True
    return False


def can_edit_forms(user, product: Product) -> bool:
    """May ``user`` build (draft versions of) the request form of ``product``?"""
    return _has_role(user, product, {Role.MANAGER, Role.ADMINISTRATOR, Role.CASE_HANDLER})


def can_publish_forms(user, product: Product) -> bool:
    """May ``user`` publish a version of the request form of ``product`` (make it visible to residents)?"""
    return _has_role(user, product, {Role.MANAGER, Role.ADMINISTRATOR})


def _require_edit(actor, product: Product) -> None:
    if not can_edit_forms(actor, product):
        raise PermissionDenied(_("U mag de formulieren van dit product niet bewerken."))


def _editable(version: FormVersion, actor) -> FormVersion:
    """The version, locked for this transaction, when the actor may change it and it is still a draft."""
    _require_edit(actor, version.definition.product)
    locked = FormVersion.objects.select_for_update().select_related("definition__product").filter(pk=version.pk).first()
    if locked is None:
        raise NotFound(_("Deze formulierversie bestaat niet meer."))
    if not locked.is_editable:
        raise InvalidState(_("Een gepubliceerde versie kan niet meer gewijzigd worden; maak een nieuwe conceptversie."))
    return locked


def _touch(version: FormVersion) -> None:
    FormVersion.objects.filter(pk=version.pk).update(updated_at=timezone.now())


# -- Small cleaners ----------------------------------------------------------------------------------------


def _text(value, field: str, *, max_length: int, required: bool = False, label: str = "") -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise FormError(_("Vul %(label)s in.") % {"label": label or field}, field=field)
    if len(text) > max_length:
        raise FormError(_("Maximaal %(n)s tekens.") % {"n": max_length}, field=field)
    return text


def _decimal(value, field: str, *, minimum=None) -> decimal.Decimal | None:
    if value in (None, ""):
        return None
    number = logic.to_number(value)
    if number is None:
        raise FormError(_("Geef een getal, bijvoorbeeld 12,50."), field=field)
    if abs(number) >= decimal.Decimal("1e12"):
        raise FormError(_("Dit getal is te groot."), field=field)
    if minimum is not None and number < minimum:
        raise FormError(_("Geef een getal van minstens %(min)s.") % {"min": minimum}, field=field)
    return number.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)


def _int(value, field: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise FormError(_("Geef een geheel getal."), field=field) from None
    if number < minimum or (maximum is not None and number > maximum):
        if maximum is None:
            raise FormError(_("Geef een getal van minstens %(min)s.") % {"min": minimum}, field=field)
        raise FormError(_("Geef een getal van %(min)s tot %(max)s.") % {"min": minimum, "max": maximum}, field=field)
    return number


def _date_bound(value, field: str) -> str:
    text = (value or "").strip().lower().replace(" ", "")
    if not text:
        return ""
    if not DATE_BOUND.match(text):
        raise FormError(_("Geef een datum als JJJJ-MM-DD, of 'vandaag', 'vandaag+14' of 'vandaag-6570'."), field=field)
    if text[0].isdigit():
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            raise FormError(_("Deze datum bestaat niet."), field=field) from None
    return text


def _date_value(bound: str) -> datetime.date:
    """A date bound as a date relative to a fixed day, only to compare two bounds."""
    if bound[0].isdigit():
        return datetime.date.fromisoformat(bound)
    offset = int(bound[len("vandaag"):] or 0)
    return datetime.date(2000, 1, 1) + datetime.timedelta(days=offset)


def clean_key(value, field: str = "key") -> str:
    key = (value or "").strip()
    if not key:
        raise FormError(_("Geef een sleutel."), field=field)
    if len(key) > 60:
        raise FormError(_("Een sleutel heeft maximaal 60 tekens."), field=field)
    if not KEY_PATTERN.match(key):
        raise FormError(_("Een sleutel bestaat uit kleine letters, cijfers en _ en begint met een letter, bv. aantal_autos."),
                        field=field)
    if key in RESERVED_KEYS:
        raise FormError(_("'%(key)s' is een gereserveerd woord in rekenregels; kies een andere sleutel.") % {"key": key},
                        field=field)
    return key


def key_from_label(label: str, taken: set[str]) -> str:
    """A free key made from a question: 'Aantal auto's?' -> aantal_auto_s."""
    base = slugify(label or "").replace("-", "_")[:40].strip("_") or "veld"
    if not base[0].isalpha():
        base = f"veld_{base}"
    if base in RESERVED_KEYS:
        base = f"{base}_veld"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _slug_from_title(title: str, taken: set[str]) -> str:
    base = slugify(title or "")[:50].strip("-") or "stap"
    slug, n = base, 2
    while slug in taken or slug in RESERVED_STEP_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


def parse_options(text: str, field: str = "options") -> list[dict]:
    """Options typed one per line: 'label' or 'value | label'. Values are unique."""
    options, seen = [], set()
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if "|" in line:
            value, label = (part.strip() for part in line.split("|", 1))
        else:
            value, label = slugify(line).replace("-", "_") or line, line
        if not value or not label:
            raise FormError(_("Elke optie heeft een waarde en een tekst: 'waarde | tekst' of alleen de tekst."), field=field)
        if len(value) > 100 or len(label) > 300:
            raise FormError(_("Een optie is te lang (waarde maximaal 100, tekst maximaal 300 tekens)."), field=field)
        if value in seen:
            raise FormError(_("De optie '%(value)s' staat er twee keer in.") % {"value": value}, field=field)
        seen.add(value)
        options.append({"value": value, "label": label})
    if len(options) > MAX_OPTIONS:
        raise FormError(_("Maximaal %(n)s opties.") % {"n": MAX_OPTIONS}, field=field)
    return options


def options_text(options) -> str:
    return "\n".join(f"{o.get('value')} | {o.get('label')}" for o in options or [])


# -- Keys and references -----------------------------------------------------------------------------------


def _field_positions(version: FormVersion) -> dict[str, tuple[int, int]]:
    """key -> (step position, field position) in the order residents meet them."""
    positions = {}
    for step_index, step in enumerate(version.steps.order_by("order", "pk").prefetch_related("fields")):
        for field_index, field in enumerate(sorted(step.fields.all(), key=lambda f: (f.order, f.pk))):
            positions[field.key] = (step_index, field_index)
    return positions


def answer_keys(version: FormVersion, *, exclude: str | None = None) -> set[str]:
    """The keys rules and calculations may read: every field with an answer or a computed value."""
    keys = set(version.fields.filter(kind__in=ANSWERED_KINDS).values_list("key", flat=True))
    keys.discard(exclude)
    return keys


def references(version: FormVersion, key: str, *, ignore_step: FormStep | None = None) -> list[str]:
    """Where ``key`` is used (Dutch descriptions): conditions, calculations, the fee. ``ignore_step``: leave out
    that step and its fields (they go away together)."""
    used = []
    for step in version.steps.all():
        if ignore_step is not None and step.pk == ignore_step.pk:
            continue
        if key in logic.rule_fields(step.condition):
            used.append(_("de voorwaarde van stap '%(title)s'") % {"title": step.title})
    fields = version.fields.exclude(key=key)
    if ignore_step is not None:
        fields = fields.exclude(step=ignore_step)
    for field in fields:
        if key in logic.rule_fields(field.condition):
            used.append(_("de voorwaarde van veld '%(label)s'") % {"label": field.label})
        if field.kind == FieldKind.COMPUTED and key in logic.expression_fields(field.expression):
            used.append(_("de rekenregel van veld '%(label)s'") % {"label": field.label})
    if version.fee_expression and key in logic.expression_fields(version.fee_expression):
        used.append(_("de berekende leges"))
    return used


def _refuse_when_used(version: FormVersion, key: str, message: str) -> None:
    used = references(version, key)
    if used:
        raise FormError(message % {"key": key, "places": ", ".join(used)})


# -- Forms and versions ------------------------------------------------------------------------------------


def has_online_channel(product: Product) -> bool:
    return product.channels.filter(kind=ChannelKind.ONLINE).exists()


@transaction.atomic
def create_form(*, product: Product, actor, title: str = "", name: str = "") -> FormVersion:
    """A new form for ``product`` (which must have an online channel): version 1 as a draft with one first step."""
    _require_edit(actor, product)
    product = Product.objects.select_for_update().get(pk=product.pk)
    if not has_online_channel(product):
        raise FormError(_("Dit product heeft geen online kanaal; voeg dat eerst toe in de catalogus."), field="product")
    if FormDefinition.objects.filter(product=product).exists():
        raise InvalidState(_("Dit product heeft al een formulier."), field="product")
    title = _text(title, "title", max_length=200) or _("Aanvraag %(product)s") % {"product": product.name}
    title = title[:200]
    definition = FormDefinition.objects.create(
        organisation_id=product.organisation_id, product=product, created_by=actor,
        name=_text(name, "name", max_length=200) or product.name[:200],
    )
    version = FormVersion.objects.create(definition=definition, number=1, state=VersionState.DRAFT, title=title)
    FormStep.objects.create(version=version, order=1, slug="gegevens", title=_("Uw gegevens"))
    return version


@transaction.atomic
def update_settings(*, version: FormVersion, actor, title: str, intro: str = "", confirmation_text: str = "",
                    draft_days=30, name: str | None = None) -> FormVersion:
    """The texts of a draft version (title, intro, confirmation) and how long residents' drafts are kept."""
    version = _editable(version, actor)
    version.title = _text(title, "title", max_length=200, required=True, label=_("de titel"))
    version.intro = _text(intro, "intro", max_length=5000)
    version.confirmation_text = _text(confirmation_text, "confirmation_text", max_length=5000)
    version.draft_days = _int(draft_days, "draft_days", minimum=1, maximum=365) or 30
    version.save(update_fields=["title", "intro", "confirmation_text", "draft_days", "updated_at"])
    if name is not None:
        definition = version.definition
        definition.name = _text(name, "name", max_length=200, required=True, label=_("de naam"))
        definition.save(update_fields=["name", "updated_at"])
    return version


@transaction.atomic
def set_fee(*, version: FormVersion, actor, fee_amount=0, fee_expression: str = "", fee_label: str = "") -> FormVersion:
    """Fees (leges): a fixed amount, or a calculation over the fields (which then replaces the fixed amount)."""
    version = _editable(version, actor)
    amount = _decimal(fee_amount, "fee_amount", minimum=0) or decimal.Decimal("0.00")
    expression = _text(fee_expression, "fee_expression", max_length=logic.MAX_EXPRESSION_LENGTH)
    if expression:
        try:
            logic.check_expression(expression, answer_keys(version))
        except InvalidRule as exc:
            raise InvalidRule(exc.message, field="fee_expression") from None
    version.fee_amount = amount
    version.fee_expression = expression
    version.fee_label = _text(fee_label, "fee_label", max_length=200)
    version.save(update_fields=["fee_amount", "fee_expression", "fee_label", "updated_at"])
    return version


def publish_problems(version: FormVersion) -> list[str]:
    """What still has to be fixed before ``version`` can be published (Dutch sentences; empty: ready)."""
    problems = []
    product = version.definition.product
    if not has_online_channel(product):
        problems.append(_("Het product heeft geen online kanaal meer."))
    steps = list(version.steps.order_by("order", "pk").prefetch_related("fields"))
    if not steps:
        problems.append(_("Het formulier heeft nog geen stappen."))
    positions = _field_positions(version)
    keys = {key for key, kind in version.fields.values_list("key", "kind") if kind in ANSWERED_KINDS}
    questions = 0
    for step_index, step in enumerate(steps):
        fields = sorted(step.fields.all(), key=lambda f: (f.order, f.pk))
        if not fields:
            problems.append(_("Stap '%(step)s' heeft nog geen velden.") % {"step": step.title})
        if step.condition:
            try:
                logic.check_condition(step.condition, keys)
            except InvalidRule as exc:
                problems.append(_("Stap '%(step)s': %(error)s") % {"step": step.title, "error": exc})
            else:
                later = [k for k in logic.rule_fields(step.condition) if positions.get(k, (0, 0))[0] >= step_index]
                if later:
                    problems.append(_("Stap '%(step)s' hangt af van een veld in dezelfde of een latere stap (%(keys)s); "
                                      "een stap kan alleen afhangen van eerdere stappen.")
                                    % {"step": step.title, "keys": ", ".join(sorted(later))})
        for field in fields:
            questions += field.kind in QUESTION_KINDS
            problems.extend(_field_problems(field, keys, positions))
    if steps and not questions:
        problems.append(_("Het formulier heeft nog geen enkele vraag."))
    if version.fee_expression:
        try:
            logic.check_expression(version.fee_expression, keys)
        except InvalidRule as exc:
            problems.append(_("Berekende leges: %(error)s") % {"error": exc})
    return problems


def _field_problems(field: FormField, keys: set[str], positions: dict) -> list[str]:
    problems = []
    label = field.label
    here = positions.get(field.key, (0, 0))
    if field.kind == FieldKind.CHOICE and len(field.options or []) < 2:
        problems.append(_("Veld '%(label)s' heeft minstens twee opties nodig.") % {"label": label})
    if field.kind == FieldKind.COMPUTED:
        if not field.expression:
            problems.append(_("Veld '%(label)s' heeft nog geen rekenregel.") % {"label": label})
        else:
            try:
                logic.check_expression(field.expression, keys - {field.key})
            except InvalidRule as exc:
                problems.append(_("Veld '%(label)s': %(error)s") % {"label": label, "error": exc})
            else:
                later = [k for k in logic.expression_fields(field.expression) if positions.get(k, (0, 0)) > here]
                if later:
                    problems.append(_("De rekenregel van veld '%(label)s' gebruikt velden die pas later komen (%(keys)s).")
                                    % {"label": label, "keys": ", ".join(sorted(later))})
    if field.condition:
        try:
            logic.check_condition(field.condition, keys - {field.key})
        except InvalidRule as exc:
            problems.append(_("Veld '%(label)s': %(error)s") % {"label": label, "error": exc})
        else:
            later = [k for k in logic.rule_fields(field.condition) if positions.get(k, (0, 0)) > here]
            if later:
                problems.append(_("Veld '%(label)s' hangt af van velden die pas later komen (%(keys)s); verplaats het veld "
                                  "of de voorwaarde.") % {"label": label, "keys": ", ".join(sorted(later))})
    return problems


@transaction.atomic
def publish(*, version: FormVersion, actor) -> FormVersion:
    """Publish a draft: from now on residents fill in this version; the previous published version is retired
    (residents who started on it keep it). A published version can no longer be changed."""
    product = version.definition.product
    if not can_publish_forms(actor, product):
        raise PermissionDenied(_("U mag formulieren van dit product niet publiceren; vraag het aan een leidinggevende "
                                 "of functioneel beheerder."))
    version = _editable(version, actor)
    FormDefinition.objects.select_for_update().filter(pk=version.definition_id).first()
    problems = publish_problems(version)
    if problems:
        raise FormError(_("Nog niet klaar om te publiceren: %(problems)s") % {"problems": " ".join(problems)})
    FormVersion.objects.filter(definition_id=version.definition_id, state=VersionState.PUBLISHED).update(
        state=VersionState.RETIRED, updated_at=timezone.now())
    version.state = VersionState.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    return version


@transaction.atomic
def new_draft(*, version: FormVersion, actor) -> FormVersion:
    """Copy a published (or retired) version into a new draft version to edit; only one draft at a time."""
    _require_edit(actor, version.definition.product)
    FormDefinition.objects.select_for_update().filter(pk=version.definition_id).first()
    existing = FormVersion.objects.filter(definition_id=version.definition_id, state=VersionState.DRAFT).first()
    if existing is not None:
        raise InvalidState(_("Er is al een conceptversie (versie %(number)s); werk daarin verder.") % {"number": existing.number})
    number = (FormVersion.objects.filter(definition_id=version.definition_id).aggregate(n=Max("number"))["n"] or 0) + 1
    return copy_version(version, number=number)


def copy_version(version: FormVersion, *, number: int) -> FormVersion:
    """A draft copy of ``version`` with all steps and fields (used by :func:`new_draft`)."""
    source_steps = list(version.steps.order_by("order", "pk").prefetch_related("fields"))
    copy = FormVersion.objects.create(
        definition_id=version.definition_id, number=number, state=VersionState.DRAFT, title=version.title,
        intro=version.intro, confirmation_text=version.confirmation_text, fee_amount=version.fee_amount,
        fee_expression=version.fee_expression, fee_label=version.fee_label, draft_days=version.draft_days,
    )
    fields = []
    for step in source_steps:
        new_step = FormStep.objects.create(version=copy, order=step.order, slug=step.slug, title=step.title,
                                           intro=step.intro, condition=step.condition)
        for field in step.fields.all():
            field.pk = None
            field.id = None
            field._state.adding = True
            field.version = copy
            field.step = new_step
            fields.append(field)
    FormField.objects.bulk_create(fields)
    return copy


@transaction.atomic
def discard_draft(*, version: FormVersion, actor) -> FormDefinition | None:
    """Throw a draft version away. The form itself goes too when it was never published (returns None then)."""
    version = _editable(version, actor)
    definition = version.definition
    if version.submissions.exists():
        raise InvalidState(_("Inwoners hebben deze versie al ingevuld; ze kan niet meer weggegooid worden."))
    version.delete()
    if not definition.versions.exists():
        definition.delete()
        return None
    return definition


# -- Steps -------------------------------------------------------------------------------------------------


def _renumber_steps(version: FormVersion) -> None:
    for index, step in enumerate(version.steps.order_by("order", "pk"), start=1):
        if step.order != index:
            FormStep.objects.filter(pk=step.pk).update(order=index)


@transaction.atomic
def add_step(*, version: FormVersion, actor, title: str, intro: str = "", slug: str = "") -> FormStep:
    version = _editable(version, actor)
    title = _text(title, "title", max_length=200, required=True, label=_("de titel van de stap"))
    taken = set(version.steps.values_list("slug", flat=True))
    slug = _clean_slug(slug, taken) if slug else _slug_from_title(title, taken)
    order = (version.steps.aggregate(n=Max("order"))["n"] or 0) + 1
    step = FormStep.objects.create(version=version, order=order, slug=slug, title=title,
                                   intro=_text(intro, "intro", max_length=5000))
    _touch(version)
    return step


def _clean_slug(value, taken: set[str]) -> str:
    slug = (value or "").strip()
    if not slug or slug != slugify(slug) or len(slug) > 60:
        raise FormError(_("De korte naam bestaat uit kleine letters, cijfers en streepjes, bv. uw-gegevens."), field="slug")
    if slug in taken:
        raise FormError(_("Een andere stap heeft deze korte naam al."), field="slug")
    if slug in RESERVED_STEP_SLUGS:
        raise FormError(_("'%(slug)s' is gereserveerd voor een vaste pagina van het formulier; kies een andere korte naam.")
                        % {"slug": slug}, field="slug")
    return slug


@transaction.atomic
def update_step(*, step: FormStep, actor, title: str, intro: str = "", slug: str | None = None) -> FormStep:
    version = _editable(step.version, actor)
    step = FormStep.objects.get(pk=step.pk)
    step.title = _text(title, "title", max_length=200, required=True, label=_("de titel van de stap"))
    step.intro = _text(intro, "intro", max_length=5000)
    if slug is not None and slug != step.slug:
        step.slug = _clean_slug(slug, set(version.steps.exclude(pk=step.pk).values_list("slug", flat=True)))
    step.save(update_fields=["title", "intro", "slug"])
    _touch(version)
    return step


@transaction.atomic
def set_step_condition(*, step: FormStep, actor, rule: dict | None) -> FormStep:
    """Show the step only when ``rule`` holds ({} or None: always). The rule reads fields of earlier steps."""
    version = _editable(step.version, actor)
    step = FormStep.objects.get(pk=step.pk)
    rule = rule or {}
    own_keys = set(step.fields.values_list("key", flat=True))
    if rule:
        logic.check_condition(rule, answer_keys(version) - own_keys)
        earlier = _earlier_step_keys(version, step)
        later = sorted(logic.rule_fields(rule) - earlier)
        if later:
            raise InvalidRule(_("Een stap kan alleen afhangen van velden uit eerdere stappen (niet: %(keys)s).")
                              % {"keys": ", ".join(later)})
    step.condition = rule
    step.save(update_fields=["condition"])
    _touch(version)
    return step


def _earlier_step_keys(version: FormVersion, step: FormStep) -> set[str]:
    return set(FormField.objects.filter(version=version, step__order__lt=step.order, kind__in=ANSWERED_KINDS)
               .values_list("key", flat=True))


@transaction.atomic
def move_step(*, step: FormStep, actor, direction: str) -> FormStep:
    """Move a step one place up or down."""
    version = _editable(step.version, actor)
    _renumber_steps(version)
    steps = list(version.steps.order_by("order", "pk"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(steps):
        raise FormError(_("Deze stap staat al helemaal bovenaan.") if direction == "up"
                        else _("Deze stap staat al helemaal onderaan."))
    a, b = steps[index], steps[other]
    FormStep.objects.filter(pk=a.pk).update(order=b.order)
    FormStep.objects.filter(pk=b.pk).update(order=a.order)
    _touch(version)
    return FormStep.objects.get(pk=step.pk)


@transaction.atomic
def remove_step(*, step: FormStep, actor) -> None:
    """Remove a step and its fields; refused while other parts of the form use its fields."""
    version = _editable(step.version, actor)
    if version.steps.count() == 1:
        raise FormError(_("Een formulier heeft minstens één stap."))
    own = set(step.fields.values_list("key", flat=True))
    for key in sorted(own):
        used = references(version, key, ignore_step=step)
        if used:
            raise FormError(_("Het veld %(key)s van deze stap wordt nog gebruikt in %(places)s.")
                            % {"key": key, "places": ", ".join(used)})
    step.delete()
    _renumber_steps(version)
    _touch(version)


# -- Fields ------------------------------------------------------------------------------------------------


def _renumber_fields(step: FormStep) -> None:
    for index, field in enumerate(step.fields.order_by("order", "pk"), start=1):
        if field.order != index:
            FormField.objects.filter(pk=field.pk).update(order=index)


@transaction.atomic
def add_field(*, step: FormStep, actor, kind: str, label: str, key: str = "", required: bool = True,
              help_text: str = "") -> FormField:
    """A new field at the end of a step. The key is made from the label when not given."""
    version = _editable(step.version, actor)
    if kind not in FieldKind.values:
        raise FormError(_("Kies een soort veld."), field="kind")
    label = _text(label, "label", max_length=300, required=True, label=_("de vraag"))
    taken = set(version.fields.values_list("key", flat=True))
    if key:
        key = clean_key(key)
        if key in taken:
            raise FormError(_("Een ander veld van dit formulier heeft deze sleutel al."), field="key")
    else:
        key = key_from_label(label, taken)
    order = (step.fields.aggregate(n=Max("order"))["n"] or 0) + 1
    field = FormField.objects.create(
        version=version, step=step, order=order, key=key, kind=kind, label=label,
        help_text=_text(help_text, "help_text", max_length=2000), required=bool(required) and kind in QUESTION_KINDS,
    )
    _touch(version)
    return field


FIELD_SETTINGS = ("label", "key", "kind", "help_text", "required", "display", "options", "min_value", "max_value",
                  "min_length", "max_length", "pattern", "pattern_message", "min_date", "max_date", "accept",
                  "max_file_mb", "prefill", "expression", "case_property")


@transaction.atomic
def update_field(*, field: FormField, actor, **settings) -> FormField:  # noqa: C901 - one check per setting
    """Change a field's settings (any of FIELD_SETTINGS; ``options`` as a list of {value, label} or as text, one
    option per line). Settings the field's kind does not use are cleared. Raises FormError on the first problem."""
    unknown = set(settings) - set(FIELD_SETTINGS)
    if unknown:
        raise TypeError(f"unknown field settings: {sorted(unknown)}")
    version = _editable(field.version, actor)
    field = FormField.objects.select_related("step").get(pk=field.pk)
    old_key = field.key
    values = {name: getattr(field, name) for name in FIELD_SETTINGS}
    values.update(settings)

    kind = values["kind"]
    if kind not in FieldKind.values:
        raise FormError(_("Kies een soort veld."), field="kind")
    field.kind = kind
    field.label = _text(values["label"], "label", max_length=300, required=True, label=_("de vraag"))
    field.help_text = _text(values["help_text"], "help_text", max_length=2000)
    key = clean_key(values["key"])
    if key != old_key:
        if version.fields.filter(key=key).exclude(pk=field.pk).exists():
            raise FormError(_("Een ander veld van dit formulier heeft deze sleutel al."), field="key")
        used = references(version, old_key)
        if used:
            raise FormError(_("De sleutel kan niet veranderen: %(key)s wordt gebruikt in %(places)s. Pas die eerst aan.")
                            % {"key": old_key, "places": ", ".join(used)}, field="key")
    field.key = key
    if old_key and kind not in ANSWERED_KINDS:
        used = references(version, old_key)
        if used:
            raise FormError(_("Dit veld wordt gebruikt in %(places)s en moet daarom een waarde hebben.")
                            % {"places": ", ".join(used)}, field="kind")
    field.required = bool(values["required"]) and kind in QUESTION_KINDS

    # choices
    if kind in CHOICE_KINDS:
        display = values["display"] or ChoiceDisplay.RADIO
        if display not in ChoiceDisplay.values:
            raise FormError(_("Kies hoe de opties getoond worden."), field="display")
        options = values["options"]
        field.display = display
        field.options = parse_options(options) if isinstance(options, str) else _check_options(options)
    else:
        field.display, field.options = ChoiceDisplay.RADIO, []

    # numbers
    if kind in NUMBER_KINDS:
        field.min_value = _decimal(values["min_value"], "min_value")
        field.max_value = _decimal(values["max_value"], "max_value")
        if field.min_value is not None and field.max_value is not None and field.min_value > field.max_value:
            raise FormError(_("Het minimum is groter dan het maximum."), field="max_value")
    else:
        field.min_value = field.max_value = None

    # text length and pattern
    if kind in LENGTH_KINDS:
        field.min_length = _int(values["min_length"], "min_length", minimum=0, maximum=100_000)
        field.max_length = _int(values["max_length"], "max_length", minimum=1, maximum=100_000)
        if field.min_length is not None and field.max_length is not None and field.min_length > field.max_length:
            raise FormError(_("De minimale lengte is groter dan de maximale."), field="max_length")
    else:
        field.min_length = field.max_length = None
    if kind in PATTERN_KINDS:
        field.pattern = _text(values["pattern"], "pattern", max_length=300)
        field.pattern_message = _text(values["pattern_message"], "pattern_message", max_length=300)
        if field.pattern:
            try:
                re.compile(field.pattern)
            except re.error:
                raise FormError(_("Dit patroon is geen geldige reguliere expressie."), field="pattern") from None
            if not field.pattern_message:
                raise FormError(_("Geef de foutmelding die inwoners zien als het antwoord niet past."),
                                field="pattern_message")
    else:
        field.pattern = field.pattern_message = ""

    # dates
    if kind in DATE_KINDS:
        field.min_date = _date_bound(values["min_date"], "min_date")
        field.max_date = _date_bound(values["max_date"], "max_date")
        if (field.min_date and field.max_date and field.min_date[0].isdigit() == field.max_date[0].isdigit()
                and _date_value(field.min_date) > _date_value(field.max_date)):
            raise FormError(_("De vroegste datum ligt na de laatste datum."), field="max_date")
    else:
        field.min_date = field.max_date = ""

    # files
    if kind in FILE_KINDS:
        field.accept = _accept(values["accept"])
        field.max_file_mb = _int(values["max_file_mb"], "max_file_mb", minimum=1, maximum=MAX_FILE_MB) or 10
    else:
        field.accept, field.max_file_mb = "", 10

    # ask once
    prefill = values["prefill"] or ""
    if prefill and (prefill not in Prefill.values or kind not in PREFILL_KINDS):
        raise FormError(_("Dit soort veld kan niet vooraf ingevuld worden met deze gegevens."), field="prefill")
    field.prefill = prefill

    # calculation
    if kind == FieldKind.COMPUTED:
        expression = _text(values["expression"], "expression", max_length=logic.MAX_EXPRESSION_LENGTH)
        if expression:
            if key in logic.expression_fields(expression):
                raise InvalidRule(_("Een rekenregel kan het eigen veld niet gebruiken."), field="expression")
            try:
                logic.check_expression(expression, answer_keys(version, exclude=old_key) - {key})
            except InvalidRule as exc:
                raise InvalidRule(exc.message, field="expression") from None
        field.expression = expression
    else:
        field.expression = ""

    case_property = _text(values["case_property"], "case_property", max_length=60)
    if case_property and not re.match(r"^[\w.-]+$", case_property):
        raise FormError(_("De naam van een zaakeigenschap bevat geen spaties of leestekens."), field="case_property")
    field.case_property = case_property if kind in ANSWERED_KINDS else ""
    field.save()
    _touch(version)
    return field


def _check_options(options) -> list[dict]:
    if not isinstance(options, list):
        raise FormError(_("Geef de opties als lijst."), field="options")
    return parse_options("\n".join(f"{o.get('value', '')} | {o.get('label', '')}" if isinstance(o, dict) else str(o)
                                   for o in options))


def _accept(value) -> str:
    text = (value or "").strip().lower().replace(" ", "")
    if not text:
        return ""
    parts = [p for p in text.split(",") if p]
    for part in parts:
        if not EXTENSION.match(part):
            raise FormError(_("Geef bestandstypen als extensies met een punt, gescheiden door komma's: .pdf,.jpg"),
                            field="accept")
    return ",".join(dict.fromkeys(parts))


@transaction.atomic
def set_field_condition(*, field: FormField, actor, rule: dict | None) -> FormField:
    """Show the field only when ``rule`` holds ({} or None: always)."""
    version = _editable(field.version, actor)
    field = FormField.objects.get(pk=field.pk)
    rule = rule or {}
    if rule:
        if field.key in logic.rule_fields(rule):
            raise InvalidRule(_("Een veld kan niet van zichzelf afhangen."))
        logic.check_condition(rule, answer_keys(version, exclude=field.key))
    field.condition = rule
    field.save(update_fields=["condition"])
    _touch(version)
    return field


@transaction.atomic
def move_field(*, field: FormField, actor, direction: str) -> FormField:
    """One place up or down; at the top (bottom) of a step the field moves to the end (start) of the previous
    (next) step."""
    version = _editable(field.version, actor)
    field = FormField.objects.select_related("step").get(pk=field.pk)
    step = field.step
    _renumber_fields(step)
    fields = list(step.fields.order_by("order", "pk"))
    index = next(i for i, f in enumerate(fields) if f.pk == field.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(fields):
        a, b = fields[index], fields[other]
        FormField.objects.filter(pk=a.pk).update(order=b.order)
        FormField.objects.filter(pk=b.pk).update(order=a.order)
    else:
        steps = list(version.steps.order_by("order", "pk"))
        step_index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        target_index = step_index - 1 if direction == "up" else step_index + 1
        if target_index < 0 or target_index >= len(steps):
            raise FormError(_("Dit veld staat al helemaal bovenaan.") if direction == "up"
                            else _("Dit veld staat al helemaal onderaan."))
        target = steps[target_index]
        if direction == "up":
            order = (target.fields.aggregate(n=Max("order"))["n"] or 0) + 1
        else:
            FormField.objects.filter(step=target).update(order=F("order") + 1)
            order = 0
        FormField.objects.filter(pk=field.pk).update(step=target, order=order)
        _renumber_fields(target)
        _renumber_fields(step)
    _touch(version)
    return FormField.objects.get(pk=field.pk)


@transaction.atomic
def move_field_to_step(*, field: FormField, actor, step: FormStep) -> FormField:
    """Move a field to the end of another step of the same version."""
    version = _editable(field.version, actor)
    if step.version_id != version.pk:
        raise FormError(_("Deze stap hoort niet bij dit formulier."), field="step")
    field = FormField.objects.select_related("step").get(pk=field.pk)
    source = field.step
    if source.pk == step.pk:
        return field
    order = (step.fields.aggregate(n=Max("order"))["n"] or 0) + 1
    FormField.objects.filter(pk=field.pk).update(step=step, order=order)
    _renumber_fields(source)
    _touch(version)
    return FormField.objects.get(pk=field.pk)


@transaction.atomic
def remove_field(*, field: FormField, actor) -> None:
    """Remove a field; refused while a condition or calculation uses it."""
    version = _editable(field.version, actor)
    field = FormField.objects.select_related("step").get(pk=field.pk)
    _refuse_when_used(version, field.key, _("Het veld %(key)s wordt nog gebruikt in %(places)s; pas dat eerst aan."))
    step = field.step
    field.delete()
    _renumber_fields(step)
    _touch(version)
