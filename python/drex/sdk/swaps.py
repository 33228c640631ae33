"""Clients of the Real Tokenizado swaps between customers of different institutions.

Every swap burns the payer's Real Tokenizado at the paying institution, moves the same amount of Real
Digital from the paying institution's reserve wallet to the receiving institution's reserve wallet, and
mints Real Tokenizado to the receiver at the receiving institution, all in one transaction. The
contracts take their funds with ERC20 allowances, so two approvals come first, as in the pilot:

* the paying customer approves the swap contract on its Real Tokenizado: ``approve=True`` (the default)
  of :meth:`SwapOneStep.execute` and :meth:`SwapTwoSteps.start` does it in the same session, raising the
  allowance by the amount (ERC20 ``increaseAllowance``, so concurrent proposals add up);
* the paying institution's reserve approves the swap contract on Real Digital:
  :meth:`approve_reserve`, sent by the bank, usually once for a standing limit.

:class:`SwapOneStep` settles in the payer's transaction. :class:`SwapTwoSteps` freezes the funds at
``start`` and settles when the receiving customer calls ``execute`` within the expiration time (60 s);
payer or receiver may ``cancel`` before, anyone may close an expired proposal. :class:`SwapTwoStepsReserve`
does the same but escrows the funds in the contract until execution or cancellation. Real Tokenizado
tokens are passed as :class:`~drex.sdk.tokens.RealTokenizado` clients or as the issuing bank's CNPJ8.
:class:`SwapOneStepFrom` is the pilot's swap executed by a third party the payer approved (TPFtDvP in a
1052 trade between customers of different banks); the paying bank approves it on Real Digital with
:meth:`~_Swap.approve_reserve`. Every swap checks, at each use, that both reserves are Real Digital
wallets of their token's institution (``ReserveNotOwnedByParticipant``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eth_typing import ChecksumAddress
from web3.logs import DISCARD

from drex.errors import DrexError
from drex.sdk.errors import UnknownProposal
from drex.sdk.events import SwapEvent, chain_order, fetch_logs
from drex.sdk.platform import ContractClient, Platform
from drex.sdk.tokens import RealTokenizado
from drex.sdk.tx import TxResult
from drex.sdk.values import AmountLike, from_units, to_address, to_uint, to_units

TokenRef = RealTokenizado | str | int


class SwapStatus(enum.IntEnum):
    """``SwapStatus`` of the two-step contracts."""

    PENDING = 0
    EXECUTED = 1
    CANCELLED = 2


@dataclass(frozen=True)
class SwapProposal:
    """A two-step swap proposal as stored by the contract, with its expiry."""

    proposal_id: int
    token_sender: ChecksumAddress
    token_receiver: ChecksumAddress
    sender: ChecksumAddress
    receiver: ChecksumAddress
    amount: Decimal
    status: SwapStatus
    started_at: int
    """Block timestamp of ``startSwap``."""
    expires_at: int
    """Last timestamp at which the receiver may still execute."""
    sender_reserve: ChecksumAddress
    """The paying institution's reserve wallet, recorded at start."""

    def is_expired(self, now: int) -> bool:
        """Pending and past its expiry at timestamp ``now``."""
        return self.status is SwapStatus.PENDING and now > self.expires_at


class _Swap(ContractClient):
    """What the three swap contracts share: approvals, the approved-token list, and their events."""

    EVENTS: tuple[str, ...] = ()

    def _token(self, token: TokenRef) -> RealTokenizado:
        return token if isinstance(token, RealTokenizado) else self.platform.real_tokenizado(token)

    def is_token_approved(self, token: TokenRef) -> bool:
        """Whether this swap contract accepts ``token`` (its ``approvedDigitalCurrency`` list)."""
        return bool(self._call(self.contract.functions.approvedDigitalCurrency(self._token(token).address)))

    def set_token_approval(self, token: TokenRef, approved: bool) -> TxResult:
        """Accept or refuse ``token`` in this swap contract (the contract's authority, BCB)."""
        return self._send(
            self.contract.functions.setDigitalCurrencyApproval(self._token(token).address, approved)
        )

    def approve_reserve(self, amount: AmountLike) -> TxResult:
        """Raise this contract's Real Digital allowance from the signer (the paying institution's reserve
        wallet) by ``amount``: the premise of every swap the institution's customers pay."""
        rd = self.platform.real_digital
        return self._send(rd.contract.functions.increaseAllowance(self.address, to_units(amount)))

    def approve_payer(self, token: TokenRef, amount: AmountLike) -> TxResult:
        """Raise this contract's allowance over the signer's (the paying customer's) Real Tokenizado by
        ``amount``."""
        rt = self._token(token)
        return self._send(rt.contract.functions.increaseAllowance(self.address, to_units(amount)))

    def reserve_allowance(self, reserve: str) -> Decimal:
        """How much Real Digital this contract may still take from ``reserve``."""
        return self.platform.real_digital.allowance(reserve, self.address)

    def history(
        self, account: str | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[SwapEvent]:
        """This contract's swap events in chain order; with ``account``, only swaps it pays or receives
        (cancellations and expiries are matched through their proposal's start)."""
        records: list[SwapEvent] = []
        for name in self.EVENTS:
            event = getattr(self.contract.events, name)()
            records += [
                SwapEvent.from_log(self.name, log) for log in fetch_logs(event, None, from_block, to_block)
            ]
        ordered = chain_order(records)
        if account is None:
            return ordered
        who = to_address(account, "account")
        mine = {r.proposal_id for r in ordered if who in (r.sender, r.receiver) and r.proposal_id is not None}
        return [
            r
            for r in ordered
            if who in (r.sender, r.receiver) or (r.proposal_id is not None and r.proposal_id in mine)
        ]


class SwapOneStep(_Swap):
    """SwapOneStep: the payer's single transaction burns, moves Real Digital and mints, atomically."""

    EVENTS = ("SwapExecuted",)

    def __init__(self, platform: Platform):
        super().__init__(platform, "SwapOneStep")

    def execute(
        self,
        token_sender: TokenRef,
        token_receiver: TokenRef,
        receiver: str,
        amount: AmountLike,
        *,
        approve: bool = True,
    ) -> TxResult:
        """Pay ``amount`` from the signer (a customer of ``token_sender``'s bank) to ``receiver`` (a customer
        of ``token_receiver``'s bank). With ``approve`` the signer first raises this contract's allowance
        over its Real Tokenizado by ``amount``."""
        sender_rt, receiver_rt = self._token(token_sender), self._token(token_receiver)
        units, to = to_units(amount), to_address(receiver, "receiver")
        if approve:
            self.approve_payer(sender_rt, from_units(units))
        return self._send(
            self.contract.functions.executeSwap(sender_rt.address, receiver_rt.address, to, units)
        )


class SwapOneStepFrom(_Swap):
    """SwapOneStepFrom: a swap sent by a party the payer approved on its Real Tokenizado (or by the payer
    itself, with its allowance to this contract), paid from the paying bank's reserve allowance."""

    EVENTS = ("SwapExecuted",)

    def __init__(self, platform: Platform):
        super().__init__(platform, "SwapOneStepFrom")

    def execute(
        self,
        token_sender: TokenRef,
        token_receiver: TokenRef,
        sender: str,
        receiver: str,
        amount: AmountLike,
    ) -> TxResult:
        """Pay ``amount`` from ``sender`` (a customer of ``token_sender``'s bank) to ``receiver`` (a
        customer of ``token_receiver``'s bank), consuming the signer's allowance from ``sender`` on
        ``token_sender`` (the signer's allowance to this contract when the signer is ``sender``)."""
        sender_rt, receiver_rt = self._token(token_sender), self._token(token_receiver)
        fn = self.contract.functions.executeSwap(
            sender_rt.address,
            receiver_rt.address,
            to_address(sender, "sender"),
            to_address(receiver, "receiver"),
            to_units(amount),
        )
        return self._send(fn)


class SwapTwoSteps(_Swap):
    """SwapTwoSteps: ``start`` by the payer (funds frozen), ``execute`` by the receiver or ``cancel``."""

    EVENTS = ("SwapStarted", "SwapExecuted", "SwapCancelled", "ExpiredProposal")

    def __init__(self, platform: Platform, name: str = "SwapTwoSteps"):
        super().__init__(platform, name)

    def expiration_time(self) -> int:
        """Seconds a proposal stays executable after its start."""
        return int(self._call(self.contract.functions.EXPIRATION_TIME()))

    def start(
        self,
        token_sender: TokenRef,
        token_receiver: TokenRef,
        receiver: str,
        amount: AmountLike,
        *,
        approve: bool = True,
    ) -> int:
        """Propose paying ``amount`` from the signer to ``receiver``; returns the proposal id.

        With ``approve`` the signer first raises this contract's allowance over its Real Tokenizado by
        ``amount``. The paying reserve's Real Digital allowance (:meth:`approve_reserve`) must also cover it.
        """
        sender_rt, receiver_rt = self._token(token_sender), self._token(token_receiver)
        units, to = to_units(amount), to_address(receiver, "receiver")
        if approve:
            self.approve_payer(sender_rt, from_units(units))
        result = self._send(
            self.contract.functions.startSwap(sender_rt.address, receiver_rt.address, to, units)
        )
        started = self.contract.events.SwapStarted().process_receipt(result.receipt, errors=DISCARD)
        if not started:
            raise DrexError(f"startSwap in {result.tx_hash} emitted no SwapStarted event")
        return int(started[0]["args"]["proposalId"])

    def execute(self, proposal_id: int) -> TxResult:
        """Accept the proposal and settle it; only its receiver, before it expires."""
        return self._send(self.contract.functions.executeSwap(to_uint(proposal_id, "proposal id")))

    def cancel(self, proposal_id: int, reason: str = "") -> TxResult:
        """Cancel the proposal and release its funds; its payer or receiver, or anyone once it expired
        (then the contract emits ``ExpiredProposal`` instead of ``SwapCancelled``)."""
        return self._send(self.contract.functions.cancelSwap(to_uint(proposal_id, "proposal id"), reason))

    def proposal(self, proposal_id: int) -> SwapProposal:
        """The stored proposal; :class:`~drex.sdk.errors.UnknownProposal` if no proposal has this id."""
        pid = to_uint(proposal_id, "proposal id")
        t: Any = self._call(self.contract.functions.swapProposals(pid))
        if int(t[2], 16) == 0:
            raise UnknownProposal(f"{self.name} has no proposal {pid}")
        started = int(t[6])
        return SwapProposal(
            proposal_id=pid,
            token_sender=to_address(t[0]),
            token_receiver=to_address(t[1]),
            sender=to_address(t[2]),
            receiver=to_address(t[3]),
            amount=from_units(int(t[4])),
            status=SwapStatus(int(t[5])),
            started_at=started,
            expires_at=started + self.expiration_time(),
            sender_reserve=to_address(t[7]),
        )

    def exists(self, proposal_id: int) -> bool:
        """Whether a proposal with this id was ever started."""
        return to_uint(proposal_id, "proposal id") < int(self._call(self.contract.functions.proposalCount()))


class SwapTwoStepsReserve(SwapTwoSteps):
    """SwapTwoStepsReserve: as :class:`SwapTwoSteps`, but ``start`` escrows the payer's Real Tokenizado and
    the paying reserve's Real Digital in the contract; ``cancel`` returns them."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "SwapTwoStepsReserve")
