"""The clients of repos: the forward leg (1054, with the repo registry it keeps) and the return (1056)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from eth_typing import ChecksumAddress

from drex.sdk.platform import Platform
from drex.sdk.tpft_ops.command import CommandResult, Party, TwoStepOperation
from drex.sdk.tpft_values import (
    DateLike,
    PartLike,
    PriceLike,
    QuantityLike,
    Series,
    from_price_units,
    from_quantity_units,
    to_operation_id,
    to_price_units,
    to_timestamp,
)
from drex.sdk.values import ZERO_ADDRESS, to_address


class RepoKind(enum.IntEnum):
    """How a repo's parties were identified (``ITPFtRepoRegistry.RepoKind``)."""

    CNPJ8 = 0
    WALLET = 1
    PARTICIPANT_CLIENT = 2


class RepoState(enum.IntEnum):
    """Life cycle of a settled repo (``ITPFtRepoRegistry.RepoState``)."""

    NONE = 0
    ACTIVE = 1
    RETURNED = 2
    DEFAULTED = 3


@dataclass(frozen=True)
class RepoRecord:
    """A repo whose forward leg settled, as TPFtOperation1054 keeps it for its return."""

    operation_id: int
    cnpj8_sender: str | None
    cnpj8_receiver: str | None
    sender: ChecksumAddress
    sender_token: ChecksumAddress | None
    receiver: ChecksumAddress
    receiver_token: ChecksumAddress | None
    tpft_id: int
    quantity: Decimal
    unit_price: Decimal
    return_unit_price: Decimal
    """0 for an open-price repo (agreed at return)."""
    return_date: int
    kind: RepoKind
    open_return_price: bool
    state: RepoState


class Operation1054(TwoStepOperation):
    """TPFtOperation1054: repos. The forward leg settles by DvP and the repo stays active until its return
    (1056) on the return date; repos between two customers are refused."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1054")

    def repo(
        self,
        operation_id: int,
        seller: Party,
        buyer: Party,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        return_unit_price: PriceLike,
        return_date: DateLike,
        *,
        overload: str | None = None,
    ) -> CommandResult:
        """A repo returned on ``return_date`` (a date: 12:00 Brasília that day) at ``return_unit_price``."""
        extra = (to_price_units(return_unit_price), to_timestamp(return_date, "return date", at_noon=True))
        return self._party_command(
            "tradeRepo",
            ",uint256,uint256",
            operation_id,
            seller,
            buyer,
            part,
            series,
            quantity,
            unit_price,
            extra,
            overload,
        )

    def repo_intraday(
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
        """A repo returned today at the same unit price."""
        return self._party_command(
            "tradeRepoIntraday",
            "",
            operation_id,
            seller,
            buyer,
            part,
            series,
            quantity,
            unit_price,
            (),
            overload,
        )

    def repo_open(
        self,
        operation_id: int,
        seller: Party,
        buyer: Party,
        part: PartLike,
        series: Series,
        quantity: QuantityLike,
        unit_price: PriceLike,
        return_date: DateLike,
        *,
        overload: str | None = None,
    ) -> CommandResult:
        """A repo returned on ``return_date`` at a unit price both parties give at return."""
        extra = (to_timestamp(return_date, "return date", at_noon=True),)
        return self._party_command(
            "tradeRepoOpenReturnPrice",
            ",uint256",
            operation_id,
            seller,
            buyer,
            part,
            series,
            quantity,
            unit_price,
            extra,
            overload,
        )

    def set_default(self, operation_id: int, reason: str = "", party: str | None = None) -> CommandResult:
        """Declare in default an active repo whose return date has passed (BCB). Repos are kept per id and
        party: when several repos (of different wallets) have ``operation_id``, name one of its parties'
        wallets as ``party`` (without it the contract then refuses, ``RepoPartyRequired``)."""
        op = to_operation_id(operation_id)
        if party is None:
            return self._command(self.contract.functions.setDefault(op, reason))
        return self._command(self.contract.functions.setDefault(op, to_address(party, "party"), reason))

    def repo_count(self, operation_id: int) -> int:
        """How many repos (of different wallets) settled with ``operation_id``."""
        return int(self._call(self.contract.functions.repoCount(to_operation_id(operation_id))))

    def get_repo(self, operation_id: int, party: str | None = None) -> RepoRecord:
        """The repo with ``operation_id`` that wallet ``party`` is the seller or the buyer of (state NONE if
        none). Repos are kept per id and party, so several repos of different wallets may share an id;
        without ``party``, the first repo that settled with the id."""
        op = to_operation_id(operation_id)
        fn = (
            self.contract.functions.getRepo(op)
            if party is None
            else self.contract.functions.getRepoOf(op, to_address(party, "party"))
        )
        t: Any = self._call(fn)

        def token(a: str) -> ChecksumAddress | None:
            return None if a == ZERO_ADDRESS else to_address(a)

        return RepoRecord(
            operation_id=op,
            cnpj8_sender=f"{int(t[0]):08d}" if int(t[0]) else None,
            cnpj8_receiver=f"{int(t[1]):08d}" if int(t[1]) else None,
            sender=to_address(t[2]),
            sender_token=token(t[3]),
            receiver=to_address(t[4]),
            receiver_token=token(t[5]),
            tpft_id=int(t[6]),
            quantity=from_quantity_units(int(t[7])),
            unit_price=from_price_units(int(t[8])),
            return_unit_price=from_price_units(int(t[9])),
            return_date=int(t[10]),
            kind=RepoKind(int(t[11])),
            open_return_price=bool(t[12]),
            state=RepoState(int(t[13])),
        )


class Operation1056(TwoStepOperation):
    """TPFtOperation1056: a repo's return on its return date. Both parties call the same function with the
    repo's id and a new return operation id; the caller's part follows from who it is (the repo's buyer
    gives the bonds back, its seller pays the return value)."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtOperation1056")

    def reverse(self, original_operation_id: int, return_operation_id: int) -> CommandResult:
        """Return of a fixed-price or intraday repo."""
        fn = self.contract.functions.tradeReverseRepo(
            to_operation_id(original_operation_id), to_operation_id(return_operation_id)
        )
        return self._command(fn)

    def reverse_open(
        self, original_operation_id: int, return_operation_id: int, return_unit_price: PriceLike
    ) -> CommandResult:
        """Return of an open-price repo; both parties must give the same ``return_unit_price``."""
        fn = self.contract.functions.tradeReverseRepoOpenReturnPrice(
            to_operation_id(original_operation_id),
            to_operation_id(return_operation_id),
            to_price_units(return_unit_price),
        )
        return self._command(fn)


__all__ = ["Operation1054", "Operation1056", "RepoKind", "RepoRecord", "RepoState"]
