"""The embedded chain: py-evm in this process through eth-tester, with Shanghai rules.

It needs no external process, so it is the default for the library, the demo and the unit tests. The 20
dev accounts of anvil's test mnemonic are funded at genesis, so the same accounts and roles work here
and on the local anvil chain. Its chain id is eth-tester's fixed one (131277322940537).
"""

from __future__ import annotations

from typing import Any

from eth.abc import BlockAPI, SignedTransactionAPI
from eth.exceptions import TransactionNotFound
from eth.vm.forks import ShanghaiVM
from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.backends.pyevm.main import (
    _get_transaction_by_hash,
    generate_genesis_state_for_keys,
    get_account_keys_from_mnemonic,
)
from eth_tester.backends.pyevm.serializers import serialize_transaction, serialize_transaction_receipt
from web3 import Web3
from web3.providers.eth_tester import EthereumTesterProvider

from drex.chain.accounts import DEV_ACCOUNT_COUNT, DEV_MNEMONIC

HD_PATH = "m/44'/60'/0'/0"


class IndexedPyEVMBackend(PyEVMBackend):  # type: ignore[misc]  # eth-tester is untyped
    """eth-tester's py-evm backend, finding a transaction by hash through py-evm's own index.

    eth-tester 0.14 finds a transaction (for ``eth_getTransactionByHash`` and ``eth_getTransactionReceipt``)
    by walking the chain back from the head, block by block (its own comment there wishes for a lookup by
    hash), and its ``eth_getLogs`` asks for the receipt of every transaction in the range:
    a scan of the whole chain costs the square of its length. The SDK scans from a contract's deployment
    (a shielded wallet's first sync, supervision, DvP proposals), so on the demo's chain of some thousand
    blocks each scan took tens of seconds. py-evm keeps a hash -> (block, index) index of the canonical
    chain; this backend looks there first and keeps eth-tester's walk as the fallback, so the answers are
    eth-tester's own (same serializers), found in constant time. A hit is checked against the block it
    names (a snapshot reverted by eth-tester may leave a stale entry), and the pending block is searched
    first, as eth-tester does.
    """

    def _locate(self, transaction_hash: bytes) -> tuple[BlockAPI, SignedTransactionAPI, int]:
        pending = self.chain.get_block()
        for index, transaction in enumerate(pending.transactions):
            if transaction.hash == transaction_hash:
                return pending, transaction, index
        try:
            number, index = self.chain.chaindb.get_transaction_index(transaction_hash)
        except TransactionNotFound:
            number = None
        if number is not None and number < pending.number:
            block = self.chain.get_canonical_block_by_number(number)
            if index < len(block.transactions) and block.transactions[index].hash == transaction_hash:
                return block, block.transactions[index], index
        return self._walk(transaction_hash)

    def _walk(self, transaction_hash: bytes) -> tuple[BlockAPI, SignedTransactionAPI, int]:
        """eth-tester's own search (from the head back), for a hash py-evm's index does not place."""
        found: tuple[BlockAPI, SignedTransactionAPI, int] = _get_transaction_by_hash(
            self.chain, transaction_hash
        )
        return found

    def get_transaction_by_hash(self, transaction_hash: bytes) -> Any:
        block, transaction, index = self._locate(transaction_hash)
        is_pending = block.number == self.chain.get_block().number
        return serialize_transaction(block, transaction, index, is_pending)

    def get_transaction_receipt(self, transaction_hash: bytes) -> Any:
        block, transaction, index = self._locate(transaction_hash)
        is_pending = block.number == self.chain.get_block().number
        receipts = block.get_receipts(self.chain.chaindb)
        return serialize_transaction_receipt(
            block, receipts, transaction, index, is_pending, self.chain.get_vm()
        )


def embedded_web3() -> Web3:
    """A fresh in-process chain with the dev accounts funded (1,000,000 ETH each)."""
    keys = get_account_keys_from_mnemonic(DEV_MNEMONIC, quantity=DEV_ACCOUNT_COUNT, hd_path=HD_PATH)
    state = generate_genesis_state_for_keys(keys)
    backend = IndexedPyEVMBackend(
        genesis_state=state, vm_configuration=((0, ShanghaiVM),), mnemonic=DEV_MNEMONIC, hd_path=HD_PATH
    )
    w3 = Web3(EthereumTesterProvider(EthereumTester(backend)))
    # eth-tester sends calls from an unfunded key by default; calls must come from a funded account.
    w3.eth.default_account = w3.eth.accounts[0]
    return w3
