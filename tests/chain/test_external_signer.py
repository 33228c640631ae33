"""ExternalSigner against a real JSON-RPC signer over HTTP (an http.server on 127.0.0.1 in this process).

The signer signs with eth-account for the dev keys it holds, like Web3Signer or Clef would, and can be told
to misbehave: sign with another key, alter the recipient, value or nonce, answer a JSON-RPC error or no
JSON, or demand basic auth. Nothing of the client is mocked: ExternalSigner talks HTTP to it, and the
signed transactions go to the embedded chain (contract creation included) and through `drex deploy`.
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from eth_utils import to_checksum_address

from drex.chain import Chain
from drex.chain.accounts import DEV_ROLES, dev_account
from drex.chain.signers import ExternalSigner, decode_signed_transaction, load_roles, redact_url
from drex.errors import DrexError

USER, PASSWORD = "hsm-operator", "s3cr3t-P4ss"


class SignerServer:
    """A minimal eth_signTransaction service; ``mode`` selects how it (mis)behaves."""

    def __init__(self, *, auth: tuple[str, str] | None = None):
        self.keys = {dev_account(role).address: dev_account(role).key for role in DEV_ROLES}
        self.mode = "ok"
        self.auth = auth
        self.requests: list[dict[str, Any]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                if owner.auth is not None:
                    expected = "Basic " + base64.b64encode(":".join(owner.auth).encode()).decode()
                    if self.headers.get("Authorization") != expected:
                        self._reply(401, b"unauthorized")
                        return
                status, payload = owner.handle(body)
                self._reply(status, payload)

            def _reply(self, status: int, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, userinfo: str = "") -> str:
        return f"http://{userinfo + '@' if userinfo else ''}127.0.0.1:{self.port}/"

    def handle(self, body: dict[str, Any]) -> tuple[int, bytes]:
        if self.mode == "nonjson":
            return 200, b"<html>gateway timeout</html>"
        if self.mode == "error":
            err = {"code": -32000, "message": "HSM slot locked"}
            return 200, json.dumps({"jsonrpc": "2.0", "id": body["id"], "error": err}).encode()
        assert body["method"] == "eth_signTransaction"
        req = body["params"][0]
        self.requests.append(req)
        tx: dict[str, Any] = {}
        for key, value in req.items():
            if key == "from":
                continue
            if key in ("to", "data"):
                tx[key] = value
            else:
                tx[key] = int(value, 16)
        key = self.keys[to_checksum_address(req["from"])]
        if self.mode == "wrong_sender":
            key = dev_account(19).key
        elif self.mode == "alter_to":
            tx["to"] = dev_account(18).address
        elif self.mode == "alter_value":
            tx["value"] = tx.get("value", 0) + 1
        elif self.mode == "alter_nonce":
            tx["nonce"] += 1
        elif self.mode == "alter_data":
            tx["data"] = "0x" + "00" * 4 + str(tx.get("data", "0x"))[2:]
        signed = Account.sign_transaction(tx, key)
        result: Any = "0x" + bytes(signed.raw_transaction).hex()
        if self.mode == "clef":  # Clef answers {"raw": ..., "tx": {...}}
            result = {"raw": result, "tx": {}}
        return 200, json.dumps({"jsonrpc": "2.0", "id": body["id"], "result": result}).encode()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server() -> Iterator[SignerServer]:
    s = SignerServer()
    yield s
    s.close()


@pytest.fixture()
def auth_server() -> Iterator[SignerServer]:
    s = SignerServer(auth=(USER, PASSWORD))
    yield s
    s.close()


BCB = dev_account("BCB").address
TX = {
    "to": dev_account("BANK_A").address,
    "value": 5,
    "data": b"\x12\x34",
    "gas": 50_000,
    "gasPrice": 7,
    "nonce": 3,
    "chainId": 381660001,
}


# ------------------------------------------------------------------------------------- signing
def test_signs_and_checks_a_call(server: SignerServer) -> None:
    signed = ExternalSigner(server.url(), BCB).sign_transaction(dict(TX))
    fields = decode_signed_transaction(signed.raw_transaction)
    assert fields["to"] == bytes.fromhex(dev_account("BANK_A").address[2:])
    assert (fields["nonce"], fields["value"], fields["chainId"]) == (3, 5, 381660001)
    assert server.requests[-1]["data"] == "0x1234"
    assert server.requests[-1]["nonce"] == "0x3"
    server.mode = "clef"
    ExternalSigner(server.url(), BCB).sign_transaction(dict(TX))


@pytest.mark.parametrize("to", ["absent", None, "", b""])
def test_contract_creation_omits_to(server: SignerServer, to: Any) -> None:
    tx = {k: v for k, v in TX.items() if k != "to"}
    if to != "absent":
        tx["to"] = to
    signed = ExternalSigner(server.url(), BCB).sign_transaction(tx)
    assert "to" not in server.requests[-1]
    assert decode_signed_transaction(signed.raw_transaction)["to"] in (b"", None)
    assert Account.recover_transaction(signed.raw_transaction) == BCB


@pytest.mark.parametrize(
    ("mode", "field"),
    [
        ("wrong_sender", "sender"),
        ("alter_to", "to"),
        ("alter_value", "value"),
        ("alter_nonce", "nonce"),
        ("alter_data", "data"),
    ],
)
def test_a_tampered_signature_is_refused(server: SignerServer, mode: str, field: str) -> None:
    server.mode = mode
    with pytest.raises(DrexError, match=rf"returned a transaction whose {field} differs from the request"):
        ExternalSigner(server.url(), BCB).sign_transaction(dict(TX))


def test_a_creation_turned_into_a_call_is_refused(server: SignerServer) -> None:
    server.mode = "alter_to"
    tx = {k: v for k, v in TX.items() if k != "to"}
    with pytest.raises(DrexError, match=r"whose to differs .*asked none \(contract creation\)"):
        ExternalSigner(server.url(), BCB).sign_transaction(tx)


def test_signer_errors_are_one_clear_message(server: SignerServer) -> None:
    server.mode = "error"
    with pytest.raises(DrexError, match="refused to sign: HSM slot locked"):
        ExternalSigner(server.url(), BCB).sign_transaction(dict(TX))
    server.mode = "nonjson"
    with pytest.raises(DrexError, match="answered HTTP 200 with no JSON-RPC response"):
        ExternalSigner(server.url(), BCB).sign_transaction(dict(TX))


# ----------------------------------------------------------------------------------- credentials
def test_basic_auth_from_the_url(auth_server: SignerServer) -> None:
    signer = ExternalSigner(auth_server.url(f"{USER}:{PASSWORD}"), BCB)
    assert PASSWORD not in repr(signer) and PASSWORD not in signer.url
    assert Account.recover_transaction(signer.sign_transaction(dict(TX)).raw_transaction) == BCB


def _assert_no_secret(text: str) -> None:
    assert PASSWORD not in text
    assert USER not in text


def test_credentials_never_in_messages_or_logs(
    auth_server: SignerServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # urllib3 logs connections at DEBUG
    port = auth_server.port
    bad = ExternalSigner(f"http://{USER}:wrong-{PASSWORD}@127.0.0.1:{port}/", BCB)
    with pytest.raises(DrexError) as refused:
        bad.sign_transaction(dict(TX))
    assert str(refused.value) == (
        f"external signer at http://***@127.0.0.1:{port}/ refused the credentials (HTTP 401)"
    )

    auth_server.mode = "error"
    with pytest.raises(DrexError) as error:
        ExternalSigner(auth_server.url(f"{USER}:{PASSWORD}"), BCB).sign_transaction(dict(TX))
    assert "http://***@127.0.0.1" in str(error.value)

    # Nothing listens on this port: requests' own exception text carries host, port and path.
    closed = SignerServer()
    closed.close()
    down = ExternalSigner(f"http://{USER}:{PASSWORD}@127.0.0.1:{closed.port}/sign?k={PASSWORD}", BCB)
    with pytest.raises(DrexError) as unreachable:
        down.sign_transaction(dict(TX))
    assert f"http://***@127.0.0.1:{closed.port}/" in str(unreachable.value)
    assert "did not answer" in str(unreachable.value)

    for exc in (refused.value, error.value, unreachable.value):
        _assert_no_secret(str(exc))
    _assert_no_secret(caplog.text)


def test_redact_url() -> None:
    assert redact_url("http://u:p@signer.bank:9000/rpc") == "http://***@signer.bank:9000/rpc"
    assert redact_url("https://token@h/") == "https://***@h/"
    assert redact_url("http://127.0.0.1:9000") == "http://127.0.0.1:9000"
    assert redact_url("http://h:1/rpc?apikey=abc") == "http://h:1/rpc?***"


def test_roles_file_errors_do_not_echo_the_url(tmp_path: Path) -> None:
    roles = tmp_path / "roles.json"
    roles.write_text(json.dumps({"STN": {"signer": f"ftp://{USER}:{PASSWORD}@h/"}}))
    with pytest.raises(DrexError) as no_address:
        load_roles(roles)
    roles.write_text(json.dumps({"STN": {"signer": f"ftp://{USER}:{PASSWORD}@h/", "address": BCB}}))
    with pytest.raises(DrexError) as bad_scheme:
        load_roles(roles)
    assert "http://" in str(bad_scheme.value) or "http(s)" in str(bad_scheme.value)
    for exc in (no_address.value, bad_scheme.value):
        _assert_no_secret(str(exc))


# ------------------------------------------------------------------------------ on a real chain
def test_deploy_and_call_through_the_external_signer(chain: Chain, server: SignerServer) -> None:
    from drex.sdk.tx import Transactor

    signer = ExternalSigner(server.url(), BCB)
    registry = chain.deploy("AddressDiscovery", BCB, BCB, sender=signer)
    assert "to" not in server.requests[-1]
    assert len(chain.w3.eth.get_code(registry.address)) > 0
    key = b"\x01" * 32
    Transactor(chain, signer).send(registry.functions.updateAddress(key, dev_account("STN").address))
    assert registry.functions.addressDiscovery(key).call() == dev_account("STN").address


def test_drex_deploy_with_external_signers(built: None, auth_server: SignerServer, tmp_path: Path) -> None:
    """`drex deploy --network embedded --roles FILE`: every role signs through the external signer."""
    url = auth_server.url(f"{USER}:{PASSWORD}")
    roles = {role: {"signer": url, "address": dev_account(role).address} for role in DEV_ROLES}
    (tmp_path / "roles.json").write_text(json.dumps(roles))
    out = tmp_path / "deployment.json"
    drex = str(Path(sys.executable).with_name("drex"))
    result = subprocess.run(
        [drex, "deploy", "--network", "embedded", "--roles", str(tmp_path / "roles.json"), "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    manifest = json.loads(out.read_text())
    creations = [r for r in auth_server.requests if "to" not in r]
    assert len(creations) == len(manifest["contracts"])
    assert len(auth_server.requests) == len(manifest["steps"])
    _assert_no_secret(result.stdout + result.stderr + out.read_text())
