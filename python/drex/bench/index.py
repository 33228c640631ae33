"""The event index next to the throughput run: how far behind the chain it is at the end, and how fast it
indexes.

During the SDK run of the first anvil round, :class:`IndexFollower` runs :class:`drex.index.Indexer` in a
child process (its own interpreter: it competes with the SDK and the node for the machine's CPUs as a
real index would, not for this process's GIL), following the node with ``Indexer.follow`` into a
SQLite file; it has caught up with the chain before the run starts. :class:`BlockWatch` notes when each
block first appears on the node (polling ``eth_blockNumber`` every 20 ms). At the end of the run the
*lag* is the time from the first sight of the last block holding a transfer to the moment the index's
cursor reaches it (polled every 10 ms). The index *throughput* is then measured on its own: a fresh
index of the whole chain (deployment, funding and every transfer of the run) in one ``sync``, events per
second.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path
from typing import Any

from web3 import Web3

#: Seconds between the follower's polls of the node.
FOLLOW_POLL = 0.05
#: The lag target: the index has the run's last block at most this long after it was produced.
LAG_TARGET_S = 2.0


class BlockWatch:
    """A thread noting the monotonic time each block number is first seen on the node."""

    def __init__(self, url: str, period: float = 0.02):
        self.w3 = Web3(Web3.HTTPProvider(url, request_kwargs={"timeout": 10}))
        self.period = period
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="bench-block-watch")
        self._thread.start()

    def _run(self) -> None:
        last = -1
        while not self._stop.is_set():
            head = int(self.w3.eth.block_number)
            now = time.monotonic()
            for n in range(last + 1, head + 1):
                self.seen.setdefault(n, now)
            last = max(last, head)
            self._stop.wait(self.period)

    def first_seen(self, block: int) -> float:
        while block not in self.seen:
            time.sleep(self.period)
        return self.seen[block]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _follow(url: str, manifest: str, db: str, bodies: bool, ready: Any, stop: Any) -> None:
    """The child process: catch up, say so, then follow until told to stop."""
    from drex.chain import connect
    from drex.index import Indexer, IndexStore
    from drex.sdk import Platform

    chain = connect(url)
    indexer = Indexer(Platform.from_manifest(chain, manifest), IndexStore(db), bodies=bodies)
    indexer.sync()
    ready.set()
    indexer.follow(FOLLOW_POLL, stop=stop.is_set)


class IndexFollower:
    """An index following the node at ``url`` from a child process, into ``workdir/index-follow.sqlite``."""

    def __init__(self, url: str, manifest: Path, workdir: Path, *, bodies: bool = True):
        from drex.index import IndexStore

        self.db = f"sqlite:///{workdir / 'index-follow.sqlite'}"
        self.store = IndexStore(self.db)  # created (migrated) here: the child only opens it
        ctx = multiprocessing.get_context("spawn")
        self.ready, self.stop = ctx.Event(), ctx.Event()
        self.process = ctx.Process(
            target=_follow, args=(url, str(manifest), self.db, bodies, self.ready, self.stop), daemon=True
        )

    def start(self, timeout: float = 600.0) -> None:
        self.process.start()
        if not self.ready.wait(timeout):
            self.close()
            raise RuntimeError("the index did not catch up with the chain before the run")

    def reached(self, block: int, timeout: float = 120.0) -> float:
        """Wait until the index's cursor is at ``block`` or beyond; the monotonic time it was seen there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            cursor = self.store.cursor()
            if cursor is not None and cursor.block_number >= block:
                return time.monotonic()
            if not self.process.is_alive():
                raise RuntimeError(f"the index process ended (exit code {self.process.exitcode})")
            time.sleep(0.01)
        raise RuntimeError(f"the index did not reach block {block} within {timeout:g} s")

    def close(self) -> None:
        self.stop.set()
        self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.store.close()


def catch_up(url: str, manifest: Path, db: str, *, bodies: bool = True) -> dict[str, Any]:
    """A fresh index of the whole chain at ``url`` in one sync: blocks, events, seconds, events/s."""
    from drex.chain import connect
    from drex.index import Indexer, IndexStore
    from drex.sdk import Platform

    chain = connect(url)
    store = IndexStore(db)
    report = Indexer(Platform.from_manifest(chain, manifest), store, bodies=bodies).sync()
    store.close()
    return {
        "blocks": report.blocks,
        "transactions": report.transactions,
        "events": report.events,
        "seconds": round(report.seconds, 2),
        "events_per_s": round(report.events_per_second, 1),
    }


__all__ = ["LAG_TARGET_S", "BlockWatch", "IndexFollower", "catch_up"]
