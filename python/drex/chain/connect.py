"""Opening a :class:`~drex.chain.core.Chain` from a network name: ``embedded``, ``local`` or a URL.

``embedded`` is a fresh in-process py-evm chain. ``local`` is the anvil node started by ``drex node
start`` (started on demand if none runs). Anything that looks like ``http(s)://`` or ``ws(s)://`` is a
JSON-RPC node such as Besu (an anvil node at a URL counts as a dev chain). Unknown names, unreachable
nodes and chain-id mismatches raise :class:`~drex.errors.DrexError` with one clear sentence.
"""

from __future__ import annotations

from typing import Any

from web3 import Web3

from drex.chain.core import Chain
from drex.chain.tx.signing import TxType
from drex.errors import DrexError

NETWORKS = ("embedded", "local")


class AnvilChain(Chain):
    """A chain on an anvil node; ``close()`` stops the node if this object started it."""

    def __init__(self, w3: Web3, node: Any, owns_node: bool, *, tx_type: TxType | None = None):
        super().__init__(w3, "local", f"local ({node.url})", tx_type=tx_type)
        self.node = node
        self._owns = owns_node

    def close(self) -> None:
        if self._owns:
            self.node.stop()


def _http_web3(url: str, timeout: float = 10.0) -> Web3:
    if url.startswith(("ws://", "wss://")):
        from web3 import LegacyWebSocketProvider

        return Web3(LegacyWebSocketProvider(url))
    return Web3(Web3.HTTPProvider(url, request_kwargs={"timeout": timeout}))


def _check_reachable(w3: Web3, url: str) -> int:
    try:
        return int(w3.eth.chain_id)
    except Exception as exc:
        if "Connection" in type(exc).__name__ or "Max retries" in str(exc):
            reason = "nothing answers there (connection refused or host unreachable)"
        else:
            reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise DrexError(f"cannot reach a JSON-RPC node at {url}: {reason}") from None


def _is_anvil(w3: Web3) -> bool:
    try:
        return str(w3.client_version).lower().startswith("anvil/")
    except Exception:  # a node that does not answer web3_clientVersion is not anvil
        return False


def connect(
    network: str,
    *,
    expect_chain_id: int | None = None,
    start_local: bool = True,
    tx_type: TxType | None = None,
) -> Chain:
    """Connect to ``embedded``, ``local`` or a JSON-RPC URL, optionally checking the chain id.

    ``tx_type`` (``"legacy"`` or ``"eip1559"``) fixes the transaction type; by default it follows the
    chain (EIP-1559 when its blocks have a base fee, see :mod:`drex.chain.tx.engine`).
    """
    if network == "embedded":
        from drex.chain.embedded import embedded_web3

        chain: Chain = Chain(embedded_web3(), "embedded", "embedded", tx_type=tx_type)
    elif network == "local":
        from drex.chain.anvil import managed_node, start_managed

        node = managed_node()
        if node is None:
            if not start_local:
                raise DrexError("no local node is running: start one with `drex node start`")
            node, _ = start_managed()
        w3 = _http_web3(node.url)
        _check_reachable(w3, node.url)
        chain = AnvilChain(w3, node, owns_node=False, tx_type=tx_type)
    elif network.startswith(("http://", "https://", "ws://", "wss://")):
        w3 = _http_web3(network)
        _check_reachable(w3, network)
        # An anvil node is a development chain wherever it runs: its test accounts apply.
        chain = Chain(w3, "local" if _is_anvil(w3) else "rpc", network, tx_type=tx_type)
    else:
        raise DrexError(
            f"unknown network {network!r}: use embedded, local, or a JSON-RPC URL (http://host:port)"
        )
    if expect_chain_id is not None and chain.chain_id != expect_chain_id:
        raise DrexError(
            f"wrong chain: {chain.name} has chain id {chain.chain_id}, the manifest is for {expect_chain_id}"
        )
    return chain


def connect_anvil(node: Any, *, owns_node: bool = False, tx_type: TxType | None = None) -> AnvilChain:
    """A chain on a given :class:`~drex.chain.anvil.AnvilNode` (tests start their own nodes)."""
    w3 = _http_web3(node.url)
    _check_reachable(w3, node.url)
    return AnvilChain(w3, node, owns_node, tx_type=tx_type)
