"""Background jobs of meldingen: retention (daily) and the classifier's retraining (meld-classifier's tasks)."""

from procrastinate.contrib.django import app

from loket.platform.organisations.models import Organisation

from . import services
from .classification.tasks import *  # noqa: F401,F403 - procrastinate only discovers <app>/tasks.py


@app.periodic(cron="17 3 * * *", periodic_id="meldingen-retention")
@app.task(queue="meldingen", queueing_lock="meldingen-retention", lock="meldingen-retention")
def apply_retention(timestamp: int) -> dict:
    """Nightly: anonymise reporters and delete old meldingen after each organisation's configured periods."""
    totals = {"anonymised": 0, "deleted": 0}
    for organisation in Organisation.objects.filter(melding__isnull=False).distinct():
        result = services.apply_retention(organisation=organisation)
        for key, value in result.items():
            totals[key] += value
    return totals
