"""Retraining is a background job, queued at most once per organisation at a time."""

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from loket.meldingen.classification.models import TrainedClassifier
from loket.meldingen.classification.tasks import request_retraining, retrain_classifier
from loket.platform.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def waiting_jobs(organisation_id):
    return ProcrastinateJob.objects.filter(
        task_name=retrain_classifier.name, status="todo", args={"organisation_id": organisation_id}
    )


def test_a_correction_queues_one_retraining_and_a_second_one_waits_for_it():
    organisation = OrganisationFactory()
    assert request_retraining(organisation) is True
    assert request_retraining(organisation) is False
    assert waiting_jobs(organisation.pk).count() == 1
    assert TrainedClassifier.objects.count() == 0  # nothing is trained in the request itself


def test_each_organisation_gets_its_own_retraining_job():
    first, second = OrganisationFactory(), OrganisationFactory()
    assert request_retraining(first) and request_retraining(second)
    assert waiting_jobs(first.pk).count() == waiting_jobs(second.pk).count() == 1


def test_the_job_trains_and_stores_a_model_for_the_organisation(quick_training):
    organisation = OrganisationFactory()
    result = retrain_classifier(organisation_id=organisation.pk)  # what the worker runs
    assert TrainedClassifier.objects.filter(organisation=organisation).count() == 1
    assert result["own_examples"] == 0
