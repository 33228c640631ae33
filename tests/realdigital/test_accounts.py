"""STR (mint/burn requests), RealDigitalDefaultAccount, RealDigitalEnableAccount and
ApprovedDigitalCurrency: success paths and every rejection."""

from __future__ import annotations

from eth_utils import keccak
from web3.logs import DISCARD

from .helpers import BANK_RD, Money, reverts

ZERO = "0x" + "00" * 20


# ------------------------------------------------------------------------- STR


def test_request_to_mint_and_burn(money: Money) -> None:
    rd, str_, a = money.rd, money.str_, money.bank_a
    supply = money.supply(rd)
    receipt = money.tx(str_.functions.requestToMint(12_345), a)
    ev = rd.events.Transfer().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["from"], ev["to"], ev["value"]) == (ZERO, a.address, 12_345)
    assert money.bal(rd, a) == BANK_RD + 12_345
    money.tx(str_.functions.requestToBurn(10_000), a)  # no approve: STR burns the caller's own wallet
    assert money.bal(rd, a) == BANK_RD + 2_345
    assert money.supply(rd) == supply + 2_345


def test_str_rejections(money: Money) -> None:
    rd, str_, a = money.rd, money.str_, money.bank_a
    outsider = money.acct("CUSTOMER_A1")
    with reverts("NotParticipant", outsider.address):
        money.tx(str_.functions.requestToMint(1), outsider)
    with reverts("NotParticipant", outsider.address):
        money.tx(str_.functions.requestToBurn(1), outsider)
    with reverts("ZeroAmount"):
        money.tx(str_.functions.requestToMint(0), a)
    with reverts("ZeroAmount"):
        money.tx(str_.functions.requestToBurn(0), a)
    # Burning needs enough balance not frozen.
    with reverts("ERC20InsufficientBalance"):
        money.tx(str_.functions.requestToBurn(BANK_RD + 1), a)
    money.tx(rd.functions.increaseFrozenBalance(a.address, BANK_RD), money.bcb)
    with reverts("InsufficientUnfrozenBalance", a.address, 0, 1):
        money.tx(str_.functions.requestToBurn(1), a)
    # A disabled participant can no longer request.
    money.tx(rd.functions.disableAccount(a.address), money.bcb)
    with reverts("NotParticipant", a.address):
        money.tx(str_.functions.requestToMint(1), a)
    # Without MINTER_ROLE on Real Digital, STR cannot mint.
    money.tx(rd.functions.revokeRole(keccak(text="MINTER_ROLE"), str_.address), money.bcb)
    with reverts("AccessControlUnauthorizedAccount", str_.address, keccak(text="MINTER_ROLE")):
        money.tx(str_.functions.requestToMint(1), money.bank_b)


# ------------------------------------------------------------- default account


def test_default_account_registered_and_updated(money: Money) -> None:
    d, a = money.default, money.bank_a
    assert d.functions.defaultAccount(11111111).call() == a.address
    assert d.functions.defaultAccount(99999999).call() == ZERO
    new = money.acct(10)
    money.tx(money.enable.functions.enableAccount(new.address), a)  # one of BANK_A's own wallets
    receipt = money.tx(d.functions.updateDefaultWallet(11111111, new.address), a)
    ev = d.events.DefaultAccountUpdated().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["cnpj8"], ev["previousWallet"], ev["newWallet"]) == (11111111, a.address, new.address)
    assert d.functions.defaultAccount(11111111).call() == new.address
    # The old wallet is no longer the default: it cannot change it back.
    with reverts("NotDefaultAccount", 11111111, a.address):
        money.tx(d.functions.updateDefaultWallet(11111111, a.address), a)
    money.tx(d.functions.updateDefaultWallet(11111111, a.address), new)


def test_add_default_account(money: Money) -> None:
    d, bcb, rd = money.default, money.bcb, money.rd
    c = money.acct(11)
    # Enabled or not (pilot doc: no precondition); the wallet is bound to the CNPJ8, not enabled.
    receipt = money.tx(d.functions.addDefaultAccount(33333333, c.address), bcb)
    assert (
        d.events.DefaultAccountUpdated().process_receipt(receipt, errors=DISCARD)[0]["args"]["newWallet"]
        == c.address
    )
    bound = rd.events.ParticipantWalletBound().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (bound["wallet"], bound["cnpj8"]) == (c.address, 33333333)
    assert d.functions.defaultAccount(33333333).call() == c.address
    assert rd.functions.participantOf(c.address).call() == 33333333
    assert not rd.functions.verifyAccount(c.address).call()
    # The default wallet is used once enabled (here by BCB; the participant then enables more of its own).
    money.tx(rd.functions.enableAccount(c.address), bcb)
    money.tx(money.enable.functions.enableAccount(money.acct(12).address), c)
    assert rd.functions.participantOf(money.acct(12).address).call() == 33333333


def test_default_account_rejections(money: Money) -> None:
    d, bcb, a, b = money.default, money.bcb, money.bank_a, money.bank_b
    with reverts("DefaultAccountAlreadySet", 11111111, a.address):
        money.tx(d.functions.addDefaultAccount(11111111, b.address), bcb)
    with reverts("AccessControlUnauthorizedAccount", a.address, keccak(text="ACCESS_ROLE")):
        money.tx(d.functions.addDefaultAccount(33333333, a.address), a)
    with reverts("InvalidCnpj8"):
        money.tx(d.functions.addDefaultAccount(0, a.address), bcb)
    with reverts("InvalidParticipantCnpj8", 100_000_000):
        money.tx(d.functions.addDefaultAccount(100_000_000, money.acct(12).address), bcb)
    # A wallet of another participant cannot become this participant's default.
    with reverts("WalletOfAnotherParticipant", a.address, 11111111):
        money.tx(d.functions.addDefaultAccount(33333333, a.address), bcb)
    with reverts("NotDefaultAccount", 11111111, b.address):
        money.tx(d.functions.updateDefaultWallet(11111111, b.address), b)
    with reverts("NotDefaultAccount", 33333333, a.address):
        money.tx(d.functions.updateDefaultWallet(33333333, a.address), a)
    with reverts("WalletNotOfParticipant", 11111111, money.acct(12).address, 0):
        money.tx(d.functions.updateDefaultWallet(11111111, money.acct(12).address), a)
    # One of its own wallets that is not enabled (bound by BCB) is refused as well.
    money.tx(money.rd.functions.setParticipantWallet(money.acct(12).address, 11111111), bcb)
    with reverts("WalletNotEnabled", money.acct(12).address):
        money.tx(d.functions.updateDefaultWallet(11111111, money.acct(12).address), a)
    money.tx(money.rd.functions.disableAccount(a.address), bcb)
    with reverts("WalletNotEnabled", a.address):
        money.tx(d.functions.updateDefaultWallet(11111111, b.address), a)


# -------------------------------------------------------------- enable account


def test_participant_enables_and_disables_its_wallets(money: Money) -> None:
    e, rd, a = money.enable, money.rd, money.bank_a
    w = money.acct(13)
    receipt = money.tx(e.functions.enableAccount(w.address), a)
    assert (
        rd.events.EnabledAccount().process_receipt(receipt, errors=DISCARD)[0]["args"]["member"] == w.address
    )
    assert rd.functions.verifyAccount(w.address).call()
    money.tx(rd.functions.transfer(w.address, 5), a)
    # The new wallet can itself enable another one, then disable itself.
    w2 = money.acct(14)
    money.tx(e.functions.enableAccount(w2.address), w)
    assert rd.functions.verifyAccount(w2.address).call()
    receipt = money.tx(e.functions.disableAccount(), w)
    assert (
        rd.events.DisabledAccount().process_receipt(receipt, errors=DISCARD)[0]["args"]["member"] == w.address
    )
    assert not rd.functions.verifyAccount(w.address).call()


def test_enable_account_rejections(money: Money) -> None:
    e = money.enable
    outsider = money.acct(15)
    with reverts("NotParticipant", outsider.address):
        money.tx(e.functions.enableAccount(outsider.address), outsider)
    with reverts("NotParticipant", outsider.address):
        money.tx(e.functions.disableAccount(), outsider)
    with reverts("InvalidAccount", ZERO):
        money.tx(e.functions.enableAccount(ZERO), money.bank_a)
    # An enabled wallet bound to no participant (enabled by BCB directly) enables nobody.
    money.tx(money.rd.functions.enableAccount(outsider.address), money.bcb)
    with reverts("NotParticipant", outsider.address):
        money.tx(e.functions.enableAccount(money.acct(16).address), outsider)
    # Without REGISTRAR_ROLE on Real Digital the contract cannot enable anyone.
    money.tx(money.rd.functions.revokeRole(keccak(text="REGISTRAR_ROLE"), e.address), money.bcb)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(e.functions.enableAccount(money.acct(16).address), money.bank_a)


# ------------------------------------------------------ approved digital currency


def test_approved_digital_currency(money: Money) -> None:
    adc, bcb = money.adc, money.bcb
    token = money.rt_a.address
    receipt = money.tx(adc.functions.setDigitalCurrencyApproval(token, False), bcb)
    ev = adc.events.DigitalCurrencyApprovalUpdated().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["asset"], ev["approved"]) == (token, False)
    assert not adc.functions.approvedDigitalCurrency(token).call()
    money.tx(adc.functions.setDigitalCurrencyApproval(token, True), bcb)
    assert adc.functions.approvedDigitalCurrency(token).call()
    with reverts("AccessControlUnauthorizedAccount", money.bank_a.address, keccak(text="ACCESS_ROLE")):
        money.tx(adc.functions.setDigitalCurrencyApproval(token, False), money.bank_a)
    with reverts("InvalidAsset"):
        money.tx(adc.functions.setDigitalCurrencyApproval(ZERO, True), bcb)
