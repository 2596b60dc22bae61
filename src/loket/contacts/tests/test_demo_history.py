"""The demo's contact history: addresses, contacts on every channel, callbacks, a representative, a flagged pair and
knowledge articles for frequent products; deterministic and removable."""

from loket.catalog.tests.helpers import product
from loket.contacts import demo
from loket.contacts.models import (
    ContactMoment,
    DigitalAddress,
    InternalTask,
    KnowledgeArticle,
    Party,
    PartyMergeCandidate,
    Representation,
)
from loket.platform.tests.factories import PartyFactory


def test_demo_history_is_complete_and_can_be_removed(contacts_world):
    world = contacts_world
    product(world.gemeente, "Identiteitskaart aanvragen")
    product(world.gemeente, "Grofvuil laten ophalen")
    for n in range(6):
        PartyFactory(organisation=world.gemeente, email=f"inwoner{n}@example.org", phone=f"0470 11 22 {n:02d}")
    counts = demo.load(world.gemeente, seed=3, with_history=10)
    assert counts["contacts"] == ContactMoment.objects.filter(direction="inkomend").count() > 10
    assert ContactMoment.objects.filter(direction="uitgaand", answers_task__isnull=False).exists()  # answered callbacks
    assert counts["knowledge_articles"] == KnowledgeArticle.objects.count() == 2
    assert DigitalAddress.objects.filter(normalised_value="+32470112200").exists()
    assert InternalTask.objects.exists() and Representation.objects.count() == 1
    assert PartyMergeCandidate.objects.filter(reason="telefoon").exists()
    assert len({c.channel for c in ContactMoment.objects.all()}) > 3
    demo.reset([world.gemeente])
    Party.objects.filter(organisation=world.gemeente).exclude(pk__in=[world.cases.party.pk]).delete()
    assert not ContactMoment.objects.exists() and not KnowledgeArticle.objects.exists()
