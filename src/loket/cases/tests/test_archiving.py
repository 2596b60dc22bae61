import datetime

import pytest
from dateutil.relativedelta import relativedelta

from loket.cases import services
from loket.cases.models import Zaak


def _case_type_with_result(world, **result):
    draft = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=world.zaaktype.begin_geldigheid + datetime.timedelta(days=1))
    made = services.add_result_type(zaaktype=draft, omschrijving="Archief", archiefnominatie="vernietigen",
                                    archiefactietermijn="P5Y", **result)
    services.publish_case_type(zaaktype=draft)
    return draft, made


def _close(world, zaak, resultaattype, **kwargs):
    services.close_case(zaak=zaak, actor=world.handler, resultaattype=resultaattype, **kwargs)
    zaak.refresh_from_db()
    return zaak


TODAY = datetime.date.today()


def test_afgehandeld_and_termijn(world):
    zaak = _close(world, world.create_case(), world.results["verleend"])
    assert zaak.startdatum_bewaartermijn == TODAY and zaak.archiefactiedatum == TODAY + relativedelta(years=5)
    _draft, result = _case_type_with_result(world, afleidingswijze="termijn", procestermijn="P1Y6M")
    zaak = _close(world, world.create_case(), result)
    assert zaak.startdatum_bewaartermijn == TODAY + relativedelta(years=1, months=6)
    assert zaak.archiefactiedatum == TODAY + relativedelta(years=6, months=6)


def test_eigenschap_and_zaakobject_and_ander_datumkenmerk(world):
    _draft, result = _case_type_with_result(world, afleidingswijze="eigenschap", datumkenmerk="startdatum_inname")
    zaak = _close(world, world.create_case(eigenschappen={"startdatum_inname": "2030-05-01"}), result)
    assert zaak.archiefactiedatum == datetime.date(2035, 5, 1)

    zaak = world.create_case()
    services.add_case_object(zaak=zaak, object_type="vergunning", data={"vervaldatum": "2031-02-03"}, actor=world.handler)
    draft = zaak.zaaktype
    result = draft.resultaattypen.get(omschrijving="Archief")
    result.afleidingswijze, result.datumkenmerk, result.objecttype = "zaakobject", "vervaldatum", "vergunning"
    result.save()
    assert _close(world, zaak, result).archiefactiedatum == datetime.date(2036, 2, 3)

    result.afleidingswijze, result.datumkenmerk = "ander_datumkenmerk", "datum"
    result.save()
    zaak = _close(world, world.create_case(), result, brondatum=datetime.date(2029, 1, 1))
    assert zaak.archiefactiedatum == datetime.date(2034, 1, 1)
    zaak = _close(world, world.create_case(), result)
    assert zaak.startdatum_bewaartermijn is None and zaak.archiefactiedatum is None  # unknown until given


def test_besluit_dates(world):
    _draft, result = _case_type_with_result(world, afleidingswijze="ingangsdatum_besluit")
    zaak = world.create_case()
    services.create_decision(zaak=zaak, besluittype=world.decision_type, datum=TODAY, ingangsdatum=datetime.date(2027, 3, 1),
                             vervaldatum=datetime.date(2028, 3, 1), actor=world.handler)
    assert _close(world, zaak, result).archiefactiedatum == datetime.date(2032, 3, 1)
    result.afleidingswijze = "vervaldatum_besluit"
    result.save()
    zaak = world.create_case()
    services.create_decision(zaak=zaak, besluittype=world.decision_type, datum=TODAY, ingangsdatum=datetime.date(2027, 3, 1),
                             vervaldatum=datetime.date(2028, 3, 1), actor=world.handler)
    assert _close(world, zaak, result).archiefactiedatum == datetime.date(2033, 3, 1)


@pytest.mark.parametrize("way", ["hoofdzaak", "gerelateerde_zaak"])
def test_hoofdzaak_and_gerelateerde_zaak_wait_for_the_other_case(world, way):
    _draft, result = _case_type_with_result(world, afleidingswijze=way)
    main = world.create_case()
    if way == "hoofdzaak":
        zaak = services.create_sub_case(hoofdzaak=main, zaaktype=world.zaaktype, omschrijving="Deel", actor=world.handler)
    else:
        zaak = world.create_case()
        services.relate_cases(zaak=zaak, related=main, actor=world.handler)
    zaak = _close(world, zaak, result)
    assert zaak.archiefactiedatum is None  # the other case is still open
    services.close_case(zaak=main, actor=world.handler, resultaattype=main.zaaktype.resultaattypen.get(omschrijving="Verleend"))
    zaak = Zaak.objects.get(pk=zaak.pk)
    assert zaak.startdatum_bewaartermijn == TODAY and zaak.archiefactiedatum == TODAY + relativedelta(years=5)
