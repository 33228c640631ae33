"""Real Digital and Real Tokenizado: metadata, roles, enabled accounts, mint/burn/move, allowances, frozen
balances, pause, reserve; and the deployment's wiring of the money layer."""

from __future__ import annotations

from eth_utils import keccak
from web3.contract import Contract
from web3.logs import DISCARD

from .helpers import BANK_RD, CUSTOMER_RT, Money, reverts

ROLES = ("ACCESS_ROLE", "MINTER_ROLE", "BURNER_ROLE", "MOVER_ROLE", "PAUSER_ROLE", "FREEZER_ROLE")


def test_metadata(money: Money) -> None:
    rd, rt_a = money.rd, money.rt_a
    assert (rd.functions.name().call(), rd.functions.symbol().call(), rd.functions.decimals().call()) == (
        "Real Digital",
        "BRL",
        2,
    )
    assert rt_a.functions.name().call() == "RealTokenizado@11111111"
    assert rt_a.functions.symbol().call() == "BRL@11111111"
    assert rt_a.functions.decimals().call() == 2
    assert rt_a.functions.cnpj8().call() == 11111111
    assert rt_a.functions.participant().call() == "Banco A S.A."
    assert rt_a.functions.reserve().call() == money.bank_a.address
    assert money.rt_b.functions.cnpj8().call() == 22222222


def test_roles_of_authority_and_admin(money: Money) -> None:
    admin = money.role(money.rd, "DEFAULT_ADMIN_ROLE")
    for role in ROLES:
        rid = money.role(money.rd, role)
        assert rid == keccak(text=role)
        assert money.rd.functions.hasRole(rid, money.bcb.address).call()
        # Real Tokenizado: the institution is the authority, BCB only the admin.
        assert money.rt_a.functions.hasRole(rid, money.bank_a.address).call()
        assert not money.rt_a.functions.hasRole(rid, money.bcb.address).call()
    assert money.rd.functions.hasRole(admin, money.bcb.address).call()
    assert money.rt_a.functions.hasRole(admin, money.bcb.address).call()
    assert not money.rt_a.functions.hasRole(admin, money.bank_a.address).call()


def test_deployment_wiring(money: Money) -> None:
    rd, rt_a, rt_b = money.rd, money.rt_a, money.rt_b

    def has(c: Contract, role: str, who: Contract) -> bool:
        return bool(c.functions.hasRole(keccak(text=role), who.address).call())

    # STR mints, and burns the caller's own wallet with moveAndBurn (no BURNER_ROLE, no approve needed).
    assert has(rd, "MINTER_ROLE", money.str_) and has(rd, "MOVER_ROLE", money.str_)
    assert not has(rd, "BURNER_ROLE", money.str_)
    # The enable-account and default-account contracts only bind wallets (no ACCESS_ROLE: they cannot lift
    # BCB's disable nor enable another participant's wallet).
    for registrar in (money.enable, money.default):
        assert has(rd, "REGISTRAR_ROLE", registrar) and not has(rd, "ACCESS_ROLE", registrar)
    assert has(rd, "FREEZER_ROLE", money.two)
    for cnpj8 in (11111111, 22222222, 394460, 38166):
        assert money.str_.functions.mintLimit(cnpj8).call() == 100_000_000_000
    for bank, cnpj8 in ((money.bank_a, 11111111), (money.bank_b, 22222222)):
        assert rd.functions.participantOf(bank.address).call() == cnpj8
    for token in (rt_a, rt_b):
        assert token.functions.realDigital().call() == rd.address
        for swap in (money.one, money.two, money.escrow, money.one_from):
            assert has(token, "MINTER_ROLE", swap) and has(token, "BURNER_ROLE", swap)
            for registry in (money.one, money.two, money.escrow, money.one_from, money.adc):
                assert registry.functions.approvedDigitalCurrency(token.address).call()
        assert has(token, "FREEZER_ROLE", money.two)
        assert token.functions.verifyAccount(money.escrow.address).call()
    assert rt_a.functions.verifyAccount(money.bank_a.address).call()
    assert rt_b.functions.verifyAccount(money.bank_b.address).call()
    for bank in (money.bank_a, money.bank_b):
        assert rd.functions.authorizedAccounts(bank.address).call()
    assert rd.functions.verifyAccount(money.escrow.address).call()
    assert money.default.functions.defaultAccount(11111111).call() == money.bank_a.address
    assert money.default.functions.defaultAccount(22222222).call() == money.bank_b.address
    discovery = money.chain.at("AddressDiscovery", money.manifest.address("AddressDiscovery"))
    for name in ("RealDigital", "STR", "KeyDictionary", "SwapOneStep", "RealTokenizado@22222222"):
        assert discovery.functions.addressDiscovery(keccak(text=name)).call() == money.manifest.address(name)
    # No customer is enabled on Real Digital by the deployment.
    assert not rd.functions.verifyAccount(money.acct("CUSTOMER_A1").address).call()


def test_supports_interface(money: Money) -> None:
    assert money.rd.functions.supportsInterface(bytes.fromhex("36372b07")).call()  # IERC20
    assert money.rd.functions.supportsInterface(bytes.fromhex("7965db0b")).call()  # IAccessControl
    assert not money.rd.functions.supportsInterface(bytes.fromhex("ffffffff")).call()


# ------------------------------------------------------------------- enable / disable


def test_enable_and_disable_account(money: Money) -> None:
    x = money.acct(10)
    receipt = money.tx(money.rd.functions.enableAccount(x.address), money.bcb)
    assert (
        money.rd.events.EnabledAccount().process_receipt(receipt, errors=DISCARD)[0]["args"]["member"]
        == x.address
    )
    assert money.rd.functions.verifyAccount(x.address).call()
    receipt = money.tx(money.rd.functions.disableAccount(x.address), money.bcb)
    assert (
        money.rd.events.DisabledAccount().process_receipt(receipt, errors=DISCARD)[0]["args"]["member"]
        == x.address
    )
    assert not money.rd.functions.authorizedAccounts(x.address).call()


def test_enable_rejections(money: Money) -> None:
    x = money.acct(10)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(money.rd.functions.enableAccount(x.address), money.bank_a)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(money.rd.functions.disableAccount(money.bank_a.address), money.bank_b)
    with reverts("InvalidAccount", "0x0000000000000000000000000000000000000000"):
        money.tx(money.rd.functions.enableAccount("0x" + "00" * 20), money.bcb)
    # On a Real Tokenizado the institution enables wallets, and BCB (the admin) may too; nobody else.
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(money.rt_a.functions.enableAccount(x.address), money.bank_b)
    money.tx(money.rt_a.functions.enableAccount(x.address), money.bcb)


# ------------------------------------------------------------------------ mint


def test_mint(money: Money) -> None:
    supply = money.supply(money.rd)
    receipt = money.tx(money.rd.functions.mint(money.bank_a.address, 250), money.bcb)
    ev = money.rd.events.Transfer().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["from"], ev["to"], ev["value"]) == ("0x" + "00" * 20, money.bank_a.address, 250)
    assert money.bal(money.rd, money.bank_a) == BANK_RD + 250
    assert money.supply(money.rd) == supply + 250


def test_mint_rejections(money: Money) -> None:
    customer = money.acct("CUSTOMER_A1")
    with reverts("AccountNotEnabled", customer.address):
        money.tx(money.rd.functions.mint(customer.address, 1), money.bcb)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(money.rd.functions.mint(money.bank_a.address, 1), money.bank_a)
    # The customer is enabled on its bank's Real Tokenizado, not on the other bank's.
    with reverts("AccountNotEnabled", customer.address):
        money.tx(money.rt_b.functions.mint(customer.address, 1), money.bank_b)


# --------------------------------------------------------------- transfers


def test_transfer_between_enabled_wallets(money: Money) -> None:
    receipt = money.tx(money.rd.functions.transfer(money.bank_b.address, 300), money.bank_a)
    assert money.rd.events.Transfer().process_receipt(receipt, errors=DISCARD)[0]["args"]["value"] == 300
    assert money.bal(money.rd, money.bank_a) == BANK_RD - 300
    assert money.bal(money.rd, money.bank_b) == BANK_RD + 300


def test_transfer_rejections(money: Money) -> None:
    outsider = money.acct(11)
    with reverts("AccountNotEnabled", outsider.address):
        money.tx(money.rd.functions.transfer(outsider.address, 1), money.bank_a)
    with reverts("ERC20InsufficientBalance", money.bank_a.address, BANK_RD, BANK_RD + 1):
        money.tx(money.rd.functions.transfer(money.bank_b.address, BANK_RD + 1), money.bank_a)
    # A disabled wallet keeps its balance but can no longer send it.
    money.tx(money.rd.functions.disableAccount(money.bank_a.address), money.bcb)
    with reverts("AccountNotEnabled", money.bank_a.address):
        money.tx(money.rd.functions.transfer(money.bank_b.address, 1), money.bank_a)
    assert money.bal(money.rd, money.bank_a) == BANK_RD


def test_real_tokenizado_only_enabled_holders(money: Money) -> None:
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    with reverts("AccountNotEnabled", b1.address):
        money.tx(money.rt_a.functions.transfer(b1.address, 1), a1)
    a2 = money.acct("CUSTOMER_A2")
    money.tx(money.rt_a.functions.transfer(a2.address, 10), a1)
    assert money.bal(money.rt_a, a2) == CUSTOMER_RT + 10


# --------------------------------------------------------------- allowances


def test_allowances(money: Money) -> None:
    spender = money.acct(12)
    rd, a = money.rd, money.bank_a
    money.tx(rd.functions.approve(spender.address, 100), a)
    money.tx(rd.functions.increaseAllowance(spender.address, 50), a)
    assert rd.functions.allowance(a.address, spender.address).call() == 150
    money.tx(rd.functions.decreaseAllowance(spender.address, 20), a)
    assert rd.functions.allowance(a.address, spender.address).call() == 130
    with reverts("ERC20FailedDecreaseAllowance", spender.address, 130, 131):
        money.tx(rd.functions.decreaseAllowance(spender.address, 131), a)
    money.tx(rd.functions.transferFrom(a.address, money.bank_b.address, 30), spender)
    assert rd.functions.allowance(a.address, spender.address).call() == 100
    assert money.bal(rd, money.bank_b) == BANK_RD + 30
    with reverts("ERC20InsufficientAllowance", spender.address, 100, 101):
        money.tx(rd.functions.transferFrom(a.address, money.bank_b.address, 101), spender)


# ------------------------------------------------------------------------ burn


def test_burn_and_burn_from(money: Money) -> None:
    rd, bcb, a = money.rd, money.bcb, money.bank_a
    supply = money.supply(rd)
    # burn: a BURNER_ROLE holder burns its own (enabled) balance.
    money.tx(rd.functions.grantRole(keccak(text="BURNER_ROLE"), a.address), bcb)
    money.tx(rd.functions.burn(100), a)
    assert money.bal(rd, a) == BANK_RD - 100
    # burnFrom: BURNER_ROLE and an allowance.
    money.tx(rd.functions.approve(bcb.address, 60), money.bank_b)
    money.tx(rd.functions.burnFrom(money.bank_b.address, 60), bcb)
    assert money.bal(rd, money.bank_b) == BANK_RD - 60
    assert money.supply(rd) == supply - 160
    assert rd.functions.allowance(money.bank_b.address, bcb.address).call() == 0


def test_burn_rejections(money: Money) -> None:
    rd, b = money.rd, money.bank_b
    with reverts("AccessControlUnauthorizedAccount", b.address, keccak(text="BURNER_ROLE")):
        money.tx(rd.functions.burn(1), b)
    money.tx(rd.functions.approve(money.bank_a.address, 10), b)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rd.functions.burnFrom(b.address, 10), money.bank_a)
    with reverts("ERC20InsufficientAllowance"):
        money.tx(rd.functions.burnFrom(b.address, 10), money.bcb)
    # BCB is not an enabled wallet: it cannot burn (nor hold) Real Digital itself.
    with reverts("AccountNotEnabled", money.bcb.address):
        money.tx(rd.functions.burn(0), money.bcb)


# ------------------------------------------------------------------------ move


def test_move_and_move_and_burn(money: Money) -> None:
    rd, bcb = money.rd, money.bcb
    supply = money.supply(rd)
    money.tx(rd.functions.move(money.bank_a.address, money.bank_b.address, 400), bcb)
    assert (money.bal(rd, money.bank_a), money.bal(rd, money.bank_b)) == (BANK_RD - 400, BANK_RD + 400)
    money.tx(rd.functions.moveAndBurn(money.bank_b.address, 100), bcb)
    assert money.bal(rd, money.bank_b) == BANK_RD + 300
    assert money.supply(rd) == supply - 100


def test_move_rejections(money: Money) -> None:
    rd = money.rd
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rd.functions.move(money.bank_a.address, money.bank_b.address, 1), money.bank_b)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rd.functions.moveAndBurn(money.bank_a.address, 1), money.bank_b)
    with reverts("AccountNotEnabled"):
        money.tx(rd.functions.move(money.bank_a.address, money.acct(13).address, 1), money.bcb)
    with reverts("ERC20InsufficientBalance"):
        money.tx(rd.functions.moveAndBurn(money.bank_a.address, BANK_RD + 1), money.bcb)


# ------------------------------------------------------------------ frozen balances


def test_frozen_balance_is_never_spendable(money: Money) -> None:
    rd, bcb, a, b = money.rd, money.bcb, money.bank_a, money.bank_b
    receipt = money.tx(rd.functions.increaseFrozenBalance(a.address, 700_000), bcb)
    ev = rd.events.FrozenBalance().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["wallet"], ev["amount"]) == (a.address, 700_000)
    assert money.frozen(rd, a) == 700_000
    available = BANK_RD - 700_000
    with reverts("InsufficientUnfrozenBalance", a.address, available, available + 1):
        money.tx(rd.functions.transfer(b.address, available + 1), a)
    # Neither the mover nor a burner nor an allowance can take frozen funds.
    with reverts("InsufficientUnfrozenBalance"):
        money.tx(rd.functions.move(a.address, b.address, available + 1), bcb)
    with reverts("InsufficientUnfrozenBalance"):
        money.tx(rd.functions.moveAndBurn(a.address, available + 1), bcb)
    money.tx(rd.functions.approve(b.address, BANK_RD), a)
    with reverts("InsufficientUnfrozenBalance"):
        money.tx(rd.functions.transferFrom(a.address, b.address, BANK_RD), b)
    # The part not frozen moves.
    money.tx(rd.functions.transfer(b.address, available), a)
    assert money.bal(rd, a) == 700_000
    with reverts("InsufficientUnfrozenBalance", a.address, 0, 1):
        money.tx(rd.functions.transfer(b.address, 1), a)
    # Unfreezing releases it.
    receipt = money.tx(rd.functions.decreaseFrozenBalance(a.address, 200_000), bcb)
    assert rd.events.FrozenBalance().process_receipt(receipt, errors=DISCARD)[0]["args"]["amount"] == 500_000
    money.tx(rd.functions.transfer(b.address, 200_000), a)
    assert money.bal(rd, a) == 500_000


def test_freeze_beyond_balance_blocks_everything(money: Money) -> None:
    rd, a = money.rd, money.bank_a
    money.tx(rd.functions.increaseFrozenBalance(a.address, BANK_RD * 2), money.bcb)
    with reverts("InsufficientUnfrozenBalance", a.address, 0, 1):
        money.tx(rd.functions.transfer(money.bank_b.address, 1), a)
    with reverts("InsufficientUnfrozenBalance", a.address, 0, 0):  # not even zero
        money.tx(rd.functions.transfer(money.bank_b.address, 0), a)
    # Incoming funds are still received (and stay frozen up to the frozen amount).
    money.tx(rd.functions.transfer(a.address, 10), money.bank_b)
    assert money.bal(rd, a) == BANK_RD + 10


def test_frozen_balance_rejections(money: Money) -> None:
    rd, a = money.rd, money.bank_a
    with reverts("AccessControlUnauthorizedAccount", a.address, keccak(text="FREEZER_ROLE")):
        money.tx(rd.functions.increaseFrozenBalance(a.address, 1), a)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rd.functions.decreaseFrozenBalance(a.address, 0), a)
    money.tx(rd.functions.increaseFrozenBalance(a.address, 5), money.bcb)
    with reverts("InsufficientFrozenBalance", a.address, 5, 6):
        money.tx(rd.functions.decreaseFrozenBalance(a.address, 6), money.bcb)
    with reverts("InvalidAccount"):
        money.tx(rd.functions.increaseFrozenBalance("0x" + "00" * 20, 1), money.bcb)


# ------------------------------------------------------------------------ pause


def test_pause_stops_every_movement(money: Money) -> None:
    rd, bcb, a, b = money.rd, money.bcb, money.bank_a, money.bank_b
    receipt = money.tx(rd.functions.pause(), bcb)
    assert rd.events.Paused().process_receipt(receipt, errors=DISCARD)[0]["args"]["account"] == bcb.address
    assert rd.functions.paused().call()
    with reverts("EnforcedPause"):
        money.tx(rd.functions.transfer(b.address, 1), a)
    with reverts("EnforcedPause"):
        money.tx(rd.functions.mint(a.address, 1), bcb)
    with reverts("EnforcedPause"):
        money.tx(rd.functions.moveAndBurn(a.address, 1), bcb)
    with reverts("EnforcedPause"):
        money.tx(money.str_.functions.requestToMint(1), a)
    with reverts("EnforcedPause"):
        money.tx(rd.functions.pause(), bcb)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rd.functions.unpause(), a)
    receipt = money.tx(rd.functions.unpause(), bcb)
    assert rd.events.Unpaused().process_receipt(receipt, errors=DISCARD)
    money.tx(rd.functions.transfer(b.address, 1), a)
    with reverts("ExpectedPause"):
        money.tx(rd.functions.unpause(), bcb)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rd.functions.pause(), a)


# --------------------------------------------------------------------- reserve


def test_update_reserve(money: Money) -> None:
    rt, a = money.rt_a, money.bank_a
    new = money.acct(14)
    money.tx(money.enable.functions.enableAccount(new.address), a)  # one of BANK_A's own wallets
    receipt = money.tx(rt.functions.updateReserve(new.address), a)
    ev = rt.events.ReserveUpdated().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["previousReserve"], ev["newReserve"]) == (a.address, new.address)
    assert rt.functions.reserve().call() == new.address
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rt.functions.updateReserve(a.address), money.bcb)
    with reverts("InvalidAccount"):
        money.tx(rt.functions.updateReserve("0x" + "00" * 20), a)
    # Only BCB points the token at Real Digital's participant registry; without it no reserve can change.
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rt.functions.setRealDigital(a.address), a)
    c = money.chain.deploy(
        "RealTokenizado",
        "RT@3",
        "BRL@3",
        a.address,
        money.bcb.address,
        "C",
        33333333,
        a.address,
        sender=money.bcb,
    )
    with reverts("RealDigitalNotSet"):
        money.tx(c.functions.updateReserve(new.address), a)


def test_real_tokenizado_requires_a_reserve(money: Money) -> None:
    with reverts("InvalidAccount"):
        money.chain.deploy(
            "RealTokenizado",
            "RealTokenizado@33333333",
            "BRL@33333333",
            money.acct(15).address,
            money.bcb.address,
            "Banco C",
            33333333,
            "0x" + "00" * 20,
            sender=money.bcb,
        )


def test_admin_can_replace_the_authority(money: Money) -> None:
    rd, bcb, new = money.rd, money.bcb, money.acct(16)
    minter = keccak(text="MINTER_ROLE")
    money.tx(rd.functions.grantRole(minter, new.address), bcb)
    money.tx(rd.functions.revokeRole(minter, bcb.address), bcb)
    money.tx(rd.functions.mint(money.bank_a.address, 1), new)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rd.functions.mint(money.bank_a.address, 1), bcb)
    with reverts("AccessControlUnauthorizedAccount"):
        money.tx(rd.functions.grantRole(minter, new.address), money.bank_a)
