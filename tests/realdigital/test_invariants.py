"""Stateful property test of the money layer: random sequences of STR mints and burns, Real Tokenizado
mints and burns, transfers, freezes and unfreezes, one-step swaps, two-step swaps (frozen and escrowed)
started, executed, cancelled and expired, and time passing.

A Python model predicts every balance, frozen balance and supply, and whether each call must succeed.
After every step the chain must match the model exactly, which implies: no balance goes negative, the
frozen part of a balance never moves (beyond what a FREEZER_ROLE unfreeze or a swap's own release
unfroze), the total supply of each token equals what was minted minus what was burned, and the holders
the model knows account for the whole supply (no money leaks to any other address).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account.signers.local import LocalAccount
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from web3.contract import Contract

from drex.chain import ContractRevert
from hypothesis_profiles import state_machine

from .helpers import Money

EXPIRATION = 60
#: Fixed gas for the machine's transactions: gas estimation (a binary search of executions) dominates
#: the cost of a step on the embedded chain; a revert is still decoded from the mined transaction.
GAS = 2_000_000
AMOUNTS = st.integers(min_value=0, max_value=150_000)
#: Amounts paid out of a wallet: absolute, or relative to the payer's state ("avail": its balance not
#: frozen, "avail+1": one more, "balance": its whole balance, "half": half of it), so that sequences
#: hit the frozen-balance boundary often instead of by chance.
PAY = st.one_of(AMOUNTS, st.sampled_from(["avail", "avail+1", "balance", "half"]))
#: Amounts unfrozen: absolute, or relative to the frozen balance.
UNFREEZE = st.one_of(AMOUNTS, st.sampled_from(["frozen", "frozen+1", "half"]))


@dataclass
class Proposal:
    pid: int
    swap: str  # "two" or "escrow"
    sender_token: str  # "rt_a" or "rt_b"
    receiver_token: str
    sender: str
    receiver: str
    reserve: str  # the paying bank's address
    amount: int
    started: int  # block timestamp of startSwap
    status: str = "pending"


class MoneyMachine(RuleBasedStateMachine):
    """Drives the deployed money layer; resets the chain to a snapshot when the example ends."""

    proposals = Bundle("proposals")

    def __init__(self, money: Money) -> None:
        super().__init__()
        self.m = money
        self.snap = money.chain.snapshot()
        m = money
        self.tokens: dict[str, Contract] = {"rd": m.rd, "rt_a": m.rt_a, "rt_b": m.rt_b}
        self.bank = {"rt_a": m.bank_a, "rt_b": m.bank_b}
        self.customers = {
            "rt_a": [m.acct("CUSTOMER_A1").address, m.acct("CUSTOMER_A2").address],
            "rt_b": [m.acct("CUSTOMER_B1").address, m.acct("CUSTOMER_B2").address],
        }
        self.signer: dict[str, LocalAccount] = {
            m.acct(r).address: m.acct(r) for r in ("CUSTOMER_A1", "CUSTOMER_A2", "CUSTOMER_B1", "CUSTOMER_B2")
        }
        self.swaps = {"one": m.one, "two": m.two, "escrow": m.escrow}
        # The escrow contract holds funds; the other swaps never do (a leak to them would show as a
        # payer's balance differing from the model).
        contracts = [m.escrow.address]
        self.holders: dict[str, list[str]] = {
            "rd": [m.bank_a.address, m.bank_b.address, *contracts],
            "rt_a": [*self.customers["rt_a"], m.bank_a.address, *contracts],
            "rt_b": [*self.customers["rt_b"], m.bank_b.address, *contracts],
        }
        self.bal = {t: {h: m.bal(self.tokens[t], h) for h in hs} for t, hs in self.holders.items()}
        self.frz = {t: {h: m.frozen(self.tokens[t], h) for h in hs} for t, hs in self.holders.items()}
        # Wallets the freeze rules and two-step swaps freeze; the others' frozen balances never change.
        self.freezable = {
            "rd": [m.bank_a.address, m.bank_b.address],
            "rt_a": self.customers["rt_a"],
            "rt_b": self.customers["rt_b"],
        }
        self.supply = {t: m.supply(c) for t, c in self.tokens.items()}
        self.minted = dict.fromkeys(self.tokens, 0)
        self.burned = dict.fromkeys(self.tokens, 0)
        self.initial_supply = dict(self.supply)
        self.prev_bal = _copy(self.bal)
        self.prev_frz = _copy(self.frz)
        self.released: set[tuple[str, str]] = set()  # (token, holder) unfrozen by the current step
        self.touched: set[tuple[str, str]] = set()  # (token, holder) whose model state the step changed

    def teardown(self) -> None:
        try:
            self.check_chain(full=True)
        finally:
            self.m.chain.revert(self.snap)

    # ------------------------------------------------------------------ helpers
    def resolve(self, choice: int | str, token: str, holder: str) -> int:
        """An amount drawn by :data:`PAY` or :data:`UNFREEZE`, for ``holder`` on ``token``."""
        if isinstance(choice, int):
            return choice
        bal, frz, avail = self.bal[token][holder], self.frz[token][holder], self.avail(token, holder)
        return {
            "avail": avail,
            "avail+1": avail + 1,
            "balance": bal,
            "half": bal // 2,
            "frozen": frz,
            "frozen+1": frz + 1,
        }[choice]

    def avail(self, token: str, holder: str) -> int:
        return max(0, self.bal[token][holder] - self.frz[token][holder])

    def can_pay(self, token: str, holder: str, amount: int) -> bool:
        """The contract's rule: a payment must leave the frozen amount covered, so an account frozen
        beyond its balance cannot pay anything, not even zero (``InsufficientUnfrozenBalance``)."""
        bal, frz = self.bal[token][holder], self.frz[token][holder]
        return amount <= bal and bal - amount >= frz

    def send(self, fn: Any, signer: Any, expect_ok: bool | None) -> bool:
        """Send; check the outcome against the prediction (None: either is fine). True if it succeeded."""
        try:
            self.m.tx(fn, signer, GAS)
        except ContractRevert as exc:
            assert expect_ok is not True, f"unexpected revert: {exc}"
            return False
        assert expect_ok is not False, "a call the model rejects succeeded"
        return True

    def move(self, token: str, src: str | None, dst: str | None, amount: int) -> None:
        self.touched.update((token, h) for h in (src, dst) if h is not None)
        if src is not None:
            self.bal[token][src] -= amount
        else:
            self.supply[token] += amount
            self.minted[token] += amount
        if dst is not None:
            self.bal[token][dst] += amount
        else:
            self.supply[token] -= amount
            self.burned[token] += amount

    def unfreeze(self, token: str, holder: str, amount: int) -> None:
        self.frz[token][holder] -= min(amount, self.frz[token][holder])
        self.released.add((token, holder))
        self.touched.add((token, holder))

    def begin(self) -> None:
        self.prev_bal = _copy(self.bal)
        self.prev_frz = _copy(self.frz)
        self.released = set()
        self.touched = set()

    # -------------------------------------------------------------------- rules
    @rule(b=st.sampled_from(["rt_a", "rt_b"]), amount=st.integers(min_value=1, max_value=200_000))
    def str_mint(self, b: str, amount: int) -> None:
        self.begin()
        bank = self.bank[b]
        self.send(self.m.str_.functions.requestToMint(amount), bank, True)
        self.move("rd", None, bank.address, amount)

    @rule(b=st.sampled_from(["rt_a", "rt_b"]), choice=st.one_of(st.integers(1, 1_500_000), PAY))
    def str_burn(self, b: str, choice: int | str) -> None:
        self.begin()
        bank = self.bank[b]
        amount = max(1, self.resolve(choice, "rd", bank.address))
        self.m.tx(self.m.rd.functions.approve(self.m.str_.address, amount), bank, GAS)
        ok = self.can_pay("rd", bank.address, amount)
        if self.send(self.m.str_.functions.requestToBurn(amount), bank, ok):
            self.move("rd", bank.address, None, amount)
        self.m.tx(self.m.rd.functions.approve(self.m.str_.address, 0), bank, GAS)

    @rule(t=st.sampled_from(["rt_a", "rt_b"]), i=st.integers(0, 1), amount=AMOUNTS)
    def rt_mint(self, t: str, i: int, amount: int) -> None:
        self.begin()
        who = self.customers[t][i]
        self.send(self.tokens[t].functions.mint(who, amount), self.bank[t], True)
        self.move(t, None, who, amount)

    @rule(t=st.sampled_from(["rt_a", "rt_b"]), i=st.integers(0, 1), choice=PAY)
    def rt_burn(self, t: str, i: int, choice: int | str) -> None:
        self.begin()
        who = self.customers[t][i]
        amount = self.resolve(choice, t, who)
        ok = self.can_pay(t, who, amount)
        if self.send(self.tokens[t].functions.moveAndBurn(who, amount), self.bank[t], ok):
            self.move(t, who, None, amount)

    @rule(t=st.sampled_from(["rd", "rt_a", "rt_b"]), i=st.integers(0, 1), choice=PAY)
    def transfer(self, t: str, i: int, choice: int | str) -> None:
        self.begin()
        if t == "rd":
            src, dst = (self.m.bank_a, self.m.bank_b) if i == 0 else (self.m.bank_b, self.m.bank_a)
            signer, s, d = src, src.address, dst.address
        else:
            s, d = self.customers[t][i], self.customers[t][1 - i]
            signer = self.signer[s]
        amount = self.resolve(choice, t, s)
        ok = self.can_pay(t, s, amount)
        if self.send(self.tokens[t].functions.transfer(d, amount), signer, ok):
            self.move(t, s, d, amount)

    def _freezable(self, t: str, i: int) -> tuple[str, Any]:
        """(holder, authority) for freeze rules: a bank on Real Digital, a customer on Real Tokenizado."""
        if t == "rd":
            return (self.m.bank_a.address if i == 0 else self.m.bank_b.address), self.m.bcb
        return self.customers[t][i], self.bank[t]

    @rule(t=st.sampled_from(["rd", "rt_a", "rt_b"]), i=st.integers(0, 1), choice=PAY)
    def freeze(self, t: str, i: int, choice: int | str) -> None:
        self.begin()
        holder, authority = self._freezable(t, i)
        amount = self.resolve(choice, t, holder)
        self.send(self.tokens[t].functions.increaseFrozenBalance(holder, amount), authority, True)
        self.frz[t][holder] += amount
        self.touched.add((t, holder))

    @rule(t=st.sampled_from(["rd", "rt_a", "rt_b"]), i=st.integers(0, 1), choice=UNFREEZE)
    def unfreeze_rule(self, t: str, i: int, choice: int | str) -> None:
        self.begin()
        holder, authority = self._freezable(t, i)
        amount = self.resolve(choice, t, holder)
        ok = amount <= self.frz[t][holder]
        if self.send(self.tokens[t].functions.decreaseFrozenBalance(holder, amount), authority, ok):
            self.unfreeze(t, holder, amount)

    def _direction(self, d: int, i: int, j: int) -> tuple[str, str, str, str, str]:
        ts, tr = ("rt_a", "rt_b") if d == 0 else ("rt_b", "rt_a")
        return ts, tr, self.customers[ts][i], self.customers[tr][j], self.bank[ts].address

    @rule(d=st.integers(0, 1), i=st.integers(0, 1), j=st.integers(0, 1), choice=PAY)
    def one_step(self, d: int, i: int, j: int, choice: int | str) -> None:
        self.begin()
        ts, tr, sender, receiver, reserve = self._direction(d, i, j)
        amount = self.resolve(choice, ts, sender)
        ok = 0 < amount <= min(self.avail(ts, sender), self.avail("rd", reserve))
        fn = self.m.one.functions.executeSwap(
            self.tokens[ts].address, self.tokens[tr].address, receiver, amount
        )
        if self.send(fn, self.signer[sender], ok):
            self.move(ts, sender, None, amount)
            self.move("rd", reserve, self.bank[tr].address, amount)
            self.move(tr, None, receiver, amount)

    @rule(
        target=proposals,
        kind=st.sampled_from(["two", "escrow"]),
        d=st.integers(0, 1),
        i=st.integers(0, 1),
        j=st.integers(0, 1),
        choice=PAY,
    )
    def start_two_steps(self, kind: str, d: int, i: int, j: int, choice: int | str) -> Proposal | None:
        self.begin()
        ts, tr, sender, receiver, reserve = self._direction(d, i, j)
        amount = self.resolve(choice, ts, sender)
        swap = self.swaps[kind]
        ok = 0 < amount <= min(self.avail(ts, sender), self.avail("rd", reserve))
        pid = int(swap.functions.proposalCount().call())
        fn = swap.functions.startSwap(self.tokens[ts].address, self.tokens[tr].address, receiver, amount)
        if not self.send(fn, self.signer[sender], ok):
            return None
        if kind == "two":
            self.frz[ts][sender] += amount
            self.frz["rd"][reserve] += amount
            self.touched.update({(ts, sender), ("rd", reserve)})
        else:
            self.move(ts, sender, swap.address, amount)
            self.move("rd", reserve, swap.address, amount)
        started = int(swap.functions.swapProposals(pid).call()[6])
        return Proposal(pid, kind, ts, tr, sender, receiver, reserve, amount, started)

    def _expiry(self, p: Proposal) -> bool | None:
        """True/False when certainly expired or not at the next block; None near the boundary."""
        elapsed = self.next_timestamp() - p.started
        if elapsed > EXPIRATION + 5:
            return True
        if elapsed < EXPIRATION - 5:
            return False
        return None

    @rule(p=proposals)
    def execute(self, p: Proposal | None) -> None:
        self.begin()
        if p is None:
            return
        swap = self.swaps[p.swap]
        expired = self._expiry(p)
        ok: bool | None
        if p.status != "pending" or expired is True:
            ok = False
        elif p.swap == "two":
            # After the swap unfreezes its own amount, the payer's and the reserve's funds must cover it.
            f_s, f_r = self.frz[p.sender_token][p.sender], self.frz["rd"][p.reserve]
            free_s = max(0, self.bal[p.sender_token][p.sender] - (f_s - min(f_s, p.amount)))
            free_r = max(0, self.bal["rd"][p.reserve] - (f_r - min(f_r, p.amount)))
            ok = p.amount <= min(free_s, free_r)
        else:
            ok = True
        if expired is None and ok:
            ok = None
        if not self.send(swap.functions.executeSwap(p.pid), self.signer[p.receiver], ok):
            return
        p.status = "executed"
        receiver_reserve = self.bank[p.receiver_token].address
        if p.swap == "two":
            self.unfreeze(p.sender_token, p.sender, p.amount)
            self.unfreeze("rd", p.reserve, p.amount)
            self.move(p.sender_token, p.sender, None, p.amount)
            self.move("rd", p.reserve, receiver_reserve, p.amount)
        else:
            self.move(p.sender_token, swap.address, None, p.amount)
            self.move("rd", swap.address, receiver_reserve, p.amount)
        self.move(p.receiver_token, None, p.receiver, p.amount)

    @rule(p=proposals, by_receiver=st.booleans())
    def cancel(self, p: Proposal | None, by_receiver: bool) -> None:
        self.begin()
        if p is None:
            return
        swap = self.swaps[p.swap]
        who = p.receiver if by_receiver else p.sender
        if not self.send(swap.functions.cancelSwap(p.pid, "test"), self.signer[who], p.status == "pending"):
            return
        p.status = "cancelled"
        if p.swap == "two":
            self.unfreeze(p.sender_token, p.sender, p.amount)
            self.unfreeze("rd", p.reserve, p.amount)
        else:
            self.move(p.sender_token, swap.address, p.sender, p.amount)
            self.move("rd", swap.address, p.reserve, p.amount)

    def next_timestamp(self) -> int:
        """Timestamp of the block the next transaction goes in (eth-tester's pending block, which
        follows the wall clock when that is ahead of the latest block, e.g. after a revert)."""
        return int(self.m.chain.w3.eth.get_block("pending")["timestamp"])

    @rule(seconds=st.sampled_from([1, 20, 120]))
    def advance_time(self, seconds: int) -> None:
        self.begin()
        # Never ask for a time before the pending block's: eth-tester refuses to travel backwards.
        ahead = self.next_timestamp() - self.m.chain.timestamp()
        self.m.chain.increase_time(max(seconds, ahead))

    # --------------------------------------------------------------- invariants
    def check_chain(self, full: bool) -> None:
        """The chain equals the model: every supply, and the balances and frozen balances of the
        holders the step touched (of every holder when ``full``)."""
        for t, token in self.tokens.items():
            supply = self.m.supply(token)
            assert supply == self.supply[t] == self.initial_supply[t] + self.minted[t] - self.burned[t]
            # The known holders hold the whole supply: nothing leaked to another address.
            assert sum(self.bal[t].values()) == supply
            for h in self.holders[t]:
                if full or (t, h) in self.touched:
                    assert self.m.bal(token, h) == self.bal[t][h] >= 0, (t, h)
                    if h in self.freezable[t]:
                        assert self.m.frozen(token, h) == self.frz[t][h], (t, h)

    @invariant()
    def chain_matches_model(self) -> None:
        # Untouched holders are checked at the end of each example (teardown): a change to them would
        # also have to show in a touched holder's balance or in a supply, both checked here.
        self.check_chain(full=False)

    @invariant()
    def frozen_funds_never_move(self) -> None:
        for t in self.tokens:
            for h in self.holders[t]:
                if (t, h) in self.released:
                    continue
                locked = min(self.prev_frz[t][h], self.prev_bal[t][h])
                assert self.bal[t][h] >= locked, (t, h)


def _copy(d: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {k: dict(v) for k, v in d.items()}


def test_money_layer_invariants(money: Money) -> None:
    from hypothesis.stateful import run_state_machine_as_test

    class BoundMachine(MoneyMachine):
        def __init__(self) -> None:
            super().__init__(money)

    run_state_machine_as_test(
        BoundMachine,
        settings=state_machine(20, 15),
    )
