"""A fake external OpenID Connect provider on a real HTTP server thread (discovery, jwks, token), for testing the
portal's client over HTTP: PKCE is checked, and a test can make the provider misbehave (nonce, expiry, audience,
signature, claims, errors)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "loket"
CLIENT_SECRET = "s3cret-for-tests"  # noqa: S105 - a test value


class FakeProvider:
    def __init__(self):
        self.key = RSAKey.generate_key(2048, private=True, auto_kid=True)
        self.other_key = RSAKey.generate_key(2048, private=True, auto_kid=True)
        self.grants: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.discovery_hits = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def grant(self, authorize_params: dict, claims: dict, **misbehave) -> str:
        """Register the code the provider would give after the user logged in; returns it."""
        code = secrets.token_urlsafe(16)
        self.grants[code] = {"params": authorize_params, "claims": claims, **misbehave}
        return code

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, data):
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                if self.path == "/.well-known/openid-configuration":
                    provider.discovery_hits += 1
                    return self._send(200, {
                        "issuer": provider.url, "authorization_endpoint": provider.url + "/authorize",
                        "token_endpoint": provider.url + "/token", "jwks_uri": provider.url + "/jwks",
                        "id_token_signing_alg_values_supported": ["RS256"],
                    })
                if self.path == "/jwks":
                    return self._send(200, {"keys": [provider.key.as_dict(private=False)]})
                return self._send(404, {"error": "not_found"})

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append({"form": form, "authorization": self.headers.get("Authorization", "")})
                if self.path != "/token":
                    return self._send(404, {"error": "not_found"})
                expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self._send(401, {"error": "invalid_client"})
                grant = provider.grants.pop(form.get("code", ""), None)
                if grant is None:
                    return self._send(400, {"error": "invalid_grant"})
                params = grant["params"]
                challenge = base64.urlsafe_b64encode(
                    hashlib.sha256(form.get("code_verifier", "").encode()).digest()).rstrip(b"=").decode()
                if challenge != params["code_challenge"] or form.get("redirect_uri") != params["redirect_uri"]:
                    return self._send(400, {"error": "invalid_grant", "error_description": "PKCE"})
                now = int(time.time())
                claims = {"iss": provider.url, "aud": grant.get("aud", CLIENT_ID), "iat": now,
                          "exp": now + grant.get("lifetime", 300), "nonce": grant.get("nonce", params["nonce"]),
                          **grant["claims"]}
                key = provider.other_key if grant.get("wrong_key") else provider.key
                id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
                return self._send(200, {"access_token": "at-" + secrets.token_hex(8), "token_type": "Bearer",
                                        "expires_in": 300, "id_token": id_token})

        return Handler
