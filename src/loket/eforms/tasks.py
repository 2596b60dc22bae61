"""Background jobs of the request forms: removing drafts past their expiry date (daily)."""

from procrastinate.contrib.django import app

from . import services


@app.periodic(cron="41 3 * * *", periodic_id="eforms-expired-drafts")
@app.task(queue="eforms", queueing_lock="eforms-expired-drafts", lock="eforms-expired-drafts")
def delete_expired_drafts(timestamp: int) -> int:
    """Nightly: delete form drafts (and their uploaded files) that were not finished before their expiry date."""
    return services.delete_expired_drafts()
