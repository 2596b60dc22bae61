"""Django database backend: PostgreSQL, on the embedded server under ``./var/``.

Configured by :mod:`loket.settings` when ``DATABASE_URL`` is unset. It behaves
exactly like ``django.db.backends.postgresql`` except that the first connection
of a process starts (or finds) the embedded server and creates the database.
"""

from pathlib import Path

from django.db.backends.postgresql import base as postgresql

from .server import get_server

_databases_checked: set[str] = set()


class DatabaseWrapper(postgresql.DatabaseWrapper):
    def get_connection_params(self):
        server = get_server(Path(self.settings_dict["EMBEDDED_ROOT"]))
        info = server.acquire()
        name = self.settings_dict["NAME"]
        if name and not name.startswith("test_") and name not in _databases_checked:
            server.ensure_database(name)
            _databases_checked.add(name)
        params = super().get_connection_params()
        params.update(host=str(info.socket_dir), port=info.port, user="postgres")
        params.pop("password", None)
        return params
