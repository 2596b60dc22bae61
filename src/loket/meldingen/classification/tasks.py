"""Background jobs: retrain an organisation's classifier (after staff corrections, and every night).

procrastinate discovers ``meldingen/tasks.py``, which imports these tasks.
"""

import logging

from django.db import transaction
from procrastinate import exceptions
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

__all__ = ["request_retraining", "retrain_classifier", "retrain_classifiers_nightly"]


def _lock(organisation_id: int | None) -> str:
    return f"meldingen-classifier-{organisation_id or 'seed'}"


@app.task(queue="meldingen")
def retrain_classifier(organisation_id: int | None = None) -> dict:
    """Train and store a new version for one organisation (None: the seed model)."""
    from loket.platform.organisations.models import Organisation

    from .services import train

    organisation = Organisation.objects.get(pk=organisation_id) if organisation_id else None
    row = train(organisation=organisation)
    return {"model_id": row.pk, "own_examples": row.own_examples, "seconds": row.training_seconds}


def request_retraining(organisation) -> bool:
    """Queue a retraining for ``organisation`` unless one is already waiting. True when queued now."""
    organisation_id = getattr(organisation, "pk", None)
    try:
        with transaction.atomic():  # a savepoint: a refused duplicate must not spoil the caller's transaction
            retrain_classifier.configure(queueing_lock=_lock(organisation_id), lock=_lock(organisation_id)).defer(
                organisation_id=organisation_id
            )
    except exceptions.AlreadyEnqueued:
        return False
    return True


@app.periodic(cron="30 2 * * *", periodic_id="meldingen-classifier-nightly")
@app.task(queue="meldingen", queueing_lock="meldingen-classifier-nightly")
def retrain_classifiers_nightly(timestamp: int) -> list[int]:
    """Every night: queue a retraining for each organisation whose handled meldingen changed since its model."""
    from loket.meldingen.selectors import training_examples
    from loket.platform.organisations.models import Organisation

    from .models import TrainedClassifier

    queued = []
    for organisation in Organisation.objects.all():
        latest = TrainedClassifier.objects.filter(organisation=organisation).first()
        count = sum(1 for _ in training_examples(organisation))
        if count and (latest is None or latest.own_examples != count) and request_retraining(organisation):
            queued.append(organisation.pk)
    return queued
