"""The local chain: an anvil node from npm, started and stopped by drex, configured like the pilot.

Chain id 381660001, zero base fee, Shanghai rules, anvil's default test mnemonic. Gas is not free:
anvil's ``eth_gasPrice`` answers its minimum priority fee, 1 gwei, paid from the dev accounts' balance
(``--disable-min-priority-fee`` would make it 0 while ``eth_maxPriorityFeePerGas`` stays 1 gwei, and
web3's EIP-1559 defaults then build transactions every node refuses). The node keeps its state in
``.drex/anvil-state.json`` (anvil's ``--state``: dumped on exit, loaded on start), so a stopped node
resumes where it was. ``drex node start|stop`` drives it; tests start their own on a free port.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drex.chain.accounts import DEV_ACCOUNT_COUNT, DEV_MNEMONIC
from drex.errors import DrexError
from drex.paths import project_root, state_dir


def local_network() -> dict[str, Any]:
    """The local network definition, ``chain/local.json``."""
    path = project_root() / "chain" / "local.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise DrexError(f"cannot read the local network definition {path}: {exc}") from None
    return data


PILOT_CHAIN_ID = 381660001
DEFAULT_PORT = 8545


def anvil_binary() -> Path:
    path = project_root() / "node_modules" / "@foundry-rs" / "anvil-linux-amd64" / "bin" / "anvil"
    if not path.exists():
        raise DrexError("anvil is not installed: run scripts/bootstrap.sh (npm ci)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class AnvilNode:
    """A running anvil process."""

    port: int
    process: subprocess.Popen[bytes] | None
    pid: int
    state_file: Path | None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 20.0) -> None:
        """Stop gracefully (SIGINT makes anvil dump its state), then wait for the process to exit."""
        try:
            os.kill(self.pid, signal.SIGINT)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None:
                if self.process.poll() is not None:
                    return
            elif not _alive(self.pid):
                return
            time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)

    def kill(self) -> None:
        """Kill abruptly (a crash: nothing is dumped)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        if self.process is not None:
            self.process.wait()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie child is not alive
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


def start_anvil(
    port: int | None = None,
    *,
    chain_id: int | None = None,
    state_file: Path | None = None,
    state_interval: int | None = None,
    log_file: Path | None = None,
    detach: bool = False,
    extra_args: list[str] | None = None,
) -> AnvilNode:
    """Start anvil and wait until it answers JSON-RPC."""
    net = local_network()
    port = port or free_port()
    args = [
        str(anvil_binary()),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--chain-id", str(chain_id if chain_id is not None else net["chainId"]),
        "--hardfork", str(net["hardfork"]),
        "--base-fee", str(net["baseFee"]),
        "--gas-price", str(net["gasPrice"]),
        "--accounts", str(max(DEV_ACCOUNT_COUNT, int(net["accounts"]))),
        "--mnemonic", DEV_MNEMONIC,
        "--balance", str(net["balanceEther"]),
    ]  # fmt: skip
    if state_file is not None:
        args += ["--state", str(state_file)]
        if state_interval:
            args += ["--state-interval", str(state_interval)]
    args += extra_args or []
    out = open(log_file, "ab") if log_file else subprocess.DEVNULL  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=detach)
    node = AnvilNode(port, proc, proc.pid, state_file)
    _wait_ready(node)
    return node


def _wait_ready(node: AnvilNode, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if node.process is not None and node.process.poll() is not None:
            raise DrexError(f"anvil exited with code {node.process.returncode} before answering")
        try:
            with socket.create_connection(("127.0.0.1", node.port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    node.kill()
    raise DrexError(f"anvil did not answer on port {node.port} within {timeout:.0f}s")


# --------------------------------------------------------------- the managed node
def _pidfile() -> Path:
    return state_dir() / "anvil.json"


def managed_node() -> AnvilNode | None:
    """The node started by ``drex node start``, if it is still running."""
    f = _pidfile()
    if not f.exists():
        return None
    info = json.loads(f.read_text())
    if not _alive(int(info["pid"])):
        f.unlink()
        return None
    return AnvilNode(int(info["port"]), None, int(info["pid"]), Path(info["state"]))


def start_managed(port: int | None = None) -> tuple[AnvilNode, bool]:
    """Start the background node (idempotent). Returns the node and whether it was started now."""
    node = managed_node()
    if node is not None:
        return node, False
    d = state_dir()
    node = start_anvil(
        port or int(local_network()["port"]),
        state_file=d / "anvil-state.json",
        state_interval=5,
        log_file=d / "anvil.log",
        detach=True,
    )
    _pidfile().write_text(json.dumps({"pid": node.pid, "port": node.port, "state": str(node.state_file)}))
    return node, True


def stop_managed() -> bool:
    node = managed_node()
    if node is None:
        return False
    node.stop()
    _pidfile().unlink(missing_ok=True)
    return True
