"""Staff side of Mijn loket: ask the applicant of a case for a document ("Document opvragen bij de aanvrager").

Linked from the staff case page. The page names no person (the case number and type only), so it writes no audit
entry of its own; the case page does.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.cases import deadlines
from loket.cases import selectors as case_selectors
from loket.cases.exceptions import NotFound
from loket.cases.forms import add_service_error
from loket.platform.accounts.decorators import staff_required

from . import forms, services
from .exceptions import PortalError


def _get_case(request, uuid):
    try:
        return case_selectors.get_case(request.user, uuid=uuid)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


@staff_required
def request_document(request, uuid):
    zaak = _get_case(request, uuid)
    document_types = services.incoming_document_types(zaak)
    form = forms.DocumentRequestForm(request.POST or None, document_types=document_types,
                                     initial={"due_date": deadlines.add_days(zaak.organisation, deadlines.today(), 14, working=False)})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            chosen = next((t for t in document_types if t.pk == form.cleaned_data["informatieobjecttype"]), None)
            try:
                services.request_document(zaak=zaak, description=form.cleaned_data["description"],
                                          due_date=form.cleaned_data["due_date"], actor=request.user,
                                          informatieobjecttype=chosen)
            except PortalError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De aanvrager krijgt een bericht met uw vraag."))
                return redirect("cases:detail", uuid=zaak.uuid)
    requests = list(zaak.document_requests.select_related("informatieobjecttype").order_by("-created_at"))
    return render(request, "portal/staff_request_document.html", {
        "zaak": zaak, "form": form, "requests": requests,
        "can_request": zaak.initiator_party_id is not None and not zaak.is_closed and bool(document_types),
    }, status=status)


@staff_required
@require_POST
def cancel_document_request(request, uuid, request_uuid):
    zaak = _get_case(request, uuid)
    document_request = zaak.document_requests.filter(uuid=request_uuid).first()
    if document_request is None:
        raise Http404(_("Dit verzoek bestaat niet."))
    try:
        services.cancel_document_request(document_request=document_request, actor=request.user)
    except PortalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Het verzoek is ingetrokken."))
    return redirect("portal:request_document", uuid=zaak.uuid)
