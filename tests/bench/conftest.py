"""Fixtures of the bench tests: an anvil state with the platform deployed and benchmark wallets funded.

``funded`` builds it once per session on an automine anvil node (deployment, then enabling and funding the
wallets through the bulk submitter) and stops the node, which dumps its state. Each fault test starts its
own node from a copy of that state file, mining on an interval as the benchmark's throughput node does,
so tests never share a node and a killed node can be restarted from its own file.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from drex.bench.nodes import PILOT_GAS_LIMIT, BenchNodes
from drex.bench.wallets import bench_wallets, enable_and_fund, estimate
from drex.chain.anvil import AnvilNode, start_anvil
from drex.deploy import Manifest, deploy_platform
from drex.errors import DrexError

#: Wallets of the fault tests (the benchmark uses 200; fewer keep the set-up short).
WALLETS = 40


@dataclass(frozen=True)
class Funded:
    state: Path
    manifest: Manifest
    wallets: tuple[LocalAccount, ...]
    rd: str
    gas: int
    head: int
    """The last block of the funded state: every Transfer event after it comes from a test's run."""


@pytest.fixture(scope="session")
def funded(tmp_path_factory: pytest.TempPathFactory) -> Funded:
    nodes = BenchNodes(tmp_path_factory.mktemp("bench-state"))
    try:
        chain = nodes.setup_node()
        manifest = deploy_platform(chain)
        rd = manifest.address("RealDigital")
        wallets = bench_wallets(WALLETS)
        enable_and_fund(chain, rd, manifest.address("STR"), wallets)
        token = chain.at("RealDigital", rd)
        gas = estimate(chain, token.functions.transfer(wallets[1].address, 1), wallets[0].address)
        head = int(chain.w3.eth.block_number)
        assert nodes.node is not None
        nodes.node.stop()  # SIGINT: anvil dumps its state
        nodes.node = None
    finally:
        nodes.close()
    return Funded(nodes.state_file, manifest, wallets, rd, gas, head)


def interval_args(block_time: float = 0.25) -> list[str]:
    return ["--gas-limit", str(PILOT_GAS_LIMIT), "--block-time", f"{block_time:g}"]


def node_from(
    funded: Funded, tmp_path: Path, *, state_interval: int | None = 1, port: int | None = None
) -> AnvilNode:
    """A node mining every 0.25 s from a copy of the funded state, dumping it every ``state_interval`` s."""
    state = tmp_path / "anvil-state.json"
    if not state.exists():
        shutil.copy(funded.state, state)
    return restart(state, port=port, state_interval=state_interval)


def restart(
    state: Path, *, port: int | None, state_interval: int | None = 1, extra_args: list[str] | None = None
) -> AnvilNode:
    """Start a node on ``port`` from ``state`` (retried while the old process's port is released).

    anvil 1.7's periodic dump is not a consistent snapshot: it writes the file in place (a SIGKILL during
    a dump leaves it truncated, and the node refuses to start from it), and it can save the accounts a
    block later than the block list (the restarted node then has balances and nonces moved by
    transactions it has in no block). Like an operator restoring a backup, the restart then uses the
    last consistent dump kept by :class:`StateKeeper`: an older state, more blocks lost, which the
    submitter must survive.
    """
    if not consistent_dump(state):
        kept = StateKeeper.kept(state)
        assert kept.exists(), "the state file is not consistent and no consistent dump was kept"
        shutil.copy(kept, state)
    last: Exception | None = None
    args = interval_args() if extra_args is None else extra_args
    for _ in range(40):
        try:
            return start_anvil(port, state_file=state, state_interval=state_interval, extra_args=args)
        except DrexError as exc:
            last = exc
            time.sleep(0.1)
    raise AssertionError(f"anvil did not restart: {last}")


def consistent_dump(path: Path, data: bytes | None = None) -> bool:
    """Whether an anvil state dump parses and its accounts match its blocks: every account without code
    has as nonce the number of its transactions in the dump."""
    try:
        dump = json.loads(data if data is not None else path.read_bytes())
        sent: dict[str, int] = {}
        for tx in dump["transactions"]:
            sender = str(tx["info"]["from"]).lower()
            sent[sender] = sent.get(sender, 0) + 1
        for address, account in dump["accounts"].items():
            nonce = account["nonce"] if isinstance(account["nonce"], int) else int(account["nonce"], 16)
            if (account.get("code") or "0x") == "0x" and nonce != sent.get(address.lower(), 0):
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


class StateKeeper:
    """Keeps a copy of the last consistent state dump of a node (what an operator backs up)."""

    def __init__(self, state: Path):
        self.state = state
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def kept(state: Path) -> Path:
        return state.with_name(state.name + ".last-consistent")

    def __enter__(self) -> StateKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        seen = 0.0
        target = self.kept(self.state)
        while not self._stop.wait(0.1):
            try:
                mtime = self.state.stat().st_mtime
                if mtime == seen:
                    continue
                data = self.state.read_bytes()
            except OSError:
                continue
            if not consistent_dump(self.state, data):
                continue
            seen = mtime
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, target)
