"""Background jobs of case handling."""

from procrastinate.contrib.django import app

from .services import timers


@app.periodic(cron="*/15 * * * *", periodic_id="cases-deadlines")
@app.task(queue="cases", queueing_lock="cases-deadlines", lock="cases-deadlines")
def check_deadlines(timestamp: int) -> dict:
    """Every 15 minutes: warnings before and escalations after case and task deadlines (each sent once). ``lock``:
    two runs never overlap (a slow run and the next one)."""
    return timers.run_deadline_checks()
