"""Stored models: trained on first use, loaded once per process, newer versions picked up, tampering refused."""

import pytest
from django.core.management import call_command

from loket.meldingen.classification import Classification, classify, services
from loket.meldingen.classification.models import TrainedClassifier
from loket.meldingen.classification.taxonomy import taxonomy

pytestmark = pytest.mark.django_db


def test_empty_text_gets_no_suggestions(quick_training):
    assert classify("   ") == Classification(main=[], sub=[])
    assert not TrainedClassifier.objects.exists()


def test_first_classification_trains_and_stores_the_seed_model(quick_training):
    result = classify("De lantaarnpaal voor mijn deur brandt al een week niet meer")
    assert TrainedClassifier.objects.filter(organisation=None).count() == 1
    assert result.main[0].slug == "wegen-verkeer-straatmeubilair"
    assert result.sub[0].slug == "straatverlichting-openbare-klok"
    assert result.sub[0].name == taxonomy().sub_names["straatverlichting-openbare-klok"]
    assert len(result.main) == 9 and len(result.sub) == 77
    assert 0 < result.confidence <= 1


def test_a_new_process_loads_the_stored_model_instead_of_training_again(quick_training, monkeypatch):
    classify("glasbak vol")
    services._CACHE.clear()  # as in a freshly started process
    monkeypatch.setattr(services, "fit", lambda data: pytest.fail("trained again"))
    assert classify("de glasbak aan de kerk zit vol").main[0].slug == "afval"
    assert TrainedClassifier.objects.count() == 1


def test_a_newer_version_stored_by_the_worker_is_used_after_the_recheck_interval(quick_training, monkeypatch):
    classify("glasbak vol")
    newer = services.train(organisation=None)
    services._CACHE.put(None, newer.pk - 1, services._CACHE.get(None))  # this process still holds the old one
    monkeypatch.setattr(services, "RECHECK_SECONDS", 0.0)
    classify("glasbak vol")
    assert services._CACHE._entries[None].row_id == newer.pk


def test_a_stored_model_with_a_wrong_signature_is_never_unpickled(quick_training, monkeypatch):
    row = services.train(organisation=None)
    TrainedClassifier.objects.filter(pk=row.pk).update(signature="0" * 64)
    services._CACHE.clear()
    monkeypatch.setattr(services.pickle, "loads", lambda data: pytest.fail("unpickled a tampered payload"))
    result = classify("ratten bij de containers")
    assert result.sub
    assert TrainedClassifier.objects.filter(organisation=None).latest("id").pk != row.pk  # retrained instead


def test_old_versions_beyond_three_are_removed(quick_training):
    for _ in range(4):
        services.train(organisation=None)
    assert TrainedClassifier.objects.filter(organisation=None).count() == services.KEEP_VERSIONS


def test_train_classifier_command_trains_the_seed_model(quick_training):
    from io import StringIO

    out = StringIO()
    call_command("train_classifier", stdout=out)
    assert TrainedClassifier.objects.filter(organisation=None).count() == 1
    assert "basismodel" in out.getvalue()


def test_train_classifier_command_refuses_an_unknown_organisation(quick_training):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Geen organisatie"):
        call_command("train_classifier", organisation="bestaat-niet")
