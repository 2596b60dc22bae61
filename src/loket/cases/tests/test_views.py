"""The staff web UI of cases: work queues, the case page and its actions, tasks, downloads, access."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loket.cases import services
from loket.cases.models import CaseEvent, SavedFilter, Task, TaskStatus, Zaak
from loket.platform.audit.models import AuditEntry
from loket.platform.tests.factories import log_in_with_second_factor

from .conftest import PDF, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler_client(client, world):
    log_in_with_second_factor(client, world.handler)
    return client


def _page(response) -> str:
    return response.content.decode()


def action_url(zaak, action):
    return reverse("cases:action", kwargs={"uuid": zaak.uuid, "action": action})


# -- Access ----------------------------------------------------------------------------------------------


def test_pages_need_a_staff_log_in(client, world):
    zaak = world.create_case()
    for url in (reverse("cases:queue"), reverse("cases:detail", kwargs={"uuid": zaak.uuid}), reverse("cases:tasks"),
                reverse("cases:case_types")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/medewerkers/inloggen/" in response["Location"]


@pytest.mark.parametrize("who", ["clerk_other", "officer"])
def test_staff_of_another_department_or_organisation_cannot_see_or_change_a_case(client, world, who):
    zaak = world.create_case()
    log_in_with_second_factor(client, getattr(world, who))

    assert client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})).status_code == 404
    response = client.post(action_url(zaak, "notitie"), {"note-text": "Ik mag dit niet"})
    assert response.status_code == 404
    response = client.post(action_url(zaak, "status"), {"status-statustype": str(world.statuses[1].uuid)})
    assert response.status_code == 404
    zaak.refresh_from_db()
    assert zaak.current_statustype == world.statuses[0]
    assert not zaak.notes.exists()
    assert zaak.identificatie not in _page(client.get(reverse("cases:queue_department")))


def test_reader_without_change_rights_gets_403_and_nothing_changes(client, world):
    from loket.platform.tests.factories import MembershipFactory, UserFactory

    reader = UserFactory(organisation=world.gemeente)
    MembershipFactory(user=reader, department=world.roads, role="kcc")
    zaak = world.create_case()
    log_in_with_second_factor(client, reader)

    page = client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid}))
    assert page.status_code == 200
    assert "U kunt deze zaak inzien maar niet wijzigen." in _page(page)
    response = client.post(action_url(zaak, "notitie"), {"note-text": "Toch proberen"})
    assert response.status_code == 403
    assert "U mag deze zaak niet wijzigen." in _page(response)
    assert not zaak.notes.exists()


def test_viewing_a_case_writes_an_audit_entry_for_the_initiator(handler_client, world):
    zaak = world.create_case()
    before = AuditEntry.objects.count()

    response = handler_client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid}))

    assert response.status_code == 200
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.actor == world.handler
    assert entry.subject_id == str(world.party.pk)
    assert entry.reason == "Behandeling zaak"
    assert entry.object_id == str(zaak.pk)


# -- Work queues -------------------------------------------------------------------------------------------


def test_my_cases_show_deadline_badges_and_filter_overdue(handler_client, world):
    overdue = world.create_case(omschrijving="Te laat", assignee=world.handler)
    Zaak.objects.filter(pk=overdue.pk).update(uiterlijke_einddatum_afdoening=datetime.date.today() - datetime.timedelta(days=2))
    later = world.create_case(omschrijving="Nog tijd", assignee=world.handler)
    Zaak.objects.filter(pk=later.pk).update(uiterlijke_einddatum_afdoening=datetime.date.today() + datetime.timedelta(days=30))
    world.create_case(omschrijving="Van niemand")

    page = _page(handler_client.get(reverse("cases:queue")))
    assert "Te laat" in page and "Nog tijd" in page
    assert "Van niemand" not in page  # "Mijn zaken" only shows my cases
    assert "Termijn overschreden" in page
    assert page.index("Te laat") < page.index("Nog tijd")  # sorted by deadline

    filtered = _page(handler_client.get(reverse("cases:queue"), {"deadline": "overdue"}))
    assert "Te laat" in filtered and "Nog tijd" not in filtered

    department = _page(handler_client.get(reverse("cases:queue_department"), {"unassigned": "on"}))
    assert "Van niemand" in department and "Te laat" not in department


def test_queue_pages_hold_fifty_cases(handler_client, world):
    for number in range(51):
        world.create_case(omschrijving=f"Zaak nummer {number}", assignee=world.handler)

    first = handler_client.get(reverse("cases:queue"))
    assert first.context["page"].has_next
    assert len(first.context["rows"]) == 50
    assert "Volgende pagina" in _page(first)
    second = handler_client.get(reverse("cases:queue"), {"pagina": 2})
    assert len(second.context["rows"]) == 1
    assert "Vorige pagina" in _page(second)


def test_bulk_assignment_assigns_the_selected_cases(handler_client, world):
    first, second, untouched = world.create_case(), world.create_case(), world.create_case()
    url = reverse("cases:queue_department")

    response = handler_client.post(url, {"action": "assign", "zaken": [str(first.uuid), str(second.uuid)],
                                         "bulk-assignee": world.handler.pk})

    assert response.status_code == 302
    assert set(Zaak.objects.filter(assignee=world.handler).values_list("pk", flat=True)) == {first.pk, second.pk}
    untouched.refresh_from_db()
    assert untouched.assignee is None


def test_bulk_assignment_errors_change_nothing_and_keep_the_selection(handler_client, world):
    first, second = world.create_case(), world.create_case()
    url = reverse("cases:queue_department")

    nothing_selected = handler_client.post(url, {"action": "assign", "bulk-assignee": world.handler.pk})
    assert nothing_selected.status_code == 400
    assert "Kies minstens één zaak met de selectievakjes." in _page(nothing_selected)

    # The mobility clerk does not work in the roads department: the whole batch is refused.
    wrong = handler_client.post(url, {"action": "assign", "zaken": [str(first.uuid), str(second.uuid)],
                                      "bulk-assignee": world.clerk_other.pk})
    assert wrong.status_code == 400
    assert "Deze medewerker werkt niet in de gekozen afdeling." in _page(wrong)
    assert f'value="{first.uuid}" id="select-{first.uuid}" checked' in _page(wrong)
    assert not Zaak.objects.filter(assignee__isnull=False).exists()


def test_saved_filters_can_be_saved_applied_and_deleted(handler_client, world):
    overdue = world.create_case(omschrijving="Te laat")
    Zaak.objects.filter(pk=overdue.pk).update(uiterlijke_einddatum_afdoening=datetime.date.today() - datetime.timedelta(days=1))
    world.create_case(omschrijving="Op tijd")
    url = reverse("cases:queue_department")

    response = handler_client.post(url + "?deadline=overdue", {"action": "save_filter", "save-name": "Te laat"})

    saved = SavedFilter.objects.get(owner=world.handler)
    assert saved.name == "Te laat" and saved.filters["deadline"] == "overdue"
    assert response.status_code == 302 and response["Location"].endswith(f"?filter={saved.pk}")
    applied = _page(handler_client.get(url, {"filter": saved.pk}))
    assert "Te laat" in applied and "Op tijd" not in applied

    missing_name = handler_client.post(url, {"action": "save_filter", "save-name": ""})
    assert missing_name.status_code == 400

    handler_client.post(url, {"action": "delete_filter", "filter_id": saved.pk})
    assert not SavedFilter.objects.exists()


def test_someone_else_cannot_delete_or_apply_my_filter(client, world):
    saved = services.save_filter(owner=world.handler, name="Privé", filters={"deadline": "soon"})
    log_in_with_second_factor(client, world.clerk_other)

    assert client.get(reverse("cases:queue"), {"filter": saved.pk}).status_code == 404
    assert client.post(reverse("cases:queue"), {"action": "delete_filter", "filter_id": saved.pk}).status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


# -- New case ------------------------------------------------------------------------------------------------


def test_new_case_with_an_initiator_found_by_name(handler_client, world):
    url = reverse("cases:new")
    form = {"zaaktype": world.zaaktype.pk, "omschrijving": "Container Kerkstraat", "party_query": world.party.last_name}

    search = handler_client.post(url, {**form, "action": "search"})
    assert search.status_code == 200
    assert world.party.display_name in _page(search)
    assert 'value="Container Kerkstraat"' in _page(search)  # what was typed stays
    assert AuditEntry.objects.filter(subject_id=str(world.party.pk), action="search").exists()

    response = handler_client.post(url, {**form, "initiator": world.party.pk, "action": "create"})

    zaak = Zaak.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", kwargs={"uuid": zaak.uuid})
    assert zaak.initiator_party == world.party
    assert zaak.created_by == world.handler


def test_new_case_errors_keep_the_input(handler_client, world):
    response = handler_client.post(reverse("cases:new"), {"zaaktype": world.zaaktype.pk, "omschrijving": "",
                                                          "toelichting": "Bewaar mij", "action": "create"})
    assert response.status_code == 400
    assert "Bewaar mij" in _page(response)
    assert not Zaak.objects.exists()


# -- The case page ---------------------------------------------------------------------------------------------


def test_case_page_shows_the_route(handler_client, world):
    zaak = world.create_case()
    services.add_note(zaak=zaak, text="Eerste notitie", actor=world.handler)
    services.create_task(zaak=zaak, title="Advies mobiliteit", department=world.mobility, deadline_days=5, actor=world.handler)

    page = _page(handler_client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})))

    assert zaak.identificatie in page
    for text in ("Inname openbaar domein", "Ontvangen", "Eerste notitie", "Advies mobiliteit", "Mobiliteit"):
        assert text in page


def test_status_of_another_case_type_is_refused(handler_client, world):
    zaak = world.create_case()
    other_type = services.create_case_type(catalogus=world.catalogus, identificatie="ANDER", omschrijving="Ander",
                                           department=world.roads, doorlooptijd_days=5)
    foreign = services.add_status_type(zaaktype=other_type, omschrijving="Vreemde status")

    response = handler_client.post(action_url(zaak, "status"), {"status-statustype": str(foreign.uuid),
                                                                "status-toelichting": "Mijn uitleg"})

    assert response.status_code == 400
    assert "Deze status hoort niet bij het zaaktype van deze zaak." in _page(response)
    assert "Mijn uitleg" in _page(response)
    zaak.refresh_from_db()
    assert zaak.current_statustype == world.statuses[0]


def test_status_and_note_are_added(handler_client, world):
    zaak = world.create_case()

    assert handler_client.post(action_url(zaak, "status"), {"status-statustype": str(world.statuses[1].uuid)}).status_code == 302
    assert handler_client.post(action_url(zaak, "notitie"), {"note-text": "Gebeld met aanvrager"}).status_code == 302

    zaak.refresh_from_db()
    assert zaak.current_statustype == world.statuses[1]
    assert zaak.notes.get().text == "Gebeld met aanvrager"


def test_closing_without_a_result_is_refused(handler_client, world):
    zaak = world.create_case()

    response = handler_client.post(action_url(zaak, "afsluiten"), {"close-toelichting": "Klaar"})

    assert response.status_code == 400
    assert "Een zaak kan niet afgesloten worden zonder resultaat." in _page(response)
    zaak.refresh_from_db()
    assert not zaak.is_closed


def test_close_and_reopen_needs_the_permission(client, world):
    zaak = world.create_case()
    log_in_with_second_factor(client, world.handler)
    response = client.post(action_url(zaak, "afsluiten"), {"close-resultaattype": str(world.results["verleend"].uuid),
                                                           "close-cancel_open_tasks": "on"})
    assert response.status_code == 302
    zaak.refresh_from_db()
    assert zaak.is_closed

    page = _page(client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})))
    assert "Zaak heropenen" not in page
    refused = client.post(action_url(zaak, "heropenen"), {"reopen-reason": "Fout"})
    assert refused.status_code == 403
    zaak.refresh_from_db()
    assert zaak.is_closed

    log_in_with_second_factor(client, world.manager)
    assert "Zaak heropenen" in _page(client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})))
    assert client.post(action_url(zaak, "heropenen"), {"reopen-reason": "Nieuw feit"}).status_code == 302
    zaak.refresh_from_db()
    assert not zaak.is_closed


def test_task_for_a_department_that_does_not_exist_is_refused(handler_client, world):
    zaak = world.create_case()
    deadline = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()

    response = handler_client.post(action_url(zaak, "taak"), {"task-title": "Advies", "task-target": "afdeling:999999",
                                                              "task-deadline": deadline})

    assert response.status_code == 400
    assert "Deze afdeling bestaat niet." in _page(response)
    assert not zaak.tasks.exists()


def test_task_for_a_partner_department_is_created(handler_client, world):
    zaak = world.create_case()
    deadline = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()

    response = handler_client.post(action_url(zaak, "taak"), {
        "task-title": "Advies politie", "task-target": f"afdeling:{world.police_dept.pk}", "task-deadline": deadline})

    assert response.status_code == 302
    task = zaak.tasks.get()
    assert task.department == world.police_dept and task.organisation == world.police


def test_forbidden_document_type_is_refused(handler_client, world):
    zaak = world.create_case()
    payload = {"document-informatieobjecttype": str(world.doc_type.uuid), "document-titel": "Programma"}

    executable = SimpleUploadedFile("programma.exe", b"MZ\x90\x00rest", content_type="application/octet-stream")
    response = handler_client.post(action_url(zaak, "document"), {**payload, "document-file": executable})

    assert response.status_code == 400
    assert "Bestanden van dit type (.exe) zijn niet toegelaten." in _page(response)
    assert 'value="Programma"' in _page(response)
    assert not zaak.documents.exists()


def test_document_type_not_allowed_on_the_case_type_is_refused(handler_client, world):
    zaak = world.create_case()
    other = services.create_document_type(catalogus=world.catalogus, omschrijving="Los document", publish=True)

    response = handler_client.post(action_url(zaak, "document"), {
        "document-informatieobjecttype": str(other.uuid), "document-file": pdf_file()})

    assert response.status_code == 400
    assert "Dit documenttype is niet toegelaten bij dit zaaktype." in _page(response)
    assert not zaak.documents.exists()


def test_too_large_document_is_refused(handler_client, world):
    zaak = world.create_case()
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (1024 * 1024 + 1), content_type="application/pdf")

    response = handler_client.post(action_url(zaak, "document"), {
        "document-informatieobjecttype": str(world.doc_type.uuid), "document-file": big})

    assert response.status_code == 400
    assert "Het bestand is te groot" in _page(response)
    assert not zaak.documents.exists()


def test_document_upload_and_download_through_the_access_check(client, world):
    zaak = world.create_case()
    log_in_with_second_factor(client, world.handler)
    response = client.post(action_url(zaak, "document"), {
        "document-informatieobjecttype": str(world.doc_type.uuid), "document-file": pdf_file("plan.pdf"),
        "document-titel": "Inplantingsplan"})
    assert response.status_code == 302
    document = zaak.documents.get().informatieobject
    url = reverse("cases:document", kwargs={"uuid": zaak.uuid, "document_uuid": document.uuid})
    assert url in _page(client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})))

    download = client.get(url)

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith('attachment; filename="plan.pdf"')
    assert "/media/" not in url

    log_in_with_second_factor(client, world.clerk_other)
    assert client.get(url).status_code == 404


def test_suspend_and_extend(handler_client, world):
    zaak = world.create_case()
    deadline = zaak.uiterlijke_einddatum_afdoening

    assert handler_client.post(action_url(zaak, "verlengen"), {"extend-reason": "Advies duurt langer", "extend-days": 3}).status_code == 302
    zaak.refresh_from_db()
    assert zaak.uiterlijke_einddatum_afdoening > deadline and zaak.verlenging_duur_days == 3

    too_long = handler_client.post(action_url(zaak, "verlengen"), {"extend-reason": "Nog eens"})
    assert too_long.status_code == 409
    assert "Deze zaak werd al verlengd." in _page(too_long)

    assert handler_client.post(action_url(zaak, "opschorten"), {"suspend-reason": "Wacht op plan"}).status_code == 302
    zaak.refresh_from_db()
    assert zaak.opschorting_indicatie
    page = _page(handler_client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})))
    assert "Opgeschort: Wacht op plan" in page  # in the timeline
    assert "Opschorting beëindigen" in page
    assert handler_client.post(action_url(zaak, "hervatten")).status_code == 302
    zaak.refresh_from_db()
    assert not zaak.opschorting_indicatie


def test_relate_and_sub_case(handler_client, world):
    zaak, other = world.create_case(), world.create_case(omschrijving="Andere zaak")

    missing = handler_client.post(action_url(zaak, "relatie"), {"relate-identificatie": "TD-1999-000001", "relate-aard_relatie": "onderwerp"})
    assert missing.status_code == 400
    assert "Er is geen zaak met dit nummer die u kunt zien." in _page(missing)

    assert handler_client.post(action_url(zaak, "relatie"), {"relate-identificatie": other.identificatie,
                                                              "relate-aard_relatie": "onderwerp"}).status_code == 302
    assert zaak.relations.get().related == other
    assert handler_client.post(action_url(zaak, "deelzaak"), {"subcase-zaaktype": world.zaaktype.pk,
                                                               "subcase-omschrijving": "Deel"}).status_code == 302
    assert zaak.deelzaken.get().omschrijving == "Deel"


# -- Tasks -------------------------------------------------------------------------------------------------------


def test_my_tasks_accept_return_and_complete(client, world):
    zaak = world.create_case()
    first = services.create_task(zaak=zaak, title="Advies parkeren", department=world.mobility, deadline_days=5, actor=world.handler)
    second = services.create_task(zaak=zaak, title="Advies fietspad", department=world.mobility, deadline_days=5, actor=world.handler)
    log_in_with_second_factor(client, world.clerk_other)

    page = _page(client.get(reverse("cases:tasks")))
    assert "Advies parkeren" in page and "Advies fietspad" in page

    def act(task, action, data=None):
        return client.post(reverse("cases:task_action", kwargs={"uuid": task.uuid, "action": action}),
                           {"next": reverse("cases:tasks"), **(data or {})})

    assert act(first, "aanvaarden").status_code == 302
    assert act(first, "afronden", {"complete-response": "Positief advies"}).status_code == 302
    no_reason = act(second, "terugsturen", {"return-reason": ""})
    assert no_reason.status_code == 400
    assert act(second, "terugsturen", {"return-reason": "Niet voor ons"}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.response, first.assignee) == (TaskStatus.COMPLETED, "Positief advies", world.clerk_other)
    assert (second.status, second.response) == (TaskStatus.RETURNED, "Niet voor ons")
    # The clerk can see the case through the task, but cannot change it.
    assert client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})).status_code == 200


def test_a_task_of_another_department_cannot_be_accepted(client, world):
    zaak = world.create_case()
    task = services.create_task(zaak=zaak, title="Advies politie", department=world.police_dept, deadline_days=5, actor=world.handler)
    log_in_with_second_factor(client, world.clerk_other)

    response = client.post(reverse("cases:task_action", kwargs={"uuid": task.uuid, "action": "aanvaarden"}))

    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_the_requester_cannot_complete_a_task_of_another_department(handler_client, world):
    zaak = world.create_case()
    task = services.create_task(zaak=zaak, title="Advies mobiliteit", department=world.mobility, deadline_days=5, actor=world.handler)

    response = handler_client.post(reverse("cases:task_action", kwargs={"uuid": task.uuid, "action": "afronden"}),
                                   {"complete-response": "Zelf gedaan"})

    assert response.status_code == 403
    assert "Deze taak is niet voor uw afdeling of organisatie." in _page(response)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN
    assert not CaseEvent.objects.filter(kind="task_completed").exists()


def test_next_must_stay_on_this_site(client, world):
    zaak = world.create_case()
    task = services.create_task(zaak=zaak, title="Advies", department=world.mobility, deadline_days=5, actor=world.handler)
    log_in_with_second_factor(client, world.clerk_other)

    response = client.post(reverse("cases:task_action", kwargs={"uuid": task.uuid, "action": "aanvaarden"}),
                           {"next": "https://evil.example/"})

    assert response["Location"] == reverse("cases:tasks")


def test_accepting_a_task_twice_says_why(client, world):
    zaak = world.create_case()
    task = services.create_task(zaak=zaak, title="Advies", department=world.mobility, deadline_days=5, actor=world.handler)
    services.accept_task(task=task, actor=world.clerk_other)
    log_in_with_second_factor(client, world.clerk_other)

    response = client.post(reverse("cases:task_action", kwargs={"uuid": task.uuid, "action": "aanvaarden"}))

    assert response.status_code == 409
    assert "Enkel een nieuwe taak kan aanvaard worden." in _page(response)


def test_team_queue_shows_the_cases_of_my_team(handler_client, world):
    from loket.platform.organisations.models import Team

    team = Team.objects.create(department=world.roads, name="Team Noord")
    world.handler.memberships.update(team=team)
    mine = world.create_case(omschrijving="Voor team Noord", team=team)
    world.create_case(omschrijving="Zonder team")

    page = _page(handler_client.get(reverse("cases:queue_team")))

    assert "Voor team Noord" in page and "Zonder team" not in page
    assert mine.identificatie in page


@pytest.mark.parametrize("action", ["status", "notitie", "taak", "document", "documentversie", "besluit", "opschorten", "hervatten", "verlengen",
                                    "afsluiten", "heropenen", "toewijzen", "relatie", "deelzaak"])
@pytest.mark.parametrize("data", [{}, {"status-statustype": "geen-uuid", "task-target": "organisatie:abc",
                                       "task-deadline": "gisteren", "close-resultaattype": "00000000-0000-0000-0000-000000000000",
                                       "extend-days": "-1", "assign-department": "999999", "subcase-zaaktype": "x",
                                       "version-document": "00000000-0000-0000-0000-000000000000", "decision-datum": "x"}])
def test_bad_input_never_gives_a_server_error(handler_client, world, action, data):
    zaak = world.create_case()
    events = CaseEvent.objects.filter(zaak=zaak).count()

    response = handler_client.post(action_url(zaak, action), data)

    assert response.status_code in (302, 400, 409)
    if response.status_code != 302:
        assert CaseEvent.objects.filter(zaak=zaak).count() == events


def test_new_document_version_and_older_versions_stay_downloadable(handler_client, world):
    zaak = world.create_case()
    services.add_document(zaak=zaak, file=pdf_file("plan.pdf"), titel="Plan", informatieobjecttype=world.doc_type, actor=world.handler)
    document = zaak.documents.get().informatieobject
    second = PDF.replace(b"1 0 obj", b"2 0 obj")

    response = handler_client.post(action_url(zaak, "documentversie"), {
        "version-document": str(document.uuid), "version-file": pdf_file("plan-v2.pdf", second)})

    assert response.status_code == 302
    url = reverse("cases:document", kwargs={"uuid": zaak.uuid, "document_uuid": document.uuid})
    assert b"".join(handler_client.get(url).streaming_content) == second
    assert b"".join(handler_client.get(url, {"versie": 1}).streaming_content) == PDF
    assert f"{url}?versie=1" in _page(handler_client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})))

    wrong = handler_client.post(action_url(zaak, "documentversie"), {
        "version-document": str(document.uuid), "version-file": SimpleUploadedFile("x.exe", b"MZ..")})
    assert wrong.status_code == 400
    assert document.versions.count() == 2


def test_decision_is_recorded_and_shown_in_the_timeline(handler_client, world):
    zaak = world.create_case()

    bad = handler_client.post(action_url(zaak, "besluit"), {
        "decision-besluittype": world.decision_type.pk, "decision-datum": "2026-03-01", "decision-ingangsdatum": "2026-03-10",
        "decision-vervaldatum": "2026-03-05"})
    assert bad.status_code == 400
    assert "De vervaldatum ligt voor de ingangsdatum." in _page(bad)

    response = handler_client.post(action_url(zaak, "besluit"), {
        "decision-besluittype": world.decision_type.pk, "decision-datum": "2026-03-01", "decision-ingangsdatum": "2026-03-10"})

    assert response.status_code == 302
    assert "Besluit: Vergunning inname" in _page(handler_client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})))
