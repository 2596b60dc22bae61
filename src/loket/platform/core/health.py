"""``/health`` answers 200 once the platform can serve requests; ``/health/live`` once the process runs.

Readiness checks the database connection and that no migration is pending; a
load balancer should route traffic only to instances whose ``/health`` is 200.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

_migrations_done = False


def _pending_migrations() -> int:
    global _migrations_done
    if _migrations_done:
        return 0
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrations_done = pending == 0
    return pending


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    checks = {}
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        pending = _pending_migrations()
        checks["migrations"] = "ok" if pending == 0 else f"{pending} pending"
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready", reported, never a 500
        checks["database"] = f"unavailable: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503)
