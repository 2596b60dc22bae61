"""The ``loket`` command: Django's management commands with clear, one-sentence failures.

``loket run``, ``loket demo``, ``loket worker`` and every other Django command
(``loket migrate``, ``loket createsuperuser``, ...) go through here.
"""

import os
import sys


def _database_target() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].startswith("loket.platform.embedded_postgres"):
        return f"the embedded PostgreSQL server in {db['EMBEDDED_ROOT']}"
    return f"PostgreSQL at {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432} (DATABASE_URL)"


def _reason(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for line in lines:
        if "failed:" in line:
            return line.rsplit("failed:", 1)[1].strip().rstrip(".")
    return lines[0].rstrip(".") if lines else exc.__class__.__name__


def fail(message: str) -> None:
    print(f"loket: {message}", file=sys.stderr)
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")  # `loket totp-code` runs the totp_code command
    from django.core.exceptions import ImproperlyConfigured
    from django.db import OperationalError

    from loket.platform.embedded_postgres.server import EmbeddedPostgresError

    try:
        import django
        from django.core.management import execute_from_command_line

        django.setup()
        execute_from_command_line(["loket", *argv])
    except ImproperlyConfigured as exc:
        fail(f"configuration error: {exc}")
    except EmbeddedPostgresError as exc:
        fail(str(exc))
    except OperationalError as exc:
        fail(f"cannot reach {_database_target()}: {_reason(exc)}.")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
