"""Sending transactions for one signer: a thin façade over the chain's transaction engine.

A :class:`Transactor` pairs a :class:`~drex.chain.Chain` with a signer (a dev account, a decrypted
keystore or an :class:`~drex.chain.signers.ExternalSigner`: anything with ``.address`` and
``.sign_transaction``) and sends through ``chain.engine`` (:mod:`drex.chain.tx.engine`): transactions are
signed locally (legacy or EIP-1559, as the chain's engine says) and sent raw; nonces come from the
engine's per-signer nonce manager, read from the node once and then counted locally, so many
transactions can be sent back to back with :meth:`Transactor.submit` and awaited later (or with
:meth:`Transactor.send_all`). Gas is estimated against the latest state unless given; a transaction that
depends on an earlier one still in flight (on a node that does not mine on arrival) needs an explicit
``gas``. A revert, whether found while estimating or after mining, raises
:class:`~drex.chain.reverts.ContractRevert` carrying the contract's error name and decoded arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from web3.contract.contract import ContractFunction

from drex.chain.core import Chain
from drex.chain.signers import Signer
from drex.chain.tx.engine import PendingTx, TxResult

__all__ = ["PendingTx", "Transactor", "TxResult"]


class Transactor:
    """Signs and sends transactions for one signer on one chain.

    >>> from drex.chain import connect
    >>> chain = connect("embedded")
    >>> bank_a, bank_b = chain.account("BANK_A"), chain.account("BANK_B")
    >>> token = chain.deploy("BaselineERC20", "Example", "EX", bank_a.address, sender=bank_a)
    >>> tx = Transactor(chain, bank_a)
    >>> result = tx.send(token.functions.mint(bank_a.address, 1_000))   # waits; ContractRevert on revert
    >>> pending = [tx.submit(token.functions.transfer(bank_b.address, 100)) for _ in range(3)]
    >>> [p.nonce for p in pending]                                       # consecutive, not awaited yet
    [2, 3, 4]
    >>> [p.wait().gas_used > 0 for p in pending]
    [True, True, True]
    >>> tx.send(token.functions.transfer(bank_b.address, 10**6))
    Traceback (most recent call last):
    drex.chain.reverts.ContractRevert: reverted with ERC20InsufficientBalance(0x3c44..., 700, 1000000)
    """

    def __init__(self, chain: Chain, signer: Signer):
        self.chain = chain
        self.signer = signer

    @property
    def address(self) -> str:
        """The signer's address (checksummed)."""
        return str(self.signer.address)

    def estimate_gas(self, fn: ContractFunction) -> int:
        """The node's gas estimate for ``fn`` sent by this signer; a revert raises ContractRevert."""
        return self.chain.engine.estimate_gas(fn, self.address)

    def submit(self, fn: ContractFunction, *, gas: int | None = None) -> PendingTx:
        """Build (estimating gas unless ``gas`` is given), sign and send ``fn``; do not wait.

        The nonce is the next one of the engine's nonce manager. If the node refuses the transaction,
        the signer's nonce is dropped (the next transaction re-reads it from the node) and the reason is
        raised, decoded into ContractRevert when it is a revert.
        """
        return self.chain.engine.submit(fn, self.signer, gas=gas)

    def send(self, fn: ContractFunction, *, gas: int | None = None) -> TxResult:
        """Send ``fn`` and wait for its receipt: :meth:`submit` then :meth:`PendingTx.wait`."""
        return self.submit(fn, gas=gas).wait()

    def send_all(
        self, fns: Iterable[ContractFunction], *, gas: int | Sequence[int] | None = None
    ) -> list[TxResult]:
        """Submit every call with consecutive nonces, then wait for all receipts, in order.

        ``gas`` may be one limit for all calls or one per call; without it each call is estimated when it
        is submitted. The first failure is raised after all receipts were awaited (later transactions
        are not undone: they were already sent).
        """
        return self.chain.engine.send_all(fns, self.signer, gas=gas)
