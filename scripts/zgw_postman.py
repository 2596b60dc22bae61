#!/usr/bin/env python3
"""Run VNG's official ZGW test scenarios (the "ZGW api tests" Postman collection) against a running Loket.

The collection lives in https://github.com/VNG-Realisatie/gemma-postman-tests (EUPL); download
``ZGW_api_postman_tests.json`` and ``ZGW_mocks.json`` from there. It expects two services of VNG's test
platform next to the APIs, which this script provides on 127.0.0.1:

- a *token issuer*: ``POST {"clientIds": [...], "secret": ..., "heeftAlleAutorisaties": ..., "autorisaties": [...]}``
  registers the application (through Loket's own Autorisaties API) and answers ``{"authorization": "Bearer <JWT>"}``;
- the *mock server* (``mock_url``) answering the requests listed in ``ZGW_mocks.json`` (a resource of the wrong
  type, a 404, a callback), so the rules about external references can be checked without the internet.

Loket must accept 127.0.0.1 as an external host (``LOKET_ZGW_ALLOWED_HOSTS=127.0.0.1``) and a bootstrap application
with all permissions must exist, e.g.::

    loket api-client create --label "ZGW-testscenario's" --client-id zgw-postman --secret <secret> --all

Then::

    python scripts/zgw_postman.py --collection ZGW_api_postman_tests.json --mocks ZGW_mocks.json \\
        --base-url http://localhost:8000 --client-id zgw-postman --secret <secret>

Newman (``npm install newman``) runs the collection; the script prints the failed assertions per scenario and
writes Newman's JSON report to ``--report``. docs/api-zgw.md has the results and the scenarios we disagree with.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def make_jwt(client_id, secret):
    """An HS256 token as ZGW clients make them (client_id, iat, user claims)."""

    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({
        "iss": client_id, "iat": int(time.time()), "client_id": client_id,
        "user_id": "zgw-postman", "user_representation": "ZGW-testscenario's",
    }).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


class Support:
    """State of the token issuer and mock server."""

    def __init__(self, base_url, client_id, secret, mocks, set_secret):
        self.set_secret = set_secret  # Loket keeps JWT secrets outside the Autorisaties API, as Open Zaak does
        self.base_url = base_url.rstrip("/")
        self.admin_token = make_jwt(client_id, secret)
        self.mocks = mocks  # (method, path) -> (status, body)

    def api(self, method, path, body=None):
        request = urllib.request.Request(  # noqa: S310 - the Loket under test, http(s) from --base-url
            self.base_url + path, method=method, data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.admin_token}", "Content-Type": "application/json",
                     "Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            return exc.code, json.loads(raw) if raw else None

    def issue_token(self, body):
        """Register the application (replacing one with the same client id) and sign a token for it."""
        client_ids = body.get("clientIds") or []
        if not client_ids:
            return 400, {"detail": "clientIds required"}
        for client_id in client_ids:
            status, found = self.api("GET", "/autorisaties/api/v1/applicaties/consumer?"
                                     + urllib.parse.urlencode({"clientId": client_id}))
            if status == 200 and found:
                self.api("DELETE", "/autorisaties/api/v1/applicaties/" + found["url"].rstrip("/").rsplit("/", 1)[1])
        application = {key: body[key] for key in ("clientIds", "label", "heeftAlleAutorisaties", "autorisaties")
                       if key in body}
        application.setdefault("label", client_ids[0])
        status, created = self.api("POST", "/autorisaties/api/v1/applicaties", application)
        if status != 201:
            return 400, {"detail": "application not accepted", "response": created}
        secret = body.get("secret") or secrets.token_urlsafe(24)  # the issuer makes one when none is given
        for client_id in client_ids:
            self.set_secret(client_id, secret)
        return 200, {"authorization": "Bearer " + make_jwt(client_ids[0], secret)}


def load_mocks(path):
    """(method, path) -> (status, body) from the mock collection's saved example responses."""
    mocks = {}
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)

    def walk(items):
        for item in items:
            if "item" in item:
                walk(item["item"])
                continue
            request = item["request"]
            raw = request["url"]["raw"] if isinstance(request["url"], dict) else request["url"]
            mock_path = raw.replace("{{mock_url}}", "")
            for response in item.get("response", [])[:1]:
                mocks[(request["method"], mock_path.split("?")[0])] = (response.get("code", 200), response.get("body") or "")

    walk(collection["item"])
    return mocks


def serve(support):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _answer(self, status, body, content_type="application/json"):
            data = body if isinstance(body, bytes) else (json.dumps(body) if not isinstance(body, str) else body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _mock(self, method):
            path = self.path.split("?")[0]
            if path.startswith("/mock"):
                path = path[len("/mock"):]
            status, body = support.mocks.get((method, path), (404, ""))
            content_type = "application/yaml" if path.endswith(".yaml") else "application/json"
            self._answer(status, body, content_type)

        def do_GET(self):
            self._mock("GET")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if self.path.startswith("/token-issuer"):
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    return self._answer(400, {"detail": "invalid JSON"})
                return self._answer(*support.issue_token(body))
            self._mock("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collection", required=True)
    parser.add_argument("--mocks", required=True)
    parser.add_argument("--base-url", default="http://localhost:8000")
    parser.add_argument("--client-id", required=True, help="a Loket application with all permissions")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--newman", default=shutil.which("newman") or "newman")
    parser.add_argument("--folder", action="append", default=[], help="only this folder (repeatable): ac, zrc, ...")
    parser.add_argument("--report", default="zgw-postman-report.json")
    parser.add_argument("--secret-command", default=None,
                        help="command that sets a client id's secret in Loket (default: loket api-client secret)")
    parser.add_argument("newman_args", nargs="*", help="more arguments for newman, after --, e.g. -- --verbose")
    args = parser.parse_args()

    def set_secret(client_id, secret):
        command = (args.secret_command or "loket api-client secret").split() + [client_id, "--secret", "-"]
        subprocess.run(command, input=secret.encode(), check=True, capture_output=True)

    support = Support(args.base_url, args.client_id, args.secret, load_mocks(args.mocks), set_secret)
    server = serve(support)
    support_url = f"http://127.0.0.1:{server.server_address[1]}"
    host = args.base_url.rstrip("/")  # with the scheme: some scenarios put these URLs in request bodies
    environment = {
        "zrc_url": f"{host}/zaken/api/v1", "drc_url": f"{host}/documenten/api/v1",
        "ztc_url": f"{host}/catalogi/api/v1", "brc_url": f"{host}/besluiten/api/v1",
        "nrc_url": f"{host}/notificaties/api/v1", "ac_url": f"{host}/autorisaties/api/v1",
        "referentielijst_url": f"{host}/referentielijsten/api/v1",
        "mock_url": support_url + "/mock", "token-issuer_url": support_url + "/token-issuer",
        "client_id": "zgw_api_tests", "secret": "secret",
        "client_id_limited": "zgw_api_tests_limited", "secret_limited": "secret",
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as env_file:
        json.dump({"name": "Loket", "values": [{"key": k, "value": v, "enabled": True}
                                               for k, v in environment.items()]}, env_file)
    command = [args.newman, "run", args.collection, "-e", env_file.name, "--reporters", "cli,json",
               "--reporter-json-export", args.report, "--timeout-request", "60000", "--color", "off"]
    for folder in args.folder:
        command += ["--folder", folder]
    command += args.newman_args
    completed = subprocess.run(command, env={**os.environ, "NODE_OPTIONS": "--max-old-space-size=2048"})
    server.shutdown()
    summarise(args.report)
    return completed.returncode


def summarise(report_path):
    try:
        with open(report_path, encoding="utf-8") as handle:
            report = json.load(handle)
    except (OSError, ValueError):
        return
    stats = report["run"]["stats"]
    print(f"\nrequests {stats['requests']['total']} ({stats['requests']['failed']} failed), "
          f"assertions {stats['assertions']['total']} ({stats['assertions']['failed']} failed)")
    for failure in report["run"]["failures"]:
        source = failure.get("source", {}).get("name", "?")
        error = failure.get("error", {})
        print(f"- {source}: {error.get('test') or error.get('name')}: {error.get('message', '')[:200]}")


if __name__ == "__main__":
    sys.exit(main())
