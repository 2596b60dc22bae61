"""Review findings: bad input that gave server errors, access edge cases, a race, and the query counts of the
work queue and the case page (pinned so N+1 queries do not come back)."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from loket.cases import selectors, services
from loket.cases.exceptions import PermissionDenied, ValidationFailed
from loket.cases.models import Besluit, Task, TaskStatus, ZaakType
from loket.platform.accounts.models import User
from loket.platform.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    log_in_with_second_factor,
)

from .conftest import build_world, pdf_file


@pytest.fixture
def handler_client(client, world):
    log_in_with_second_factor(client, world.handler)
    return client


# -- Bad input: a clear message, never a 500 ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_number_beyond_any_queue_gives_an_empty_page(handler_client, world):
    world.create_case()
    response = handler_client.get(reverse("cases:queue_department") + "?pagina=99999999999999999999")
    assert response.status_code == 200
    assert "TD-" not in response.content.decode()


@pytest.mark.django_db
def test_a_decision_sent_on_the_last_day_of_the_calendar_is_refused(handler_client, world):
    zaak = world.create_case()
    response = handler_client.post(reverse("cases:action", kwargs={"uuid": zaak.uuid, "action": "besluit"}), {
        "decision-besluittype": world.decision_type.pk, "decision-datum": "2026-01-05", "decision-ingangsdatum": "2026-01-05",
        "decision-verzenddatum": "9999-12-31",
    })
    assert response.status_code == 400
    assert "te ver in de toekomst" in response.content.decode()
    assert not Besluit.objects.filter(zaak=zaak).exists()


@pytest.mark.django_db
def test_a_task_term_of_a_billion_days_is_refused(world):
    zaak = world.create_case()
    with pytest.raises(ValidationFailed, match="hoogstens"):
        services.create_task(zaak=zaak, title="Advies", department=world.mobility, deadline_days=10**9, actor=world.handler)
    assert not zaak.tasks.exists()


@pytest.mark.django_db
def test_a_party_search_with_nul_bytes_finds_nothing_without_an_error(handler_client, world):
    response = handler_client.post(reverse("cases:new"), {"action": "search", "party_query": "\x00\x00"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_case_type_valid_from_the_last_day_of_the_calendar_can_be_shown(client, world):
    log_in_with_second_factor(client, world.manager)
    draft = services.create_case_type(catalogus=world.catalogus, identificatie="LAAT", omschrijving="Laat",
                                      department=world.roads, doorlooptijd_days=5, begin_geldigheid=datetime.date.max)
    assert client.get(reverse("cases:case_type", kwargs={"uuid": draft.uuid})).status_code == 200


@pytest.mark.django_db
def test_a_document_whose_file_is_gone_gives_not_found(handler_client, world):
    zaak = world.create_case()
    link = services.add_document(zaak=zaak, file=pdf_file(), titel="Aanvraag", informatieobjecttype=world.doc_type,
                                 actor=world.handler)
    version = link.informatieobject.latest_version
    version.inhoud.storage.delete(version.inhoud.name)
    url = reverse("cases:document", kwargs={"uuid": zaak.uuid, "document_uuid": link.informatieobject.uuid})
    assert handler_client.get(url).status_code == 404
    assert handler_client.get(url + "?versie=99999999999999999999").status_code == 404


# -- Access -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_reopen_permission_does_not_reach_cases_of_another_organisation(world):
    zaak = world.create_case()
    services.close_case(zaak=zaak, actor=world.handler, resultaattype=world.results["verleend"])
    other = OrganisationFactory(name="Andere gemeente", slug="andere-gemeente")
    stranger = UserFactory(organisation=other)
    MembershipFactory(user=stranger, department=DepartmentFactory(organisation=other), role="leidinggevende")
    from django.contrib.auth.models import Permission

    stranger.user_permissions.add(Permission.objects.get(codename="reopen_zaak"))
    stranger = User.objects.get(pk=stranger.pk)  # fresh permission cache

    assert not selectors.can_reopen(stranger, zaak)
    with pytest.raises(PermissionDenied):
        services.reopen_case(zaak=zaak, reason="Waarom niet", actor=stranger)
    zaak.refresh_from_db()
    assert zaak.is_closed


@pytest.mark.django_db
def test_bulk_assignment_names_the_closed_case_that_stopped_it(world):
    open_case, closed_case = world.create_case(), world.create_case()
    services.close_case(zaak=closed_case, actor=world.handler, resultaattype=world.results["verleend"])
    with pytest.raises(Exception, match=closed_case.identificatie):
        services.bulk_assign(zaken=[open_case, closed_case], actor=world.handler, assignee=world.manager)
    open_case.refresh_from_db()
    assert open_case.assignee is None


@pytest.mark.django_db
def test_catalogue_wide_types_need_an_administrator_or_manager_of_that_organisation(world):
    from loket.cases.models import BesluitType, Catalogus, InformatieObjectType

    other = OrganisationFactory(name="Andere gemeente", slug="andere-gemeente")
    outsider_admin = UserFactory(organisation=other)
    MembershipFactory(user=outsider_admin, department=DepartmentFactory(organisation=other), role="beheerder")
    for actor in (world.handler, outsider_admin):
        with pytest.raises(PermissionDenied):
            services.create_document_type(catalogus=world.catalogus, omschrijving="Vreemd", actor=actor)
        with pytest.raises(PermissionDenied):
            services.create_decision_type(catalogus=world.catalogus, omschrijving="Vreemd", actor=actor)
        with pytest.raises(PermissionDenied):
            services.create_catalogus(organisation=world.gemeente, naam="Vreemd", domein="VR", actor=actor)
    draft = services.create_document_type(catalogus=world.catalogus, omschrijving="Plan", actor=world.manager)
    with pytest.raises(PermissionDenied):
        services.publish_type(obj=draft, actor=world.handler)
    services.publish_type(obj=draft, actor=world.manager)
    assert not InformatieObjectType.objects.filter(omschrijving="Vreemd").exists()
    assert not BesluitType.objects.filter(omschrijving="Vreemd").exists()
    assert not Catalogus.objects.filter(naam="Vreemd").exists()


@pytest.mark.django_db
def test_a_deadline_warning_read_before_the_deadline_moved_is_not_sent(world):
    from loket.cases.models import CaseEvent, Zaak
    from loket.cases.services import timers
    from loket.platform.messaging.models import OutgoingEmail

    zaak = world.create_case(assignee=world.handler)
    stale = Zaak.objects.get(pk=zaak.pk)  # what a (slow) run of the job read
    Zaak.objects.filter(pk=zaak.pk).update(uiterlijke_einddatum_afdoening=zaak.uiterlijke_einddatum_afdoening + datetime.timedelta(days=20))
    assert timers._warn_case(stale, world.gemeente) is False
    fresh = Zaak.objects.get(pk=zaak.pk)
    assert timers._warn_case(fresh, world.gemeente) is True
    assert timers._warn_case(fresh, world.gemeente) is False  # a second, overlapping run
    assert CaseEvent.objects.filter(zaak=zaak, kind="deadline_warning").count() == 1
    assert OutgoingEmail.objects.count() == 1


@pytest.mark.django_db
def test_a_task_for_a_partner_cannot_be_given_to_someone_of_another_organisation(world):
    zaak = world.create_case()
    task = services.create_task(zaak=zaak, title="Advies", partner=world.police, deadline_days=5, actor=world.handler)
    with pytest.raises(ValidationFailed, match="organisatie van de taak"):
        services.accept_task(task=task, actor=world.officer, assignee=world.handler)
    with pytest.raises(ValidationFailed, match="organisatie van de taak"):
        services.reassign_task(task=task, actor=world.officer, assignee=world.handler)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.assignee is None
    services.accept_task(task=task, actor=world.officer)
    task.refresh_from_db()
    assert task.assignee == world.officer


# -- Race: two parallel tasks completed at the same moment ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_completing_the_last_two_parallel_tasks_at_once_starts_the_next_step():
    world = build_world()
    zaaktype = services.create_case_type(catalogus=world.catalogus, identificatie="PARALLEL", omschrijving="Parallel",
                                         department=world.roads, doorlooptijd_days=10, begin_geldigheid=datetime.date(2020, 1, 1))
    for name in ("Ontvangen", "Afgehandeld"):
        services.add_status_type(zaaktype=zaaktype, omschrijving=name)
    services.add_result_type(zaaktype=zaaktype, omschrijving="Klaar", archiefnominatie="vernietigen", archiefactietermijn="P1Y")
    services.add_role_type(zaaktype=zaaktype, omschrijving="Aanvrager", omschrijving_generiek="initiator")
    services.add_process_step(zaaktype=zaaktype, name="Advies wegen", order=1, deadline_days=5, department=world.roads)
    services.add_process_step(zaaktype=zaaktype, name="Advies mobiliteit", order=1, deadline_days=5, department=world.mobility)
    services.add_process_step(zaaktype=zaaktype, name="Besluit", order=2, deadline_days=5, department=world.roads)
    services.publish_case_type(zaaktype=ZaakType.objects.get(pk=zaaktype.pk))
    zaak = world.create_case(zaaktype=zaaktype, actor=None)
    first, second = zaak.tasks.order_by("pk")
    first_done, release, errors = threading.Event(), threading.Event(), []

    def complete_first():
        try:
            with transaction.atomic():
                services.complete_task(task=first)
                first_done.set()
                release.wait(5)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
            first_done.set()
        finally:
            connection.close()

    def complete_second():
        try:
            services.complete_task(task=second)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    one = threading.Thread(target=complete_first)
    one.start()
    assert first_done.wait(5)
    two = threading.Thread(target=complete_second)
    two.start()
    time.sleep(0.3)  # the second completion runs while the first is not committed yet
    release.set()
    one.join(10)
    two.join(10)
    assert errors == []
    assert list(Task.objects.filter(zaak=zaak, process_step__order=2).values_list("title", flat=True)) == ["Besluit"]
    assert Task.objects.filter(zaak=zaak, status=TaskStatus.COMPLETED).count() == 2


# -- Query counts ---------------------------------------------------------------------------------------------


def _busy_world(world):
    """A case with tasks, notes, documents and decisions, and an organisation with many departments, teams and staff."""
    from loket.platform.organisations.models import Team

    for index in range(6):
        department = DepartmentFactory(organisation=world.gemeente, name=f"Dienst {index}", slug=f"dienst-{index}")
        team = Team.objects.create(department=department, name=f"Team {index}")
        MembershipFactory(user=UserFactory(organisation=world.gemeente), department=department, team=team, role="behandelaar")
    zaak = world.create_case()
    for index in range(4):
        services.create_task(zaak=zaak, title=f"Taak {index}", department=world.mobility, deadline_days=5, actor=world.handler)
    services.create_task(zaak=zaak, title="Politie", partner=world.police, deadline_days=5, actor=world.handler)
    for index in range(3):
        services.add_note(zaak=zaak, text=f"Notitie {index}", actor=world.handler)
        services.add_document(zaak=zaak, file=pdf_file(f"doc{index}.pdf"), titel=f"Document {index}",
                              informatieobjecttype=world.doc_type, actor=world.handler)
    services.create_decision(zaak=zaak, besluittype=world.decision_type, datum=datetime.date(2026, 1, 5),
                             ingangsdatum=datetime.date(2026, 1, 5), actor=world.handler)
    services.set_status(zaak=zaak, statustype=world.statuses[1], actor=world.handler)
    for _ in range(30):
        world.create_case(assignee=world.handler)
    return zaak


# Before the review: 40+ queries on the case page, 19-24 on a work queue, growing with departments and partner tasks.
CASE_PAGE_MAX_QUERIES = 33
QUEUE_MAX_QUERIES = 15
TASKS_MAX_QUERIES = 8


@pytest.mark.django_db
def test_the_case_page_needs_a_fixed_number_of_queries(handler_client, world, django_assert_max_num_queries):
    zaak = _busy_world(world)
    url = reverse("cases:detail", kwargs={"uuid": zaak.uuid})
    handler_client.get(url)
    with django_assert_max_num_queries(CASE_PAGE_MAX_QUERIES):
        response = handler_client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["cases:queue", "cases:queue_team", "cases:queue_department"])
def test_the_work_queues_need_a_fixed_number_of_queries(handler_client, world, django_assert_max_num_queries, name):
    _busy_world(world)
    handler_client.get(reverse(name))
    with django_assert_max_num_queries(QUEUE_MAX_QUERIES):
        response = handler_client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_task_queue_needs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    _busy_world(world)
    log_in_with_second_factor(client, world.officer)
    url = reverse("cases:tasks") + "?voor=organisation"
    client.get(url)
    with django_assert_max_num_queries(TASKS_MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "Politie" in response.content.decode()


@pytest.mark.django_db
def test_a_task_on_a_case_above_my_clearance_shows_its_number_not_its_content(client, world):
    zaak = world.create_case(omschrijving="Huiselijk geweld Kerkstraat", vertrouwelijkheidaanduiding="zeer_geheim",
                             actor=world.manager)
    services.create_task(zaak=zaak, title="Advies wijkinspecteur", department=world.police_dept, deadline_days=5,
                         actor=world.manager)
    log_in_with_second_factor(client, world.officer)  # a case handler: clearance up to "confidentieel"

    html = client.get(reverse("cases:tasks")).content.decode()

    assert "Advies wijkinspecteur" in html and zaak.identificatie in html
    assert "Huiselijk geweld" not in html and "vertrouwelijk voor u" in html
    assert client.get(reverse("cases:detail", kwargs={"uuid": zaak.uuid})).status_code in (403, 404)
