from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from loket.platform.embedded_postgres.server import pg_dump


class Command(BaseCommand):
    help = "Write a backup of the database (pg_dump custom format; restore with pg_restore)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Target file (default var/backups/loket-YYYYmmdd-HHMMSS.dump).")

    def handle(self, *args, **options):
        target = Path(options["output"] or settings.VAR_DIR / "backups" / f"loket-{datetime.now():%Y%m%d-%H%M%S}.dump")
        target.parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()
        params = connection.get_connection_params()
        pg_dump(
            {"host": params.get("host") or "localhost", "port": params.get("port") or 5432,
             "user": params.get("user") or "postgres", "dbname": params["dbname"]},
            params.get("password"), target,
        )
        self.stdout.write(f"Backup written to {target} ({target.stat().st_size // 1024} KiB).")
