"""Fixtures for the Besu network tests: a generated network and anvil started from its genesis.

The network is generated once per module by the real ``drex chain init`` code; anvil is started with
``--init genesis.json`` so the permissioning and validator contracts are exactly where and what the genesis
``alloc`` says (code and storage), and are called the way Besu calls them. Test keys are derived from fixed
labels so failures are reproducible; keystores use a cheap KDF to keep the tests fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from web3 import Web3
from web3.types import RPCEndpoint

from drex.besu.network import NetworkSummary, init_network
from drex.chain.anvil import AnvilNode, start_anvil

DATA = Path(__file__).parent / "data"
PASSWORD = "correct horse battery staple"


def make_account(label: str) -> LocalAccount:
    """A deterministic throw-away account for ``label``."""
    account: LocalAccount = Account.from_key(keccak(text=f"drex-besu-test:{label}"))
    return account


def write_keystore(account: LocalAccount, path: Path) -> Path:
    """An encrypted keystore for ``account`` (pbkdf2 with few rounds: fast, for tests only)."""
    path.write_text(json.dumps(Account.encrypt(account.key, PASSWORD, kdf="pbkdf2", iterations=2)))
    return path


def reference() -> dict[str, Any]:
    """Option names and genesis keys read from Besu's source (see the file's ``_source``)."""
    data: dict[str, Any] = json.loads((DATA / "besu_reference.json").read_text())
    return data


@dataclass
class LiveNetwork:
    """A generated network and an anvil node started from its genesis."""

    summary: NetworkSummary
    genesis: dict[str, Any]
    node: AnvilNode
    w3: Web3
    admin: LocalAccount
    member: LocalAccount
    admin_keystore: Path
    member_keystore: Path

    @property
    def url(self) -> str:
        return self.node.url


def start_from_genesis(genesis_path: Path) -> AnvilNode:
    """anvil initialised from a generated genesis file."""
    chain_id = json.loads(genesis_path.read_text())["config"]["chainId"]
    return start_anvil(chain_id=chain_id, extra_args=["--init", str(genesis_path)])


@pytest.fixture(scope="module")
def live_network(tmp_path_factory: pytest.TempPathFactory, built: None) -> Iterator[LiveNetwork]:
    """4 validators + 1 RPC node; admin and one extra allowed account ("member"); anvil on its genesis."""
    base = tmp_path_factory.mktemp("besu-live")
    admin, member = make_account("admin"), make_account("member")
    summary = init_network(
        base / "net", validators=4, rpc_nodes=1, admins=[admin.address], accounts=[member.address]
    )
    node = start_from_genesis(base / "net" / "genesis.json")
    w3 = Web3(Web3.HTTPProvider(node.url))
    for account in (admin, member):  # anvil charges its default gas price; Besu here would charge nothing
        w3.provider.make_request(RPCEndpoint("anvil_setBalance"), [account.address, hex(10**21)])
    try:
        yield LiveNetwork(
            summary,
            json.loads((base / "net" / "genesis.json").read_text()),
            node,
            w3,
            admin,
            member,
            write_keystore(admin, base / "admin.json"),
            write_keystore(member, base / "member.json"),
        )
    finally:
        node.kill()


@pytest.fixture()
def keystore_password(monkeypatch: pytest.MonkeyPatch) -> str:
    """Make the CLI read the test keystores' password from the environment."""
    monkeypatch.setenv("DREX_KEYSTORE_PASSWORD", PASSWORD)
    return PASSWORD
