"""The clients of the trading operations: public offerings (1002), outright trades and central bank auctions
(1052)."""

from __future__ import annotations

from drex.sdk.platform import Platform
from drex.sdk.tpft_ops.command import SERIES_TYPE, STN_CNPJ8, CommandResult, Party, TwoStepOperation
from drex.sdk.tpft_values import CallerPart, PartLike, PriceLike, QuantityLike, Series, to_operation_id
from drex.sdk.values import cnpj8_int


class Operation1002(TwoStepOperation):
    """TPFtOperation1002: public-offering settlement, integer quantities from the Treasury's default wallet
    to a participant's, against Real Digital. BCB (AUCTION_PLACEMENT_ROLE on TPFt) sends the Treasury's
    SENDER command, the participant's default wallet the RECEIVER command; either may come first."""

    SIGNATURE = f"auctionPlacement(uint256,uint256,uint256,uint8,{SERIES_TYPE},uint256,uint256)"

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1002")

    def place(
        self,
        operation_id: int,
        buyer_cnpj8: str | int,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        *,
        seller_cnpj8: str | int = STN_CNPJ8,
    ) -> CommandResult:
        """Send one command of the offering of ``quantity`` bonds to ``buyer_cnpj8`` at ``unit_price``."""
        data, qty, price = self._terms(series, quantity, unit_price)
        fn = self.contract.get_function_by_signature(self.SIGNATURE)(
            to_operation_id(operation_id),
            cnpj8_int(seller_cnpj8),
            cnpj8_int(buyer_cnpj8),
            int(CallerPart.parse(part)),
            data,
            qty,
            price,
        )
        return self._command(fn)


class Operation1052(TwoStepOperation):
    """TPFtOperation1052: outright purchase and sale between participants and/or customers, and the central
    bank's sale (1005) and purchase (1006) auctions."""

    AUCTION_SIGNATURE = f"trade(uint256,uint256,uint256,uint8,{SERIES_TYPE},uint256,uint256,string)"

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1052")

    def trade(
        self,
        operation_id: int,
        seller: Party,
        buyer: Party,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        *,
        overload: str | None = None,
    ) -> CommandResult:
        """Send one command of the sale of ``quantity`` bonds from ``seller`` to ``buyer`` at ``unit_price``
        (overload by CNPJ8, by wallet, or with Real Tokenizados when a customer is involved; see
        :func:`parties_style` for ``overload``)."""
        return self._party_command(
            "trade", "", operation_id, seller, buyer, part, series, quantity, unit_price, (), overload
        )

    def auction(
        self,
        operation_id: int,
        seller_cnpj8: str | int,
        buyer_cnpj8: str | int,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        notice_number: str,
    ) -> CommandResult:
        """One command of a central bank auction: 1005 (BCB sells) or 1006 (BCB or STN buys), by CNPJ8,
        with the auction notice's number."""
        data, qty, price = self._terms(series, quantity, unit_price)
        fn = self.contract.get_function_by_signature(self.AUCTION_SIGNATURE)(
            to_operation_id(operation_id),
            cnpj8_int(seller_cnpj8),
            cnpj8_int(buyer_cnpj8),
            int(CallerPart.parse(part)),
            data,
            qty,
            price,
            str(notice_number),
        )
        return self._command(fn)


__all__ = ["Operation1002", "Operation1052"]
