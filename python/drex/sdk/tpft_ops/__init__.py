"""Clients of the TPFt operation contracts: 1002, 1052, 1054, 1056 (double command), 1012 and the reserve.

Each double-command operation is keyed by its operation id: the first command registers the terms
(status ``LAN``), the counterpart's command with identical terms settles them by delivery versus payment
through TPFtDvP in the same transaction (``LIQ``), and only the initiator may cancel while pending
(``CAN``). Every command method takes the operation id, the :class:`~drex.sdk.tpft_values.CallerPart` the
signer sends, the series, the quantity (2 decimals) and the unit price (8 decimals), and returns a
:class:`CommandResult` with the event the command emitted. Parties are :class:`Party` values: an
institution by CNPJ8 (its default wallet), a participant wallet, or a customer wallet with its bank's Real
Tokenizado; the pair chooses the contract overload (both CNPJ8s, both plain wallets, or wallets with
tokens as soon as a customer is involved), called by its full signature so no overload is ever guessed.
:class:`Operation1002` settles the Treasury's public offerings (BCB sends the Treasury's command),
:class:`Operation1052` outright trades and the central bank's auctions 1005/1006, :class:`Operation1054`
repos (fixed, intraday and open return price; BCB declares defaults), :class:`Operation1056` their return
leg, :class:`Operation1012` repayments at maturity (BCB), and :class:`RepaymentReserve` the values 1012
could not pay. Contract reverts surface as :class:`~drex.chain.reverts.ContractRevert` with the decoded
error, raised while estimating gas, before anything is signed.

The clients live in one module each concern: :mod:`~drex.sdk.tpft_ops.command` (parties, command keys and
state, results, the shared base), :mod:`~drex.sdk.tpft_ops.trades` (1002, 1052),
:mod:`~drex.sdk.tpft_ops.repos` (1054, 1056) and :mod:`~drex.sdk.tpft_ops.repayment` (1012, the reserve);
every name is importable from here.
"""

from __future__ import annotations

from drex.sdk.tpft_ops.command import (
    BCB_CNPJ8,
    OPERATIONS,
    STN_CNPJ8,
    CommandResult,
    OperationState,
    OperationStatus,
    Party,
    TwoStepOperation,
    command_key,
    command_key_of,
    parties_style,
)
from drex.sdk.tpft_ops.repayment import Operation1012, RepaymentReserve
from drex.sdk.tpft_ops.repos import Operation1054, Operation1056, RepoKind, RepoRecord, RepoState
from drex.sdk.tpft_ops.trades import Operation1002, Operation1052

__all__ = [
    "BCB_CNPJ8",
    "OPERATIONS",
    "STN_CNPJ8",
    "CommandResult",
    "Operation1002",
    "Operation1012",
    "Operation1052",
    "Operation1054",
    "Operation1056",
    "OperationState",
    "command_key",
    "command_key_of",
    "OperationStatus",
    "Party",
    "RepaymentReserve",
    "RepoKind",
    "RepoRecord",
    "RepoState",
    "TwoStepOperation",
    "parties_style",
]
