"""The history of one wallet across the platform: every movement of money and bonds, in chain order.

:func:`history` reads the events of Real Digital, every bank's Real Tokenizado, the four swap contracts
and TPFt (with TPFtDvP and TPFtOperation1012 for context) in one ``eth_getLogs`` per block chunk
(:func:`drex.sdk.logs.get_logs`: 1,000 blocks at a time, halved when the node refuses a range) and turns
those that move value to, from or within the wallet into :class:`Movement` records:

=============================  ==============================================================================
event                          movement (``kind``)
=============================  ==============================================================================
``Transfer`` (RD, RT)          ``mint``, ``burn``, ``transfer``; ``forced move`` / ``forced burn`` when the
                               transaction called the token's ``move`` / ``moveAndBurn`` (MOVER_ROLE);
                               ``swap leg`` inside a swap, ``DvP payment`` inside a TPFt settlement,
                               ``repayment`` inside a 1012 repayment
``FrozenBalance`` (RD, RT)     ``freeze`` / ``unfreeze`` by the change of the frozen balance
``TransferSingle``/``Batch``   ``bond mint``, ``bond burn``, ``bond transfer``; ``bond placement`` (direct
(TPFt)                         placement), ``bond DvP`` (settled operation, with its id), ``bond repayment``
``TPFtFrozenBalance`` (TPFt)   ``bond freeze`` / ``bond unfreeze``
=============================  ==============================================================================

The counterparty is the other wallet of the movement; for a mint or burn, the wallet that sent the
transaction (the issuer, the authority) unless it is the wallet itself; for a swap or a DvP leg that
mints or burns Real Tokenizado, the other customer of the swap or operation. The change of a frozen
balance is computed from the previous ``FrozenBalance`` in the scan or, for the first one, from the frozen
balance one block before (a historical ``eth_call``); a node that cannot answer it (pruned state) gives a
``frozen balance set`` record carrying the new total. Amounts are raw integers (centavos, or hundredths
of a bond), times Unix seconds of the block: what JSON and CSV carry; :mod:`drex.sdk.display` shows them
to people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from eth_typing import ChecksumAddress
from eth_utils.crypto import keccak
from hexbytes import HexBytes
from web3.contract import Contract

from drex.sdk.errors import UnknownContract
from drex.sdk.logs import DEFAULT_SPAN, get_logs
from drex.sdk.platform import Platform, real_tokenizado_name
from drex.sdk.tpft_values import Series, from_quantity_units
from drex.sdk.values import ZERO_ADDRESS, from_units, to_address

#: The swap contracts whose events mark a transaction as a swap.
SWAPS = ("SwapOneStep", "SwapOneStepFrom", "SwapTwoSteps", "SwapTwoStepsReserve")

#: Events read, by contract kind.
_EVENTS: dict[str, tuple[str, ...]] = {
    "token": ("Transfer", "FrozenBalance"),
    "swap": ("SwapExecuted", "SwapStarted", "SwapCancelled", "ExpiredProposal"),
    "TPFt": ("TransferSingle", "TransferBatch", "TPFtFrozenBalance", "TPFtDirectPlacement"),
    "TPFtDvP": ("DvPSettled",),
    "TPFtOperation1012": (
        "OperationRepaymentParticipant",
        "OperationRepaymentClient",
        "OperationRepaymentWithReserve",
        "OperationRepaymentForContract",
    ),
}

_MOVE = bytes(keccak(text="move(address,address,uint256)")[:4])
_MOVE_AND_BURN = bytes(keccak(text="moveAndBurn(address,uint256)")[:4])


@dataclass(frozen=True)
class Movement:
    """One movement of money or bonds seen from one wallet."""

    block_number: int
    log_index: int
    timestamp: int
    """Unix seconds of the block."""
    tx_hash: str
    contract: str
    """The contract that emitted it: ``RealDigital``, ``RealTokenizado@<CNPJ8>`` or ``TPFt``."""
    kind: str
    direction: str
    """``in`` (to the wallet), ``out`` (from it) or empty (freeze, unfreeze: nothing leaves)."""
    counterparty: ChecksumAddress | None
    units: int
    """Centavos for money, hundredths of a bond for bonds."""
    asset: str
    """``BRL`` (Real Digital), ``BRL@<CNPJ8>`` (a bank's Real Tokenizado) or the bond series."""
    series: Series | None = None
    tpft_id: int | None = None
    operation_id: int | None = None

    @property
    def is_bond(self) -> bool:
        return self.tpft_id is not None

    @property
    def amount(self) -> Decimal:
        """Reais (2 dp) or bonds (2 dp)."""
        return from_quantity_units(self.units) if self.is_bond else from_units(self.units)

    def as_dict(self) -> dict[str, Any]:
        """The record with raw integers, for JSON and CSV."""
        return {
            "timestamp": self.timestamp,
            "block": self.block_number,
            "log_index": self.log_index,
            "tx_hash": self.tx_hash,
            "contract": self.contract,
            "kind": self.kind,
            "direction": self.direction,
            "counterparty": self.counterparty,
            "asset": self.asset,
            "units": self.units,
            "unit": "quantity hundredths" if self.is_bond else "centavos",
            "tpft_id": self.tpft_id,
            "operation_id": self.operation_id,
        }


@dataclass
class _Context:
    """What else happened in one transaction: swaps, settlements, repayments, placements."""

    swaps: list[Any]
    dvps: list[Any]
    repayment: bool = False
    placement: bool = False


def _contracts(platform: Platform, cnpj8s: Iterable[str] | None) -> dict[str, tuple[str, Contract]]:
    """name -> (kind, contract) of every deployed contract whose events a history reads."""
    names: list[tuple[str, str]] = [("RealDigital", "token")]
    banks = sorted(set(cnpj8s if cnpj8s is not None else platform.participants.values()))
    names += [(real_tokenizado_name(c), "token") for c in banks]
    names += [(s, "swap") for s in SWAPS]
    names += [("TPFt", "TPFt"), ("TPFtDvP", "TPFtDvP"), ("TPFtOperation1012", "TPFtOperation1012")]
    found: dict[str, tuple[str, Contract]] = {}
    for name, kind in names:
        try:
            found[name] = (kind, platform.contract(name))
        except UnknownContract:
            continue  # not deployed (a bank with no Real Tokenizado, a platform without TPFt)
    return found


class _Reader:
    """Decodes the logs of one scan and turns them into movements of ``who``."""

    def __init__(self, platform: Platform, who: ChecksumAddress, contracts: dict[str, tuple[str, Contract]]):
        self.platform = platform
        self.w3 = platform.chain.w3
        self.who = who
        self.contracts = contracts
        self.decoders: dict[tuple[str, bytes], tuple[str, Any]] = {}
        for name, (kind, contract) in contracts.items():
            present = {
                str(e.get("name"))
                for e in cast(list[dict[str, Any]], contract.abi)
                if e.get("type") == "event"
            }
            for event_name in (e for e in _EVENTS[kind] if e in present):
                event = getattr(contract.events, event_name)()
                self.decoders[(contract.address.lower(), bytes(HexBytes(event.topic)))] = (name, event)
        self._txs: dict[str, Any] = {}
        self._times: dict[int, int] = {}
        self._series: dict[int, Series] = {}
        self._frozen: dict[tuple[str, int], int] = {}

    # ------------------------------------------------------------------ lookups
    def tx(self, tx_hash: str) -> Any:
        if tx_hash not in self._txs:
            self._txs[tx_hash] = self.w3.eth.get_transaction(HexBytes(tx_hash))
        return self._txs[tx_hash]

    def time(self, block: int) -> int:
        if block not in self._times:
            self._times[block] = int(self.w3.eth.get_block(block)["timestamp"])
        return self._times[block]

    def series(self, tpft_id: int) -> Series:
        if tpft_id not in self._series:
            tpft = self.contracts["TPFt"][1]
            self._series[tpft_id] = Series.from_tuple(tpft.functions.getTPFtData(tpft_id).call())
        return self._series[tpft_id]

    def sender(self, tx_hash: str) -> ChecksumAddress | None:
        """The transaction's sender, unless it is the wallet itself."""
        frm = to_address(self.tx(tx_hash)["from"])
        return None if frm == self.who else frm

    def previous_frozen(self, name: str, key: int, block: int, read: Any) -> int | None:
        """The frozen balance before this change: the last one seen, else one block before (None if the
        node cannot tell)."""
        known = self._frozen.get((name, key))
        if known is not None:
            return known
        try:
            return int(read.call(block_identifier=max(block - 1, 0)))
        except Exception:  # noqa: BLE001 - pruned state, or a node without historical calls
            return None

    # ----------------------------------------------------------------- decoding
    def decode(self, logs: Iterable[Any]) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for log in logs:
            topics = log["topics"]
            if not topics:
                continue
            found = self.decoders.get((str(log["address"]).lower(), bytes(HexBytes(topics[0]))))
            if found is not None:
                out.append((found[0], found[1].process_log(log)))
        return out

    @staticmethod
    def contexts(events: list[tuple[str, Any]]) -> dict[str, _Context]:
        ctx: dict[str, _Context] = defaultdict(lambda: _Context([], []))
        for name, ev in events:
            tx = HexBytes(ev["transactionHash"]).to_0x_hex()
            if name in SWAPS:
                ctx[tx].swaps.append(ev)
            elif name == "TPFtDvP":
                ctx[tx].dvps.append(ev)
            elif name == "TPFtOperation1012":
                ctx[tx].repayment = True
            elif ev["event"] == "TPFtDirectPlacement":
                ctx[tx].placement = True
        return ctx

    def _counterpart(self, events: list[Any]) -> ChecksumAddress | None:
        """The other party of the first swap or settlement ``who`` is a party of."""
        for ev in events:
            a = ev["args"]
            sender, receiver = to_address(a["sender"]), to_address(a["receiver"])
            if self.who == sender:
                return receiver
            if self.who == receiver:
                return sender
        return None

    def _operation_id(self, dvps: list[Any], tpft_id: int | None = None) -> int | None:
        for ev in dvps:
            a = ev["args"]
            if self.who in (to_address(a["sender"]), to_address(a["receiver"])) and (
                tpft_id is None or int(a["tpftId"]) == tpft_id
            ):
                return int(a["operationId"])
        return None

    # ---------------------------------------------------------------- movements
    def movements(self, events: list[tuple[str, Any]]) -> list[Movement]:
        ctx = self.contexts(events)
        out: list[Movement] = []
        for name, ev in events:
            tx = HexBytes(ev["transactionHash"]).to_0x_hex()
            c = ctx.get(tx) or _Context([], [])
            event = str(ev["event"])
            if event == "Transfer":
                out += self._money_transfer(name, ev, tx, c)
            elif event == "FrozenBalance":
                out += self._freeze(
                    name, ev, tx, to_address(ev["args"]["wallet"]), None, int(ev["args"]["amount"])
                )
            elif event in ("TransferSingle", "TransferBatch"):
                out += self._bond_transfers(ev, tx, c)
            elif event == "TPFtFrozenBalance":
                a = ev["args"]
                out += self._freeze(
                    name, ev, tx, to_address(a["account"]), int(a["tpftId"]), int(a["frozenBalance"])
                )
        return out

    def _record(self, name: str, ev: Any, tx: str, **fields: Any) -> Movement:
        block = int(ev["blockNumber"])
        asset = fields.pop("asset", None)
        if asset is None:
            asset = "BRL" if name == "RealDigital" else name.replace("RealTokenizado@", "BRL@")
        return Movement(block, int(ev["logIndex"]), self.time(block), tx, name, asset=asset, **fields)

    def _money_transfer(self, name: str, ev: Any, tx: str, c: _Context) -> list[Movement]:
        a = ev["args"]
        frm, to, units = to_address(a["from"]), to_address(a["to"]), int(a["value"])
        if self.who not in (frm, to):
            return []
        direction = "in" if to == self.who else "out"
        other: ChecksumAddress | None = frm if direction == "in" else to
        base = "mint" if frm == ZERO_ADDRESS else "burn" if to == ZERO_ADDRESS else "transfer"
        operation_id = None
        if c.dvps:
            kind, operation_id = "DvP payment", self._operation_id(c.dvps)
            if other == ZERO_ADDRESS:
                other = self._counterpart(c.dvps)
        elif c.swaps:
            kind = "swap leg"
            if other == ZERO_ADDRESS:
                other = self._counterpart(c.swaps)
        elif c.repayment:
            kind = "repayment"
        else:
            kind = base
            if frm != ZERO_ADDRESS:
                t = self.tx(tx)
                selector = bytes(HexBytes(t["input"]))[:4]
                if to_address(t["to"]) == to_address(ev["address"]) and selector in (_MOVE, _MOVE_AND_BURN):
                    kind = "forced move" if selector == _MOVE else "forced burn"
            if other == ZERO_ADDRESS:
                other = self.sender(tx)
        if other == ZERO_ADDRESS:
            other = None
        return [
            self._record(
                name,
                ev,
                tx,
                kind=kind,
                direction=direction,
                counterparty=other,
                units=units,
                operation_id=operation_id,
            )
        ]

    def _freeze(
        self, name: str, ev: Any, tx: str, wallet: ChecksumAddress, tpft_id: int | None, frozen: int
    ) -> list[Movement]:
        if wallet != self.who:
            return []
        block = int(ev["blockNumber"])
        contract = self.contracts[name][1]
        key = -1 if tpft_id is None else tpft_id
        read = (
            contract.functions.frozenBalanceOf(self.who)
            if tpft_id is None
            else contract.functions.frozenBalanceOf(self.who, tpft_id)
        )
        before = self.previous_frozen(name, key, block, read)
        self._frozen[(name, key)] = frozen
        prefix = "" if tpft_id is None else "bond "
        if before is None:
            kind, units = "frozen balance set", frozen
        elif frozen == before:
            return []
        else:
            kind, units = (
                (f"{prefix}freeze", frozen - before)
                if frozen > before
                else (f"{prefix}unfreeze", before - frozen)
            )
        fields: dict[str, Any] = {}
        if tpft_id is not None:
            series = self.series(tpft_id)
            fields = {"series": series, "tpft_id": tpft_id, "asset": str(series)}
        return [
            self._record(
                name, ev, tx, kind=kind, direction="", counterparty=self.sender(tx), units=units, **fields
            )
        ]

    def _bond_transfers(self, ev: Any, tx: str, c: _Context) -> list[Movement]:
        a = ev["args"]
        frm, to = to_address(a["from"]), to_address(a["to"])
        if self.who not in (frm, to):
            return []
        if str(ev["event"]) == "TransferSingle":
            pairs = [(int(a["id"]), int(a["value"]))]
        else:
            pairs = [(int(i), int(v)) for i, v in zip(a["ids"], a["values"], strict=True)]
        direction = "in" if to == self.who else "out"
        out: list[Movement] = []
        for tpft_id, units in pairs:
            other: ChecksumAddress | None = frm if direction == "in" else to
            base = (
                "bond mint" if frm == ZERO_ADDRESS else "bond burn" if to == ZERO_ADDRESS else "bond transfer"
            )
            operation_id = self._operation_id(c.dvps, tpft_id) if c.dvps else None
            if operation_id is not None:
                kind = "bond DvP"
            elif c.placement:
                kind = "bond placement"
            elif c.repayment:
                kind = "bond repayment"
            else:
                kind = base
            if other == ZERO_ADDRESS:
                other = self.sender(tx)
            series = self.series(tpft_id)
            out.append(
                self._record(
                    "TPFt",
                    ev,
                    tx,
                    kind=kind,
                    direction=direction,
                    counterparty=other,
                    units=units,
                    asset=str(series),
                    series=series,
                    tpft_id=tpft_id,
                    operation_id=operation_id,
                )
            )
        return out


def event_sources(platform: Platform, cnpj8s: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Registry name -> the event names a history reads from it, for every deployed contract it reads (for a
    reader with its own store of decoded events, such as the event index)."""
    return {name: _EVENTS[kind] for name, (kind, _) in _contracts(platform, cnpj8s).items()}


def movements_from_events(
    platform: Platform,
    address: str,
    events: Iterable[tuple[str, Any]],
    *,
    times: dict[int, int] | None = None,
    cnpj8s: Iterable[str] | None = None,
) -> list[Movement]:
    """The movements of ``address`` in already decoded events, in chain order: ``(registry name, event)``
    pairs, each event a mapping with web3's keys (``event``, ``args``, ``address``, ``blockNumber``,
    ``logIndex``, ``transactionHash``), such as :mod:`drex.index` stores. ``times`` (block -> Unix seconds)
    spares the block lookups; transactions are still read from the node (a forced move is told by the
    transaction's input)."""
    who = to_address(address, "address")
    reader = _Reader(platform, who, _contracts(platform, cnpj8s))
    reader._times.update(times or {})
    return reader.movements(list(events))


def history(
    platform: Platform,
    address: str,
    from_block: int = 0,
    to_block: int | None = None,
    *,
    span: int = DEFAULT_SPAN,
    cnpj8s: Iterable[str] | None = None,
) -> list[Movement]:
    """Every movement of money and bonds of ``address`` in ``[from_block, to_block]`` (default: up to the
    latest block), in chain order. Real Tokenizado is read for ``cnpj8s`` (default: every participant
    the platform knows, ``platform.participants``); ``span`` is the first chunk of blocks per
    ``eth_getLogs``."""
    who = to_address(address, "address")
    last = platform.block_number() if to_block is None else int(to_block)
    contracts = _contracts(platform, cnpj8s)
    reader = _Reader(platform, who, contracts)
    topics = sorted({topic for (_, topic) in reader.decoders})
    logs = get_logs(
        reader.w3,
        [c.address for _, c in contracts.values()],
        [[HexBytes(t).to_0x_hex() for t in topics]],
        from_block,
        last,
        span=span,
    )
    return reader.movements(reader.decode(logs))


__all__ = ["SWAPS", "Movement", "event_sources", "history", "movements_from_events"]
