import datetime

import pytest

from loket.cases import selectors, services
from loket.cases.exceptions import CaseClosed, InvalidState, PermissionDenied, ValidationFailed
from loket.cases.models import CaseEvent, Rol, Status, Task, TaskStatus, Zaak
from loket.platform.tests.factories import DepartmentFactory, OrganisationFactory


def test_create_case_gets_number_first_status_deadline_and_initiator(world):
    zaak = world.create_case(startdatum=datetime.date(2026, 12, 21), eigenschappen={"straat": "Kerkstraat"})
    assert zaak.identificatie == f"TD-{datetime.date.today().year}-000001"
    assert zaak.current_statustype == world.statuses[0]
    assert list(zaak.statussen.values_list("statustype__omschrijving", flat=True)) == ["Ontvangen"]
    # 10 working days from Monday 21 December 2026: Christmas (25th) and New Year (1 Jan) do not count.
    assert zaak.uiterlijke_einddatum_afdoening == datetime.date(2027, 1, 6)
    assert zaak.department == world.roads
    assert Rol.objects.get(zaak=zaak).party == world.party
    assert zaak.eigenschappen.get().waarde == "Kerkstraat"
    assert world.create_case().identificatie.endswith("000002")


def test_status_of_another_case_type_is_refused_and_changes_nothing(world):
    zaak = world.create_case()
    other = services.create_case_type(catalogus=world.catalogus, identificatie="ANDER", omschrijving="Ander",
                                      department=world.roads, doorlooptijd_days=5)
    foreign = services.add_status_type(zaaktype=other, omschrijving="Vreemd")
    with pytest.raises(ValidationFailed, match="hoort niet bij het zaaktype"):
        services.set_status(zaak=zaak, statustype=foreign, actor=world.handler)
    assert Status.objects.filter(zaak=zaak).count() == 1
    zaak.refresh_from_db()
    assert zaak.current_statustype == world.statuses[0]


def test_a_case_type_without_statuses_needs_them_only_for_the_first_status(world):
    bare = services.create_case_type(catalogus=world.catalogus, identificatie="ZONDER-STATUS", omschrijving="Kaal",
                                     department=world.roads, doorlooptijd_days=5,
                                     begin_geldigheid=datetime.date(2020, 1, 1))
    services.publish_case_type(zaaktype=bare, require_complete=False)
    with pytest.raises(ValidationFailed, match="geen statussen"):
        services.create_case(organisation=world.gemeente, zaaktype=bare, omschrijving="Staff")
    # a ZGW client sets the statuses itself (the Zaken API has no rule that a zaaktype has statustypen)
    zaak = services.create_case(organisation=world.gemeente, zaaktype=bare, omschrijving="API", initial_status=False)
    assert zaak.current_statustype is None
    assert not zaak.statussen.exists()


def test_closing_without_result_is_refused(world):
    zaak = world.create_case()
    with pytest.raises(ValidationFailed, match="zonder resultaat"):
        services.close_case(zaak=zaak, actor=world.handler)
    with pytest.raises(ValidationFailed, match="zonder resultaat"):
        services.set_status(zaak=zaak, statustype=world.statuses[-1], actor=world.handler)
    zaak.refresh_from_db()
    assert not zaak.is_closed and zaak.einddatum is None
    assert zaak.statussen.count() == 1


def test_close_sets_final_status_end_date_and_archiving_dates(world):
    zaak = world.create_case()
    services.set_status(zaak=zaak, statustype=world.statuses[1], actor=world.handler)
    services.close_case(zaak=zaak, actor=world.handler, resultaattype=world.results["geweigerd"])
    zaak.refresh_from_db()
    assert zaak.is_closed and zaak.einddatum == datetime.date.today()
    assert zaak.current_statustype == world.statuses[-1]
    assert zaak.archiefnominatie == "vernietigen"
    assert zaak.archiefactiedatum == zaak.einddatum.replace(year=zaak.einddatum.year + 10)
    with pytest.raises(CaseClosed):
        services.set_status(zaak=zaak, statustype=world.statuses[1], actor=world.handler)


def test_open_tasks_block_closing_unless_cancelled(world):
    zaak = world.create_case()
    services.create_task(zaak=zaak, title="Advies", department=world.mobility, deadline_days=3, actor=world.handler)
    with pytest.raises(InvalidState, match="open taken"):
        services.close_case(zaak=zaak, actor=world.handler, resultaattype=world.results["verleend"])
    zaak.refresh_from_db()
    assert not zaak.is_closed and not hasattr(zaak, "resultaat")
    services.close_case(zaak=zaak, actor=world.handler, resultaattype=world.results["verleend"], cancel_open_tasks=True)
    assert Task.objects.get(zaak=zaak).status == TaskStatus.CANCELLED


def test_task_for_a_department_that_does_not_exist_is_refused(world):
    zaak = world.create_case()
    with pytest.raises(ValidationFailed, match="Deze afdeling bestaat niet"):
        services.create_task(zaak=zaak, title="Advies", department=999999, deadline_days=3, actor=world.handler)
    stranger = DepartmentFactory(organisation=OrganisationFactory())
    with pytest.raises(ValidationFailed, match="geen partner"):
        services.create_task(zaak=zaak, title="Advies", department=stranger, deadline_days=3, actor=world.handler)
    assert not Task.objects.filter(zaak=zaak).exists()


def test_task_for_partner_accept_return_complete(world):
    zaak = world.create_case()
    task = services.create_task(zaak=zaak, title="Verkeersadvies politie", department=world.police_dept.pk,
                                deadline=datetime.date.today() + datetime.timedelta(days=5), actor=world.handler)
    assert task.organisation == world.police
    # The police officer sees the case through the task, the mobility clerk does not.
    assert selectors.can_view(world.officer, zaak)
    assert not selectors.can_view(world.clerk_other, zaak)
    with pytest.raises(PermissionDenied):
        services.accept_task(task=task, actor=world.clerk_other)
    services.accept_task(task=task, actor=world.officer)
    with pytest.raises(InvalidState):
        services.accept_task(task=task, actor=world.officer)
    with pytest.raises(ValidationFailed, match="reden"):
        services.return_task(task=task, reason=" ", actor=world.officer)
    services.complete_task(task=task, actor=world.officer, response="Gunstig advies, signalisatie voorzien.")
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED and task.assignee == world.officer
    assert CaseEvent.objects.filter(zaak=zaak, kind="task_completed").exists()


def test_task_with_past_deadline_is_refused(world):
    zaak = world.create_case()
    with pytest.raises(ValidationFailed, match="verleden"):
        services.create_task(zaak=zaak, title="Advies", department=world.mobility,
                             deadline=datetime.date.today() - datetime.timedelta(days=1), actor=world.handler)


def test_process_steps_start_in_order_with_parallel_groups(db):
    from loket.cases.tests.conftest import build_world

    world = build_world()
    draft = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=datetime.date.today())
    services.add_process_step(zaaktype=draft, name="Advies mobiliteit", order=1, deadline_days=5, department=world.mobility)
    services.add_process_step(zaaktype=draft, name="Advies politie", order=1, deadline_days=5, partner=world.police)
    services.add_process_step(zaaktype=draft, name="Vergunning opmaken", order=2, deadline_days=3, department=world.roads)
    services.publish_case_type(zaaktype=draft)
    zaak = world.create_case()
    assert zaak.zaaktype == draft
    first = list(zaak.tasks.order_by("title"))
    assert [t.title for t in first] == ["Advies mobiliteit", "Advies politie"]
    services.complete_task(task=first[0], actor=world.clerk_other)
    assert zaak.tasks.count() == 2  # the parallel step is still open
    services.complete_task(task=first[1], actor=world.officer)
    assert sorted(zaak.tasks.values_list("title", flat=True)) == ["Advies mobiliteit", "Advies politie", "Vergunning opmaken"]


def test_invalid_property_values_are_refused(world):
    with pytest.raises(ValidationFailed, match="startdatum_inname"):
        world.create_case(eigenschappen={"startdatum_inname": "morgen"})
    with pytest.raises(ValidationFailed, match="Onbekende eigenschap"):
        world.create_case(eigenschappen={"kleur": "rood"})
    assert not Zaak.objects.exists()


def test_assign_and_bulk_assign_all_or_nothing(world):
    a, b = world.create_case(), world.create_case()
    assert services.bulk_assign(zaken=[a, b], actor=world.manager, assignee=world.handler) == 2
    a.refresh_from_db()
    assert a.assignee == world.handler
    with pytest.raises(ValidationFailed, match=b.identificatie.split("-")[0]):
        services.bulk_assign(zaken=[a.pk, b.pk], actor=world.manager, assignee=world.clerk_other)
    b.refresh_from_db()
    assert b.assignee == world.handler  # unchanged: the clerk does not work in Wegen
    services.assign_case(zaak=a, actor=world.manager, department=world.mobility, assignee=world.clerk_other)
    a.refresh_from_db()
    assert (a.department, a.assignee, a.team) == (world.mobility, world.clerk_other, None)


def test_suspend_resume_and_extend_move_the_deadline(world):
    zaak = world.create_case()
    before = zaak.uiterlijke_einddatum_afdoening
    services.suspend_case(zaak=zaak, reason="Wachten op plan van de aannemer", actor=world.handler)
    with pytest.raises(InvalidState):
        services.suspend_case(zaak=zaak, reason="Nog eens", actor=world.handler)
    Zaak.objects.filter(pk=zaak.pk).update(suspended_since=datetime.date.today() - datetime.timedelta(days=7))
    zaak = services.resume_case(zaak=zaak, actor=world.handler)
    assert zaak.uiterlijke_einddatum_afdoening > before
    suspended = zaak.uiterlijke_einddatum_afdoening
    zaak = services.extend_case(zaak=zaak, reason="Bijkomend advies nodig", actor=world.handler, days=5)
    assert zaak.uiterlijke_einddatum_afdoening > suspended
    with pytest.raises(InvalidState, match="al verlengd"):
        services.extend_case(zaak=zaak, reason="Nog eens", actor=world.handler)


def test_reopen_needs_a_manager(world):
    zaak = world.create_case()
    services.close_case(zaak=zaak, actor=world.handler, resultaattype=world.results["verleend"])
    with pytest.raises(PermissionDenied):
        services.reopen_case(zaak=zaak, reason="Fout resultaat", actor=world.handler)
    zaak.refresh_from_db()
    assert zaak.is_closed
    services.reopen_case(zaak=zaak, reason="Fout resultaat", actor=world.manager)
    zaak.refresh_from_db()
    assert not zaak.is_closed and zaak.archiefactiedatum is None and zaak.current_statustype == world.statuses[1]
    assert not hasattr(zaak, "resultaat")


def test_staff_of_another_department_cannot_change_a_case(world):
    zaak = world.create_case()
    with pytest.raises(PermissionDenied):
        services.add_note(zaak=zaak, text="Hallo", actor=world.clerk_other)
    with pytest.raises(ValidationFailed):
        services.add_note(zaak=zaak, text="  ", actor=world.handler)
    services.add_note(zaak=zaak, text="Aannemer gebeld", actor=world.handler)
    assert zaak.notes.count() == 1


def test_sub_cases_and_related_cases(world):
    main = world.create_case()
    sub = services.create_sub_case(hoofdzaak=main, zaaktype=world.zaaktype, omschrijving="Signalisatie", actor=world.handler)
    assert sub.hoofdzaak == main and sub.initiator_party == world.party
    with pytest.raises(ValidationFailed, match="deelzaak"):
        services.create_sub_case(hoofdzaak=sub, zaaktype=world.zaaktype, omschrijving="Te diep", actor=world.handler)
    other = world.create_case()
    services.relate_cases(zaak=main, related=other, aard_relatie="vervolg", actor=world.handler)
    with pytest.raises(ValidationFailed):
        services.relate_cases(zaak=main, related=main, actor=world.handler)


def test_roles_and_decisions(world):
    zaak = world.create_case()
    services.add_role(zaak=zaak, roltype=world.advisor_role, partner=world.police, actor=world.handler)
    with pytest.raises(ValidationFailed, match="precies één"):
        services.add_role(zaak=zaak, roltype=world.advisor_role, actor=world.handler)
    besluit = services.create_decision(zaak=zaak, besluittype=world.decision_type, datum=datetime.date.today(),
                                       ingangsdatum=datetime.date.today(), verzenddatum=datetime.date.today(),
                                       actor=world.handler)
    assert besluit.uiterlijke_reactiedatum == datetime.date.today() + datetime.timedelta(days=30)
    with pytest.raises(ValidationFailed, match="vervaldatum"):
        services.create_decision(zaak=zaak, besluittype=world.decision_type, datum=datetime.date.today(),
                                 ingangsdatum=datetime.date.today(), vervaldatum=datetime.date(2000, 1, 1), actor=world.handler)
