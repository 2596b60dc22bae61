"""Loket as its own Notificaties hub: kanalen, abonnementen and an outbox of notifications."""

from django.db import models  # noqa: F401
