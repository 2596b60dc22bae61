import pytest

from loket.demo.services import load_demo, reset_demo
from loket.meldingen import selectors
from loket.meldingen.models import Category, Melding, State
from loket.platform.organisations.models import Organisation


@pytest.mark.django_db
def test_demo_loads_taxonomy_routing_and_meldingen_in_several_states_and_reloads():
    load_demo(residents=20, businesses=5, extra_staff=0, catalog=False)
    heidebeek = Organisation.objects.get(slug="heidebeek")
    assert Category.objects.filter(organisation=heidebeek, parent__isnull=False).count() == 77
    meldingen = Melding.objects.filter(organisation=heidebeek)
    assert meldingen.count() >= 30 and all(m.zaak_id for m in meldingen)
    states = set(meldingen.values_list("state", flat=True))
    assert {State.HANDLED, State.FORWARDED, State.IN_PROGRESS, State.CANCELLED} <= states
    assert meldingen.filter(partner__slug="ian").exists() and meldingen.filter(partner__slug="pz-netevallei").exists()
    assert meldingen.filter(merged_into__isnull=False).exists()
    assert len(selectors.public_map_features(heidebeek)) > 0
    reset_demo()
    assert not Melding.objects.exists()
