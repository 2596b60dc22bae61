"""Staff corrections feed the organisation's own classifier (meld-classifier's part of issue 7)."""

import pytest

from loket.meldingen import services
from loket.meldingen.classification import services as classification
from loket.meldingen.classification.models import TrainedClassifier
from loket.meldingen.classification.tests.conftest import small_seed
from loket.meldingen.models import State

TEXTS = [
    "De kerstverlichting boven de Kerkstraat hangt los en zwiept tegen de gevels",
    "kerstverlichting hangt naar beneden boven de weg",
    "Een snoer van de kerstverlichting hangt over de rijbaan",
    "kerstverlichting op de markt is losgewaaid en hangt laag",
    "De draden van de kerstverlichting hangen tot op het voetpad",
    "Kerstverlichting boven de straat is kapot en hangt scheef",
    "losgekomen kerstverlichting boven de Stationsstraat",
    "De kerstverlichting is losgeraakt en de bus raakt ze bijna",
]


@pytest.fixture
def quick_training(monkeypatch):
    subset = small_seed()
    monkeypatch.setattr(classification, "seed_examples", lambda: subset)
    monkeypatch.setattr(classification, "AUGMENT_SHARE", 0.0)
    classification._CACHE.clear()
    yield
    classification._CACHE.clear()


def handled_after_correction(world, text, slug):
    melding = world.report(text=text)
    services.reclassify(melding=melding, category=world.category(slug), actor=world.handler)
    return services.transition(melding=melding, to_state=State.HANDLED, actor=world.handler, notify=False)


def test_staff_corrections_teach_the_organisations_model_but_not_the_seed_model(world, quick_training):
    probe = "de kerstverlichting boven de Vlasstraat hangt los"
    for text in TEXTS:
        handled_after_correction(world, text, "verkeersbord-verkeersafzetting")

    row = classification.train(organisation=world.gemeente)

    assert row.own_examples == len(TEXTS)
    assert classification.classify(probe, organisation=world.gemeente).sub[0].slug == "verkeersbord-verkeersafzetting"
    assert classification.classify(probe, organisation=None).sub[0].slug != "verkeersbord-verkeersafzetting"


def test_an_organisation_without_its_own_model_gets_the_seed_models_answer(world, quick_training):
    text = "de lantaarnpaal voor mijn huis brandt niet"
    assert classification.classify(text, organisation=world.gemeente) == classification.classify(text)
    assert not TrainedClassifier.objects.filter(organisation=world.gemeente).exists()


def test_open_and_merged_meldingen_are_not_used_for_training(world, quick_training):
    world.report(text="open melding die nog niet is afgehandeld")
    handled_after_correction(world, TEXTS[0], "verkeersbord-verkeersafzetting")
    assert classification.training_set(organisation=world.gemeente, augmented=False).own == 1
