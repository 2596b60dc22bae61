import pytest

from loket.cases import selectors
from loket.cases.models import Task, Zaak, ZaakType
from loket.demo import services as demo
from loket.platform.accounts.models import User


@pytest.mark.django_db
def test_demo_ships_published_case_types_with_routes_and_open_cases():
    demo.load_demo(seed=3, residents=60, businesses=10, extra_staff=2)
    codes = set(ZaakType.objects.filter(concept=False).values_list("identificatie", flat=True))
    assert {"EVENEMENT", "PARKEERKAART", "GRAFFITI", "WONINGAANPASSING", "INNAME-OPENBAAR-DOMEIN"} <= codes
    event = ZaakType.objects.get(identificatie="EVENEMENT")
    partners = {step.department.organisation.slug for step in event.process_steps.select_related("department__organisation")}
    assert {"pz-netevallei", "hvz-netevallei", "heidebeek"} <= partners
    assert all(r.selectielijstklasse for r in event.resultaattypen.all())
    assert event.products.filter(key="evenement-organiseren", organisation__slug="heidebeek").exists()
    # The police officer of the demo sees the event cases through the advice task.
    officer = User.objects.get(username="politie.inge")
    assert Task.objects.filter(department__organisation__slug="pz-netevallei").exists()
    assert selectors.visible_cases(officer).filter(zaaktype__identificatie="EVENEMENT").exists()
    handler = User.objects.get(username="vrijetijd.nina")
    assert selectors.work_queue(handler).filter(zaaktype__identificatie="EVENEMENT").count() == 2
    # Resetting the demo removes its case data too.
    demo.reset_demo()
    assert not Zaak.objects.exists() and not ZaakType.objects.exists()
