"""The embedded PostgreSQL server: shared by every process that uses it, stopped by the last one, crash-safe.

Each test runs real processes against a server in its own short directory under
/tmp (Unix socket paths are limited to ~107 bytes).
"""

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from loket.platform.embedded_postgres.server import EmbeddedServer

pytestmark = pytest.mark.slow

# A process that uses the server: acquire it, optionally run SQL, report, then either
# exit at once ("run") or keep using it until a line arrives on stdin ("hold").
CLIENT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import psycopg
    from loket.platform.embedded_postgres.server import EmbeddedServer

    root, mode, statements = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    server = EmbeddedServer(root)
    info = server.acquire()
    rows = []
    with psycopg.connect(**info.connection_kwargs("postgres"), autocommit=True) as connection:
        for statement in statements:
            cursor = connection.execute(statement)
            rows = cursor.fetchall() if cursor.description else rows
    postmaster = int((server.data_dir / "postmaster.pid").read_text().split()[0])
    print(json.dumps({"postmaster": postmaster, "rows": rows}), flush=True)
    if mode == "hold":
        sys.stdin.readline()
""")


@pytest.fixture
def root():
    path = Path(tempfile.mkdtemp(prefix="lpg-", dir="/tmp"))
    yield path
    EmbeddedServer(path).stop()
    shutil.rmtree(path, ignore_errors=True)


def start_client(root: Path, mode: str, *statements: str, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CLIENT, str(root), mode, *statements],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **env},
    )


def report(process: subprocess.Popen, timeout: float = 60) -> dict:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline() if ready else ""
    if not line:
        process.kill()
        pytest.fail(f"client reported nothing: {process.communicate()[1]}")
    return json.loads(line)


def run_client(root: Path, *statements: str, **env) -> dict:
    process = start_client(root, "run", *statements, **env)
    result = report(process)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    return result


def release(process: subprocess.Popen) -> None:
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.wait(timeout=60) == 0, process.stderr.read()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def wait_until_gone(pids, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids):
        assert time.monotonic() < deadline, f"still running: {[pid for pid in pids if alive(pid)]}"
        time.sleep(0.05)


def wait_until_reaped(pid: int, timeout: float = 30) -> None:
    """Until the process table has no trace of ``pid``: `pg_ctl status` counts a zombie as running."""
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists():
        assert time.monotonic() < deadline, f"process {pid} was not reaped"
        time.sleep(0.05)


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_first_user_starts_second_shares_last_stops(root):
    first = start_client(root, "hold")
    postmaster = report(first)["postmaster"]
    assert (root / "data" / "PG_VERSION").exists()
    assert alive(postmaster)

    second = run_client(root, "SELECT current_setting('server_encoding')")
    assert second["postmaster"] == postmaster  # found the running server, did not start another
    assert second["rows"] == [["UTF8"]]
    assert alive(postmaster)  # the second user left; the first still uses it
    assert (root / "data" / "postmaster.pid").exists()

    release(first)
    wait_until_gone([postmaster])
    assert not (root / "data" / "postmaster.pid").exists()


def test_many_processes_starting_at_once_share_one_server(root):
    clients = [start_client(root, "hold") for _ in range(4)]
    postmasters = {report(client)["postmaster"] for client in clients}
    assert len(postmasters) == 1
    postmaster = postmasters.pop()
    for client in clients[:-1]:
        release(client)
        assert alive(postmaster)
    release(clients[-1])
    wait_until_gone([postmaster])


def test_data_survives_a_killed_owner_and_a_restart(root):
    owner = start_client(root, "hold", "CREATE TABLE aanvraag (naam text)", "INSERT INTO aanvraag VALUES ('paspoort')")
    postmaster = report(owner)["postmaster"]

    owner.send_signal(signal.SIGKILL)
    owner.wait(timeout=30)
    assert alive(postmaster)  # the server outlives its killed owner ...

    found = run_client(root, "SELECT naam FROM aanvraag")  # ... is found by the next process, which is the last user
    assert found == {"postmaster": postmaster, "rows": [["paspoort"]]}
    wait_until_gone([postmaster])

    restarted = run_client(root, "SELECT naam FROM aanvraag")
    assert restarted["rows"] == [["paspoort"]]
    assert restarted["postmaster"] != postmaster


def test_data_survives_a_crashed_server(root):
    owner = start_client(root, "hold", "CREATE TABLE melding (wat text)", "INSERT INTO melding VALUES ('lantaarnpaal')")
    postmaster = report(owner)["postmaster"]
    server_processes = [postmaster, *children_of(postmaster)]

    os.kill(postmaster, signal.SIGKILL)  # as in a crash: no shutdown checkpoint, a stale postmaster.pid
    wait_until_gone(server_processes)
    wait_until_reaped(postmaster)  # by init; in this sandbox that takes about a second
    assert (root / "data" / "postmaster.pid").exists()

    recovered = run_client(root, "SELECT wat FROM melding")
    assert recovered["rows"] == [["lantaarnpaal"]]
    assert recovered["postmaster"] != postmaster
    release(owner)


def test_accented_text_is_handled_whatever_the_caller_locale(root):
    result = run_client(root, "SELECT lower('ÉÉN'), upper('één'), initcap('ÉLISE ÇAVUŞ')", LC_ALL="C", LANG="C")
    assert result["rows"] == [["één", "ÉÉN", "Élise Çavuş"]]
