"""Background jobs of the contact centre."""

from procrastinate.contrib.django import app

from . import services


@app.periodic(cron="7,22,37,52 * * * *", periodic_id="contacts-callback-deadlines")
@app.task(queue="contacts", queueing_lock="contacts-callback-deadlines", lock="contacts-callback-deadlines")
def check_callback_deadlines(timestamp: int) -> int:
    """Every 15 minutes: a warning (once) for every callback request past its deadline."""
    return services.run_callback_deadline_checks()
