"""The `loket` command explains a bad set-up in one sentence, without a traceback, and exits with 2."""

import os
import secrets
import subprocess
import sys

import pytest

UNREACHABLE_DATABASE = "postgres://postgres@127.0.0.1:1/x"
CONFIG_VARIABLES = ("SECRET_KEY", "SECRET_KEY_FILE", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")


def loket(*args, cwd, **env_overrides) -> subprocess.CompletedProcess:
    """Run `python -m loket ...` as an operator would: the test process's environment, minus its configuration."""
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env.update({"LOKET_VAR_DIR": str(cwd / "var"), "LOG_LEVEL": "WARNING"})
    env.update({key: value for key, value in env_overrides.items() if value is not None})
    return subprocess.run([sys.executable, "-m", "loket", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def strong_key() -> str:
    return secrets.token_urlsafe(64)


def one_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_unreachable_database_is_one_sentence(tmp_path):
    result = loket("migrate", cwd=tmp_path, SECRET_KEY=strong_key(), DATABASE_URL=UNREACHABLE_DATABASE)

    assert result.returncode == 2
    line = one_line(result)
    assert line.startswith("loket: cannot reach")
    assert "127.0.0.1:1" in line
    assert "DATABASE_URL" in line


def test_missing_secret_key(tmp_path):
    result = loket("check", cwd=tmp_path)

    assert result.returncode == 2
    line = one_line(result)
    assert line.startswith("loket: configuration error:")
    assert "SECRET_KEY" in line
    assert "DEBUG=true" in line


def test_weak_secret_key(tmp_path):
    result = loket("check", cwd=tmp_path, SECRET_KEY="short")

    assert result.returncode == 2
    assert "too weak" in one_line(result)


def test_unreadable_secret_key_file(tmp_path):
    result = loket("check", cwd=tmp_path, SECRET_KEY_FILE=str(tmp_path / "ontbreekt.key"))

    assert result.returncode == 2
    line = one_line(result)
    assert "SECRET_KEY_FILE" in line
    assert "cannot be read" in line


def test_secret_key_file_is_read(tmp_path):
    key_file = tmp_path / "secret.key"
    key_file.write_text(strong_key() + "\n")
    result = loket("check", cwd=tmp_path, SECRET_KEY_FILE=str(key_file), DATABASE_URL=UNREACHABLE_DATABASE)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("url", ["mysql://loket:geheim@localhost/loket", "sqlite:///loket.db"])
def test_other_databases_are_refused(tmp_path, url):
    result = loket("check", cwd=tmp_path, SECRET_KEY=strong_key(), DATABASE_URL=url)

    assert result.returncode == 2
    line = one_line(result)
    assert "DATABASE_URL" in line
    assert "PostgreSQL" in line


def test_invalid_boolean_is_named(tmp_path):
    result = loket("check", cwd=tmp_path, SECRET_KEY=strong_key(), DEBUG="misschien")

    assert result.returncode == 2
    assert "DEBUG must be true or false" in one_line(result)


def test_debug_runs_without_a_secret_key(tmp_path):
    result = loket("check", cwd=tmp_path, DEBUG="true", DATABASE_URL=UNREACHABLE_DATABASE)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
