import logging

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import services

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8

# 8 attempts over roughly an hour: 10 s, 20 s, 40 s, ... between tries.
RETRY = RetryStrategy(max_attempts=MAX_ATTEMPTS, exponential_wait=10)


@app.task(queue="email", retry=RETRY, pass_context=True)
def send_email(context, email_id: int) -> None:
    try:
        services.deliver(email_id)
    except Exception:
        if context.job.attempts + 1 >= MAX_ATTEMPTS:
            logger.error("giving up on e-mail", extra={"email_id": email_id})
            services.mark_failed(email_id)
        raise
