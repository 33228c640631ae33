"""The TPFt token: series by acronym/code/maturity, 2 decimals, STN minting and direct placement, enabled
holders only, frozen balances, per-series and global pause, maturity, burn and payment-status roles."""

from __future__ import annotations

from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from drex.pricing.settlement import financial_value
from drex.testing import reverts
from hypothesis_profiles import examples

from .helpers import SENDER, World, fv


def test_series_and_metadata(w: World) -> None:
    assert w.view(w.tpft.functions.name()) == "TPFt"
    assert w.view(w.tpft.functions.decimals()) == 2
    assert w.view(w.tpft.functions.getTPFtId(w.series)) == w.series_id
    assert w.view(w.tpft.functions.getTPFtId(("LTN", "nope", 1))) == 0
    assert tuple(w.view(w.tpft.functions.getTPFtData(w.series_id))) == w.series
    with reverts("TPFtAlreadyExists", w.series_id):
        w.tx(w.tpft.functions.createTPFt(w.series), "STN")
    with reverts("InvalidTPFtData"):
        w.tx(w.tpft.functions.createTPFt(("", "1", 1)), "STN")
    # a series maturing at or before the block time would be born matured (stricter than the pilot)
    for past in (1, w.chain.timestamp() - 86_400, w.chain.timestamp()):
        with reverts("TPFtMaturityInPast") as info:
            w.tx(w.tpft.functions.createTPFt(("LTN", "100000", past)), "STN")
        assert info.value is not None and info.value.args[0] == past and info.value.args[1] > past
    with reverts("OnlyMinterContract"):
        w.tx(w.tpft.functions.createTPFt(("NTN-B", "760199", w.series[2])), "BANK_A")
    with reverts("OnlyMinterContract"):
        w.tx(w.tpft.functions.mint(w.addr("STN"), w.series_id, 100), "BANK_A")
    with reverts("TPFtNotFound", 99):
        w.tx(w.tpft.functions.mint(w.addr("STN"), 99, 100), "STN")
    before = w.bonds("STN")
    w.tx(w.tpft.functions.mint(w.addr("STN"), w.series_id, 100), "STN")
    assert w.bonds("STN") == before + 100


def test_only_enabled_wallets_hold(w: World) -> None:
    stranger = w.addr(9)
    with reverts("TPFtAccountNotEnabled", stranger):
        w.tx(w.tpft.functions.directPlacement(w.addr("STN"), stranger, w.series, 100), "STN")
    with reverts("OnlyDirectPlacementContract"):
        w.tx(w.tpft.functions.directPlacement(w.addr("STN"), w.addr("BANK_A"), w.series, 100), "BANK_A")
    # A participant (enabled in TPFt and Real Digital) may enable wallets; a customer may not.
    with reverts("TPFtEnablerNotAllowed", w.addr("CUSTOMER_A1")):
        w.tx(w.tpft.functions.enableAddress(stranger), "CUSTOMER_A1")
    # A participant enables only its own wallets and customers (issue 9, finding 5).
    with reverts("TPFtWalletNotOfParticipant", stranger, 0, 11111111):
        w.tx(w.tpft.functions.enableAddress(stranger), "BANK_A")
    # BANK_A makes it one of its own wallets: enabling it on Real Digital binds it to BANK_A's CNPJ8.
    w.tx(w.RealDigitalEnableAccount.functions.enableAccount(stranger), "BANK_A")
    w.tx(w.tpft.functions.enableAddress(stranger), "BANK_A")
    assert w.view(w.tpft.functions.isEnabledAddress(stranger))
    with reverts("TPFtWalletNotOfParticipant", stranger, 11111111, 22222222):
        w.tx(w.tpft.functions.disableAddress(stranger), "BANK_B")
    w.tx(w.tpft.functions.disableAddress(stranger), "BANK_A")
    assert not w.view(w.tpft.functions.isEnabledAddress(stranger))


def test_frozen_balance(w: World) -> None:
    a, b = w.addr("BANK_A"), w.addr("BANK_B")
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.tpft.functions.increaseFrozenBalance(a, w.series, 100), "BANK_B")
    w.tx(w.tpft.functions.allowFreezingPlacement(w.addr("BCB")), "BCB")
    bal = w.bonds("BANK_A")
    with reverts("TPFtFreezeExceedsBalance", a, w.series_id, bal, bal + 1):
        w.tx(w.tpft.functions.increaseFrozenBalance(a, w.series, bal + 1), "BCB")
    w.tx(w.tpft.functions.increaseFrozenBalance(a, w.series, bal - 50), "BCB")
    assert w.view(w.tpft.functions.frozenBalanceOf(a, w.series_id)) == bal - 50
    with reverts("TPFtInsufficientUnfrozenBalance", a, w.series_id, 50, 51):
        w.tx(w.tpft.functions.safeTransferFrom(a, b, w.series_id, 51, b""), "BANK_A")
    w.tx(w.tpft.functions.safeTransferFrom(a, b, w.series_id, 50, b""), "BANK_A")
    with reverts("TPFtInsufficientFrozenBalance", a, w.series_id, bal - 50, bal):
        w.tx(w.tpft.functions.decreaseFrozenBalance(a, w.series, bal), "BCB")
    w.tx(w.tpft.functions.decreaseFrozenBalance(a, w.series, bal - 50), "BCB")
    w.tx(w.tpft.functions.safeTransferFrom(a, b, w.series_id, 10, b""), "BANK_A")


def test_pauses_and_burn_roles(w: World) -> None:
    a, b = w.addr("BANK_A"), w.addr("BANK_B")
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.tpft.functions.setTpftIdToPaused(w.series_id, True), "BCB")
    w.tx(w.tpft.functions.grantRole(w.role_id("REPAYMENT_ROLE"), w.addr("BCB")), "BCB")
    w.tx(w.tpft.functions.setTpftIdToPaused(w.series_id, True), "BCB")
    assert w.view(w.tpft.functions.isTpftIdPaused(w.series_id))
    with reverts("TPFtIdPaused", w.series_id):
        w.tx(w.tpft.functions.safeTransferFrom(a, b, w.series_id, 1, b""), "BANK_A")
    # A paused series can still be burned (repayment); only REPAYMENT_ROLE burns others' bonds.
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.tpft.functions.burn(a, w.series_id, 1), "BANK_A")
    w.tx(w.tpft.functions.burn(a, w.series, 1), "BCB")
    w.tx(w.tpft.functions.setPaymentStatus(a, w.series_id, True), "BCB")
    assert w.view(w.tpft.functions.getPaymentStatus(a, w.series_id))
    w.tx(w.tpft.functions.setTpftIdToPaused(w.series_id, False), "BCB")
    # The Treasury may burn its own bonds only.
    w.tx(w.tpft.functions.burn(w.addr("STN"), w.series_id, 1), "STN")
    w.tx(w.tpft.functions.revokeRole(w.role_id("REPAYMENT_ROLE"), w.addr("BCB")), "BCB")
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.tpft.functions.burn(a, w.series_id, 1), "STN")
    # Global pause stops everything; only the admin pauses.
    with reverts("AccessControlUnauthorizedAccount"):
        w.tx(w.tpft.functions.pause(), "STN")
    w.tx(w.tpft.functions.pause(), "BCB")
    with reverts("EnforcedPause"):
        w.tx(w.tpft.functions.safeTransferFrom(a, b, w.series_id, 1, b""), "BANK_A")
    w.tx(w.tpft.functions.unpause(), "BCB")


def test_role_helpers(w: World) -> None:
    x = w.addr(10)
    for fn, role in (
        ("allowTPFtMint", "MINTER_ROLE"),
        ("allowDirectPlacement", "DIRECT_PLACEMENT_ROLE"),
        ("allowAuctionPlacement", "AUCTION_PLACEMENT_ROLE"),
        ("allowFreezingPlacement", "FREEZER_ROLE"),
    ):
        with reverts("AccessControlUnauthorizedAccount"):
            w.tx(w.tpft.functions[fn](x), "STN")
        w.tx(w.tpft.functions[fn](x), "BCB")
        assert w.view(w.tpft.functions.hasRole(w.role_id(role), x)), role


# Examples share the test's chain state: each registers a fresh operation id and cancels it.
@examples(15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.integers(min_value=1, max_value=9_000), price=st.integers(min_value=1, max_value=10**13))
def test_financial_value_rule_matches_python(w: World, amount: int, price: int) -> None:
    """On-chain value (event of a registered command) == quantity × price // 1e8 == the pricing package."""
    op = w.new_id()
    fn = w.op1052.functions.trade(op, w.addr("BANK_A"), w.addr("BANK_B"), SENDER, w.series, amount, price)
    if fv(amount, price) == 0:
        with reverts("ZeroFinancialValue"):
            w.tx(fn, "BANK_A")
        return
    receipt = w.tx(fn, "BANK_A")
    (ev,) = w.events(w.op1052, "OperationTradeEvent", receipt)
    assert ev.args.financialValue == amount * price // 10**8 == financial_value(amount, price)
    w.tx(w.op1052.functions.cancel(op, "property test"), "BANK_A")


def test_plain_transfer_between_enabled_wallets(w: World) -> None:
    """Holders may move bonds free of payment between enabled wallets (no DvP involved)."""
    before = w.bonds("BANK_B")
    w.tx(w.tpft.functions.safeTransferFrom(w.addr("BANK_A"), w.addr("BANK_B"), w.series_id, 7, b""), "BANK_A")
    assert w.bonds("BANK_B") == before + 7
