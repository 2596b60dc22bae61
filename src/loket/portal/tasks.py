"""Background jobs of the portal: delivering the SMS outbox."""

import logging

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY = RetryStrategy(max_attempts=MAX_ATTEMPTS, exponential_wait=3)


@app.task(queue="sms", retry=RETRY, pass_context=True)
def send_sms(context, sms_id: int) -> None:
    from . import notifications

    try:
        notifications.deliver_sms(sms_id)
    except Exception:
        if context.job.attempts >= MAX_ATTEMPTS:
            logger.error("giving up on sms", extra={"sms_id": sms_id})
            notifications.mark_sms_failed(sms_id)
        raise
