"""Real Digital and Real Tokenizado clients on the real contracts: every call, success and rejection."""

from __future__ import annotations

from decimal import Decimal

import pytest

from drex.sdk import InvalidAddress, InvalidAmount, InvalidInput
from drex.testing import reverts

from .conftest import BANK_RD, CUSTOMER_RT, SPARE, World


# ---------------------------------------------------------------------------- Real Digital
def test_reads(world: World) -> None:
    rd = world.platform.real_digital
    assert rd.symbol() == "BRL" and rd.token_name() == "Real Digital"
    assert rd.total_supply() == 2 * BANK_RD
    assert rd.balance_of(world.addr("BANK_A")) == BANK_RD
    assert rd.is_enabled(world.addr("BANK_A")) and not rd.is_enabled(world.addr("CUSTOMER_A1"))
    assert rd.has_role("ACCESS", world.addr("BCB")) and not rd.has_role("MINTER_ROLE", world.addr("BANK_A"))
    assert rd.has_role("DEFAULT_ADMIN_ROLE", world.addr("BCB"))
    assert not rd.is_paused()
    with pytest.raises(InvalidInput, match="unknown role"):
        rd.has_role("KING", world.addr("BCB"))
    with pytest.raises(InvalidAddress):
        rd.balance_of("0x123")


def test_str_mint_and_burn_requests(world: World) -> None:
    bank = world.as_("BANK_B")
    rd = bank.real_digital
    rd.request_mint("250.50")
    assert rd.balance_of(bank.address) == BANK_RD + Decimal("250.50")
    rd.request_burn(Decimal("0.50"))  # approves STR first (no allowance yet)
    assert rd.balance_of(bank.address) == BANK_RD + 250
    assert rd.allowance(bank.address, bank.address_of("STR")) == 0
    with reverts("ZeroAmount"):
        rd.request_mint("0")
    with pytest.raises(InvalidAmount):
        rd.request_mint("1.001")


def test_str_rejects_wallets_that_are_not_participants(world: World) -> None:
    with reverts("NotParticipant", world.addr("CUSTOMER_A1")):
        world.as_("CUSTOMER_A1").real_digital.request_mint("1.00")


def test_transfer_and_allowances(world: World) -> None:
    a, b = world.as_("BANK_A"), world.as_("BANK_B")
    a.real_digital.transfer(b.address, "10.01")
    assert a.real_digital.balance_of(b.address) == BANK_RD + Decimal("10.01")
    a.real_digital.approve(b.address, "5.00")
    a.real_digital.increase_allowance(b.address, "1.00")
    a.real_digital.decrease_allowance(b.address, "0.50")
    assert a.real_digital.allowance(a.address, b.address) == Decimal("5.50")
    b.real_digital.transfer_from(a.address, b.address, "5.50")
    assert a.real_digital.allowance(a.address, b.address) == 0
    assert a.real_digital.balance_of(a.address) == BANK_RD - Decimal("15.51")
    with reverts("ERC20FailedDecreaseAllowance"):
        a.real_digital.decrease_allowance(b.address, "1.00")


def test_transfer_from_a_disabled_account_is_rejected_with_the_contract_error(world: World) -> None:
    bcb, bank = world.as_("BCB"), world.as_("BANK_A")
    bcb.real_digital.disable_account(bank.address)
    assert not bank.real_digital.is_enabled(bank.address)
    with reverts("AccountNotEnabled", bank.address):
        bank.real_digital.transfer(world.addr("BANK_B"), "1.00")
    bcb.real_digital.enable_account(bank.address)
    bank.real_digital.transfer(world.addr("BANK_B"), "1.00")


def test_transfer_to_a_wallet_not_enabled_is_rejected(world: World) -> None:
    with reverts("AccountNotEnabled", world.addr("CUSTOMER_A1")):
        world.as_("BANK_A").real_digital.transfer(world.addr("CUSTOMER_A1"), "1.00")


def test_enable_requires_access_role(world: World) -> None:
    with reverts("AccessControlUnauthorizedAccount"):
        world.as_("BANK_A").real_digital.enable_account(world.addr(SPARE))


def test_participant_enables_own_wallets_and_disables_itself(world: World) -> None:
    bank = world.as_("BANK_A")
    second = world.addr(SPARE)  # a second wallet of bank A
    bank.real_digital.enable_own_account(second)
    assert bank.real_digital.is_enabled(second)
    own = world.as_(SPARE)
    own.real_digital.disable_own_account()
    assert not bank.real_digital.is_enabled(second)
    with reverts("NotParticipant", second):
        own.real_digital.enable_own_account(world.addr("CUSTOMER_B2"))


def test_freeze_and_unfreeze(world: World) -> None:
    bcb, bank = world.as_("BCB"), world.as_("BANK_A")
    bcb.real_digital.freeze(bank.address, "9999.00")
    assert bank.real_digital.frozen_balance_of(bank.address) == Decimal("9999.00")
    assert bank.real_digital.available_balance_of(bank.address) == Decimal("1.00")
    with reverts("InsufficientUnfrozenBalance", bank.address, 100, 200):
        bank.real_digital.transfer(world.addr("BANK_B"), "2.00")
    bcb.real_digital.unfreeze(bank.address, "9999.00")
    bank.real_digital.transfer(world.addr("BANK_B"), "2.00")
    with reverts("InsufficientFrozenBalance"):
        bcb.real_digital.unfreeze(bank.address, "0.01")
    changes = bank.real_digital.frozen_changes(bank.address, from_block=world.manifest.block)
    assert [c.frozen for c in changes] == [Decimal("9999.00"), Decimal("0.00")]
    with reverts("AccessControlUnauthorizedAccount"):
        bank.real_digital.freeze(world.addr("BANK_B"), "1.00")


def test_authority_mint_burn_move_and_pause(world: World) -> None:
    bcb = world.as_("BCB")
    rd = bcb.real_digital
    a, b = world.addr("BANK_A"), world.addr("BANK_B")
    rd.move(a, b, "100.00")
    rd.move_and_burn(b, "50.00")
    rd.mint(a, "0.01")
    assert rd.balance_of(a) == BANK_RD - 100 + Decimal("0.01")
    assert rd.balance_of(b) == BANK_RD + 50
    bcb.real_digital.enable_account(bcb.address)
    rd.mint(bcb.address, "3.00")
    rd.burn("1.00")
    world.as_("BANK_B").real_digital.approve(bcb.address, "2.00")
    rd.burn_from(b, "2.00")
    assert rd.balance_of(bcb.address) == Decimal("2.00")
    rd.pause()
    assert rd.is_paused()
    with reverts("EnforcedPause"):
        world.as_("BANK_A").real_digital.transfer(b, "1.00")
    rd.unpause()
    with reverts("AccessControlUnauthorizedAccount"):
        world.as_("BANK_A").real_digital.mint(a, "1.00")


def test_default_accounts(world: World) -> None:
    bcb, a = world.as_("BCB"), world.as_("BANK_A")
    assert a.real_digital.default_account(world.a) == a.address
    assert a.real_digital.default_account("33333333") is None
    with reverts("DefaultAccountAlreadySet"):
        bcb.real_digital.add_default_account(world.a, world.addr(SPARE))
    # The new default must be one of the institution's own wallets.
    with reverts("WalletNotOfParticipant", int(world.a), world.addr("BANK_B"), int(world.b)):
        a.real_digital.update_default_wallet(world.a, world.addr("BANK_B"))
    a.real_digital.enable_own_account(world.addr(SPARE))
    assert a.real_digital.participant_of(world.addr(SPARE)) == world.a
    a.real_digital.update_default_wallet(world.a, world.addr(SPARE))
    assert a.real_digital.default_account(world.a) == world.addr(SPARE)
    with reverts("NotDefaultAccount"):
        a.real_digital.update_default_wallet(world.a, a.address)
    # BCB registers a first default wallet, enabled or not (pilot doc), never another participant's.
    with reverts("WalletOfAnotherParticipant", world.addr("BANK_B"), int(world.b)):
        bcb.real_digital.add_default_account("33333333", world.addr("BANK_B"))
    bcb.real_digital.add_default_account("33333333", world.addr(18))
    assert bcb.real_digital.default_account(33333333) == world.addr(18)
    assert bcb.real_digital.participant_of(world.addr(18)) == "33333333"
    assert not bcb.real_digital.is_enabled(world.addr(18))


def test_transfer_history_of_an_account(world: World) -> None:
    start = world.platform.block_number() + 1
    a, b = world.as_("BANK_A"), world.as_("BANK_B")
    a.real_digital.transfer(b.address, "1.00")
    b.real_digital.transfer(a.address, "0.25")
    a.real_digital.request_mint("3.00")
    history = a.real_digital.transfers(a.address, from_block=start)
    assert [(t.kind, t.amount) for t in history] == [
        ("transfer", Decimal("1.00")),
        ("transfer", Decimal("0.25")),
        ("mint", Decimal("3.00")),
    ]
    assert history[0].sender == a.address and history[0].receiver == b.address
    assert history[0].where.block_number < history[1].where.block_number
    assert len(a.real_digital.transfers(from_block=start)) == 3
    # from the deployment on: the STR issuance of the fixture is there too
    earlier = a.real_digital.transfers(a.address, from_block=world.manifest.block)
    assert any(t.kind == "mint" and t.amount == BANK_RD for t in earlier)


# ------------------------------------------------------------------------- Real Tokenizado
def test_real_tokenizado_reads(world: World) -> None:
    rt = world.platform.real_tokenizado(world.a)
    assert rt.cnpj8() == world.a
    assert rt.symbol() == f"BRL@{world.a}"
    assert rt.participant()
    assert rt.reserve() == world.addr("BANK_A")
    assert rt.total_supply() == 2 * CUSTOMER_RT
    assert rt.balance_of(world.addr("CUSTOMER_A1")) == CUSTOMER_RT
    assert rt.is_enabled(world.addr("CUSTOMER_A1")) and not rt.is_enabled(world.addr("CUSTOMER_B1"))
    assert rt.has_role("MINTER", world.addr("BANK_A")) and not rt.has_role("MINTER", world.addr("BCB"))


def test_real_tokenizado_bank_operations(world: World) -> None:
    bank = world.as_("BANK_A")
    rt = bank.real_tokenizado(world.a)
    c1, c2 = world.addr("CUSTOMER_A1"), world.addr("CUSTOMER_A2")
    rt.mint(c1, "0.99")
    world.as_("CUSTOMER_A1").real_tokenizado(world.a).transfer(c2, "500.00")
    assert rt.balance_of(c1) == CUSTOMER_RT + Decimal("0.99") - 500
    assert rt.balance_of(c2) == CUSTOMER_RT + 500
    rt.disable_account(c2)
    with reverts("AccountNotEnabled", c2):
        world.as_("CUSTOMER_A2").real_tokenizado(world.a).transfer(c1, "1.00")
    rt.enable_account(c2)
    rt.move(c2, bank.address, "1.00")
    rt.burn("1.00")
    with reverts("ReserveNotOwnedByParticipant", rt.address, world.addr("BANK_B")):
        rt.update_reserve(world.addr("BANK_B"))
    bank.real_digital.enable_own_account(world.addr(SPARE))
    rt.update_reserve(world.addr(SPARE))
    assert rt.reserve() == world.addr(SPARE)
    with reverts("InvalidAccount"):
        rt.update_reserve("0x" + "00" * 20)


def test_only_the_issuing_bank_mints_its_real_tokenizado(world: World) -> None:
    with reverts("AccessControlUnauthorizedAccount"):
        world.as_("BANK_B").real_tokenizado(world.a).mint(world.addr("CUSTOMER_A1"), "1.00")
    with reverts("AccessControlUnauthorizedAccount"):
        world.as_("BANK_B").real_tokenizado(world.a).enable_account(world.addr("CUSTOMER_B1"))


def test_customer_cannot_receive_another_banks_token_unless_enabled(world: World) -> None:
    customer = world.as_("CUSTOMER_A1")
    with reverts("AccountNotEnabled", world.addr("CUSTOMER_B1")):
        customer.real_tokenizado(world.a).transfer(world.addr("CUSTOMER_B1"), "1.00")
