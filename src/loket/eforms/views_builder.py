"""The staff form builder under /werkplek/formulieren/ (thin views: rules in :mod:`.services_builder`, reads in
:mod:`.selectors_builder`).

A service's error is shown on the form that was sent, rendered again with what was typed (status 400/403/409).
Every change is a POST that answers with a redirect back to where the staff member was (anchored), so the pages work
without JavaScript and the browser's back button does not send anything twice.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.platform.accounts.decorators import staff_required

from . import forms_builder as bforms
from . import logic, selectors_builder, services_builder
from .exceptions import FormError, NotFound
from .models import FieldKind, FormVersion

ERROR_STATUSES = (400, 403, 409)


def _status(exc) -> int:
    return exc.status_code if exc.status_code in ERROR_STATUSES else 400


def _definition(request, uuid):
    try:
        return selectors_builder.get_definition(request.user, uuid=uuid)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _version(request, uuid, number) -> FormVersion:
    definition = _definition(request, uuid)
    try:
        return selectors_builder.get_version(definition, number)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _lookup(getter, version, pk):
    try:
        return getter(version, pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def version_url(version: FormVersion, anchor: str = "") -> str:
    url = reverse("eforms:builder_version", kwargs={"uuid": version.definition.uuid, "number": version.number})
    return f"{url}#{anchor}" if anchor else url


def _field_url(field) -> str:
    return reverse("eforms:builder_field", kwargs={
        "uuid": field.version.definition.uuid, "number": field.version.number, "pk": field.pk})


def _step_url(step) -> str:
    return reverse("eforms:builder_step", kwargs={
        "uuid": step.version.definition.uuid, "number": step.version.number, "pk": step.pk})


# -- List and new form ---------------------------------------------------------------------------------------


@staff_required
def form_list(request):
    """Products with an online channel and the state of their form."""
    query = (request.GET.get("q") or "").strip()[:100]
    rows = selectors_builder.builder_products(request.user, query=query)
    return render(request, "eforms/builder/list.html", {
        "rows": rows, "query": query, "can_create": any(row.can_edit and row.definition is None for row in rows),
    })


@staff_required
def new_form(request):
    """Create the form of a product (version 1, a draft)."""
    products = selectors_builder.new_form_products(request.user)
    if not products and request.method != "POST" and not any(
            row.can_edit for row in selectors_builder.builder_products(request.user)):
        raise DjangoPermissionDenied(_("U mag geen formulieren bouwen."))
    form = bforms.NewFormForm(request.POST or None, products=products,
                              initial={"product": request.GET.get("product", "")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            product = form.products[form.cleaned_data["product"]]
            try:
                version = services_builder.create_form(product=product, actor=request.user, title=form.cleaned_data["title"])
            except FormError as exc:
                bforms.add_service_error(form, exc)
                status = _status(exc)
            else:
                messages.success(request, _("Formulier gemaakt. Voeg nu stappen en velden toe."))
                return redirect(version_url(version))
    return render(request, "eforms/builder/new.html", {"form": form, "products": products}, status=status)


@staff_required
def form_page(request, uuid):
    """A form: open the version to work on (the draft, else the published one)."""
    definition = _definition(request, uuid)
    version = selectors_builder.current_version(definition)
    version.definition = definition
    return redirect(version_url(version))


# -- One version ----------------------------------------------------------------------------------------------


def _version_forms(version, bound=None) -> dict:
    bound = bound or {}
    definition = version.definition
    forms = {
        "settings": bound.get("settings") or bforms.SettingsForm(prefix="settings", initial={
            "name": definition.name, "title": version.title, "intro": version.intro,
            "confirmation_text": version.confirmation_text, "draft_days": version.draft_days}),
        "fee": bound.get("fee") or bforms.FeeForm(prefix="fee", initial={
            "fee_amount": f"{version.fee_amount:.2f}".replace(".", ","), "fee_expression": version.fee_expression,
            "fee_label": version.fee_label}),
        "step": bound.get("step") or bforms.StepForm(prefix="step"),
    }
    return forms


def _render_version(request, version, *, bound=None, bound_field_step=None, status=200):
    definition = version.definition
    steps = selectors_builder.steps_with_fields(version)
    for step in steps:
        step.version = version
        if bound_field_step is not None and bound_field_step[0] == step.pk:
            step.add_field_form = bound_field_step[1]
        else:
            step.add_field_form = bforms.AddFieldForm(prefix=f"field{step.pk}")
    editable = selectors_builder.can_edit(request.user, version)
    all_versions = selectors_builder.versions(definition)
    error_form = next((f for f in (bound or {}).values() if f is not None and f.errors), None)
    if error_form is None and bound_field_step is not None and bound_field_step[1].errors:
        error_form = bound_field_step[1]
    return render(request, "eforms/builder/version.html", {
        "version": version, "definition": definition, "product": definition.product, "steps": steps,
        "forms": _version_forms(version, bound), "editable": editable,
        "can_edit_product": services_builder.can_edit_forms(request.user, definition.product),
        "can_publish": selectors_builder.can_publish(request.user, version),
        "problems": services_builder.publish_problems(version) if version.is_editable else [],
        "versions": all_versions, "has_draft": any(v.is_editable for v in all_versions),
        "keys": selectors_builder.expression_help_keys(version), "functions": logic.FUNCTIONS,
        "error_form": error_form,
    }, status=status)


@staff_required
def version_page(request, uuid, number):
    """One version: its steps and fields (with up/down buttons), settings, fees; preview and publish."""
    return _render_version(request, _version(request, uuid, number))


def _do_settings(request, version, form):
    data = form.cleaned_data
    services_builder.update_settings(version=version, actor=request.user, title=data["title"], intro=data["intro"],
                                     confirmation_text=data["confirmation_text"], draft_days=data["draft_days"],
                                     name=data["name"])
    return _("Instellingen bewaard."), "instellingen"


def _do_fee(request, version, form):
    data = form.cleaned_data
    services_builder.set_fee(version=version, actor=request.user, fee_amount=data["fee_amount"],
                             fee_expression=data["fee_expression"], fee_label=data["fee_label"])
    return _("Leges bewaard."), "leges"


def _do_add_step(request, version, form):
    data = form.cleaned_data
    step = services_builder.add_step(version=version, actor=request.user, title=data["title"], intro=data["intro"],
                                     slug=data["slug"])
    return _("Stap '%(title)s' toegevoegd.") % {"title": step.title}, f"stap-{step.pk}"


def _do_publish(request, version, form):
    services_builder.publish(version=version, actor=request.user)
    return _("Versie %(number)s is gepubliceerd. Inwoners vullen vanaf nu deze versie in; ze kan niet meer "
             "gewijzigd worden.") % {"number": version.number}, "top"


def _do_new_version(request, version, form):
    return services_builder.new_draft(version=version, actor=request.user)


def _do_discard(request, version, form):
    definition = services_builder.discard_draft(version=version, actor=request.user)
    return definition if definition is not None else "deleted"


VERSION_ACTIONS = {
    "instellingen": ("settings", _do_settings),
    "leges": ("fee", _do_fee),
    "stap": ("step", _do_add_step),
    "publiceren": (None, _do_publish),
    "nieuwe-versie": (None, _do_new_version),
    "weggooien": (None, _do_discard),
}


def _version_form(name, data):
    return {"settings": bforms.SettingsForm, "fee": bforms.FeeForm, "step": bforms.StepForm}[name](data, prefix=name)


@staff_required
@require_POST
def version_action(request, uuid, number, action):
    if action not in VERSION_ACTIONS:
        raise Http404()
    version = _version(request, uuid, number)
    form_name, handler = VERSION_ACTIONS[action]
    form = _version_form(form_name, request.POST) if form_name else None
    status = 400
    if form is None or form.is_valid():
        try:
            result = handler(request, version, form)
        except FormError as exc:
            if form is None:
                messages.error(request, str(exc))
                return _render_version(request, version, status=_status(exc))
            bforms.add_service_error(form, exc)
            status = _status(exc)
        else:
            if isinstance(result, FormVersion):
                messages.success(request, _("Nieuwe conceptversie %(number)s gemaakt; pas ze aan en publiceer ze.")
                                 % {"number": result.number})
                result.definition = version.definition
                return redirect(version_url(result))
            if result == "deleted":
                messages.success(request, _("Het concept en het formulier zijn weggegooid."))
                return redirect("eforms:builder")
            if not isinstance(result, tuple):
                messages.success(request, _("Het concept is weggegooid."))
                return redirect(reverse("eforms:builder_form", kwargs={"uuid": version.definition.uuid}))
            message, anchor = result
            messages.success(request, message)
            return redirect(version_url(version, anchor))
    return _render_version(request, version, bound={form_name: form}, status=status)


# -- Steps ------------------------------------------------------------------------------------------------------


def _render_step(request, version, step, *, step_form=None, rule_form=None, status=200):
    fields = [f for f in selectors_builder.answer_fields(version) if f.step.order < step.order]
    combinator, rows = selectors_builder.rule_rows(step.condition)
    labels = {f.key: f.label for f in selectors_builder.answer_fields(version)}
    return render(request, "eforms/builder/step.html", {
        "version": version, "definition": version.definition, "step": step, "back_anchor": f"#stap-{step.pk}",
        "editable": selectors_builder.can_edit(request.user, version),
        "step_form": step_form or bforms.StepForm(prefix="step", initial={
            "title": step.title, "slug": step.slug, "intro": step.intro}),
        "rule_form": rule_form or bforms.RuleForm(prefix="rule", fields=fields, rows=rows, combinator=combinator),
        "rule_fields": fields, "condition_text": selectors_builder.describe_rule(step.condition, labels),
        "error_form": next((f for f in (step_form, rule_form) if f is not None and f.errors), None),
    }, status=status)


@staff_required
def step_page(request, uuid, number, pk):
    version = _version(request, uuid, number)
    return _render_step(request, version, _lookup(selectors_builder.get_step, version, pk))


@staff_required
@require_POST
def step_action(request, uuid, number, pk, action):  # noqa: C901 - one branch per action
    version = _version(request, uuid, number)
    step = _lookup(selectors_builder.get_step, version, pk)
    anchor = f"stap-{step.pk}"
    try:
        if action in ("omhoog", "omlaag"):
            services_builder.move_step(step=step, actor=request.user, direction="up" if action == "omhoog" else "down")
            messages.success(request, _("Stap '%(title)s' verplaatst.") % {"title": step.title})
            return redirect(version_url(version, anchor))
        if action == "verwijderen":
            services_builder.remove_step(step=step, actor=request.user)
            messages.success(request, _("Stap '%(title)s' verwijderd.") % {"title": step.title})
            return redirect(version_url(version, "stappen"))
    except FormError as exc:
        messages.error(request, str(exc))
        return _render_version(request, version, status=_status(exc))
    if action == "veld":
        form = bforms.AddFieldForm(request.POST, prefix=f"field{step.pk}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                field = services_builder.add_field(step=step, actor=request.user, kind=data["kind"], label=data["label"],
                                                   required=data["required"])
            except FormError as exc:
                bforms.add_service_error(form, exc)
                return _render_version(request, version, bound_field_step=(step.pk, form), status=_status(exc))
            field.version = version
            messages.success(request, _("Veld '%(label)s' toegevoegd. Vul hier de instellingen aan.") % {"label": field.label})
            return redirect(_field_url(field))
        return _render_version(request, version, bound_field_step=(step.pk, form), status=400)
    if action == "bewerken":
        form = bforms.StepForm(request.POST, prefix="step")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services_builder.update_step(step=step, actor=request.user, title=data["title"], intro=data["intro"],
                                             slug=data["slug"] or step.slug)
            except FormError as exc:
                bforms.add_service_error(form, exc)
                return _render_step(request, version, step, step_form=form, status=_status(exc))
            messages.success(request, _("Stap bewaard."))
            return redirect(version_url(version, anchor))
        return _render_step(request, version, step, step_form=form, status=400)
    if action == "voorwaarde":
        fields = [f for f in selectors_builder.answer_fields(version) if f.step.order < step.order]
        form = bforms.RuleForm(request.POST, prefix="rule", fields=fields)
        if form.is_valid():
            try:
                services_builder.set_step_condition(step=step, actor=request.user, rule=form.cleaned_data["rule"])
            except FormError as exc:
                bforms.add_service_error(form, exc)
                return _render_step(request, version, step, rule_form=form, status=_status(exc))
            messages.success(request, _("Voorwaarde van de stap bewaard.") if form.cleaned_data["rule"]
                             else _("De stap wordt altijd getoond."))
            return redirect(version_url(version, anchor))
        return _render_step(request, version, step, rule_form=form, status=400)
    raise Http404()


# -- Fields ------------------------------------------------------------------------------------------------------


def _render_field(request, version, field, *, field_form=None, rule_form=None, move_form=None, status=200):
    rule_fields = selectors_builder.answer_fields(version, exclude_pk=field.pk)
    combinator, rows = selectors_builder.rule_rows(field.condition)
    steps = list(version.steps.order_by("order", "pk"))
    labels = {f.key: f.label for f in rule_fields}
    return render(request, "eforms/builder/field.html", {
        "version": version, "definition": version.definition, "field": field, "step": field.step,
        "back_anchor": f"#veld-{field.pk}",
        "editable": selectors_builder.can_edit(request.user, version),
        "field_form": field_form or bforms.FieldForm(prefix="field", field=field),
        "rule_form": rule_form or bforms.RuleForm(prefix="rule", fields=rule_fields, rows=rows, combinator=combinator),
        "move_form": move_form or bforms.MoveFieldForm(prefix="move", steps=steps, current=field.step),
        "rule_fields": rule_fields, "condition_text": selectors_builder.describe_rule(field.condition, labels),
        "keys": selectors_builder.expression_help_keys(version, exclude_pk=field.pk), "functions": logic.FUNCTIONS,
        "is_computed": field.kind == FieldKind.COMPUTED, "multiple_steps": len(steps) > 1,
        "error_form": next((f for f in (field_form, rule_form, move_form) if f is not None and f.errors), None),
    }, status=status)


@staff_required
def field_page(request, uuid, number, pk):
    version = _version(request, uuid, number)
    return _render_field(request, version, _lookup(selectors_builder.get_field, version, pk))


@staff_required
@require_POST
def field_action(request, uuid, number, pk, action):  # noqa: C901 - one branch per action
    version = _version(request, uuid, number)
    field = _lookup(selectors_builder.get_field, version, pk)
    anchor = f"veld-{field.pk}"
    try:
        if action in ("omhoog", "omlaag"):
            services_builder.move_field(field=field, actor=request.user, direction="up" if action == "omhoog" else "down")
            messages.success(request, _("Veld '%(label)s' verplaatst.") % {"label": field.label})
            return redirect(version_url(version, anchor))
        if action == "verwijderen":
            services_builder.remove_field(field=field, actor=request.user)
            messages.success(request, _("Veld '%(label)s' verwijderd.") % {"label": field.label})
            return redirect(version_url(version, f"stap-{field.step_id}"))
    except FormError as exc:
        messages.error(request, str(exc))
        if request.POST.get("from") == "field":
            return _render_field(request, version, field, status=_status(exc))
        return _render_version(request, version, status=_status(exc))
    if action == "bewerken":
        form = bforms.FieldForm(request.POST, prefix="field", field=field)
        if form.is_valid():
            try:
                saved = services_builder.update_field(field=field, actor=request.user, **form.service_settings())
            except FormError as exc:
                bforms.add_service_error(form, exc)
                return _render_field(request, version, field, field_form=form, status=_status(exc))
            if saved.kind != field.kind:
                saved.version = version
                messages.success(request, _("Veld bewaard. Vul nu de instellingen van de nieuwe soort aan."))
                return redirect(_field_url(saved) + "#instellingen")
            messages.success(request, _("Veld '%(label)s' bewaard.") % {"label": saved.label})
            return redirect(version_url(version, anchor))
        return _render_field(request, version, field, field_form=form, status=400)
    if action == "voorwaarde":
        form = bforms.RuleForm(request.POST, prefix="rule", fields=selectors_builder.answer_fields(version, exclude_pk=field.pk))
        if form.is_valid():
            try:
                services_builder.set_field_condition(field=field, actor=request.user, rule=form.cleaned_data["rule"])
            except FormError as exc:
                bforms.add_service_error(form, exc)
                return _render_field(request, version, field, rule_form=form, status=_status(exc))
            messages.success(request, _("Voorwaarde van het veld bewaard.") if form.cleaned_data["rule"]
                             else _("Het veld wordt altijd getoond."))
            return redirect(version_url(version, anchor))
        return _render_field(request, version, field, rule_form=form, status=400)
    if action == "verplaatsen":
        steps = list(version.steps.order_by("order", "pk"))
        form = bforms.MoveFieldForm(request.POST, prefix="move", steps=steps)
        if form.is_valid():
            target = form.steps[form.cleaned_data["step"]]
            try:
                services_builder.move_field_to_step(field=field, actor=request.user, step=target)
            except FormError as exc:
                bforms.add_service_error(form, exc)
                return _render_field(request, version, field, move_form=form, status=_status(exc))
            messages.success(request, _("Veld verplaatst naar stap '%(title)s'.") % {"title": target.title})
            return redirect(version_url(version, anchor))
        return _render_field(request, version, field, move_form=form, status=400)
    raise Http404()


# -- Preview ------------------------------------------------------------------------------------------------------


@staff_required
def preview(request, uuid, number, step_slug=None):
    """The form as a resident sees it (H2's runner templates in preview mode: nothing is saved or sent)."""
    from . import preview as preview_module

    version = _version(request, uuid, number)
    return preview_module.render_preview(request, version, step_slug)
