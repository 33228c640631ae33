"""Real Tokenizado swaps between institutions: SwapOneStep, SwapTwoSteps (frozen funds) and
SwapTwoStepsReserve (escrow). Each success path checks that no money is created or lost; each rejection
(unapproved token, disabled receiver, missing allowance, frozen balance, pause, expired, cancelled,
executed twice, wrong caller) leaves every balance untouched."""

from __future__ import annotations

from typing import Any

import pytest
from web3.contract import Contract
from web3.logs import DISCARD

from .helpers import BANK_RD, CUSTOMER_RT, Money, reverts

ZERO = "0x" + "00" * 20


def snapshot_balances(money: Money) -> dict[str, int]:
    """Every balance, frozen balance and supply the swaps can touch."""
    people = [money.bank_a, money.bank_b] + [money.acct(r) for r in ("CUSTOMER_A1", "CUSTOMER_A2")]
    people += [money.acct(r) for r in ("CUSTOMER_B1", "CUSTOMER_B2")]
    addresses: list[str] = [str(p.address) for p in people]
    addresses += [str(money.one.address), str(money.two.address), str(money.escrow.address)]
    out: dict[str, int] = {}
    for name, token in (("rd", money.rd), ("rt_a", money.rt_a), ("rt_b", money.rt_b)):
        out[f"{name}.supply"] = money.supply(token)
        for a in addresses:
            out[f"{name}.{a}"] = money.bal(token, a)
            out[f"{name}.frozen.{a}"] = money.frozen(token, a)
    return out


def assert_paid(money: Money, before: dict[str, int], amount: int) -> None:
    """A1 (bank A) paid B1 (bank B) ``amount``: RT burned at A, minted at B, RD moved between reserves."""
    a, b = money.bank_a.address, money.bank_b.address
    a1, b1 = money.acct("CUSTOMER_A1").address, money.acct("CUSTOMER_B1").address
    after = snapshot_balances(money)
    expected = dict(before)
    expected[f"rt_a.{a1}"] -= amount
    expected["rt_a.supply"] -= amount
    expected[f"rt_b.{b1}"] += amount
    expected["rt_b.supply"] += amount
    expected[f"rd.{a}"] -= amount
    expected[f"rd.{b}"] += amount
    assert after == expected


# --------------------------------------------------------------------- one step


def test_one_step_swap(money: Money) -> None:
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    before = snapshot_balances(money)
    receipt = money.tx(
        money.one.functions.executeSwap(money.rt_a.address, money.rt_b.address, b1.address, 2_500), a1
    )
    ev = money.one.events.SwapExecuted().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["senderNumber"], ev["receiverNumber"], ev["sender"], ev["receiver"], ev["amount"]) == (
        11111111,
        22222222,
        a1.address,
        b1.address,
        2_500,
    )
    assert_paid(money, before, 2_500)


def _one(money: Money, amount: int = 100, receiver: str | None = None, token_sender: Any = None) -> None:
    a1 = money.acct("CUSTOMER_A1")
    receiver = receiver or money.acct("CUSTOMER_B1").address
    ts = token_sender if token_sender is not None else money.rt_a.address
    money.tx(money.one.functions.executeSwap(ts, money.rt_b.address, receiver, amount), a1)


def test_one_step_rejections_leave_balances_untouched(money: Money) -> None:
    before = snapshot_balances(money)
    a1 = money.acct("CUSTOMER_A1")
    with reverts("ZeroAmount"):
        _one(money, 0)
    with reverts("InvalidReceiver"):
        _one(money, receiver=ZERO)
    with reverts("SameRealTokenizado", money.rt_b.address):
        _one(money, token_sender=money.rt_b.address)
    with reverts("ReceiverNotEnabled", money.rt_b.address, money.acct(10).address):
        _one(money, receiver=money.acct(10).address)
    # More than the payer's balance.
    with reverts("ERC20InsufficientBalance", a1.address, CUSTOMER_RT, CUSTOMER_RT + 1):
        _one(money, CUSTOMER_RT + 1)
    # Payer revoked its Real Tokenizado allowance.
    money.tx(money.rt_a.functions.approve(money.one.address, 0), a1)
    with reverts("ERC20InsufficientAllowance", money.one.address, 0, 100):
        _one(money)
    money.tx(money.rt_a.functions.approve(money.one.address, 10**9), a1)
    # Paying reserve revoked its Real Digital allowance: the burn already done is undone (atomic).
    money.tx(money.rd.functions.approve(money.one.address, 0), money.bank_a)
    with reverts("ERC20InsufficientAllowance", money.one.address, 0, 100):
        _one(money)
    money.tx(money.rd.functions.approve(money.one.address, 10**12), money.bank_a)
    # Reserve without enough Real Digital.
    money.tx(money.rt_a.functions.mint(a1.address, BANK_RD), money.bank_a)
    with reverts("ERC20InsufficientBalance", money.bank_a.address, BANK_RD, BANK_RD + 1):
        _one(money, BANK_RD + 1)
    money.tx(money.rt_a.functions.moveAndBurn(a1.address, BANK_RD), money.bank_a)
    money.tx(money.rt_a.functions.approve(money.one.address, 10**30), a1)
    money.tx(money.rd.functions.approve(money.one.address, 10**30), money.bank_a)
    assert snapshot_balances(money) == before


def test_one_step_frozen_paused_unapproved(money: Money) -> None:
    a1 = money.acct("CUSTOMER_A1")
    before = snapshot_balances(money)
    # The payer's frozen Real Tokenizado cannot be swapped.
    money.tx(money.rt_a.functions.increaseFrozenBalance(a1.address, CUSTOMER_RT - 50), money.bank_a)
    with reverts("InsufficientUnfrozenBalance", a1.address, 50, 51):
        _one(money, 51)
    money.tx(money.rt_a.functions.decreaseFrozenBalance(a1.address, CUSTOMER_RT - 50), money.bank_a)
    # Frozen Real Digital in the paying reserve neither.
    money.tx(money.rd.functions.increaseFrozenBalance(money.bank_a.address, BANK_RD), money.bcb)
    with reverts("InsufficientUnfrozenBalance", money.bank_a.address, 0, 1):
        _one(money, 1)
    money.tx(money.rd.functions.decreaseFrozenBalance(money.bank_a.address, BANK_RD), money.bcb)
    # A paused Real Tokenizado (or Real Digital) stops the swap.
    money.tx(money.rt_b.functions.pause(), money.bank_b)
    with reverts("EnforcedPause"):
        _one(money)
    money.tx(money.rt_b.functions.unpause(), money.bank_b)
    money.tx(money.rd.functions.pause(), money.bcb)
    with reverts("EnforcedPause"):
        _one(money)
    money.tx(money.rd.functions.unpause(), money.bcb)
    # A token no longer approved in the swap contract.
    money.tx(money.one.functions.setDigitalCurrencyApproval(money.rt_b.address, False), money.bcb)
    with reverts("DigitalCurrencyNotApproved", money.rt_b.address):
        _one(money)
    assert snapshot_balances(money) == before
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(money.one.functions.setDigitalCurrencyApproval(money.rt_b.address, True), money.bank_b)


def test_swap_without_minter_role_is_atomic(money: Money) -> None:
    before = snapshot_balances(money)
    money.tx(
        money.rt_b.functions.revokeRole(money.role(money.rt_b, "MINTER_ROLE"), money.one.address), money.bcb
    )
    with reverts(
        "AccessControlUnauthorizedAccount", money.one.address, money.role(money.rt_b, "MINTER_ROLE")
    ):
        _one(money)
    assert snapshot_balances(money) == before


# -------------------------------------------------------------------- two steps


@pytest.fixture(params=["two", "escrow"])
def two_step(request: pytest.FixtureRequest, money: Money) -> Contract:
    contract: Contract = getattr(money, request.param)
    return contract


def _start(money: Money, swap: Contract, amount: int = 1_000) -> int:
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    receipt = money.tx(
        swap.functions.startSwap(money.rt_a.address, money.rt_b.address, b1.address, amount), a1
    )
    ev = swap.events.SwapStarted().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["senderNumber"], ev["receiverNumber"], ev["sender"], ev["receiver"], ev["amount"]) == (
        11111111,
        22222222,
        a1.address,
        b1.address,
        amount,
    )
    return int(ev["proposalId"])


def _secured(money: Money, swap: Contract, before: dict[str, int], amount: int) -> dict[str, int]:
    """Expected balances while a proposal of ``amount`` from A1 is pending."""
    a, a1 = money.bank_a.address, money.acct("CUSTOMER_A1").address
    exp = dict(before)
    if swap.address == money.two.address:
        exp[f"rt_a.frozen.{a1}"] += amount
        exp[f"rd.frozen.{a}"] += amount
    else:
        exp[f"rt_a.{a1}"] -= amount
        exp[f"rt_a.{swap.address}"] += amount
        exp[f"rd.{a}"] -= amount
        exp[f"rd.{swap.address}"] += amount
    return exp


def test_two_step_start_and_execute(money: Money, two_step: Contract) -> None:
    before = snapshot_balances(money)
    pid = _start(money, two_step, 1_000)
    assert pid == 0
    assert snapshot_balances(money) == _secured(money, two_step, before, 1_000)
    proposal = two_step.functions.swapProposals(pid).call()
    assert proposal[4:6] == [1_000, 0]  # amount, PENDING
    b1 = money.acct("CUSTOMER_B1")
    receipt = money.tx(two_step.functions.executeSwap(pid), b1)
    ev = two_step.events.SwapExecuted().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["proposalId"], ev["senderNumber"], ev["receiverNumber"], ev["amount"]) == (
        0,
        11111111,
        22222222,
        1_000,
    )
    assert_paid(money, before, 1_000)
    assert two_step.functions.swapProposals(pid).call()[5] == 1  # EXECUTED
    # At most once.
    with reverts("SwapAlreadyExecuted", pid):
        money.tx(two_step.functions.executeSwap(pid), b1)
    with reverts("SwapAlreadyExecuted", pid):
        money.tx(two_step.functions.cancelSwap(pid, "late"), b1)
    assert_paid(money, before, 1_000)


def test_two_step_cancel_releases_funds(money: Money, two_step: Contract) -> None:
    before = snapshot_balances(money)
    pid = _start(money, two_step)
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    with reverts("NotSwapParty", pid, money.acct("CUSTOMER_A2").address):
        money.tx(two_step.functions.cancelSwap(pid, "no"), money.acct("CUSTOMER_A2"))
    receipt = money.tx(two_step.functions.cancelSwap(pid, "wrong amount"), a1)
    ev = two_step.events.SwapCancelled().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["proposalId"], ev["reason"]) == (pid, "wrong amount")
    assert snapshot_balances(money) == before
    assert two_step.functions.swapProposals(pid).call()[5] == 2  # CANCELLED
    with reverts("SwapAlreadyCancelled", pid):
        money.tx(two_step.functions.executeSwap(pid), b1)
    with reverts("SwapAlreadyCancelled", pid):
        money.tx(two_step.functions.cancelSwap(pid, "again"), b1)
    # The receiver may cancel too.
    pid2 = _start(money, two_step)
    money.tx(two_step.functions.cancelSwap(pid2, "unknown payer"), b1)
    assert snapshot_balances(money) == before


def test_two_step_expiry(money: Money, two_step: Contract) -> None:
    before = snapshot_balances(money)
    pid = _start(money, two_step)
    started = two_step.functions.swapProposals(pid).call()[6]
    assert two_step.functions.EXPIRATION_TIME().call() == 60
    b1 = money.acct("CUSTOMER_B1")
    money.chain.increase_time(61)
    with reverts("SwapExpired", pid, started + 60):
        money.tx(two_step.functions.executeSwap(pid), b1)
    # After expiry anyone may close the proposal, releasing the funds.
    receipt = money.tx(two_step.functions.cancelSwap(pid, "expired"), money.acct(9))
    assert (
        two_step.events.ExpiredProposal().process_receipt(receipt, errors=DISCARD)[0]["args"]["proposalId"]
        == pid
    )
    assert not two_step.events.SwapCancelled().process_receipt(receipt, errors=DISCARD)
    assert snapshot_balances(money) == before
    with reverts("SwapAlreadyCancelled", pid):
        money.tx(two_step.functions.executeSwap(pid), b1)


def test_two_step_executes_within_the_minute(money: Money, two_step: Contract) -> None:
    before = snapshot_balances(money)
    pid = _start(money, two_step, 700)
    money.chain.increase_time(30)
    money.tx(two_step.functions.executeSwap(pid), money.acct("CUSTOMER_B1"))
    assert_paid(money, before, 700)


def test_two_step_rejections(money: Money, two_step: Contract) -> None:
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    before = snapshot_balances(money)
    with reverts("SwapNotFound", 7):
        money.tx(two_step.functions.executeSwap(7), b1)
    with reverts("SwapNotFound", 7):
        money.tx(two_step.functions.cancelSwap(7, "?"), b1)
    start = two_step.functions.startSwap
    with reverts("ZeroAmount"):
        money.tx(start(money.rt_a.address, money.rt_b.address, b1.address, 0), a1)
    with reverts("SameRealTokenizado"):
        money.tx(start(money.rt_a.address, money.rt_a.address, b1.address, 1), a1)
    with reverts("ReceiverNotEnabled"):
        money.tx(start(money.rt_a.address, money.rt_b.address, money.acct(10).address, 1), a1)
    with reverts("InvalidReceiver"):
        money.tx(start(money.rt_a.address, money.rt_b.address, ZERO, 1), a1)
    pid = _start(money, two_step)
    with reverts("NotSwapReceiver", pid, a1.address):
        money.tx(two_step.functions.executeSwap(pid), a1)
    # A token disapproved after the start blocks execution; cancelling still releases the funds.
    money.tx(two_step.functions.setDigitalCurrencyApproval(money.rt_b.address, False), money.bcb)
    with reverts("DigitalCurrencyNotApproved", money.rt_b.address):
        money.tx(two_step.functions.executeSwap(pid), b1)
    money.tx(two_step.functions.cancelSwap(pid, "disapproved"), a1)
    money.tx(two_step.functions.setDigitalCurrencyApproval(money.rt_b.address, True), money.bcb)
    # A receiver disabled after the start cannot receive.
    pid = _start(money, two_step)
    money.tx(money.rt_b.functions.disableAccount(b1.address), money.bank_b)
    with reverts("ReceiverNotEnabled", money.rt_b.address, b1.address):
        money.tx(two_step.functions.executeSwap(pid), b1)
    money.tx(two_step.functions.cancelSwap(pid, "receiver disabled"), a1)
    money.tx(money.rt_b.functions.enableAccount(b1.address), money.bank_b)
    assert snapshot_balances(money) == before


def test_two_step_insufficient_funds_at_start(money: Money, two_step: Contract) -> None:
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    start = two_step.functions.startSwap(money.rt_a.address, money.rt_b.address, b1.address, CUSTOMER_RT + 1)
    if two_step.address == money.two.address:
        with reverts(
            "InsufficientAvailableBalance", money.rt_a.address, a1.address, CUSTOMER_RT, CUSTOMER_RT + 1
        ):
            money.tx(start, a1)
    else:
        with reverts("ERC20InsufficientBalance", a1.address, CUSTOMER_RT, CUSTOMER_RT + 1):
            money.tx(start, a1)


def test_two_steps_pending_funds_cannot_be_spent(money: Money) -> None:
    """While a SwapTwoSteps proposal is pending, its funds are frozen: neither the customer nor the
    reserve can spend them, and a second proposal cannot reuse them."""
    a1, a2, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_A2"), money.acct("CUSTOMER_B1")
    pid = _start(money, money.two, CUSTOMER_RT - 10)
    with reverts("InsufficientUnfrozenBalance", a1.address, 10, 11):
        money.tx(money.rt_a.functions.transfer(a2.address, 11), a1)
    with reverts("InsufficientAvailableBalance", money.rt_a.address, a1.address, 10, 11):
        money.tx(money.two.functions.startSwap(money.rt_a.address, money.rt_b.address, b1.address, 11), a1)
    with reverts("InsufficientUnfrozenBalance"):
        _one(money, 11)
    reserve_free = BANK_RD - (CUSTOMER_RT - 10)
    with reverts("InsufficientUnfrozenBalance", money.bank_a.address, reserve_free, reserve_free + 1):
        money.tx(money.rd.functions.transfer(money.bank_b.address, reserve_free + 1), money.bank_a)
    money.tx(money.two.functions.executeSwap(pid), b1)
    assert money.bal(money.rt_a, a1) == 10
    assert money.frozen(money.rt_a, a1) == 0
    assert money.frozen(money.rd, money.bank_a) == 0


def test_two_steps_survives_reserve_change(money: Money, two_step: Contract) -> None:
    """Funds secured from the reserve at start are settled from it even if the bank changes reserve."""
    before = snapshot_balances(money)
    pid = _start(money, two_step)
    money.tx(money.enable.functions.enableAccount(money.acct(10).address), money.bank_a)
    money.tx(money.rt_a.functions.updateReserve(money.acct(10).address), money.bank_a)
    money.tx(two_step.functions.cancelSwap(pid, "x"), money.acct("CUSTOMER_A1"))
    assert snapshot_balances(money) == before


def test_two_step_proposal_ids_increase(money: Money, two_step: Contract) -> None:
    assert [_start(money, two_step, 10) for _ in range(3)] == [0, 1, 2]
    assert two_step.functions.proposalCount().call() == 3
