"""The builder's preview: a form version as a resident sees it, through the runner's own templates and checks, but
nothing is saved in the database or sent. The answers typed in the preview live in the staff member's session (so
the logic between steps works), per version, until "opnieuw beginnen".

Uses the runner (H2) pieces: ``selectors.compile_version``, ``services._raw_answers`` / ``services._validate`` /
``services.summary`` / ``services.neighbours`` and ``views._step_context`` with the template ``eforms/step.html``.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors, services
from .exceptions import InvalidRule
from .models import FieldKind, Submission

SESSION_KEY = "eforms_preview"
SUMMARY = "controleren"
KEEP_VERSIONS = 5


def _url(version, slug=None) -> str:
    kwargs = {"uuid": version.definition.uuid, "number": version.number}
    if slug is None:
        return reverse("eforms:builder_preview", kwargs=kwargs)
    return reverse("eforms:builder_preview_step", kwargs={**kwargs, "step_slug": slug})


def _load(request, version) -> dict:
    return dict((request.session.get(SESSION_KEY) or {}).get(str(version.pk)) or {})


def _store(request, version, data: dict) -> None:
    stored = dict(request.session.get(SESSION_KEY) or {})
    stored.pop(str(version.pk), None)
    stored[str(version.pk)] = data
    request.session[SESSION_KEY] = dict(list(stored.items())[-KEEP_VERSIONS:])


def _fake_submission(version, data: dict, compiled) -> Submission:
    """An unsaved submission for the runner's templates (no party: no "save for later" button)."""
    product = version.definition.product
    kept, _visible, _steps = compiled.resolve(data)
    return Submission(version=version, product=product, organisation_id=product.organisation_id, data=data,
                      fee=compiled.fee_for(kept))


def _context(request, version):
    return {"version": version, "definition": version.definition, "product": version.definition.product,
            "builder_url": reverse("eforms:builder_version", kwargs={"uuid": version.definition.uuid,
                                                                     "number": version.number}),
            "restart_url": _url(version) + "?opnieuw=1", "preview": True}


def render_preview(request, version, step_slug=None):
    try:
        compiled = selectors.compile_version(version)
    except InvalidRule as exc:
        messages.error(request, _("Het voorbeeld kan niet getoond worden: %(error)s") % {"error": exc})
        return redirect(reverse("eforms:builder_version", kwargs={"uuid": version.definition.uuid,
                                                                   "number": version.number}) + "#publiceren")
    if request.GET.get("opnieuw"):
        _store(request, version, {})
        return redirect(_url(version))
    data = _load(request, version)
    if step_slug is None:
        first = services.visible_steps(compiled, data)
        return render(request, "eforms/builder/preview_start.html", {
            **_context(request, version), "compiled": compiled,
            "first_url": _url(version, first[0].slug) if first else None,
        })
    if step_slug == SUMMARY:
        return _summary(request, version, compiled, data)
    current = compiled.step(step_slug)
    if current is None or current.slug not in {s.slug for s in services.visible_steps(compiled, data)}:
        return redirect(_url(version))
    request.product = version.definition.product
    errors = {}
    notice = ""
    if request.method == "POST":
        action = request.POST.get("action", "next")
        data.update(services._raw_answers(current, request.POST))
        values, errors = services._validate(compiled, current, data, organisation=request.product.organisation,
                                            files=request.FILES)
        for key, value in values.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        for field in current.fields:
            upload = request.FILES.get(field.key)
            if field.kind == FieldKind.FILE and upload is not None and field.key not in errors:
                data[field.key] = [{"id": None, "name": upload.name[-120:], "size": upload.size}]
        kept, visible, _steps = compiled.resolve(data)
        data = {k: v for k, v in data.items() if k in kept or (k in errors and k in visible)}
        _store(request, version, data)
        previous, following = services.neighbours(compiled, kept, current.slug)
        if action == "back":
            return redirect(_url(version, previous) if previous else _url(version))
        shown = {k for k in request.POST.get("_shown", "").split(",") if k}
        appeared = {f.key for f in current.fields if f.key in visible and f.answered and f.key not in shown} if shown else set()
        if appeared:
            errors = {k: v for k, v in errors.items() if k in shown}
            notice = _("Door uw antwoord zijn er vragen bijgekomen. Vul ze aan.")
        elif not errors:
            return redirect(_url(version, following or SUMMARY))
    from .views import _step_context

    submission = _fake_submission(version, data, compiled)
    context = _step_context(request, submission, compiled, current, errors=errors, notice=notice)
    context.update(_context(request, version))
    context["has_logic"] = False  # the live script talks to the runner's URLs of a real submission
    return render(request, "eforms/builder/preview_step.html", context, status=400 if errors else 200)


def _summary(request, version, compiled, data):
    submission = _fake_submission(version, data, compiled)
    kept, _visible, steps = compiled.resolve(data)
    visible = [s.slug for s in steps]
    return render(request, "eforms/builder/preview_summary.html", {
        **_context(request, version), "summary": services.summary(submission), "fee": submission.fee,
        "fee_label": version.fee_label,
        "progress": {"steps": steps, "number": len(steps) + 1, "total": len(steps) + 1},
        "last_url": _url(version, visible[-1]) if visible else None,
        "step_urls": {slug: _url(version, slug) for slug in visible},
    })
