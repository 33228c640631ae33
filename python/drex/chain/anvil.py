"""The local chain: an anvil node from npm, started and stopped by drex, configured like the pilot.

Chain id 381660001, zero base fee, Shanghai rules, anvil's default test mnemonic. Gas is not free:
anvil's ``eth_gasPrice`` answers its minimum priority fee, 1 gwei, paid from the dev accounts' balance
(``--disable-min-priority-fee`` would make it 0 while ``eth_maxPriorityFeePerGas`` stays 1 gwei, and
web3's EIP-1559 defaults then build transactions every node refuses). The node keeps its state in
``.drex/anvil-state.json`` (anvil's ``--state``: dumped on exit, loaded on start), so a stopped node
resumes where it was. ``drex node start|stop|reset`` drives it (``reset`` deletes that state: the next
start is a fresh chain); tests start their own on a free port.

The state folder is ``.drex`` in the current directory, or ``DREX_STATE_DIR`` (:func:`drex.paths.state_dir`).
The network definition ``local.json`` is package data. The anvil binary (npm ``@foundry-rs/anvil-linux-amd64``
1.7.1) is ``DREX_ANVIL`` when set, else the checkout's pinned one in ``node_modules`` (a checkout only), else
``anvil`` on ``PATH``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from drex.chain.accounts import DEV_ACCOUNT_COUNT, DEV_MNEMONIC
from drex.errors import DrexError
from drex.paths import checkout_root, state_dir


def local_network() -> dict[str, Any]:
    """The local network definition, ``local.json`` next to this module (package data)."""
    path = resources.files("drex.chain") / "local.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise DrexError(f"cannot read the local network definition {path}: {exc}") from None
    return data


PILOT_CHAIN_ID = 381660001
DEFAULT_PORT = 8545


#: Where ``npm ci`` puts the pinned anvil, relative to the checkout.
NPM_ANVIL = Path("node_modules") / "@foundry-rs" / "anvil-linux-amd64" / "bin" / "anvil"


def anvil_binary() -> Path:
    """``DREX_ANVIL``, else the checkout's pinned npm anvil, else ``anvil`` on ``PATH``."""
    env = os.environ.get("DREX_ANVIL")
    if env:
        path = Path(env)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise DrexError(f"DREX_ANVIL={env} is not an executable file")
        return path
    root = checkout_root()
    if root is not None and (root / NPM_ANVIL).is_file():
        return root / NPM_ANVIL
    found = shutil.which("anvil")
    if found is not None:
        return Path(found)
    raise DrexError(
        "anvil not found: set DREX_ANVIL to an anvil binary or put one on PATH (npm package "
        "@foundry-rs/anvil-linux-amd64 1.7.1); in a checkout, run scripts/bootstrap.sh (npm ci)"
    )


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


def managed_state_file() -> Path:
    """Where the managed node keeps its chain (anvil's ``--state``: dumped on exit, loaded on start)."""
    return state_dir() / "anvil-state.json"


def _require_free(port: int) -> None:
    """Refuse a busy port up front: anvil would exit, and another process answering there would look ready."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise DrexError(
                f"port {port} is already in use (another node?): pass --port N or set DREX_LOCAL_PORT"
            ) from None


def local_port() -> int:
    """The managed node's port: ``DREX_LOCAL_PORT`` when set (e.g. 8545 is taken), else ``local.json``'s."""
    env = os.environ.get("DREX_LOCAL_PORT")
    if env is None:
        return int(local_network()["port"])
    if not (env.isascii() and env.isdigit() and 0 < int(env) < 65536):
        raise DrexError(f"DREX_LOCAL_PORT={env!r} is not a TCP port (1-65535)")
    return int(env)


def start_managed(port: int | None = None) -> tuple[AnvilNode, bool]:
    """Start the background node (idempotent). Returns the node and whether it was started now."""
    node = managed_node()
    if node is not None:
        return node, False
    d = state_dir()
    port = port or local_port()
    _require_free(port)
    node = start_anvil(
        port,
        state_file=managed_state_file(),
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


@dataclass
class ResetResult:
    """What :func:`reset_managed` did: whether a node was running (and was stopped), the files deleted."""

    stopped: AnvilNode | None
    deleted: list[Path]


def reset_managed() -> ResetResult:
    """Forget the managed node's chain: stop the node if it runs (it dumps its state on exit), then delete
    its saved state, so the next start is a fresh chain (block 0, the dev accounts' initial balances, the
    wall clock's time)."""
    node = managed_node()
    files = {managed_state_file()}
    if node is not None:
        if node.state_file is not None:
            files.add(node.state_file)
        node.stop()
        if _alive(node.pid):
            raise DrexError(f"the local node (pid {node.pid}) did not stop: its state was not deleted")
        _pidfile().unlink(missing_ok=True)
    deleted = []
    for f in sorted(files):
        if f.exists():
            f.unlink()
            deleted.append(f)
    return ResetResult(node, deleted)
