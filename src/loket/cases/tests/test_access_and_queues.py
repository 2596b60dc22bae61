import datetime

import pytest

from loket.cases import selectors, services
from loket.cases.exceptions import PermissionDenied, ValidationFailed
from loket.cases.models import Zaak
from loket.platform.audit.models import AuditEntry
from loket.platform.tests.factories import MembershipFactory, UserFactory


def test_staff_see_cases_of_their_departments_case_types_and_tasks(world):
    zaak = world.create_case()
    assert list(selectors.visible_cases(world.handler)) == [zaak]
    assert list(selectors.visible_cases(world.clerk_other)) == []
    assert not selectors.can_change(world.clerk_other, zaak)
    services.create_task(zaak=zaak, title="Advies", department=world.mobility, deadline_days=2, actor=world.handler)
    assert selectors.can_view(world.clerk_other, zaak)
    assert not selectors.can_change(world.clerk_other, zaak)  # a task lets you see the case, not change it


def test_confidential_cases_need_clearance(world):
    secret = world.create_case(vertrouwelijkheidaanduiding="geheim")
    frontoffice = UserFactory(organisation=world.gemeente)
    MembershipFactory(user=frontoffice, department=world.roads, role="frontoffice")
    assert not selectors.can_view(world.handler, secret)  # a case handler is cleared up to confidentieel
    assert not selectors.can_view(frontoffice, secret)
    assert selectors.can_view(world.manager, secret)
    services.assign_case(zaak=secret, actor=world.manager, assignee=world.handler)
    assert selectors.can_view(world.handler, secret)  # the assignee always sees the case
    with pytest.raises(ValidationFailed):
        world.create_case(vertrouwelijkheidaanduiding="topgeheim")


def test_case_page_writes_the_audit_log_and_refuses_strangers(world):
    zaak = world.create_case()
    services.add_note(zaak=zaak, text="Gebeld", actor=world.handler)
    for _ in range(3):
        services.create_task(zaak=zaak, title="Advies", department=world.mobility, deadline_days=2, actor=world.handler)
    detail = selectors.case_detail(world.handler, zaak, reason="Behandeling aanvraag")
    assert detail.zaak == zaak and len(detail.tasks) == 3 and len(detail.notes) == 1 and detail.can_change
    entry = AuditEntry.objects.get()
    assert (entry.subject_id, entry.object_id, entry.reason) == (str(world.party.pk), str(zaak.pk), "Behandeling aanvraag")
    assert "85.07.30" not in entry.subject_display  # masked
    stranger = UserFactory(organisation=world.gemeente)
    with pytest.raises(PermissionDenied):
        selectors.case_detail(stranger, zaak)
    assert AuditEntry.objects.count() == 1


def test_case_page_query_count_does_not_grow_with_the_case(world, django_assert_max_num_queries):
    zaak = world.create_case()
    for n in range(5):
        services.set_status(zaak=zaak, statustype=world.statuses[n % 2], actor=world.handler)
        services.create_task(zaak=zaak, title=f"Taak {n}", department=world.mobility, deadline_days=2, actor=world.handler)
    with django_assert_max_num_queries(25):
        detail = selectors.case_detail(world.handler, zaak)
        [(t.department.name, t.assignee) for t in detail.tasks]
        [s.statustype.omschrijving for s in detail.statuses]


def test_work_queue_filters_and_sorting(world):
    today = datetime.date.today()
    soon = world.create_case(omschrijving="Binnenkort")
    late = world.create_case(omschrijving="Te laat")
    later = world.create_case(omschrijving="Later")
    Zaak.objects.filter(pk=soon.pk).update(uiterlijke_einddatum_afdoening=today + datetime.timedelta(days=1))
    Zaak.objects.filter(pk=late.pk).update(uiterlijke_einddatum_afdoening=today - datetime.timedelta(days=2))
    Zaak.objects.filter(pk=later.pk).update(uiterlijke_einddatum_afdoening=today + datetime.timedelta(days=30))
    services.assign_case(zaak=later, actor=world.handler, assignee=world.handler)
    queue = selectors.work_queue(world.handler, scope="department", department=world.roads)
    assert [z.omschrijving for z in queue] == ["Te laat", "Binnenkort", "Later"]
    assert [z.omschrijving for z in selectors.work_queue(world.handler, filters={"deadline": "overdue"})] == ["Te laat"]
    assert [z.omschrijving for z in selectors.work_queue(world.handler, filters={"deadline": "soon"})] == ["Binnenkort"]
    assert len(selectors.work_queue(world.handler, filters={"unassigned": True})) == 2
    assert [z.omschrijving for z in selectors.work_queue(world.handler, scope="person")] == ["Later"]
    assert len(selectors.work_queue(world.handler, filters={"zaaktype": "ANDER"})) == 0
    assert len(selectors.work_queue(world.handler, filters={"status": ["Ontvangen"], "sort": "-deadline"})) == 3
    page = selectors.work_queue_page(world.handler, per_page=2)
    assert len(page.cases) == 2 and page.has_next
    with pytest.raises(PermissionDenied):
        selectors.work_queue(world.clerk_other, scope="department", department=world.roads)
    with pytest.raises(ValidationFailed, match="Onbekende filter"):
        selectors.work_queue(world.handler, filters={"kleur": "rood"})


def test_saved_filters_are_personal_or_shared_with_a_department(world):
    saved = services.save_filter(owner=world.handler, name="Te laat", filters={"deadline": "overdue"}, shared_with=world.roads)
    assert list(selectors.saved_filters(world.manager)) == [saved]
    assert list(selectors.saved_filters(world.clerk_other)) == []
    with pytest.raises(PermissionDenied):
        services.save_filter(owner=world.clerk_other, name="X", filters={}, shared_with=world.roads)
    with pytest.raises(ValidationFailed):
        services.save_filter(owner=world.handler, name="Fout", filters={"deadline": "gisteren"})
    with pytest.raises(PermissionDenied):
        services.delete_filter(saved_filter=saved, actor=world.manager)
    services.delete_filter(saved_filter=saved, actor=world.handler)


def test_task_queue_per_department_and_partner(world):
    zaak = world.create_case()
    task = services.create_task(zaak=zaak, title="Advies", department=world.police_dept, deadline_days=2, actor=world.handler)
    org_task = services.create_task(zaak=zaak, title="Algemeen", partner=world.police, deadline_days=2, actor=world.handler)
    assert list(selectors.task_queue(world.officer)) == [task]
    assert list(selectors.task_queue(world.officer, scope="organisation")) == [org_task]
    assert selectors.can_view(world.officer, zaak)
