"""The embedded chain finds transactions through py-evm's hash index, with eth-tester's own answers.

:class:`drex.chain.embedded.IndexedPyEVMBackend` replaces eth-tester's walk from the head (quadratic
``eth_getLogs``) by py-evm's index. Every transaction, receipt and log it serves is compared with what
eth-tester's walk gives for the same hash, on the real embedded chain: mined in earlier blocks, in the
latest one, after a snapshot is reverted (the reverted transaction is not found by either; one mined
again in its place is), and an unknown hash.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from eth_tester.exceptions import TransactionNotFound
from hexbytes import HexBytes

from drex.chain import Chain, connect
from drex.chain.embedded import IndexedPyEVMBackend


def _backend(chain: Chain) -> IndexedPyEVMBackend:
    backend = chain.w3.provider.ethereum_tester.backend  # type: ignore[attr-defined]
    assert isinstance(backend, IndexedPyEVMBackend)
    return backend


def _walked(backend: IndexedPyEVMBackend, tx_hash: bytes) -> tuple[Any, Any]:
    """The transaction and receipt as eth-tester's own lookup (its walk from the head) serves them."""
    from eth_tester.backends.pyevm.serializers import serialize_transaction, serialize_transaction_receipt

    block, transaction, index = backend._walk(tx_hash)
    pending = block.number == backend.chain.get_block().number
    receipt = serialize_transaction_receipt(
        block, block.get_receipts(backend.chain.chaindb), transaction, index, pending, backend.chain.get_vm()
    )
    return serialize_transaction(block, transaction, index, pending), receipt


def _pay(chain: Chain, value: int) -> bytes:
    sender, receiver = chain.account("BANK_A"), chain.account("BANK_B")
    tx = {"from": sender.address, "to": receiver.address, "value": value}
    return bytes(chain.w3.eth.send_transaction(tx))  # type: ignore[arg-type]


def test_lookups_match_eth_testers_walk_before_and_after_a_revert() -> None:
    chain = connect("embedded")
    backend = _backend(chain)
    hashes = [_pay(chain, v) for v in range(1, 6)]
    for h in hashes:
        assert (backend.get_transaction_by_hash(h), backend.get_transaction_receipt(h)) == _walked(backend, h)
    assert chain.w3.eth.get_transaction_receipt(HexBytes(hashes[0]))["status"] == 1
    snap = chain.snapshot()
    dropped = _pay(chain, 99)
    assert backend.get_transaction_receipt(dropped) == _walked(backend, dropped)[1]
    chain.revert(snap)
    for lookup in (backend.get_transaction_receipt, backend.get_transaction_by_hash, backend._walk):
        with pytest.raises(TransactionNotFound):
            lookup(dropped)
    again = _pay(chain, 7)  # another transaction mined at the reverted one's height and index
    assert backend.get_transaction_receipt(again) == _walked(backend, again)[1]
    with pytest.raises(TransactionNotFound):
        backend.get_transaction_receipt(b"\x01" * 32)


def test_get_logs_gives_every_log_of_the_walked_receipts() -> None:
    """eth_getLogs asks the backend for the receipt of every transaction it scans."""
    chain = connect("embedded")
    backend = _backend(chain)
    bank_a = chain.account("BANK_A")
    token = chain.deploy("BaselineERC20", "Example", "EX", bank_a.address, sender=bank_a)
    for k in range(1, 4):
        chain.transact(token.functions.mint(bank_a.address, k), sender=bank_a)
    logs = chain.w3.eth.get_logs({"fromBlock": 0, "toBlock": "latest"})
    walked = [
        log
        for n in range(int(chain.w3.eth.block_number) + 1)
        for h in chain.w3.eth.get_block(n)["transactions"]
        for log in _walked(backend, bytes(cast(bytes, h)))[1]["logs"]
    ]
    assert len(logs) == len(walked) >= 4  # the deployment's and the three mints' logs
    assert [bytes(log["transactionHash"]) for log in logs] == [bytes(w["transaction_hash"]) for w in walked]
    assert [bytes(log["data"]) for log in logs] == [bytes(w["data"]) for w in walked]
