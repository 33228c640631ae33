"""Swap clients on the real contracts: one step, two steps (executed, cancelled, expired), escrow variant."""

from __future__ import annotations

from decimal import Decimal

import pytest

from drex.chain import ContractRevert
from drex.sdk import InvalidAmount, SwapStatus, UnknownProposal

from .conftest import BANK_RD, CUSTOMER_RT, RESERVE_ALLOWANCE, World


def balances(world: World) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(A1's BRL@A, B1's BRL@B, BANK_A's Real Digital, BANK_B's Real Digital)."""
    p = world.platform
    return (
        p.real_tokenizado(world.a).balance_of(world.addr("CUSTOMER_A1")),
        p.real_tokenizado(world.b).balance_of(world.addr("CUSTOMER_B1")),
        p.real_digital.balance_of(world.addr("BANK_A")),
        p.real_digital.balance_of(world.addr("BANK_B")),
    )


PAID = (
    CUSTOMER_RT - Decimal("12.34"),
    CUSTOMER_RT + Decimal("12.34"),
    BANK_RD - Decimal("12.34"),
    BANK_RD + Decimal("12.34"),
)


def test_one_step_swap(world: World) -> None:
    start = world.platform.block_number() + 1
    payer = world.as_("CUSTOMER_A1")
    payer.swap_one_step.execute(world.a, world.b, world.addr("CUSTOMER_B1"), "12.34")
    assert balances(world) == PAID
    assert payer.swap_one_step.reserve_allowance(world.addr("BANK_A")) == RESERVE_ALLOWANCE - Decimal("12.34")
    (event,) = world.platform.swap_one_step.history(world.addr("CUSTOMER_B1"), from_block=start)
    assert (event.event, event.sender_cnpj8, event.receiver_cnpj8, event.amount, event.proposal_id) == (
        "SwapExecuted",
        world.a,
        world.b,
        Decimal("12.34"),
        None,
    )
    assert world.platform.swap_one_step.history(world.addr("CUSTOMER_A2"), from_block=start) == []


def test_one_step_swap_with_client_objects_and_explicit_approval(world: World) -> None:
    payer = world.as_("CUSTOMER_A1")
    swap = payer.swap_one_step
    swap.approve_payer(world.a, "12.34")
    rt_a, rt_b = payer.real_tokenizado(world.a), payer.real_tokenizado(world.b)
    swap.execute(rt_a, rt_b, world.addr("CUSTOMER_B1"), Decimal("12.34"), approve=False)
    assert balances(world) == PAID


def test_one_step_swap_rejections(world: World) -> None:
    payer = world.as_("CUSTOMER_A1")
    swap = payer.swap_one_step
    with pytest.raises(ContractRevert, match="ERC20InsufficientAllowance"):  # payer did not approve
        swap.execute(world.a, world.b, world.addr("CUSTOMER_B1"), "1.00", approve=False)
    with pytest.raises(ContractRevert) as info:  # receiver not a customer of bank B
        swap.execute(world.a, world.b, world.addr("CUSTOMER_A2"), "1.00")
    assert info.value.error_name == "ReceiverNotEnabled"
    with pytest.raises(ContractRevert, match="SameRealTokenizado"):
        swap.execute(world.a, world.a, world.addr("CUSTOMER_A2"), "1.00")
    with pytest.raises(ContractRevert, match="ZeroAmount"):
        swap.execute(world.a, world.b, world.addr("CUSTOMER_B1"), "0")
    with pytest.raises(ContractRevert, match="ERC20InsufficientAllowance"):  # above the reserve's allowance
        world.as_("BANK_A").real_tokenizado(world.a).mint(world.addr("CUSTOMER_A1"), RESERVE_ALLOWANCE)
        swap.execute(world.a, world.b, world.addr("CUSTOMER_B1"), RESERVE_ALLOWANCE + 1)
    with pytest.raises(InvalidAmount):
        swap.execute(world.a, world.b, world.addr("CUSTOMER_B1"), "-1")
    assert world.platform.real_tokenizado(world.b).balance_of(world.addr("CUSTOMER_B1")) == CUSTOMER_RT


def test_token_approval_list(world: World) -> None:
    bcb = world.as_("BCB")
    assert bcb.swap_one_step.is_token_approved(world.a)
    bcb.swap_one_step.set_token_approval(world.b, False)
    with pytest.raises(ContractRevert, match="DigitalCurrencyNotApproved"):
        world.as_("CUSTOMER_A1").swap_one_step.execute(world.a, world.b, world.addr("CUSTOMER_B1"), "1.00")
    with pytest.raises(ContractRevert, match="AccessControlUnauthorizedAccount"):
        world.as_("BANK_B").swap_one_step.set_token_approval(world.b, True)


def test_two_steps_start_and_execute(world: World) -> None:
    start = world.platform.block_number() + 1
    payer, receiver = world.as_("CUSTOMER_A1"), world.as_("CUSTOMER_B1")
    pid = payer.swap_two_steps.start(world.a, world.b, receiver.address, "12.34")
    proposal = world.platform.swap_two_steps.proposal(pid)
    assert proposal.status is SwapStatus.PENDING and proposal.amount == Decimal("12.34")
    assert proposal.sender == payer.address and proposal.receiver == receiver.address
    assert proposal.sender_reserve == world.addr("BANK_A")
    assert (
        proposal.expires_at
        == proposal.started_at + world.platform.swap_two_steps.expiration_time()
        == proposal.started_at + 60
    )
    assert world.platform.real_tokenizado(world.a).frozen_balance_of(payer.address) == Decimal("12.34")
    assert world.platform.real_digital.frozen_balance_of(world.addr("BANK_A")) == Decimal("12.34")
    with pytest.raises(ContractRevert, match="NotSwapReceiver"):
        payer.swap_two_steps.execute(pid)
    receiver.swap_two_steps.execute(pid)
    assert balances(world) == PAID
    assert world.platform.swap_two_steps.proposal(pid).status is SwapStatus.EXECUTED
    assert world.platform.real_digital.frozen_balance_of(world.addr("BANK_A")) == 0
    with pytest.raises(ContractRevert, match="SwapAlreadyExecuted"):
        receiver.swap_two_steps.execute(pid)
    history = world.platform.swap_two_steps.history(receiver.address, from_block=start)
    assert [(e.event, e.proposal_id) for e in history] == [("SwapStarted", pid), ("SwapExecuted", pid)]


def test_two_steps_cancel(world: World) -> None:
    start = world.platform.block_number() + 1
    payer = world.as_("CUSTOMER_A1")
    pid = payer.swap_two_steps.start(world.a, world.b, world.addr("CUSTOMER_B1"), "12.34")
    with pytest.raises(ContractRevert, match="NotSwapParty"):
        world.as_("CUSTOMER_A2").swap_two_steps.cancel(pid, "not mine")
    world.as_("CUSTOMER_B1").swap_two_steps.cancel(pid, "wrong amount")
    assert world.platform.swap_two_steps.proposal(pid).status is SwapStatus.CANCELLED
    assert balances(world) == (CUSTOMER_RT, CUSTOMER_RT, BANK_RD, BANK_RD)
    assert world.platform.real_tokenizado(world.a).frozen_balance_of(payer.address) == 0
    with pytest.raises(ContractRevert, match="SwapAlreadyCancelled"):
        world.as_("CUSTOMER_B1").swap_two_steps.execute(pid)
    events = world.platform.swap_two_steps.history(payer.address, from_block=start)
    assert [(e.event, e.reason) for e in events] == [("SwapStarted", None), ("SwapCancelled", "wrong amount")]


def test_two_steps_expiry(world: World) -> None:
    start = world.platform.block_number() + 1
    payer, receiver = world.as_("CUSTOMER_A1"), world.as_("CUSTOMER_B1")
    pid = payer.swap_two_steps.start(world.a, world.b, receiver.address, "12.34")
    proposal = world.platform.swap_two_steps.proposal(pid)
    assert not proposal.is_expired(proposal.expires_at) and proposal.is_expired(proposal.expires_at + 1)
    world.chain.increase_time(61)
    with pytest.raises(ContractRevert) as info:
        receiver.swap_two_steps.execute(pid)
    assert info.value.error_name == "SwapExpired" and info.value.args == (pid, proposal.expires_at)
    world.as_("BANK_B").swap_two_steps.cancel(pid)  # anyone may close an expired proposal
    assert balances(world) == (CUSTOMER_RT, CUSTOMER_RT, BANK_RD, BANK_RD)
    assert world.platform.real_tokenizado(world.a).frozen_balance_of(payer.address) == 0
    events = world.platform.swap_two_steps.history(payer.address, from_block=start)
    assert [e.event for e in events] == ["SwapStarted", "ExpiredProposal"]


def test_two_steps_needs_available_funds(world: World) -> None:
    payer = world.as_("CUSTOMER_A1")
    payer.swap_two_steps.start(world.a, world.b, world.addr("CUSTOMER_B1"), "600.00")
    with pytest.raises(ContractRevert) as info:  # 400 left unfrozen
        payer.swap_two_steps.start(world.a, world.b, world.addr("CUSTOMER_B1"), "600.00")
    assert info.value.error_name == "InsufficientAvailableBalance"
    with pytest.raises(UnknownProposal):
        world.platform.swap_two_steps.proposal(99)
    assert world.platform.swap_two_steps.exists(0) and not world.platform.swap_two_steps.exists(1)


def test_two_steps_reserve_escrow(world: World) -> None:
    payer, receiver = world.as_("CUSTOMER_A1"), world.as_("CUSTOMER_B1")
    swap = payer.swap_two_steps_reserve
    pid = swap.start(world.a, world.b, receiver.address, "12.34")
    rd, rt_a = world.platform.real_digital, world.platform.real_tokenizado(world.a)
    assert rd.balance_of(swap.address) == Decimal("12.34") == rt_a.balance_of(swap.address)
    assert rt_a.balance_of(payer.address) == CUSTOMER_RT - Decimal("12.34")
    receiver.swap_two_steps_reserve.execute(pid)
    assert balances(world) == PAID
    assert rd.balance_of(swap.address) == 0 == rt_a.balance_of(swap.address)
    assert world.platform.swap_two_steps_reserve.proposal(pid).status is SwapStatus.EXECUTED


def test_two_steps_reserve_cancel_returns_the_escrow(world: World) -> None:
    payer = world.as_("CUSTOMER_A1")
    pid = payer.swap_two_steps_reserve.start(world.a, world.b, world.addr("CUSTOMER_B1"), "12.34")
    payer.swap_two_steps_reserve.cancel(pid, "changed my mind")
    assert balances(world) == (CUSTOMER_RT, CUSTOMER_RT, BANK_RD, BANK_RD)
    assert world.platform.real_digital.balance_of(payer.swap_two_steps_reserve.address) == 0
