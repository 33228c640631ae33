"""The clients of repayment at maturity (1012) and of the reserve keeping the values 1012 could not pay."""

from __future__ import annotations

from decimal import Decimal

from web3.logs import DISCARD

from drex.errors import DrexError
from drex.sdk.platform import ContractClient, Platform
from drex.sdk.tpft_events import RESERVE_EVENTS, Repayment, ReserveMovement, fetch_events
from drex.sdk.tpft_values import PriceLike, Series, to_operation_id, to_price_units
from drex.sdk.tx import TxResult
from drex.sdk.values import from_units, to_address


class Operation1012(ContractClient):
    """TPFtOperation1012: repayment at maturity, BCB only. The holder's whole position is burned and the
    Treasury's default wallet pays quantity × repayment price, to the holder, its bank, or the reserve."""

    EVENTS = (
        "OperationRepaymentParticipant",
        "OperationRepaymentClient",
        "OperationRepaymentWithReserve",
        "OperationRepaymentForContract",
    )

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1012")

    def repay(self, holder: str, operation_id: int, series: Series, unit_price: PriceLike) -> Repayment:
        """Repay ``holder``'s position in a matured ``series`` at ``unit_price``; returns the repayment with
        the route its value took."""
        if not isinstance(series, Series):
            raise DrexError(f"series must be a Series, not {type(series).__name__}")
        fn = self.contract.functions.repayment(
            to_address(holder, "holder"),
            to_operation_id(operation_id),
            series.as_tuple(),
            to_price_units(unit_price),
        )
        result = self._send(fn)
        for name in self.EVENTS:
            found = getattr(self.contract.events, name)().process_receipt(result.receipt, errors=DISCARD)
            if found:
                return Repayment.from_log(found[0])
        raise DrexError(f"repayment in {result.tx_hash} emitted no repayment event")

    def repayments(
        self, holder: str | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[Repayment]:
        """Repayments in chain order, optionally only those of ``holder``."""
        found = fetch_events(
            {self.name: self.contract}, only=self.EVENTS, from_block=from_block, to_block=to_block
        )
        records = [Repayment.from_log(log) for _, log in found]
        if holder is not None:
            who = to_address(holder, "holder")
            records = [r for r in records if r.holder == who]
        return records


class RepaymentReserve(ContractClient):
    """TPFtRepaymentReserve: repayment values 1012 could not pay, per wallet and series (ids), until the
    wallet withdraws them (Real Digital, or its bank's Real Tokenizado for a customer) or the authority
    (ACCESS_ROLE, BCB) withdraws them to another wallet."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtRepaymentReserve")

    def balance(self, wallet: str, tpft_id: int) -> Decimal:
        """Value held for ``wallet`` in series ``tpft_id``."""
        return from_units(
            int(self._call(self.contract.functions.getBalance(to_address(wallet, "wallet"), int(tpft_id))))
        )

    def withdraw(self, tpft_id: int) -> ReserveMovement:
        """Withdraw the signer's value for series ``tpft_id``."""
        return self._movement(self._send(self.contract.functions.withdraw(int(tpft_id))))

    def withdraw_from(self, tpft_id: int, holder: str, to: str) -> ReserveMovement:
        """Withdraw ``holder``'s value to the new wallet ``to`` (the authority, ACCESS_ROLE)."""
        fn = self.contract.functions.withdrawFrom(
            int(tpft_id), to_address(holder, "holder"), to_address(to, "to")
        )
        return self._movement(self._send(fn))

    def movements(
        self, wallet: str | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[ReserveMovement]:
        """Deposits and withdrawals in chain order, optionally only those of ``wallet``."""
        found = fetch_events(
            {self.name: self.contract}, only=RESERVE_EVENTS, from_block=from_block, to_block=to_block
        )
        records = [ReserveMovement.from_log(log) for _, log in found]
        if wallet is not None:
            who = to_address(wallet, "wallet")
            records = [r for r in records if r.wallet == who]
        return records

    def _movement(self, result: TxResult) -> ReserveMovement:
        for name in RESERVE_EVENTS[1:]:
            found = getattr(self.contract.events, name)().process_receipt(result.receipt, errors=DISCARD)
            if found:
                return ReserveMovement.from_log(found[0])
        raise DrexError(f"withdrawal in {result.tx_hash} emitted no withdrawal event")


__all__ = ["Operation1012", "RepaymentReserve"]
