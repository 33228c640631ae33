"""Client of KeyDictionary, the pilot's simulation of the DICT directory of customer keys.

An institution registers each (fictitious) customer under a key: the keccak256 hash of an identifier
it chose (an e-mail, a phone number, a random key), computed here so the identifier never goes on chain
(the contract stores and compares only hashes). A payer's institution finds the receiver's wallet with
:meth:`KeyDictionary.get_wallet`; the receiver's identifies the payer with :meth:`KeyDictionary.get_key` and
:meth:`KeyDictionary.get_customer_data`. Key portability: the new institution calls
:meth:`KeyDictionary.request_key` (returns the proposal id, also announced by ``KeyRequested``) and the
key's current owner calls :meth:`KeyDictionary.authorize_key`. Every ``key`` argument is either the plain
identifier (``str``, hashed here) or the 32-byte hash (``bytes``).

As in the pilot, the contract's reads return zero values for an unknown key or wallet (``bytes32(0)``,
``address(0)``, an empty record). :meth:`KeyDictionary.find_wallet`, :meth:`~KeyDictionary.find_key` and
:meth:`~KeyDictionary.find_customer_data` return None then; the ``get_*`` reads raise :class:`NotRegistered`
(a :class:`~drex.chain.reverts.ContractRevert` named ``KeyNotFound`` or ``WalletNotFound``, as the
contract's own errors, so callers that catch those keep working).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_typing import ChecksumAddress
from web3.logs import DISCARD

from drex.chain.reverts import ContractRevert
from drex.errors import DrexError
from drex.sdk.events import KeyRequest, chain_order, fetch_logs
from drex.sdk.platform import ContractClient, Platform
from drex.sdk.tx import TxResult
from drex.sdk.values import cnpj8_int, to_address, to_key_hash, to_uint


class NotRegistered(ContractRevert):
    """A KeyDictionary read found nothing: the contract returned the zero value for the key or wallet.
    ``error_name`` is ``KeyNotFound`` (args: the key hash) or ``WalletNotFound`` (args: the wallet)."""


_ZERO_KEY = bytes(32)


@dataclass(frozen=True)
class CustomerData:
    """A customer's registration (the contract's ``CustomerData`` struct)."""

    tax_id: int
    """The customer's CPF (or CNPJ), as a number."""
    cnpj8: str
    """The CNPJ8 of the customer's institution."""
    bank_number: int
    """The institution's bank code."""
    account: int
    branch: int
    wallet: ChecksumAddress
    registered: bool
    owner: ChecksumAddress
    """The institution wallet that registered (and may update) the customer."""

    @classmethod
    def from_tuple(cls, t: Any) -> CustomerData:
        return cls(
            int(t[0]),
            f"{int(t[1]):08d}",
            int(t[2]),
            int(t[3]),
            int(t[4]),
            to_address(t[5]),
            bool(t[6]),
            to_address(t[7]),
        )


@dataclass(frozen=True)
class KeyProposal:
    """A key portability proposal: the key, the requesting institution's wallet, and the proposed data."""

    proposal_id: int
    key: bytes
    requester: ChecksumAddress
    authorized: bool
    data: CustomerData


def _customer_args(
    tax_id: int | str,
    cnpj8: str | int,
    bank_number: int | str,
    account: int | str,
    branch: int | str,
    wallet: str,
) -> tuple[int, int, int, int, int, ChecksumAddress]:
    return (
        to_uint(tax_id, "tax id", max_digits=14),
        cnpj8_int(cnpj8),
        to_uint(bank_number, "bank number", max_digits=8),
        to_uint(account, "account", max_digits=20),
        to_uint(branch, "branch", max_digits=8),
        to_address(wallet, "wallet"),
    )


class KeyDictionary(ContractClient):
    """KeyDictionary: add customers, look them up by key or wallet, port keys between institutions.

    State-changing calls need a signer enabled on Real Digital (a participant wallet).
    """

    def __init__(self, platform: Platform):
        super().__init__(platform, "KeyDictionary")

    def add_account(
        self,
        key: str | bytes,
        *,
        tax_id: int | str,
        cnpj8: str | int,
        bank_number: int | str,
        account: int | str,
        branch: int | str,
        wallet: str,
    ) -> TxResult:
        """Register a customer under ``key``; the signer becomes the key's owner."""
        tax, cnpj, bank, acct, brch, wal = _customer_args(tax_id, cnpj8, bank_number, account, branch, wallet)
        fn = self.contract.functions.addAccount(to_key_hash(key), tax, bank, acct, brch, wal, cnpj)
        return self._send(fn)

    def find_wallet(self, key: str | bytes) -> ChecksumAddress | None:
        """The wallet registered under ``key``, or None (the contract returns ``address(0)``)."""
        found = to_address(self._call(self.contract.functions.getWallet(to_key_hash(key))))
        return None if int(found, 16) == 0 else found

    def find_key(self, wallet: str) -> bytes | None:
        """The key hash ``wallet`` is registered under, or None (the contract returns ``bytes32(0)``)."""
        found = bytes(self._call(self.contract.functions.getKey(to_address(wallet, "wallet"))))
        return None if found == _ZERO_KEY else found

    def find_customer_data(self, key: str | bytes) -> CustomerData | None:
        """Everything registered under ``key``, or None (the contract returns an empty record)."""
        data = CustomerData.from_tuple(self._call(self.contract.functions.getCustomerData(to_key_hash(key))))
        return data if data.registered else None

    def get_wallet(self, key: str | bytes) -> ChecksumAddress:
        """The wallet registered under ``key``; raises :class:`NotRegistered` ``KeyNotFound`` if none."""
        found = self.find_wallet(key)
        if found is None:
            raise NotRegistered("KeyNotFound", (to_key_hash(key),))
        return found

    def get_key(self, wallet: str) -> bytes:
        """The key hash ``wallet`` is registered under; raises :class:`NotRegistered` ``WalletNotFound``
        if none."""
        found = self.find_key(wallet)
        if found is None:
            raise NotRegistered("WalletNotFound", (to_address(wallet, "wallet"),))
        return found

    def get_customer_data(self, key: str | bytes) -> CustomerData:
        """Everything registered under ``key``; raises :class:`NotRegistered` ``KeyNotFound`` if none."""
        found = self.find_customer_data(key)
        if found is None:
            raise NotRegistered("KeyNotFound", (to_key_hash(key),))
        return found

    def update_data(
        self,
        key: str | bytes,
        *,
        tax_id: int | str,
        cnpj8: str | int,
        bank_number: int | str,
        account: int | str,
        branch: int | str,
        wallet: str,
    ) -> TxResult:
        """Replace the data under ``key``; only the key's owner (the institution that registered it)."""
        tax, cnpj, bank, acct, brch, wal = _customer_args(tax_id, cnpj8, bank_number, account, branch, wallet)
        fn = self.contract.functions.updateData(to_key_hash(key), tax, cnpj, bank, acct, brch, wal)
        return self._send(fn)

    def request_key(
        self,
        key: str | bytes,
        *,
        tax_id: int | str,
        cnpj8: str | int,
        bank_number: int | str,
        account: int | str,
        branch: int | str,
        wallet: str,
    ) -> int:
        """Ask to port ``key`` (owned by another institution) to the signer, with the customer's new data.

        Returns the proposal id, which the current owner passes to :meth:`authorize_key`.
        """
        tax, cnpj, bank, acct, brch, wal = _customer_args(tax_id, cnpj8, bank_number, account, branch, wallet)
        result = self._send(
            self.contract.functions.requestKey(to_key_hash(key), tax, cnpj, bank, acct, brch, wal)
        )
        events = self.contract.events.KeyRequested().process_receipt(result.receipt, errors=DISCARD)
        if not events:
            raise DrexError(f"requestKey in {result.tx_hash} emitted no KeyRequested event")
        return int(events[0]["args"]["proposalId"])

    def authorize_key(self, proposal_id: int, key: str | bytes) -> TxResult:
        """Accept proposal ``proposal_id`` for ``key``: the key and its data move to the requester.
        Only the key's current owner."""
        fn = self.contract.functions.authorizeKey(to_uint(proposal_id, "proposal id"), to_key_hash(key))
        return self._send(fn)

    def key_proposal(self, proposal_id: int) -> KeyProposal:
        """A portability proposal (this platform's ``getKeyProposal``; reverts ``ProposalNotFound``)."""
        t = self._call(self.contract.functions.getKeyProposal(to_uint(proposal_id, "proposal id")))
        return KeyProposal(
            int(proposal_id), bytes(t[0]), to_address(t[1]), bool(t[2]), CustomerData.from_tuple(t[3])
        )

    def key_requests(
        self, owner: str | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[KeyRequest]:
        """``KeyRequested`` events in chain order; with ``owner``, only requests for keys it owns."""
        records = [
            KeyRequest.from_log(log)
            for log in fetch_logs(self.contract.events.KeyRequested(), None, from_block, to_block)
        ]
        if owner is not None:
            who = to_address(owner, "owner")
            records = [r for r in records if r.owner == who]
        return chain_order(records)
