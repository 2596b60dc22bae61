# Shared by scripts/run and scripts/test: a virtualenv in .venv and npm packages in node_modules,
# (re)installed only when pyproject.toml or package-lock.json changed. Sourced, not run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROJECT_DIR="$(pwd)"
PYTHON="${PYTHON:-python3}"
EXTRAS="${1:-}"

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Loket needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1 || echo none)). Set PYTHON=/path/to/python3.11." >&2
    exit 2
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "Loket needs Node.js with npm for its front-end packages (NL Design System, htmx). Install Node.js 18 or newer." >&2
    exit 2
fi

if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment in .venv ..."
    "$PYTHON" -m venv .venv
fi
hash_of() { "$PYTHON" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"; }
stamp=".venv/.loket-installed${EXTRAS:+-$EXTRAS}"
want="$(hash_of pyproject.toml)"
installed() { [ -f "$1" ] && [ "$(cat "$1")" = "$want" ]; }
# The test install includes everything the plain one has.
if ! installed "$stamp" && ! { [ -z "$EXTRAS" ] && installed ".venv/.loket-installed-test"; }; then
    echo "Installing Python packages ..."
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${EXTRAS:+[$EXTRAS]}"
    echo "$want" > "$stamp"
fi

npm_stamp="node_modules/.loket-installed"
npm_want="$(hash_of package-lock.json)"
if [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_want" ]; then
    echo "Installing front-end packages (npm ci) ..."
    npm ci --no-audit --no-fund --loglevel=error
    echo "$npm_want" > "$npm_stamp"
fi
export PATH="$PROJECT_DIR/.venv/bin:$PATH"
