"""``drex audit supply``: the supply invariants of every token, from the indexed events and the chain's state.

Tokens: Real Digital, each bank's Real Tokenizado (ERC-20, 2 decimals: centavos) and each TPFt id (ERC-1155,
hundredths of a bond). The index's events are walked in chain order, and at the end of every block:

* no balance goes below zero (a ``Transfer`` out of more than the events ever brought in);
* frozen ≤ balance for every account whose balance or frozen amount changed in the block (``FrozenBalance``
  and ``TPFtFrozenBalance`` carry the new frozen total);
* every Real Tokenizado is backed by its reserve: its total supply (mints − burns) is at most the Real
  Digital balance of the token's reserve wallet (``RealTokenizado.reserve()``, followed through
  ``ReserveUpdated``). That is the contracts' design (``contracts/realdigital/RealTokenizado.sol``, the
  scenario's reserve invariant): a bank issues one real of Real Tokenizado per real of Real Digital in its
  reserve, and every swap burns at the payer's bank, moves Real Digital reserve to reserve and mints at the
  receiver's. While an escrowed two-step swap (``SwapTwoStepsReserve``) is open, the paying bank's Real
  Digital sits in the escrow contract against the payer's frozen Real Tokenizado: it counts as backing
  (followed through ``SwapStarted`` and the proposal's ``SwapExecuted`` / ``SwapCancelled`` /
  ``ExpiredProposal``).

The walk must also agree with the supplies and balances the index derives itself (``IndexStore.supply`` and
``balances``). At the audit's block (:attr:`drex.audit.source.Audit.block`) the walk is reconciled with the
chain: Σmint − Σburn = ``totalSupply`` = Σ ``balanceOf`` of every holder the events name, each ``balanceOf``
and ``frozenBalanceOf`` equal to what the events say. A head disagreement (state changed without an event: a
storage write, a node bug, an index that lost events) is located by bisection over historical state: the
first block where ``balanceOf`` differs from the events' balance. A node that cannot answer historical calls
(a Besu Bonsai node beyond its retained layers) leaves it at "at or before" the audit's block.

Amounts are exact integers everywhere; :mod:`drex.sdk.display` formats them for people.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drex.sdk.values import ZERO_ADDRESS, to_address

if TYPE_CHECKING:
    from drex.audit.source import Audit

TOKEN_EVENTS = (
    "Transfer",
    "FrozenBalance",
    "ReserveUpdated",
    "TransferSingle",
    "TransferBatch",
    "TPFtFrozenBalance",
)

#: The escrow swap: while a proposal is open it holds the paying bank's Real Digital (out of its reserve)
#: against Real Tokenizado still outstanding (frozen at the payer), so that Real Digital backs it too.
ESCROW = "SwapTwoStepsReserve"
ESCROW_EVENTS = ("SwapStarted", "SwapExecuted", "SwapCancelled", "ExpiredProposal")


@dataclass(frozen=True)
class Break:
    """An invariant that does not hold, and the first block where it did not."""

    token: str
    invariant: str
    block: int | None
    """The first block where it breaks (None: not locatable)."""
    detail: str
    exact: bool = True
    """False when the block is only an upper bound (the node could not answer historical calls)."""


@dataclass
class TokenSupply:
    """One token's totals: from the events and from the chain at the audit's block."""

    token: str
    """``RealDigital``, ``RealTokenizado@<CNPJ8>`` or ``TPFt#<id>``."""
    contract: str
    address: str
    token_id: int | None
    label: str
    """What people read: ``Real Digital``, ``BRL@11111111``, or the bond series (``LTN 2027-01-01``)."""
    is_bond: bool
    minted: int = 0
    burned: int = 0
    holders: int = 0
    balances_sum: int = 0
    """Σ balanceOf at the audit's block over every holder the events name."""
    total_supply: int = 0
    """totalSupply at the audit's block."""
    frozen: int = 0
    reserve: str | None = None
    reserve_balance: int | None = None
    """Real Digital of the reserve wallet at the audit's block (Real Tokenizado only)."""
    escrow: int = 0
    """Real Digital of this bank held by the escrow swap for open proposals (Real Tokenizado only)."""
    balances: dict[str, int] = field(default_factory=dict)
    """account -> balance by the events at the audit's block."""
    series: list[tuple[int, int, int]] = field(default_factory=list)
    """(block, time, supply by events) after every block that changed the supply."""

    @property
    def net(self) -> int:
        return self.minted - self.burned

    @property
    def backed(self) -> bool | None:
        if self.reserve_balance is None:
            return None
        return self.total_supply <= self.reserve_balance + self.escrow


@dataclass
class SupplyAudit:
    block: int
    tokens: list[TokenSupply]
    breaks: list[Break]

    @property
    def clean(self) -> bool:
        return not self.breaks

    def as_dict(self) -> dict[str, Any]:
        return {
            "block": self.block,
            "clean": self.clean,
            "tokens": [
                {
                    "token": t.token,
                    "label": t.label,
                    "address": t.address,
                    "tokenId": t.token_id,
                    "unit": "quantity hundredths" if t.is_bond else "centavos",
                    "minted": t.minted,
                    "burned": t.burned,
                    "net": t.net,
                    "totalSupply": t.total_supply,
                    "balancesSum": t.balances_sum,
                    "holders": t.holders,
                    "frozen": t.frozen,
                    "reserve": t.reserve,
                    "reserveBalance": t.reserve_balance,
                    "escrow": t.escrow,
                    "backed": t.backed,
                }
                for t in self.tokens
            ],
            "breaks": [
                {
                    "token": b.token,
                    "invariant": b.invariant,
                    "block": b.block,
                    "exact": b.exact,
                    "detail": b.detail,
                }
                for b in self.breaks
            ],
        }


class _Ledger:
    """Balances and frozen amounts of one token, with the history of each account's balance."""

    def __init__(self, token: TokenSupply):
        self.token = token
        self.balance: dict[str, int] = {}
        self.frozen: dict[str, int] = {}
        self.history: dict[str, tuple[list[int], list[int]]] = {}
        """account -> (blocks, balance after that block), for the bisection."""

    def add(self, account: str, delta: int, block: int) -> int:
        value = self.balance.get(account, 0) + delta
        self.balance[account] = value
        blocks, values = self.history.setdefault(account, ([], []))
        if blocks and blocks[-1] == block:
            values[-1] = value
        else:
            blocks.append(block)
            values.append(value)
        return value

    def at(self, account: str, block: int) -> int:
        blocks, values = self.history.get(account, ([], []))
        i = bisect.bisect_right(blocks, block)
        return values[i - 1] if i else 0


class _Walk:
    def __init__(self, audit: Audit):
        self.audit = audit
        self.ledgers: dict[str, _Ledger] = {}
        self.breaks: list[Break] = []
        self.broken: set[tuple[str, str]] = set()
        self.reserves: dict[str, str] = {}
        self.escrow: dict[str, int] = {}
        self.proposals: dict[int, tuple[str, int]] = {}
        self.touched: set[tuple[str, str]] = set()
        self.supply_changed: set[str] = set()
        self.contracts = audit.contracts()

    def ledger(self, contract: str, token_id: int | None) -> _Ledger:
        key = contract if token_id is None else f"{contract}#{token_id}"
        if key not in self.ledgers:
            is_bond = token_id is not None
            label = (
                "Real Digital" if contract == "RealDigital" else contract.replace("RealTokenizado@", "BRL@")
            )
            self.ledgers[key] = _Ledger(
                TokenSupply(key, contract, self.contracts[contract], token_id, label, is_bond)
            )
        return self.ledgers[key]

    def fail(self, token: str, invariant: str, block: int | None, detail: str, exact: bool = True) -> None:
        if (token, invariant) in self.broken:
            return  # the first block is what matters; later ones follow from it
        self.broken.add((token, invariant))
        self.breaks.append(Break(token, invariant, block, detail, exact))

    def move(self, ledger: _Ledger, frm: str, to: str, value: int, block: int) -> None:
        t = ledger.token
        if frm == ZERO_ADDRESS:
            t.minted += value
            self.supply_changed.add(t.token)
        else:
            left = ledger.add(frm, -value, block)
            self.touched.add((t.token, frm))
            if left < 0:
                self.fail(t.token, "balance ≥ 0", block, f"{frm} pays {value} with {left + value} (events)")
        if to == ZERO_ADDRESS:
            t.burned += value
            self.supply_changed.add(t.token)
        else:
            ledger.add(to, value, block)
            self.touched.add((t.token, to))

    def apply(self, ev: Any) -> None:
        contract, name, a, block = ev.contract, ev.event, ev.args, ev.block
        if contract == ESCROW:
            self.escrowed(name, a)
            return
        if contract == "RealDigital" or (contract or "").startswith("RealTokenizado@"):
            ledger = self.ledger(contract, None)
            if name == "Transfer":
                self.move(ledger, to_address(a["from"]), to_address(a["to"]), int(a["value"]), block)
            elif name == "FrozenBalance":
                wallet = to_address(a["wallet"])
                ledger.frozen[wallet] = int(a["amount"])
                self.touched.add((ledger.token.token, wallet))
            elif name == "ReserveUpdated":
                self.reserves[contract] = to_address(a["newReserve"])
                self.supply_changed.add(contract)
        elif contract == "TPFt":
            if name == "TransferSingle":
                pairs = [(int(a["id"]), int(a["value"]))]
            elif name == "TransferBatch":
                pairs = [(int(i), int(v)) for i, v in zip(a["ids"], a["values"], strict=True)]
            elif name == "TPFtFrozenBalance":
                ledger = self.ledger("TPFt", int(a["tpftId"]))
                account = to_address(a["account"])
                ledger.frozen[account] = int(a["frozenBalance"])
                self.touched.add((ledger.token.token, account))
                return
            else:
                return
            for tpft_id, value in pairs:
                self.move(
                    self.ledger("TPFt", tpft_id), to_address(a["from"]), to_address(a["to"]), value, block
                )

    def escrowed(self, name: str, a: Any) -> None:
        if name == "SwapStarted":
            token = f"RealTokenizado@{int(a['senderNumber']):08d}"
            self.proposals[int(a["proposalId"])] = (token, int(a["amount"]))
            self.escrow[token] = self.escrow.get(token, 0) + int(a["amount"])
        else:
            token, amount = self.proposals.pop(int(a["proposalId"]), ("", 0))
            if token:
                self.escrow[token] -= amount
        if token:
            self.supply_changed.add(token)

    def end_block(self, block: int, time: int) -> None:
        for token, account in sorted(self.touched):
            ledger = self.ledgers[token]
            frozen, balance = ledger.frozen.get(account, 0), ledger.balance.get(account, 0)
            if frozen > balance:
                self.fail(token, "frozen ≤ balance", block, f"{account} has {frozen} frozen of {balance}")
        rd = self.ledgers.get("RealDigital")
        reserve_moved = {a for t, a in self.touched if t == "RealDigital"}
        for token, ledger in self.ledgers.items():
            if not token.startswith("RealTokenizado@"):
                continue
            reserve = self.reserves.get(token)
            if reserve is None or not (token in self.supply_changed or reserve in reserve_moved):
                continue
            backing = rd.balance.get(reserve, 0) if rd is not None else 0
            escrow = self.escrow.get(token, 0)
            if ledger.token.net > backing + escrow:
                self.fail(
                    token,
                    "backed by its reserve",
                    block,
                    f"supply {ledger.token.net} above the Real Digital {backing} of its reserve {reserve}"
                    f" and {escrow} in escrow",
                )
        for token in sorted(self.supply_changed & set(self.ledgers)):
            t = self.ledgers[token].token
            if not t.series or t.series[-1][2] != t.net:
                t.series.append((block, time, t.net))
        self.touched.clear()
        self.supply_changed.clear()


def audit_supply(audit: Audit) -> SupplyAudit:
    """Walk the index and reconcile with the chain (see the module)."""
    walk = _Walk(audit)
    # every token exists from its deployment, even with no event yet
    for name in walk.contracts:
        if name == "RealDigital" or name.startswith("RealTokenizado@"):
            walk.ledger(name, None)
    current: tuple[int, int] | None = None
    tokens = [n for n in walk.contracts if n in ("RealDigital", "TPFt") or n.startswith("RealTokenizado@")]
    if ESCROW in walk.contracts:
        tokens.append(ESCROW)
    for ev in audit.events(names=TOKEN_EVENTS + ESCROW_EVENTS, contracts=tokens):
        if current is not None and ev.block != current[0]:
            walk.end_block(*current)
        current = (ev.block, ev.time)
        walk.apply(ev)
    if current is not None:
        walk.end_block(*current)
    _reconcile(audit, walk)
    order = {"RealDigital": 0}
    ledgers = sorted(
        walk.ledgers.values(),
        key=lambda lg: (
            order.get(lg.token.contract, 1 if lg.token.token_id is None else 2),
            lg.token.contract,
            lg.token.token_id or 0,
        ),
    )
    return SupplyAudit(audit.block, [lg.token for lg in ledgers], walk.breaks)


def _reconcile(audit: Audit, walk: _Walk) -> None:
    block = audit.block
    platform = audit.platform
    tpft = platform.contract("TPFt") if "TPFt" in walk.contracts else None
    for key, ledger in walk.ledgers.items():
        t = ledger.token
        contract = platform.contract(t.contract)
        balance_of, frozen_of, total_of = _readers(contract, t.token_id)
        t.total_supply = total_of(block)
        if t.token_id is not None and tpft is not None:
            t.label = _series_label(tpft, t.token_id, block)
        holders = sorted(a for a, v in ledger.balance.items() if v != 0 or ledger.frozen.get(a, 0))
        seen_holders = sorted(set(ledger.balance) | set(ledger.frozen))
        t.holders = len(holders)
        t.balances = {a: ledger.balance.get(a, 0) for a in seen_holders}
        t.frozen = sum(ledger.frozen.values())
        sums = 0
        for account in seen_holders:
            on_chain = balance_of(account, block)
            sums += on_chain
            derived = ledger.balance.get(account, 0)
            if on_chain != derived:
                first, exact = _first_divergence(
                    ledger, account, block, balance_of, _first_event_block(audit, t.contract)
                )
                walk.fail(
                    key,
                    "balanceOf = events",
                    first,
                    f"{account}: balanceOf {on_chain}, events {derived} at block {block}",
                    exact,
                )
            frozen = frozen_of(account, block)
            if frozen != ledger.frozen.get(account, 0):
                walk.fail(
                    key,
                    "frozenBalanceOf = events",
                    None,
                    f"{account}: frozenBalanceOf {frozen}, events {ledger.frozen.get(account, 0)}",
                    False,
                )
        t.balances_sum = sums
        _against_index(audit, walk, ledger)
        if t.total_supply != t.net:
            walk.fail(
                key,
                "Σmint − Σburn = totalSupply",
                None,
                f"events {t.net}, totalSupply {t.total_supply} at block {block}",
                False,
            )
        if sums != t.total_supply:
            walk.fail(
                key,
                "totalSupply = Σbalances",
                None,
                f"totalSupply {t.total_supply}, Σ balanceOf {sums} at block {block}",
                False,
            )
        if t.contract.startswith("RealTokenizado@"):
            reserve = to_address(contract.functions.reserve().call(block_identifier=block))
            rd = platform.contract("RealDigital")
            t.reserve = reserve
            t.reserve_balance = int(rd.functions.balanceOf(reserve).call(block_identifier=block))
            t.escrow = walk.escrow.get(key, 0)
            if not t.backed and (key, "backed by its reserve") not in walk.broken:
                walk.fail(
                    key,
                    "backed by its reserve",
                    None,
                    f"supply {t.total_supply} above the reserve's {t.reserve_balance} "
                    f"and {t.escrow} in escrow "
                    f"at block {block}",
                    False,
                )


def _against_index(audit: Audit, walk: _Walk, ledger: _Ledger) -> None:
    """The index keeps its own derived supplies and balances (``IndexStore.supply`` / ``balances``): they
    must be what this walk over the same events found, or one of the two reads the events wrongly."""
    t = ledger.token
    token_id = t.token_id or 0
    minted, burned = audit.store.supply(t.address, token_id)
    if (minted, burned) != (t.minted, t.burned):
        walk.fail(
            t.token,
            "index's derived supply = events",
            None,
            f"index minted {minted} burned {burned}, walk minted {t.minted} burned {t.burned}",
            False,
        )
    derived = {a.lower(): v for a, v in audit.store.balances(t.address, token_id).items()}
    walked = {
        a.lower(): (ledger.balance.get(a, 0), ledger.frozen.get(a, 0))
        for a in set(ledger.balance) | set(ledger.frozen)
    }
    for account in sorted(set(derived) | set(walked)):
        if derived.get(account, (0, 0)) != walked.get(account, (0, 0)):
            walk.fail(
                t.token,
                "index's derived balances = events",
                None,
                f"{account}: index {derived.get(account, (0, 0))}, walk {walked.get(account, (0, 0))}"
                " (balance, frozen)",
                False,
            )


Reader = Callable[[str, int], int]


def _readers(contract: Any, token_id: int | None) -> tuple[Reader, Reader, Callable[[int], int]]:
    """balanceOf(account, block), frozenBalanceOf(account, block) and totalSupply(block) of one token (an
    ERC-20, or one id of the ERC-1155)."""
    f = contract.functions
    if token_id is None:
        return (
            lambda account, at: int(f.balanceOf(account).call(block_identifier=at)),
            lambda account, at: int(f.frozenBalanceOf(account).call(block_identifier=at)),
            lambda at: int(f.totalSupply().call(block_identifier=at)),
        )
    return (
        lambda account, at: int(f.balanceOf(account, token_id).call(block_identifier=at)),
        lambda account, at: int(f.frozenBalanceOf(account, token_id).call(block_identifier=at)),
        lambda at: int(f.totalSupply(token_id).call(block_identifier=at)),
    )


def _first_event_block(audit: Audit, contract: str) -> int:
    """The block of ``contract``'s first indexed event (its constructor's role grants: its deployment), 0 if
    it has none. Before it the contract has no code, and a ``balanceOf`` there cannot be read."""
    first = next(audit.events(contracts=[contract]), None)
    return first.block if first is not None else 0


def _first_divergence(
    ledger: _Ledger, account: str, head: int, balance_of: Callable[[str, int], int], start: int = 0
) -> tuple[int | None, bool]:
    """The first block where ``balanceOf(account)`` differs from the events' balance: a bisection over
    historical state from ``start`` (the token's first event; nothing is held before it) to ``head`` (assumes
    once diverged, it stays so); ``(head, False)`` if the node cannot tell."""
    lo, hi = min(start, head), head  # invariant: differs at hi; agrees before lo
    try:
        while lo < hi:
            mid = (lo + hi) // 2
            if balance_of(account, mid) != ledger.at(account, mid):
                hi = mid
            else:
                lo = mid + 1
    except Exception:  # noqa: BLE001 - pruned state (Bonsai): only "at or before the head" is known
        return head, False
    return hi, True


def _series_label(tpft: Any, tpft_id: int, block: int) -> str:
    from drex.sdk.tpft_values import Series

    try:
        return str(Series.from_tuple(tpft.functions.getTPFtData(tpft_id).call(block_identifier=block)))
    except Exception:  # noqa: BLE001 - an id with no data: show the id
        return f"TPFt #{tpft_id}"


def formatter(token: TokenSupply) -> Callable[[int], str]:
    """How people read this token's amounts: reais for money, a quantity for bonds."""
    from drex.sdk.display import quantity, reais

    if token.is_bond:
        return lambda v: quantity(v, units=True)
    return lambda v: reais(v, units=True)


__all__ = ["TOKEN_EVENTS", "Break", "SupplyAudit", "TokenSupply", "audit_supply", "formatter"]
