"""Loaded first (`-p` in pyproject): production-like settings with a throw-away secret for tests."""

import os
import secrets

# Tests run like production (DEBUG off); only what a test changes differs.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.pop("DEBUG", None)
os.environ.setdefault("LOKET_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
