"""Loaded first (`-p` in pyproject): production-like settings with a throw-away secret for tests."""

import os
import secrets

import pytest

# Tests run like production (DEBUG off); only what a test changes differs.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.pop("DEBUG", None)
# Request forms with a fee go through the demo's test payment page (production default: no online payment).
os.environ.setdefault("LOKET_PAYMENT_PROVIDER", "loket.eforms.payments.FakeProvider")
os.environ.setdefault("LOKET_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")

# Tables Django's flush leaves alone (procrastinate's models are unmanaged) but tests fill.
_UNMANAGED_TABLES = "procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, procrastinate_workers"


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction", marker.args[0] if marker.args else False):
        return True
    return any(name in request.fixturenames for name in ("transactional_db", "live_server"))


@pytest.fixture(autouse=True)
def _flush_past_the_append_only_audit_log(request):
    """Let transactional tests end with Django's flush.

    The flush TRUNCATEs every table, which the audit log's trigger refuses (as it
    should). Just before it, the test connection switches to replication mode, in
    which ordinary triggers do not fire; Django closes that connection right after
    the flush, so no test ever runs in that mode. The job queue's tables are
    emptied here too: Django's flush skips them.
    """
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so torn down (flushed) after this
    yield
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
                cursor.execute(f"TRUNCATE {_UNMANAGED_TABLES}")  # noqa: S608 - constant


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Production's PBKDF2 costs ~0.3 s per password; tests hash many (factories, log-ins, the demo)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield
