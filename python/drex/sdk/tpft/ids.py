"""Operation ids: the scopes in which TPFtOperationId keeps them unique, its registrations, and the
builder of a participant's next unused id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from eth_typing import ChecksumAddress

from drex.errors import DrexError
from drex.sdk.errors import InvalidInput
from drex.sdk.events import Where, where_of
from drex.sdk.platform import Platform
from drex.sdk.tpft_ops import OPERATIONS
from drex.sdk.tpft_values import SEQUENCE_DIGITS, brasilia_date, operation_id, operation_number
from drex.sdk.values import ZERO_ADDRESS, to_address

#: Flag of the operation-id scope of a wallet that belongs to no participant (TPFtOperationId
#: ``WALLET_SCOPE_FLAG``): such a wallet's scope is ``WALLET_SCOPE_FLAG | address``, never a CNPJ8.
WALLET_SCOPE_FLAG = 1 << 160


def describe_scope(scope: int) -> str:
    """A CNPJ8 scope as 8 digits, a wallet's scope as its address."""
    if scope & WALLET_SCOPE_FLAG:
        return f"wallet {to_address('0x' + format(scope & ((1 << 160) - 1), '040x'), 'wallet')}"
    return f"{scope:08d}"


@dataclass(frozen=True)
class IdRegistration:
    """An ``OperationIdRegistered`` event: the operation contract that used an id, for the scopes of its
    two parties (equal when both belong to one participant)."""

    operation_id: int
    operation: ChecksumAddress
    scope_sender: int
    scope_receiver: int
    where: Where

    @property
    def scopes(self) -> tuple[int, ...]:
        """The distinct scopes."""
        return tuple(dict.fromkeys((self.scope_sender, self.scope_receiver)))

    @classmethod
    def from_log(cls, log: Any) -> IdRegistration:
        a = log["args"]
        return cls(
            int(a["operationId"]),
            to_address(a["operation"]),
            int(a["scopeSender"]),
            int(a["scopeReceiver"]),
            where_of(log),
        )


class OperationIdBuilder:
    """Operation ids as the pilot suggests: the participant's range (faixa), a daily sequence and the date.

    ``next()`` returns ``operation_id(operation_number(faixa, n), today)`` for the smallest ``n`` after the
    last one it returned that ``scope`` (the participant the ids are for) has not used yet in
    TPFtOperationId and no operation contract holds a pending command with (found with a few ``usedBy`` /
    ``getOperation`` calls: doubling, then bisecting), so a fresh process resumes after the ids already
    used that day. Ids are unique per participant on chain (an id another participant used does not
    block this one's), so the scope defaults to ``faixa`` read as a CNPJ8 (the range is the CNPJ8 by
    default). "Today" is the Brasília date of the latest block. Ids handed out are remembered, so two ids
    built before either is sent differ.
    """

    def __init__(
        self, platform: Platform, faixa: int, *, digits: int = SEQUENCE_DIGITS, scope: int | None = None
    ):
        if isinstance(faixa, bool) or not isinstance(faixa, int) or faixa <= 0:
            raise InvalidInput(f"range (faixa) {faixa!r} must be a positive integer")
        if scope is not None and (isinstance(scope, bool) or not isinstance(scope, int) or scope <= 0):
            raise InvalidInput(f"operation-id scope {scope!r} must be a positive integer")
        self.platform = platform
        self.faixa = faixa
        self.digits = digits
        self.scope = faixa if scope is None else scope
        self._last: dict[dt.date, int] = {}

    def today(self) -> dt.date:
        """The Brasília date of the latest block."""
        return brasilia_date(self.platform.chain.timestamp())

    def used_by(self, op_id: int, scope: int | None = None) -> ChecksumAddress | None:
        """The operation contract that registered ``op_id`` for ``scope`` (default :attr:`scope`), None if
        unused."""
        registry = self.platform.contract("TPFtOperationId")
        found = self.platform.call(
            registry.functions.usedBy(int(op_id), self.scope if scope is None else scope)
        )
        return None if found == ZERO_ADDRESS else to_address(found)

    def pending_anywhere(self, op_id: int) -> bool:
        """Whether a double-command operation contract has seen a command with ``op_id``, of any parties
        (pending, settled or cancelled): ids are taken only at settlement, so pending ones are skipped, and
        skipping ids other participants used is harmless and keeps ids distinct where it costs nothing."""
        for name in OPERATIONS.values():
            found = self.platform.call(self.platform.contract(name).functions.getOperation(int(op_id)))
            if int(found[3]) != 0:
                return True
        return False

    def id_for(self, sequence: int, day: dt.date) -> int:
        return operation_id(operation_number(self.faixa, sequence, self.digits), day)

    def next(self, day: dt.date | None = None, *, also: Iterable[int] = ()) -> int:
        """The next unused operation id of ``day`` (default: today); ``also`` are further scopes (the
        counterparts' participants, see :meth:`TPFtPlatform.id_scope`) that must not have used it either."""
        when = day or self.today()
        limit = 10**self.digits - 1
        low = self._last.get(when, 0)  # every sequence <= low is taken (used or handed out)
        scopes = list(dict.fromkeys([self.scope, *(int(x) for x in also)]))

        def used(n: int) -> bool:
            op_id = self.id_for(n, when)
            return any(self.used_by(op_id, x) is not None for x in scopes) or self.pending_anywhere(op_id)

        step, high = 1, low + 1
        while high <= limit and used(high):
            low, step = high, step * 2
            high = min(low + step, limit + 1)
        if high > limit:
            raise DrexError(f"no operation id left for range {self.faixa} on {when.isoformat()}")
        while high - low > 1:  # low is taken, high is free: find the first free one after low
            mid = (low + high) // 2
            if used(mid):
                low = mid
            else:
                high = mid
        self._last[when] = high
        return self.id_for(high, when)


__all__ = ["WALLET_SCOPE_FLAG", "IdRegistration", "OperationIdBuilder", "describe_scope"]
