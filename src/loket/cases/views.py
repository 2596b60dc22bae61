"""Staff web UI for case handling: work queues, the case page, tasks and the case type builder.

Thin views: they read through :mod:`loket.cases.selectors`, change through :mod:`loket.cases.services` and show a
service's exception as a Dutch form error on the form that was sent (rendered again, nothing typed is lost).
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from loket.platform.accounts.decorators import staff_required

from . import deadlines, selectors, services
from . import forms as case_forms
from .exceptions import CaseError, NotFound, PermissionDenied
from .models import ResultaatType, StatusType, ZaakType

SCOPES = {
    "person": gettext_lazy("Mijn zaken"),
    "team": gettext_lazy("Zaken van mijn team"),
    "department": gettext_lazy("Zaken van mijn afdeling"),
}
SCOPE_URLS = {"person": "cases:queue", "team": "cases:queue_team", "department": "cases:queue_department"}
TASK_SCOPES = ("department", "person", "organisation")


def _organisation(request):
    organisation = selectors.user_organisation(request.user)
    if organisation is None:
        raise Http404(_("U werkt voor geen enkele organisatie."))
    return organisation


def _int(value, default=1) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return default


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# -- Work queues -------------------------------------------------------------------------------------------


@staff_required
def queue(request, scope="person"):
    """A work queue (mine, my team's, my department's) with filters, saved filters, pages of 50 and bulk assignment."""
    user = request.user
    organisation = _organisation(request)
    my_departments = selectors.user_departments(user)
    department = None
    if scope == "department" and request.GET.get("afdeling"):
        department = selectors.organisation_departments(organisation).filter(pk=_int(request.GET["afdeling"], 0)).first()
        if department is None:
            raise Http404(_("Deze afdeling bestaat niet."))
    saved = list(selectors.saved_filters(user).select_related("shared_with"))
    case_types = selectors.case_types(organisation)
    filter_form_kwargs = {"case_types": case_types, "status_names": selectors.queue_status_names(organisation)}
    active_filter = None
    if request.GET.get("filter"):
        active_filter = next((f for f in saved if str(f.pk) == request.GET["filter"]), None)
        if active_filter is None:
            raise Http404(_("Dit filter bestaat niet."))
        filters = dict(active_filter.filters)
        filter_form = case_forms.QueueFilterForm(initial=case_forms.QueueFilterForm.initial_from_filters(filters),
                                                 **filter_form_kwargs)
    else:
        filter_form = case_forms.QueueFilterForm(request.GET or None, **filter_form_kwargs)
        filters = filter_form.to_filters() if filter_form.is_bound and filter_form.is_valid() else {}

    bulk_departments = selectors.organisation_departments(organisation)
    bulk_kwargs = {"departments": bulk_departments, "teams": selectors.organisation_teams(organisation),
                   "staff": selectors.department_staff(bulk_departments)}
    save_kwargs = {"departments": selectors.organisation_departments(organisation).filter(pk__in=[d.pk for d in my_departments])}
    bulk_form = case_forms.BulkAssignForm(prefix="bulk", **bulk_kwargs)
    save_form = case_forms.SaveFilterForm(prefix="save", **save_kwargs)
    selected: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "assign":
            bulk_form = case_forms.BulkAssignForm(request.POST, prefix="bulk", **bulk_kwargs)
            selected = request.POST.getlist("zaken")
            result = _bulk_assign(request, bulk_form, selected)
            if result is not None:
                return result
            status = 400
        elif action == "save_filter":
            save_form = case_forms.SaveFilterForm(request.POST, prefix="save", **save_kwargs)
            if save_form.is_valid():
                try:
                    saved_filter = services.save_filter(owner=user, name=save_form.cleaned_data["name"], filters=filters,
                                                        shared_with=save_form.cleaned_data["shared_with"])
                except CaseError as exc:
                    case_forms.add_service_error(save_form, exc)
                else:
                    messages.success(request, _("Filter '%(name)s' bewaard.") % {"name": saved_filter.name})
                    return redirect(reverse(SCOPE_URLS[scope]) + "?" + urlencode({"filter": saved_filter.pk}))
            status = 400
        elif action == "delete_filter":
            target = next((f for f in saved if str(f.pk) == request.POST.get("filter_id")), None)
            if target is None:
                raise Http404(_("Dit filter bestaat niet."))
            try:
                services.delete_filter(saved_filter=target, actor=user)
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc)) from exc
            messages.success(request, _("Filter '%(name)s' verwijderd.") % {"name": target.name})
            return redirect(reverse(SCOPE_URLS[scope]))
        else:
            raise Http404()

    page_number = _int(request.GET.get("pagina"))
    try:
        page = selectors.work_queue_page(user, scope=scope, department=department, filters=filters, page=page_number)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except CaseError:
        filters = {}
        page = selectors.work_queue_page(user, scope=scope, department=department, page=page_number)
    query = request.GET.copy()
    query.pop("pagina", None)
    base_query = query.urlencode()
    rows = [(zaak, selectors.deadline_state(zaak)) for zaak in page.cases]
    return render(request, "cases/queue.html", {
        "scope": scope, "scope_title": SCOPES[scope], "scopes": [(key, SCOPE_URLS[key], label) for key, label in SCOPES.items()],
        "department": department, "my_departments": my_departments, "rows": rows, "page": page,
        "previous_url": f"?{base_query}&pagina={page.page - 1}" if page.page > 1 else "",
        "next_url": f"?{base_query}&pagina={page.page + 1}" if page.has_next else "",
        "filter_form": filter_form, "saved_filters": saved, "active_filter": active_filter, "bulk_form": bulk_form,
        "save_form": save_form, "selected": selected,
        "clear_url": reverse(SCOPE_URLS[scope]) + (f"?afdeling={department.pk}" if department else ""), "can_save_filter": not filter_form.is_bound or filter_form.is_valid(),
    }, status=status)


def _bulk_assign(request, form, selected):
    """Assign the selected cases; returns a redirect on success, None when the form shows an error."""
    if not selected:
        form.is_valid()
        form.add_error(None, _("Kies minstens één zaak met de selectievakjes."))
        return None
    if not form.is_valid():
        return None
    visible = list(selectors.visible_cases(request.user).filter(uuid__in=_uuids(selected)).values_list("pk", flat=True))
    if len(visible) != len(set(selected)):
        form.add_error(None, _("Een of meer gekozen zaken bestaan niet of u hebt er geen toegang toe."))
        return None
    changes = {name: form.cleaned_data[name] for name in ("department", "team", "assignee") if form.cleaned_data.get(name)}
    try:
        count = services.bulk_assign(zaken=visible, actor=request.user, **changes)
    except CaseError as exc:
        case_forms.add_service_error(form, exc)
        return None
    messages.success(request, _("%(count)s zaken toegewezen.") % {"count": count})
    return redirect(request.get_full_path())


def _uuids(values) -> list[str]:
    import uuid

    result = []
    for value in values:
        try:
            result.append(str(uuid.UUID(str(value))))
        except ValueError:
            result.append("00000000-0000-0000-0000-000000000000")
    return result


# -- New case ----------------------------------------------------------------------------------------------


@staff_required
def new_case(request):
    """Register a case: case type, description, optional initiator (searched by name), department, handler."""
    from loket.contacts.models import Party

    user = request.user
    organisation = _organisation(request)
    departments = selectors.organisation_departments(organisation)
    kwargs = {
        "case_types": selectors.case_types(organisation, on=deadlines.today()),
        "departments": departments, "staff": selectors.department_staff(departments),
    }
    parties = []
    status = 200
    if request.method == "POST" and request.POST.get("action") == "search":
        parties = selectors.search_parties(user, organisation, request.POST.get("party_query", ""), request=request)
        form = case_forms.NewCaseForm(initial=request.POST.dict(), parties=Party.objects.filter(pk__in=[p.pk for p in parties]),
                                      **kwargs)
    elif request.method == "POST":
        form = case_forms.NewCaseForm(request.POST, parties=Party.objects.filter(organisation=organisation), **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                zaak = services.create_case(
                    organisation=organisation, zaaktype=data["zaaktype"], omschrijving=data["omschrijving"], actor=user,
                    toelichting=data["toelichting"], initiator=data["initiator"], department=data["department"],
                    assignee=data["assignee"], source_app="web",
                )
            except CaseError as exc:
                case_forms.add_service_error(form, exc)
            else:
                messages.success(request, _("Zaak %(number)s aangemaakt.") % {"number": zaak.identificatie})
                return redirect("cases:detail", uuid=zaak.uuid)
        status = 400
        chosen = form.cleaned_data.get("initiator") if hasattr(form, "cleaned_data") else None
        form.fields["initiator"].queryset = Party.objects.filter(pk=chosen.pk) if chosen else Party.objects.none()
    else:
        form = case_forms.NewCaseForm(parties=Party.objects.none(), **kwargs)
    return render(request, "cases/new_case.html", {"form": form, "parties_searched": request.POST.get("action") == "search",
                                                   "parties": parties}, status=status)


# -- The case page -----------------------------------------------------------------------------------------


def _get_case(request, uuid):
    try:
        return selectors.get_case(request.user, uuid=uuid)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


CASE_FORMS = ("status", "note", "task", "document", "version", "decision", "suspend", "extend", "close", "reopen", "assign",
              "relate", "subcase")


def _case_form(request, context, name, data=None):
    """One action form of the case page with the choices of this case (bound to ``data`` when given)."""
    zaak = context.zaak
    organisation = zaak.organisation
    if name == "status":
        return case_forms.StatusForm(data, prefix="status", statustypen=context.next_statustypen)
    if name == "note":
        return case_forms.NoteForm(data, prefix="note")
    if name == "task":
        departments, partners = selectors.task_targets(organisation)
        return case_forms.TaskForm(data, prefix="task", departments=departments, partners=partners)
    if name == "document":
        limit = getattr(settings, "LOKET_DOCUMENT_MAX_SIZE", services.documents.DEFAULT_MAX_SIZE)
        return case_forms.DocumentForm(
            data, request.FILES if data is not None else None, prefix="document",
            document_types=[link.informatieobjecttype for link in zaak.zaaktype.ziot.select_related("informatieobjecttype")],
            max_size_text=_("Hoogstens %(mb)s MB (of minder voor sommige documenttypes).") % {"mb": limit // (1024 * 1024)},
        )
    if name == "version":
        return case_forms.DocumentVersionForm(data, request.FILES if data is not None else None, prefix="version",
                                              documents=context.documents)
    if name == "decision":
        return case_forms.DecisionForm(data, prefix="decision", besluittypen=zaak.zaaktype.besluittypen.all())
    if name == "suspend":
        return case_forms.SuspendForm(data, prefix="suspend")
    if name == "extend":
        return case_forms.ExtendForm(data, prefix="extend")
    if name == "close":
        return case_forms.CloseForm(data, prefix="close", resultaattypen=zaak.zaaktype.resultaattypen.all())
    if name == "reopen":
        return case_forms.ReopenForm(data, prefix="reopen")
    if name == "assign":
        departments = selectors.organisation_departments(organisation)
        return case_forms.AssignForm(
            data, prefix="assign", departments=departments, teams=selectors.organisation_teams(organisation),
            staff=selectors.department_staff(departments),
            initial={"department": zaak.department_id, "team": zaak.team_id, "assignee": zaak.assignee_id},
        )
    if name == "relate":
        return case_forms.RelateForm(data, prefix="relate")
    if name == "subcase":
        return case_forms.SubCaseForm(data, prefix="subcase", case_types=selectors.case_types(organisation, on=deadlines.today()))
    raise Http404()


def _case_forms(request, detail, bound: dict | None = None) -> dict:
    """Every action form of the case page; ``bound`` replaces some by the ones that were sent."""
    bound = bound or {}
    return {name: bound.get(name) or _case_form(request, detail, name) for name in CASE_FORMS}


TIMELINE_OWN_KINDS = {"created", "status", "task", "document", "decision"}


def _timeline(detail) -> list[dict]:
    """Statuses, notes, tasks, documents and decisions of the case in time order."""
    items = []
    for status in detail.statuses:
        items.append({"at": status.datum_status_gezet, "kind": "status", "obj": status})
    for note in detail.notes:
        items.append({"at": note.created_at, "kind": "note", "obj": note})
    for task in detail.tasks:
        items.append({"at": task.created_at, "kind": "task", "obj": task})
    for link in detail.documents:
        items.append({"at": link.registratiedatum, "kind": "document", "obj": link})
    for besluit in detail.decisions:
        items.append({"at": besluit.created_at, "kind": "decision", "obj": besluit})
    for case_event in detail.events:  # what else happened: assignment, suspension, task answers, closing, ...
        if case_event.kind not in TIMELINE_OWN_KINDS:
            items.append({"at": case_event.at, "kind": "event", "obj": case_event})
    items.sort(key=lambda item: item["at"])
    return items


def _render_case(request, zaak, *, bound=None, status=200, open_section=""):
    try:
        detail = selectors.case_detail(request.user, zaak, reason="Behandeling zaak", request=request)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    tasks = [(task, selectors.can_work_on_task(request.user, task)) for task in detail.tasks]
    for link in detail.documents:
        latest = link.informatieobject.latest_version
        link.older_versions = list(range(latest.versie - 1, 0, -1)) if latest else []
    return render(request, "cases/case.html", {
        "detail": detail, "zaak": detail.zaak, "timeline": _timeline(detail), "tasks": tasks,
        "steps": selectors.case_process_steps(detail.zaak, detail.tasks), "forms": _case_forms(request, detail, bound),
        "open_section": open_section, "error_form": (bound or {}).get(open_section), "final_statustype": detail.next_statustypen[-1] if detail.next_statustypen else None,
    }, status=status)


@staff_required
def case_page(request, uuid):
    """The whole route of a case on one screen. Viewing writes the audit log (reason: behandeling zaak)."""
    return _render_case(request, _get_case(request, uuid))


def _lookup(model, value, **filters):
    return model.objects.filter(uuid=value, **filters).first() if value else None


def _do_status(request, zaak, form):
    statustype = _lookup(StatusType, form.cleaned_data["statustype"])
    if statustype is None:
        form.add_error("statustype", _("Deze status bestaat niet."))
        return None
    services.set_status(zaak=zaak, statustype=statustype, actor=request.user, toelichting=form.cleaned_data["toelichting"])
    return _("Status '%(status)s' gezet.") % {"status": statustype.omschrijving}


def _do_note(request, zaak, form):
    services.add_note(zaak=zaak, text=form.cleaned_data["text"], actor=request.user)
    return _("Notitie toegevoegd.")


def _do_task(request, zaak, form):
    from loket.platform.organisations.models import Organisation

    kind, pk = form.cleaned_data["target"]
    options = {"department": pk} if kind == "afdeling" else {}
    if kind == "organisatie":
        partner = Organisation.objects.filter(pk=pk).first() if pk.isdigit() else None
        if partner is None:
            form.add_error("target", _("Deze organisatie bestaat niet."))
            return None
        options["partner"] = partner
    services.create_task(zaak=zaak, title=form.cleaned_data["title"], actor=request.user,
                         deadline=form.cleaned_data["deadline"], description=form.cleaned_data["description"], **options)
    return _("Taak aangemaakt.")


def _do_document(request, zaak, form):
    from .models import InformatieObjectType

    document_type = _lookup(InformatieObjectType, form.cleaned_data["informatieobjecttype"])
    if document_type is None:
        form.add_error("informatieobjecttype", _("Dit documenttype bestaat niet."))
        return None
    services.add_document(zaak=zaak, file=form.cleaned_data["file"], titel=form.cleaned_data["titel"],
                          informatieobjecttype=document_type, actor=request.user, beschrijving=form.cleaned_data["beschrijving"])
    return _("Document toegevoegd.")


def _do_version(request, zaak, form):
    link = zaak.documents.select_related("informatieobject").filter(informatieobject__uuid=form.cleaned_data["document"]).first()
    if link is None:
        form.add_error("document", _("Dit document hoort niet bij deze zaak."))
        return None
    version = services.add_document_version(document=link.informatieobject, file=form.cleaned_data["file"], actor=request.user)
    return _("Versie %(number)s van '%(title)s' opgeladen.") % {"number": version.versie, "title": version.titel}


def _do_decision(request, zaak, form):
    data = form.cleaned_data
    besluit = services.create_decision(zaak=zaak, besluittype=data["besluittype"], datum=data["datum"],
                                       ingangsdatum=data["ingangsdatum"], vervaldatum=data["vervaldatum"],
                                       verzenddatum=data["verzenddatum"], toelichting=data["toelichting"], actor=request.user)
    return _("Besluit %(number)s vastgelegd.") % {"number": besluit.identificatie}


def _do_suspend(request, zaak, form):
    services.suspend_case(zaak=zaak, reason=form.cleaned_data["reason"], actor=request.user)
    return _("Zaak opgeschort.")


def _do_resume(request, zaak, form):
    services.resume_case(zaak=zaak, actor=request.user)
    return _("Opschorting beëindigd.")


def _do_extend(request, zaak, form):
    services.extend_case(zaak=zaak, reason=form.cleaned_data["reason"], days=form.cleaned_data["days"], actor=request.user)
    return _("Termijn verlengd.")


def _do_close(request, zaak, form):
    value = form.cleaned_data["resultaattype"]
    resultaattype = _lookup(ResultaatType, value)
    if value and resultaattype is None:
        form.add_error("resultaattype", _("Dit resultaat bestaat niet."))
        return None
    services.close_case(zaak=zaak, actor=request.user, resultaattype=resultaattype, toelichting=form.cleaned_data["toelichting"],
                        cancel_open_tasks=form.cleaned_data["cancel_open_tasks"])
    return _("Zaak afgesloten.")


def _do_reopen(request, zaak, form):
    services.reopen_case(zaak=zaak, reason=form.cleaned_data["reason"], actor=request.user)
    return _("Zaak heropend.")


def _do_assign(request, zaak, form):
    data = form.cleaned_data
    services.assign_case(zaak=zaak, actor=request.user, department=data["department"], team=data["team"], assignee=data["assignee"])
    return _("Toewijzing gewijzigd.")


def _do_relate(request, zaak, form):
    try:
        related = selectors.get_case(request.user, identificatie=form.cleaned_data["identificatie"].strip(),
                                     organisation=zaak.organisation)
    except NotFound:
        form.add_error("identificatie", _("Er is geen zaak met dit nummer die u kunt zien."))
        return None
    services.relate_cases(zaak=zaak, related=related, aard_relatie=form.cleaned_data["aard_relatie"], actor=request.user)
    return _("Zaak %(number)s gerelateerd.") % {"number": related.identificatie}


def _do_subcase(request, zaak, form):
    sub = services.create_sub_case(hoofdzaak=zaak, zaaktype=form.cleaned_data["zaaktype"],
                                   omschrijving=form.cleaned_data["omschrijving"], actor=request.user)
    return _("Deelzaak %(number)s aangemaakt.") % {"number": sub.identificatie}


CASE_ACTIONS = {
    "status": ("status", _do_status),
    "notitie": ("note", _do_note),
    "taak": ("task", _do_task),
    "document": ("document", _do_document),
    "documentversie": ("version", _do_version),
    "besluit": ("decision", _do_decision),
    "opschorten": ("suspend", _do_suspend),
    "hervatten": (None, _do_resume),
    "verlengen": ("extend", _do_extend),
    "afsluiten": ("close", _do_close),
    "heropenen": ("reopen", _do_reopen),
    "toewijzen": ("assign", _do_assign),
    "relatie": ("relate", _do_relate),
    "deelzaak": ("subcase", _do_subcase),
}


@staff_required
@require_POST
def case_action(request, uuid, action):
    """One action of the case page; on an error the page is shown again with the sent form and its message."""
    if action not in CASE_ACTIONS:
        raise Http404()
    zaak = _get_case(request, uuid)
    form_name, handler = CASE_ACTIONS[action]
    if form_name is None:
        try:
            message = handler(request, zaak, None)
        except CaseError as exc:
            messages.error(request, str(exc))
            return redirect("cases:detail", uuid=zaak.uuid)
        messages.success(request, message)
        return redirect("cases:detail", uuid=zaak.uuid)
    form = _case_form(request, _FormContext(zaak), form_name, request.POST)
    status = 400
    if form.is_valid():
        try:
            message = handler(request, zaak, form)
        except CaseError as exc:
            case_forms.add_service_error(form, exc)
            status = exc.status_code if exc.status_code in (400, 403, 409) else 400
        else:
            if message is not None:
                messages.success(request, message)
                return redirect("cases:detail", uuid=zaak.uuid)
    return _render_case(request, zaak, bound={form_name: form}, status=status, open_section=form_name)


class _FormContext:
    """What the form builders need when no case detail was read yet (a POST)."""

    def __init__(self, zaak):
        self.zaak = zaak
        self.next_statustypen = list(zaak.zaaktype.statustypen.order_by("volgnummer"))
        self.documents = list(zaak.documents.select_related("informatieobject"))


@staff_required
def case_document(request, uuid, document_uuid):
    """Download a document of a case (latest version, or ?versie=N) after the access check; never a public URL."""
    zaak = _get_case(request, uuid)
    try:
        version = selectors.case_document_version(request.user, zaak, document_uuid=document_uuid,
                                                  versie=_int(request.GET.get("versie"), 0) or None, request=request)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    try:
        content = version.inhoud.open("rb")
    except (OSError, ValueError) as exc:  # the storage lost the file, or it has none yet (upload in parts pending)
        raise Http404(_("Het bestand van dit document is niet meer beschikbaar.")) from exc
    response = FileResponse(content, as_attachment=True, filename=version.bestandsnaam,
                            content_type=version.formaat or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# -- Tasks -------------------------------------------------------------------------------------------------


@staff_required
def task_queue(request):
    """Tasks for my departments, for me, or for my organisation as a partner; accept, return or complete them."""
    scope = request.GET.get("voor", "department")
    if scope not in TASK_SCOPES:
        scope = "department"
    include_closed = request.GET.get("afgehandeld") == "1"
    tasks = list(selectors.task_queue(request.user, scope=scope, include_closed=include_closed)[:200])
    today = deadlines.today()
    # A task can reach someone whose clearance does not cover its case: they see the case number, not its content.
    visible = set(selectors.visible_cases(request.user).filter(pk__in={task.zaak_id for task in tasks})
                  .values_list("pk", flat=True)) if tasks else set()
    rows = [(task, selectors.task_deadline_state(task, today=today), selectors.can_work_on_task(request.user, task),
             task.zaak_id in visible) for task in tasks]
    return render(request, "cases/tasks.html", {
        "rows": rows, "scope": scope, "include_closed": include_closed,
        "scopes": [("department", _("Voor mijn afdelingen")), ("person", _("Voor mij")),
                   ("organisation", _("Voor mijn organisatie als partner"))],
        "return_form": case_forms.TaskReturnForm(prefix="return"), "complete_form": case_forms.TaskCompleteForm(prefix="complete"),
    })


TASK_ACTIONS = {"aanvaarden", "terugsturen", "afronden"}


@staff_required
@require_POST
def task_action(request, uuid, action):
    """Accept, return (with a reason) or complete (with an answer) a task."""
    if action not in TASK_ACTIONS:
        raise Http404()
    try:
        task = selectors.get_task(request.user, uuid=uuid)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    back = _safe_next(request, reverse("cases:tasks"))
    form = None
    if action == "terugsturen":
        form = case_forms.TaskReturnForm(request.POST, prefix="return")
    elif action == "afronden":
        form = case_forms.TaskCompleteForm(request.POST, prefix="complete")
    status = 400
    if form is None or form.is_valid():
        try:
            if action == "aanvaarden":
                services.accept_task(task=task, actor=request.user)
                message = _("Taak aanvaard.")
            elif action == "terugsturen":
                services.return_task(task=task, reason=form.cleaned_data["reason"], actor=request.user)
                message = _("Taak teruggestuurd.")
            else:
                services.complete_task(task=task, response=form.cleaned_data["response"], actor=request.user)
                message = _("Taak afgerond.")
        except CaseError as exc:
            if form is None:
                form = case_forms.TaskCompleteForm({}, prefix="complete")  # a carrier for the message
                form.is_valid()
            case_forms.add_service_error(form, exc)
            status = exc.status_code if exc.status_code in (400, 403, 409) else 400
        else:
            messages.success(request, message)
            return redirect(back)
    return render(request, "cases/task_action.html", {
        "task": task, "action": action, "form": form, "back": back,
        "can_view_case": selectors.can_view(request.user, task.zaak),
    }, status=status)


# -- Case type builder ---------------------------------------------------------------------------------------


@staff_required
def case_types(request):
    """Case types per catalogue with their versions and state."""
    organisation = _organisation(request)
    can_build = bool(_manageable_departments(request.user, organisation))
    return render(request, "cases/case_types.html", {
        "overview": selectors.case_type_overview(organisation), "can_build": can_build,
    })


def _manageable_departments(user, organisation):
    return [d for d in selectors.organisation_departments(organisation) if selectors.can_manage_case_types(user, d)]


@staff_required
def new_case_type(request):
    """A new case type as a draft version."""
    from .models import Catalogus

    organisation = _organisation(request)
    departments = _manageable_departments(request.user, organisation)
    if not departments:
        raise DjangoPermissionDenied(_("U mag geen zaaktypes beheren."))
    kwargs = {"catalogi": Catalogus.objects.filter(organisation=organisation).order_by("naam"),
              "departments": selectors.organisation_departments(organisation).filter(pk__in=[d.pk for d in departments])}
    form = case_forms.CaseTypeForm(request.POST or None, **kwargs)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                zaaktype = services.create_case_type(
                    catalogus=data["catalogus"], identificatie=data["identificatie"], omschrijving=data["omschrijving"],
                    department=data["department"], doorlooptijd_days=data["doorlooptijd_days"],
                    begin_geldigheid=data["begin_geldigheid"], actor=request.user, **form.service_fields(),
                )
            except CaseError as exc:
                case_forms.add_service_error(form, exc)
                status = exc.status_code if exc.status_code in (400, 403, 409) else 400
            else:
                messages.success(request, _("Concept van zaaktype '%(name)s' gemaakt.") % {"name": zaaktype.omschrijving})
                return redirect("cases:case_type", uuid=zaaktype.uuid)
    return render(request, "cases/case_type_form.html", {"form": form}, status=status)


def _get_case_type(request, uuid):
    try:
        return selectors.get_case_type(request.user, uuid=uuid)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


CASE_TYPE_FORMS = ("status", "result", "role", "step", "document_type", "product", "version")


def _case_type_form(zaaktype, name, data=None):
    if name == "status":
        return case_forms.StatusTypeForm(data, prefix="status")
    if name == "result":
        return case_forms.ResultTypeForm(data, prefix="result", procestype=zaaktype.selectielijst_procestype)
    if name == "role":
        return case_forms.RoleTypeForm(data, prefix="role")
    if name == "step":
        departments, partners = selectors.task_targets(zaaktype.catalogus.organisation)
        return case_forms.ProcessStepForm(data, prefix="step", departments=departments, partners=partners,
                                          statustypen=list(zaaktype.statustypen.order_by("volgnummer")))
    if name == "document_type":
        return case_forms.DocumentTypeLinkForm(
            data, prefix="doctype", document_types=selectors.catalogue_document_types(zaaktype.catalogus).filter(concept=False))
    if name == "product":
        return case_forms.ProductLinkForm(data, prefix="product", products=selectors.case_type_product_choices(zaaktype))
    if name == "version":
        start = max(deadlines.today(), zaaktype.begin_geldigheid)
        return case_forms.NewVersionForm(data, prefix="version", initial={
            "begin_geldigheid": start + datetime.timedelta(days=1) if start < datetime.date.max else start})
    raise Http404()


def _case_type_forms(zaaktype, bound=None) -> dict:
    bound = bound or {}
    return {name: bound.get(name) or _case_type_form(zaaktype, name) for name in CASE_TYPE_FORMS}


def _render_case_type(request, zaaktype, *, bound=None, status=200):
    zaaktype = selectors.case_type_detail(zaaktype)
    return render(request, "cases/case_type.html", {
        "zaaktype": zaaktype, "versions": selectors.case_type_versions(zaaktype),
        "can_manage": selectors.can_manage_case_types(request.user, zaaktype.department),
        "forms": _case_type_forms(zaaktype, bound),
        "error_form": next((form for form in (bound or {}).values() if form is not None and form.errors), None),
    }, status=status)


@staff_required
def case_type_page(request, uuid):
    """One case type version: its statuses, results, roles, process steps and document types; build and publish."""
    return _render_case_type(request, _get_case_type(request, uuid))


def _do_add_status(request, zaaktype, form):
    services.add_status_type(zaaktype=zaaktype, actor=request.user, **form.cleaned_data)
    return _("Status toegevoegd.")


def _do_add_result(request, zaaktype, form):
    data = form.cleaned_data
    services.add_result_type(zaaktype=zaaktype, actor=request.user, omschrijving=data["omschrijving"],
                             selectielijstklasse=data.get("selectielijstklasse") or None,
                             archiefnominatie=data["archiefnominatie"] or None, archiefactietermijn=data["archiefactietermijn"] or None,
                             afleidingswijze=data["afleidingswijze"], datumkenmerk=data["datumkenmerk"],
                             procestermijn=data["procestermijn"])
    return _("Resultaat toegevoegd.")


def _do_add_role(request, zaaktype, form):
    services.add_role_type(zaaktype=zaaktype, actor=request.user, **form.cleaned_data)
    return _("Rol toegevoegd.")


def _do_add_step(request, zaaktype, form):
    from loket.platform.organisations.models import Department, Organisation

    data = form.cleaned_data
    kind, pk = data["target"]
    target = None
    if pk.isdigit():
        target = (Department if kind == "afdeling" else Organisation).objects.filter(pk=pk).first()
    if target is None:
        form.add_error("target", _("Deze afdeling of organisatie bestaat niet."))
        return None
    statustype = _lookup(StatusType, data["statustype"], zaaktype=zaaktype) if data["statustype"] else None
    if data["statustype"] and statustype is None:
        form.add_error("statustype", _("Deze status hoort niet bij dit zaaktype."))
        return None
    services.add_process_step(
        zaaktype=zaaktype, name=data["name"], order=data["order"], deadline_days=data["deadline_days"], actor=request.user,
        working_days=data["working_days"], description=data["description"], statustype=statustype,
        **({"department": target} if kind == "afdeling" else {"partner": target}),
    )
    return _("Processtap toegevoegd.")


def _do_add_document_type(request, zaaktype, form):
    services.add_document_type(zaaktype=zaaktype, informatieobjecttype=form.cleaned_data["informatieobjecttype"], actor=request.user)
    return _("Documenttype gekoppeld.")


def _do_add_product(request, zaaktype, form):
    services.add_product(zaaktype=zaaktype, product=form.cleaned_data["product"], actor=request.user)
    return _("Product gekoppeld.")


def _do_publish(request, zaaktype, form):
    services.publish_case_type(zaaktype=zaaktype, actor=request.user)
    return _("Zaaktype gepubliceerd. Deze versie kan niet meer gewijzigd worden.")


def _do_new_version(request, zaaktype, form):
    copy = services.new_case_type_version(zaaktype=zaaktype, begin_geldigheid=form.cleaned_data["begin_geldigheid"],
                                          actor=request.user)
    return copy


CASE_TYPE_ACTIONS = {
    "status": ("status", _do_add_status),
    "resultaat": ("result", _do_add_result),
    "rol": ("role", _do_add_role),
    "stap": ("step", _do_add_step),
    "documenttype": ("document_type", _do_add_document_type),
    "product": ("product", _do_add_product),
    "publiceren": (None, _do_publish),
    "nieuwe-versie": ("version", _do_new_version),
}


@staff_required
@require_POST
def case_type_action(request, uuid, action):
    """Build a case type version (add a part), publish it, or start a new version from a published one."""
    if action not in CASE_TYPE_ACTIONS:
        raise Http404()
    zaaktype = _get_case_type(request, uuid)
    form_name, handler = CASE_TYPE_ACTIONS[action]
    form = _case_type_form(zaaktype, form_name, request.POST) if form_name else None
    status = 400
    if form is None or form.is_valid():
        try:
            result = handler(request, zaaktype, form)
        except CaseError as exc:
            if form is None:
                messages.error(request, str(exc))
                return _render_case_type(request, zaaktype, status=exc.status_code if exc.status_code in (400, 403, 409) else 400)
            case_forms.add_service_error(form, exc)
            status = exc.status_code if exc.status_code in (400, 403, 409) else 400
        else:
            if isinstance(result, ZaakType):
                messages.success(request, _("Nieuwe conceptversie gemaakt."))
                return redirect("cases:case_type", uuid=result.uuid)
            if result is not None:
                messages.success(request, result)
                return redirect(reverse("cases:case_type", kwargs={"uuid": zaaktype.uuid}) + f"#{form_name or 'top'}")
    return _render_case_type(request, zaaktype, bound={form_name: form} if form_name else None, status=status)
