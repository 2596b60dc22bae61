"""Outgoing SMS through a pluggable backend (setting ``LOKET_SMS_BACKEND``, a dotted path).

A backend has one method, ``send(to, text)``, that raises on failure (the job is then retried). Two ship with
Loket: :class:`ConsoleSmsBackend` (writes to the log: development) and :class:`FileSmsBackend` (appends to
``LOKET_SMS_FILE``, default ``var/sms.log``: the demo and tests). A real provider (MessageBird, CM.com, ...) is a
subclass in the installation's own package.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "loket.portal.channels.ConsoleSmsBackend"


class SmsBackend:
    def send(self, to: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    def send(self, to: str, text: str) -> None:
        logger.info("sms to %s: %s", to, text)


class FileSmsBackend(SmsBackend):
    """One JSON line per message: {"at", "to", "text"}."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or getattr(settings, "LOKET_SMS_FILE", "") or Path(settings.VAR_DIR) / "sms.log")

    def send(self, to: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"at": timezone.now().isoformat(), "to": to, "text": text}, ensure_ascii=False) + "\n")


def sms_backend() -> SmsBackend:
    return import_string(getattr(settings, "LOKET_SMS_BACKEND", "") or DEFAULT_BACKEND)()
