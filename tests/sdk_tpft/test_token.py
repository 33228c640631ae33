"""The TPFt token through the SDK on the real platform: series, mint, direct placement, balances by
acronym/code/maturity, enabling wallets, global and per-series pause, freezing, burns, TPFtDvP approvals,
and the decoded reverts of each rejection."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dates import chain_today, future_maturity
from drex.sdk import UnknownSeries
from drex.sdk.errors import InvalidInput
from drex.sdk.tpft import tpft_role_id
from drex.sdk.tpft_ops import Party
from drex.sdk.tpft_values import CallerPart, Series
from drex.testing import reverts

from .conftest import BANK_BONDS, BANK_RD, CUSTOMER_BONDS, PRICE, STN_BONDS, World

SPARE = 9


def test_create_and_mint_series(w: World) -> None:
    stn = w.tp("STN")
    today = chain_today(w.chain)
    ntnb_maturity, ltn_maturity = future_maturity("NTN-B", years=4, today=today), future_maturity(today=today)
    ntnb = Series.of("NTN-B", "760199", ntnb_maturity)
    new_id = stn.tpft.create(ntnb)
    assert new_id == 2 and stn.tpft.series_id(ntnb) == 2 and stn.tpft.series(2) == ntnb
    stn.tpft.mint(stn.address, ntnb, "250.50")
    assert stn.tpft.balance(stn.address, "NTN-B", "760199", ntnb_maturity) == Decimal("250.50")
    assert stn.tpft.total_supply(2) == Decimal("250.50")
    assert [c.series for c in stn.tpft.all_series()] == [w.series, ntnb]
    assert stn.tpft.positions(stn.address) == {
        w.series: STN_BONDS - 2 * BANK_BONDS - 3 * CUSTOMER_BONDS,
        ntnb: Decimal("250.50"),
    }
    with reverts("TPFtAlreadyExists", 2):
        stn.tpft.create(ntnb)
    with reverts("OnlyMinterContract"):
        w.tp("BANK_A").tpft.create(Series.of("LTN", "100000", ltn_maturity))
    with reverts("OnlyMinterContract"):
        w.tp("BANK_A").tpft.mint(w.addr("BANK_A"), ntnb, 1)
    with reverts("TPFtZeroAmount"):
        stn.tpft.mint(stn.address, ntnb, 0)
    with reverts("TPFtAccountNotEnabled", w.addr(SPARE)):
        stn.tpft.mint(w.addr(SPARE), ntnb, 1)
    with pytest.raises(UnknownSeries):
        stn.tpft.series_id(Series.of("LTN", "404", ltn_maturity))
    with pytest.raises(UnknownSeries):
        stn.tpft.series(99)
    with pytest.raises(InvalidInput):
        stn.tpft.balance_of(stn.address, 0)


def test_direct_placement_and_burn(w: World) -> None:
    stn, bank = w.tp("STN"), w.tp("BANK_A")
    stn.tpft.direct_placement(stn.address, bank.address, 1, "0.01")
    assert w.bonds("BANK_A") == BANK_BONDS + Decimal("0.01")
    transfers = stn.tpft.transfers(bank.address, from_block=w.start)
    assert [(t.kind, t.quantity, t.receiver) for t in transfers] == [
        ("transfer", Decimal("0.01"), bank.address)
    ]
    with reverts("OnlyDirectPlacementContract"):
        bank.tpft.direct_placement(stn.address, bank.address, w.series, 1)
    with reverts("ERC1155InsufficientBalance"):
        stn.tpft.direct_placement(stn.address, bank.address, w.series, STN_BONDS)
    supply = stn.tpft.total_supply(w.series)
    stn.tpft.burn(stn.address, w.series, "100")
    assert stn.tpft.total_supply(w.series) == supply - 100
    assert stn.tpft.transfers(from_block=w.start)[-1].kind == "burn"
    with reverts("AccessControlUnauthorizedAccount"):
        bank.tpft.burn(bank.address, w.series, 1)


def test_enabling_wallets(w: World) -> None:
    bank, spare = w.tp("BANK_A"), w.addr(SPARE)
    assert not bank.tpft.is_enabled(spare)
    with reverts("TPFtWalletNotOfParticipant", spare, 0, 11111111):
        bank.tpft.enable(spare)  # a participant enables only its own wallets and customers
    # BANK_A makes it one of its own wallets: enabling it on Real Digital binds it to BANK_A's CNPJ8.
    bank.platform.real_digital.enable_own_account(spare)
    assert bank.platform.real_digital.participant_of(spare) == w.cnpj8("BANK_A")
    bank.tpft.enable(spare, cnpj8=w.cnpj8("BANK_A"))  # the pilot's enableAddress(cnpj8, wallet)
    assert bank.tpft.is_enabled(spare)
    with reverts("TPFtWalletNotOfParticipant", spare, 11111111, 22222222):
        w.tp("BANK_B").tpft.disable(spare)  # only BCB or a wallet of the participant it belongs to
    bank.tpft.disable(spare)
    assert not bank.tpft.is_enabled(spare)
    w.tp("BCB").tpft.enable(spare)
    w.tp("BCB").tpft.disable(spare)  # BCB's disable is sticky
    assert w.tp("BCB").tpft.is_disabled_by_authority(spare)
    with reverts("TPFtAccountDisabledByAuthority", spare):
        bank.tpft.enable(spare)
    with reverts("TPFtEnablerNotAllowed", w.addr("CUSTOMER_A1")):
        w.tp("CUSTOMER_A1").tpft.enable(spare)  # not enabled on Real Digital
    w.tp("BCB").tpft.enable(spare)
    assert w.tp("BCB").tpft.is_enabled(spare)


def test_pauses(w: World) -> None:
    bcb, bank = w.tp("BCB"), w.tp("BANK_A")
    bcb.tpft.pause()
    assert bcb.tpft.is_paused()
    with reverts("EnforcedPause"):
        bank.tpft.transfer(w.addr("BANK_B"), w.series, 1)
    with reverts("AccessControlUnauthorizedAccount"):
        bank.tpft.unpause()
    bcb.tpft.unpause()
    bank.tpft.transfer(w.addr("BANK_B"), w.series, 1)
    # Per-series pause: held by REPAYMENT_ROLE (TPFtOperation1012); BCB, the admin, grants it to itself.
    with reverts("AccessControlUnauthorizedAccount", w.addr("BCB"), tpft_role_id("REPAYMENT_ROLE")):
        bcb.tpft.set_series_paused(w.series, True)
    bcb.tpft.grant_role("REPAYMENT", bcb.address)
    assert bcb.tpft.has_role("REPAYMENT_ROLE", bcb.address)
    bcb.tpft.set_series_paused(w.series, True)
    assert bcb.tpft.is_series_paused(1)
    sid = bcb.tpft.series_id(w.series)
    with reverts("TPFtIdPaused", sid):
        bank.tpft.transfer(w.addr("BANK_B"), w.series, 1)
    op = bank.next_operation_id()
    with reverts("OperationTPFtPaused", sid):
        bank.op1052.trade(
            op,
            Party.institution(w.cnpj8("BANK_A")),
            Party.institution(w.cnpj8("BANK_B")),
            CallerPart.SENDER,
            w.series,
            1,
            PRICE,
        )
    bcb.tpft.set_series_paused(w.series, False)
    assert not bcb.tpft.is_series_paused(w.series)


def test_freezing(w: World) -> None:
    bcb, bank = w.tp("BCB"), w.tp("BANK_A")
    with reverts("AccessControlUnauthorizedAccount"):
        bcb.tpft.freeze(bank.address, w.series, 1)
    bcb.tpft.allow_freezing(bcb.address)
    bcb.tpft.freeze(bank.address, w.series, "999.99")
    assert bank.tpft.frozen_balance_of(bank.address, w.series) == Decimal("999.99")
    assert bank.tpft.available_balance_of(bank.address, w.series) == Decimal("0.01")
    sid = bank.tpft.series_id(w.series)
    with reverts("TPFtInsufficientUnfrozenBalance", bank.address, sid, 1, 2):
        bank.tpft.transfer(w.addr("BANK_B"), w.series, "0.02")
    with reverts("TPFtFreezeExceedsBalance"):
        bcb.tpft.freeze(bank.address, w.series, 1)
    bcb.tpft.unfreeze(bank.address, w.series, "999.99")
    with reverts("TPFtInsufficientFrozenBalance"):
        bcb.tpft.unfreeze(bank.address, w.series, 1)
    bank.tpft.transfer(w.addr("BANK_B"), w.series, "0.02")


def test_dvp_approvals_and_parties(w: World) -> None:
    spare = w.tp(SPARE)
    w.tp("BCB").tpft.enable(spare.address)
    assert not spare.tpft.is_dvp_approved(spare.address)
    done = spare.approve_dvp()
    assert len(done) == 1 and spare.tpft.is_dvp_approved(spare.address)
    assert spare.approve_dvp() == []  # already approved: nothing sent
    a1 = w.tp("CUSTOMER_A1")
    before = a1.dvp_allowance(a1.address, w.cnpj8("BANK_A"))
    a1.approve_dvp("5.25", token=w.cnpj8("BANK_A"), bonds=False)
    assert a1.dvp_allowance(a1.address, w.cnpj8("BANK_A")) == before + Decimal("5.25")
    # A bank's wallet that is its Real Tokenizado's reserve also lets SwapOneStepFrom take as much on Real
    # Digital (its customers' trades with other banks' customers); any other wallet does not.
    bank = w.tp("BANK_A")
    assert bank.is_reserve() and not a1.is_reserve() and not w.tp("STN").is_reserve()
    assert bank.swap_allowance(bank.address) == BANK_RD  # given by the world's approve_dvp(BANK_RD)
    assert len(bank.approve_dvp("7", bonds=False)) == 2
    assert bank.swap_allowance(bank.address) == BANK_RD + 7
    assert bank.dvp_allowance(bank.address) == BANK_RD + 7
    assert len(bank.approve_dvp("1", bonds=False, reserve=False)) == 1
    assert bank.swap_allowance(bank.address) == BANK_RD + 7
    stn = w.tp("STN")
    assert len(stn.approve_dvp("1", bonds=False)) == 1 and stn.swap_allowance(stn.address) == 0
    # Customers are the wallets in KeyDictionary; they pay in their bank's Real Tokenizado.
    assert w.tp("BCB").dvp.is_customer(a1.address) and not w.tp("BCB").dvp.is_customer(w.addr("BANK_A"))
    assert a1.party(a1.address) == Party.customer(a1.address, w.token("BANK_A"))
    assert a1.party(w.addr("BANK_B")) == Party.participant(w.addr("BANK_B"))
    assert a1.party("22222222") == Party.institution("22222222")
    assert a1.dvp.check_party(a1.address, w.token("BANK_A")) is True
    with reverts("CustomerTokenMismatch", a1.address, w.token("BANK_B")):
        a1.dvp.check_party(a1.address, w.token("BANK_B"))
    with reverts("ParticipantRequired", a1.address):
        a1.dvp.check_participant(a1.address)
    with reverts("AccountNotEnabledForRealDigital", spare.address):
        a1.dvp.check_participant(spare.address)
