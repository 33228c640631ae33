"""The benchmark's chains: a set-up anvil node handing its state over to a node that mines on an interval.

The local chain of ``drex node start`` mines a block per transaction (anvil's automine). That suits
deployment and the gas measurements, but not a throughput run: a block per transaction caps anvil at a
few hundred transfers per second. The throughput node mines every ``block_time`` seconds (fractions
allowed) with the pilot genesis' block gas limit, like a QBFT network. anvil cannot switch from automine
to a sub-second interval at run time, so :class:`BenchNodes` sets everything up on an automine node,
stops it (anvil dumps its state on SIGINT) and starts the interval node from that state file.
:func:`cpu_seconds` reads a process's CPU time, to say where the time goes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from drex.chain.anvil import AnvilNode, start_anvil
from drex.chain.connect import AnvilChain, connect_anvil

#: Block gas limit of the pilot's QBFT genesis (drex.besu.genesis), so a block is never the limit.
PILOT_GAS_LIMIT = 0x29B92700


class BenchNodes:
    """An automine node for set-up, then the same state on an interval-mining node."""

    def __init__(self, workdir: Path | None = None):
        self._tmp = tempfile.TemporaryDirectory(prefix="drex-bench-") if workdir is None else None
        self.workdir: Path = Path(self._tmp.name) if self._tmp is not None else Path(str(workdir))
        self.state_file = self.workdir / "anvil-state.json"
        self.node: AnvilNode | None = None

    def setup_node(self) -> AnvilChain:
        """The automine node (state dumped to :attr:`state_file` when it stops)."""
        self.node = start_anvil(
            state_file=self.state_file, log_file=self.workdir / "anvil.log", extra_args=self._gas_args()
        )
        return connect_anvil(self.node)

    def interval_node(self, block_time: float) -> AnvilChain:
        """Stop the set-up node and start one from its state that mines every ``block_time`` seconds."""
        if self.node is not None:
            self.node.stop()
        self.node = start_anvil(
            state_file=self.state_file,
            log_file=self.workdir / "anvil.log",
            extra_args=[*self._gas_args(), "--block-time", f"{block_time:g}"],
        )
        return connect_anvil(self.node)

    @staticmethod
    def _gas_args() -> list[str]:
        return ["--gas-limit", str(PILOT_GAS_LIMIT)]

    def close(self) -> None:
        if self.node is not None:
            self.node.kill()
            self.node = None
        if self._tmp is not None:
            self._tmp.cleanup()


def cpu_seconds(pid: int | None = None) -> float:
    """User plus system CPU seconds of process ``pid`` (this process, children included, if None)."""
    if pid is None:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
