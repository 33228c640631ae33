"""A JSON-RPC proxy in front of anvil that can hold calls of chosen methods: a reporter process talking to
it can be caught between two steps of a transaction (its vote signed and journaled, the transaction not
sent yet; or sent and mined, its receipt not read yet) and killed there.

Built on the index tests' real proxy (:class:`index.rpc_proxy.RpcProxy`): a held call is never forwarded;
it waits until :meth:`RpcGate.open` and then answers an error.
"""

from __future__ import annotations

import sys
import threading
import traceback
from typing import Any

from index.rpc_proxy import RpcProxy


class RpcGate(RpcProxy):
    def __init__(self, upstream: str, hold: set[str]):
        super().__init__(upstream)
        self.hold = hold
        #: Methods of the calls held, in arrival order.
        self.held: list[str] = []
        #: Methods of the calls forwarded and answered, in order.
        self.forwarded: list[str] = []
        self._open = threading.Event()
        self.server.handle_error = self._quiet  # type: ignore[method-assign]

    def _quiet(self, request: object, client_address: object) -> None:
        """A held call's client was killed: answering it fails with a broken pipe, as intended."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            traceback.print_exc()

    def open(self) -> None:
        """Let the held calls go (answered with an error: the caller is gone by then)."""
        self._open.set()

    def _one(self, call: dict[str, Any]) -> dict[str, Any]:
        method = str(call.get("method"))
        if method in self.hold and not self._open.is_set():
            self.held.append(method)
            self._open.wait(timeout=300)
            return {
                "jsonrpc": "2.0",
                "id": call.get("id"),
                "error": {"code": -32000, "message": "gate closed"},
            }
        answer = super()._one(call)
        self.forwarded.append(method)
        return answer

    def close(self) -> None:
        self.open()
        super().close()
