"""anvil 1.7's pool can strand a transaction for good; the bulk submitter frees it and lands it once.

The pool computes what a transaction waits for (its sender's previous nonce) from the state it validated
against. When a block mining that previous nonce commits between the validation and the insertion, the
transaction waits for a marker already pruned: it is never mined, a re-send is answered "already
imported", and every later nonce of the sender waits behind it. Under load this happened in CI (the
bench fixture's 40 bindings: 28 stuck for 120 s). The test builds the same state deterministically: the
journaled transaction at nonce n+1 is sent while the sender's nonce is n (it waits for n), then
``anvil_setNonce`` moves the account to n+1 without any transaction providing n.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import requests
from eth_utils.address import to_checksum_address

from drex.chain import connect_anvil
from drex.chain.anvil import start_anvil
from drex.chain.tx.bulk import BulkSubmitter, Intent
from drex.chain.tx.journal import Journal, JournalEntry
from drex.chain.tx.signing import RawSigner
from drex.chain.tx.transport import BulkError

pytestmark = pytest.mark.anvil

RECIPIENT = to_checksum_address("0x000000000000000000000000000000000000dead")


def _call(url: str, method: str, *params: Any) -> dict[str, Any]:
    body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}
    answer: dict[str, Any] = requests.post(url, json=body, timeout=30).json()
    return answer


def _rpc(url: str, method: str, *params: Any) -> Any:
    answer = _call(url, method, *params)
    assert "error" not in answer, answer
    return answer["result"]


def _strand(url: str, chain: Any, journal: Journal, key: bytes, sender: str) -> Intent:
    """Journal and send a 1-wei transfer at nonce n+1, then move the sender's nonce to n+1 behind its back."""
    n = int(_rpc(url, "eth_getTransactionCount", sender, "latest"), 16)
    raw, h = RawSigner(key, int(chain.chain_id)).sign(n + 1, 0, 21_000, bytes.fromhex(RECIPIENT[2:]), 1, b"")
    journal.bind_chain(int(chain.chain_id), int(_rpc(url, "eth_blockNumber"), 16))
    journal.record([JournalEntry("stranded", sender, n + 1, "0x" + h.hex(), raw)])
    _rpc(url, "eth_sendRawTransaction", "0x" + raw.hex())
    _rpc(url, "anvil_setNonce", sender, hex(n + 1))
    assert _rpc(url, "txpool_status") == {"pending": "0x0", "queued": "0x1"}
    resend = _call(url, "eth_sendRawTransaction", "0x" + raw.hex())
    assert "already imported" in resend["error"]["message"]  # re-sending alone cannot free it
    return Intent("stranded", sender, RECIPIENT, b"", 21_000, value=1)


@pytest.mark.parametrize("later", [0, 5], ids=["alone", "with-later-nonces"])
def test_a_transaction_stranded_in_anvils_pool_is_freed_and_lands_once(tmp_path: Path, later: int) -> None:
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        account = chain.account("BANK_A")
        key = bytes(account.key)
        journal = Journal(tmp_path / "journal.sqlite")
        intent = _strand(node.url, chain, journal, key, account.address)
        # Later intents of the same signer get nonces after the stranded one and wait behind it.
        intents = [intent] + [
            Intent(f"later:{k}", account.address, RECIPIENT, b"", 21_000, value=1) for k in range(later)
        ]
        before = int(chain.w3.eth.get_balance(RECIPIENT))
        said: list[str] = []
        bulk = BulkSubmitter(
            chain, journal=journal, gas_price=0, stall_after=1.0, stall_timeout=30.0, progress=said.append
        )
        result = bulk.submit(intents, [account])
        assert result.ok, result.failed
        assert all(o.status == 1 for o in result.outcomes.values())
        assert any("emptied the pool" in m for m in said), said
        assert int(chain.w3.eth.get_balance(RECIPIENT)) - before == 1 + later
        nonce_after = int(_rpc(node.url, "eth_getTransactionCount", account.address, "latest"), 16)
        assert nonce_after == result.outcomes["stranded"].nonce + 1 + later
        assert _rpc(node.url, "txpool_status") == {"pending": "0x0", "queued": "0x0"}
    finally:
        node.kill()


def test_without_emptying_the_pool_the_stranded_transaction_stalls(tmp_path: Path) -> None:
    """The control: the same state with the purge disabled is the CI failure (no confirmation, then
    :class:`BulkError`), so the test above passes because of the purge, not by luck."""
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        account = chain.account("BANK_A")
        journal = Journal(tmp_path / "journal.sqlite")
        intent = _strand(node.url, chain, journal, bytes(account.key), account.address)
        bulk = BulkSubmitter(chain, journal=journal, gas_price=0, stall_after=0.5, stall_timeout=3.0)
        bulk._anvil = False  # as if the node were not anvil: no purge
        with pytest.raises(BulkError, match="unconfirmed"):
            bulk.submit([intent], [account])
    finally:
        node.kill()


def test_a_pool_holding_a_transaction_not_of_this_run_is_left_alone(tmp_path: Path) -> None:
    """A valid transaction of the signer sent before the run (nonce n, by ``chain.transact`` or an earlier
    run with other intents) is in the pool when a stall makes the run reconcile: emptying the pool would
    drop it, and the run's own nonces, after it, would wait behind the gap for good. The pool is left as it
    is; when blocks come, both the earlier transaction and the run land."""
    node = start_anvil(extra_args=["--no-mining"])
    try:
        chain = connect_anvil(node)
        account = chain.account("BANK_A")
        n = int(_rpc(node.url, "eth_getTransactionCount", account.address, "latest"), 16)
        raw, h = RawSigner(bytes(account.key), int(chain.chain_id)).sign(
            n, 0, 21_000, bytes.fromhex(RECIPIENT[2:]), 7, b""
        )
        _rpc(node.url, "eth_sendRawTransaction", "0x" + raw.hex())
        said: list[str] = []
        bulk = BulkSubmitter(chain, gas_price=0, stall_after=0.3, stall_timeout=20.0, progress=said.append)
        intents = [Intent(f"k{i}", account.address, RECIPIENT, b"", 21_000, value=1) for i in range(3)]
        stop = threading.Event()

        def mine_after_a_stall() -> None:
            stop.wait(1.5)  # the run has reconciled at least once by then
            while not stop.wait(0.2):
                _rpc(node.url, "evm_mine")

        miner = threading.Thread(target=mine_after_a_stall, daemon=True)
        miner.start()
        try:
            result = bulk.submit(intents, [account])
        finally:
            stop.set()
            miner.join()
        assert result.ok and result.recoveries > 0
        assert any("not emptying the pool" in m for m in said), said
        assert not any("emptied the pool" in m for m in said), said
        assert _rpc(node.url, "eth_getTransactionReceipt", "0x" + h.hex()) is not None  # the earlier one
        assert int(_rpc(node.url, "eth_getTransactionCount", account.address, "latest"), 16) == n + 4
    finally:
        node.kill()
