"""Random interleavings of commands, mismatches and cancels across operations 1002 and 1052 (participant
and customer variants), checked after every step against a model of the DvP routing: no bond or real is
created or destroyed outside the routing rules, every settled operation moved both legs exactly, every
rejected command moved nothing and left its operation as it was."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from drex.chain import ContractRevert
from hypothesis_profiles import state_machine

from .helpers import CNPJ8, CUSTOMERS, RECEIVER, SENDER, STN_CNPJ8, World, fv

PARTIES = ("BANK_A", "BANK_B", "CUSTOMER_A1", "CUSTOMER_B1")
ACCEPTABLE_FAILURES = {
    "ERC1155InsufficientBalance",
    "ERC20InsufficientBalance",
    "TPFtInsufficientUnfrozenBalance",
}


@dataclass
class Op:
    kind: str  # "1002", "wallet", "client"
    seller: str
    buyer: str
    amount: int
    price: int
    initiator_part: int
    status: str = "LAN"  # LAN, LIQ, CAN


def bank_of(role: str) -> str:
    return CUSTOMERS[role][0] if role in CUSTOMERS else role


def token_key(role: str) -> str:
    return "rt_a" if bank_of(role) == "BANK_A" else "rt_b"


def routing_delta(seller: str, buyer: str, amount: int, value: int) -> Counter[str]:
    """Balance changes of one DvP, by the routing rules of TPFtDvP (each bank is its token's reserve)."""
    d: Counter[str] = Counter()
    d[f"tpft:{seller}"] -= amount
    d[f"tpft:{buyer}"] += amount
    payer, payee = buyer, seller
    pc, qc = payer in CUSTOMERS, payee in CUSTOMERS
    if not pc and not qc:
        d[f"rd:{payer}"] -= value
        d[f"rd:{payee}"] += value
        return d
    if pc and qc and bank_of(payer) == bank_of(payee):
        d[f"{token_key(payer)}:{payer}"] -= value
        d[f"{token_key(payee)}:{payee}"] += value
        return d
    money_from = payer
    if pc:
        d[f"{token_key(payer)}:{payer}"] -= value
        money_from = bank_of(payer)
    money_to = bank_of(payee) if qc else payee
    if money_from != money_to:
        d[f"rd:{money_from}"] -= value
        d[f"rd:{money_to}"] += value
    if qc:
        d[f"{token_key(payee)}:{payee}"] += value
    return d


def run_machine(w: World) -> None:
    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.snap = w.chain.snapshot()
            self.model: dict[str, int] = w.snapshot_balances()
            self.ops: dict[int, Op] = {}

        def teardown(self) -> None:
            w.chain.revert(self.snap)

        # -------------------------------------------------------------- helpers
        def command(self, op_id: int, op: Op, part: int, *, amount: int | None = None) -> Any:
            amount = op.amount if amount is None else amount
            if op.kind == "1002":
                return w.op1002.functions.auctionPlacement(
                    op_id, STN_CNPJ8, CNPJ8[op.buyer], part, w.series, amount, op.price
                )
            if op.kind == "wallet":
                return w.op1052.functions.trade(
                    op_id, w.addr(op.seller), w.addr(op.buyer), part, w.series, amount, op.price
                )
            return w.op1052.functions.trade(
                op_id,
                w.addr(op.seller),
                w.token_of(op.seller).address,
                w.addr(op.buyer),
                w.token_of(op.buyer).address,
                part,
                w.series,
                amount,
                op.price,
            )

        def signer(self, op: Op, part: int) -> str:
            if part == SENDER:
                return "BCB" if op.kind == "1002" else op.seller
            return op.buyer

        def contract(self, op: Op) -> Any:
            return w.op1002 if op.kind == "1002" else w.op1052

        def can_settle(self, op: Op) -> bool:
            value = fv(op.amount, op.price)
            after = Counter(self.model)
            after.update(routing_delta(op.seller, op.buyer, op.amount, value))
            return all(v >= 0 for v in after.values())

        def expect_unchanged(self, exc: ContractRevert, allowed: set[str]) -> None:
            assert exc.error_name in allowed, str(exc)
            assert w.snapshot_balances() == self.model

        # ---------------------------------------------------------------- rules
        @initialize()
        def start(self) -> None:
            assert w.snapshot_balances() == self.model

        @rule(
            kind=st.sampled_from(["1002", "wallet", "client"]),
            pair=st.permutations(PARTIES),
            amount=st.integers(min_value=1, max_value=15_000),
            price=st.integers(min_value=10**8, max_value=5 * 10**11),
            first=st.sampled_from([SENDER, RECEIVER]),
        )
        def open(self, kind: str, pair: list[str], amount: int, price: int, first: int) -> None:
            seller, buyer = pair[0], pair[1]
            if kind == "1002":
                seller, amount = "STN", max(100, amount // 100 * 100)
                buyer = buyer if buyer in ("BANK_A", "BANK_B") else "BANK_B"
            elif kind == "wallet":
                seller, buyer = ("BANK_A", "BANK_B") if seller < buyer else ("BANK_B", "BANK_A")
            op = Op(kind, seller, buyer, amount, price, first)
            op_id = w.new_id()
            w.tx(self.command(op_id, op, first), self.signer(op, first))
            self.ops[op_id] = op

        @rule(data=st.data(), mismatch=st.booleans())
        def confirm(self, data: st.DataObject, mismatch: bool) -> None:
            pending = sorted(i for i, o in self.ops.items() if o.status == "LAN")
            if not pending:
                return
            op_id = data.draw(st.sampled_from(pending))
            op = self.ops[op_id]
            part = 1 - op.initiator_part
            fn = self.contract(op).functions
            if mismatch:
                try:
                    w.tx(self.command(op_id, op, part, amount=op.amount + 100), self.signer(op, part))
                except ContractRevert as exc:
                    self.expect_unchanged(exc, {"OperationMismatch"})
                    return
                raise AssertionError("a mismatching command settled")
            should = self.can_settle(op)
            try:
                w.tx(self.command(op_id, op, part), self.signer(op, part))
            except ContractRevert as exc:
                assert not should, f"expected settlement of {op}: {exc}"
                self.expect_unchanged(exc, ACCEPTABLE_FAILURES)
                assert w.view(fn.getOperation(op_id))[3] == 1  # still pending
                return
            assert should, f"settled although the model says it cannot: {op}"
            op.status = "LIQ"
            for key, delta in routing_delta(op.seller, op.buyer, op.amount, fv(op.amount, op.price)).items():
                self.model[key] = self.model.get(key, 0) + delta
            assert w.view(fn.getOperation(op_id))[3] == 2

        @rule(data=st.data(), by_initiator=st.booleans())
        def cancel(self, data: st.DataObject, by_initiator: bool) -> None:
            if not self.ops:
                return
            op_id = data.draw(st.sampled_from(sorted(self.ops)))
            op = self.ops[op_id]
            part = op.initiator_part if by_initiator else 1 - op.initiator_part
            fn = self.contract(op).functions.cancel(op_id, "hypothesis")
            expected = {
                "LIQ": "OperationAlreadySettled",
                "CAN": "OperationAlreadyCancelled",
            }.get(op.status, None if by_initiator else "OnlyInitiatorCanCancel")
            try:
                w.tx(fn, self.signer(op, part))
            except ContractRevert as exc:
                assert expected is not None, str(exc)
                self.expect_unchanged(exc, {expected})
                return
            assert expected is None
            op.status = "CAN"

        @rule(data=st.data())
        def replay(self, data: st.DataObject) -> None:
            closed = sorted(i for i, o in self.ops.items() if o.status != "LAN")
            if not closed:
                return
            op_id = data.draw(st.sampled_from(closed))
            op = self.ops[op_id]
            part = 1 - op.initiator_part
            expected = "OperationAlreadySettled" if op.status == "LIQ" else "OperationAlreadyCancelled"
            try:
                w.tx(self.command(op_id, op, part), self.signer(op, part))
            except ContractRevert as exc:
                self.expect_unchanged(exc, {expected})
                return
            raise AssertionError(f"{op_id} accepted a command after {op.status}")

        # ----------------------------------------------------------- invariants
        @invariant()
        def balances_follow_the_model(self) -> None:
            assert w.snapshot_balances() == self.model

        @invariant()
        def supply_is_conserved(self) -> None:
            assert int(w.tpft.functions.totalSupply(w.series_id).call()) == sum(
                v for k, v in self.model.items() if k.startswith("tpft:")
            )

    run_state_machine_as_test(
        Machine,
        settings=state_machine(
            12, 12, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
        ),
    )


def test_random_interleavings(w: World) -> None:
    run_machine(w)
