"""Background jobs of the notifications hub (queue ``notifications``); the rules live in services."""

import logging

from procrastinate.contrib.django import app

from . import services

logger = logging.getLogger(__name__)


@app.task(queue="notifications")
def fan_out_notification(notification_id: int) -> int:
    """One delivery per matching abonnement, each with its own delivery job (the sweep's path, and jobs queued
    before the drain existed)."""
    deliveries = services.fan_out(notification_id)
    return len(deliveries or [])


@app.task(queue="notifications")
def deliver_notification(delivery_id: int) -> str:
    """One attempt; a failure schedules the next attempt itself (services.retry_delay), so the job never
    raises for a subscriber that is down and procrastinate's own retries are not used."""
    delivery = services.deliver(delivery_id)
    return "skipped" if delivery is None else delivery.state


@app.periodic(cron="* * * * *", periodic_id="notifications-sweep")
@app.task(queue="notifications", queueing_lock="notifications-sweep", lock="notifications-sweep")
def sweep_notifications(timestamp: int) -> dict:
    """Every minute: fan out and deliver what a killed worker left behind (idempotent)."""
    return services.sweep()


@app.task(queue="notifications")
def drain_notifications() -> dict:
    """Fan out and deliver what was published, in batches (services.drain); requested after each commit that
    published something, at most one waiting at a time."""
    return services.drain()
