import logging

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import services

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8

# procrastinate's max_attempts counts retries: the first try, then up to 8 retries after
# 3 s, 9 s, 27 s, ... (3 ** n): the last one about 2.7 hours after the first failure.
RETRY = RetryStrategy(max_attempts=MAX_ATTEMPTS, exponential_wait=3)


@app.task(queue="email", retry=RETRY, pass_context=True)
def send_email(context, email_id: int) -> None:
    try:
        services.deliver(email_id)
    except Exception:
        if context.job.attempts >= MAX_ATTEMPTS:  # the last try: no retry follows
            logger.error("giving up on e-mail", extra={"email_id": email_id})
            services.mark_failed(email_id)
        raise
