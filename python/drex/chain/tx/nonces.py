"""The one per-signer nonce manager: read from the node once, then counted locally, thread-safe.

Every sending path (single transactions, deployment, the bulk submitter) takes its nonces here, so two
paths sending for the same signer never hand out the same nonce. After a refused transaction the
signer's nonce is forgotten: the next reservation reads it from the node again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from eth_utils.address import to_checksum_address

#: Reads an address's transaction count from the node at a block tag (``"pending"``, ``"latest"``).
CountReader = Callable[[str, str], int]


class NonceManager:
    """Per-signer nonces: :meth:`reserve` hands out consecutive nonces, :meth:`forget` drops a signer's.

    >>> from drex.chain import connect
    >>> chain = connect("embedded")
    >>> nonces = NonceManager(lambda address, tag: chain.w3.eth.get_transaction_count(address, tag))
    >>> sender = chain.account("BANK_A").address
    >>> nonces.reserve(sender, 3)    # 0, 1 and 2 are this caller's
    0
    >>> nonces.reserve(sender, 1)
    3
    """

    def __init__(self, read_count: CountReader):
        self._read = read_count
        self._next: dict[str, int] = {}
        self._lock = threading.Lock()

    def on_chain(self, address: str, tag: str = "pending") -> int:
        """The node's transaction count for ``address`` at ``tag`` (not cached)."""
        return int(self._read(to_checksum_address(address), tag))

    def reserve(self, address: str, count: int = 1, *, floor: int | None = None) -> int:
        """Reserve ``count`` consecutive nonces for ``address``; returns the first.

        The first reservation of a signer reads its pending count from the node, unless ``floor`` is
        given (a caller that has just read it, in a batch); a ``floor`` above the cached count moves it
        up (a journal's transactions, another sender's).
        """
        if count < 0:
            raise ValueError("count must not be negative")
        key = to_checksum_address(address)
        with self._lock:
            cached = self._next.get(key)
            if cached is None:
                start = floor if floor is not None else self.on_chain(key, "pending")
            else:
                start = cached if floor is None else max(cached, floor)
            self._next[key] = start + count
            return start

    def next(self, address: str) -> int:
        """The next nonce for ``address`` (a reservation of one)."""
        return self.reserve(address, 1)

    def peek(self, address: str) -> int | None:
        """The next nonce the cache would hand out for ``address``, or None if it holds none."""
        with self._lock:
            return self._next.get(to_checksum_address(address))

    def forget(self, address: str) -> None:
        """Drop ``address``'s cached nonce (after a refused send): the next one is read from the node."""
        with self._lock:
            self._next.pop(to_checksum_address(address), None)

    def forget_all(self) -> None:
        """Drop every cached nonce (after a snapshot revert)."""
        with self._lock:
            self._next.clear()

    def resync(self, address: str) -> int:
        """Read ``address``'s pending count from the node now and make it the next nonce."""
        key = to_checksum_address(address)
        with self._lock:
            n = self.on_chain(key, "pending")
            self._next[key] = n
            return n
