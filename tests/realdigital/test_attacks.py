"""Issue 9, money layer: each attack performed exactly as a hostile participant would (signed by its own
wallet), now failing with a specific custom error, next to the legitimate use that must keep working.

Findings covered: 1 (Real Tokenizado reserve redirect, at ``updateReserve`` and at use in every swap),
2 (default-wallet redirect), 3/4 (KeyDictionary squatting of a bank's or the Treasury's wallet),
6 (BCB's disable bypassed through RealDigitalEnableAccount), 9 (SwapTwoStepsReserve settling for a payer
BCB disabled), 11 (unbounded STR mint); plus SwapTwoSteps releasing only what is not BCB's hold.
"""

from __future__ import annotations

from eth_utils import keccak

from .helpers import BANK_RD, BIG, CUSTOMER_RT, Money, reverts

A, B = 11111111, 22222222
STN_CNPJ8, BCB_CNPJ8 = 394460, 38166
#: Dev accounts no deployment step uses: a bank's second wallet, an outsider's wallet.
SECOND_A, SECOND_B, OUTSIDER = 10, 11, 12


def _second_wallet(money: Money, bank: str, index: int) -> str:
    """The bank enables one more wallet of its own through RealDigitalEnableAccount (bound to its CNPJ8)."""
    w = money.acct(index).address
    money.tx(money.enable.functions.enableAccount(w), money.acct(bank))
    return str(w)


def _key(text: str) -> bytes:
    return keccak(text=text)


# ------------------------------------------------------------ finding 1: reserve


def test_bank_cannot_name_another_banks_wallet_as_its_reserve(money: Money) -> None:
    rt_a, a, b = money.rt_a, money.bank_a, money.bank_b
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, b.address):
        money.tx(rt_a.functions.updateReserve(b.address), a)
    # Nor a wallet of nobody's (enabled by BCB but bound to no participant).
    stray = money.acct(OUTSIDER).address
    money.tx(money.rd.functions.enableAccount(stray), money.bcb)
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, stray):
        money.tx(rt_a.functions.updateReserve(stray), a)
    assert rt_a.functions.reserve().call() == a.address


def test_bank_names_its_own_second_wallet_as_reserve_and_swaps_pay_from_it(money: Money) -> None:
    rt_a, a = money.rt_a, money.bank_a
    w = _second_wallet(money, "BANK_A", SECOND_A)
    money.tx(money.rd.functions.transfer(w, 50_000), a)
    money.tx(rt_a.functions.updateReserve(w), a)
    assert rt_a.functions.reserve().call() == w
    money.tx(money.rd.functions.approve(money.one.address, BIG), money.acct(SECOND_A))
    b_reserve = money.bal(money.rd, money.bank_b)
    money.tx(
        money.one.functions.executeSwap(
            rt_a.address, money.rt_b.address, money.acct("CUSTOMER_B1").address, 700
        ),
        money.acct("CUSTOMER_A1"),
    )
    assert money.bal(money.rd, w) == 50_000 - 700
    assert money.bal(money.rd, money.bank_b) == b_reserve + 700


def test_every_swap_rechecks_both_reserves_at_use(money: Money) -> None:
    """A reserve that stopped belonging to its bank (BCB moved the wallet's binding) pays and receives
    nothing, on either side of any swap, even though the token still names it."""
    rt_a, rt_b, a = money.rt_a, money.rt_b, money.bank_a
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    money.tx(money.rd.functions.setParticipantWallet(a.address, B), money.bcb)  # BANK_A's reserve is B's now
    before = (money.bal(money.rd, a), money.bal(money.rd, money.bank_b))
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, a.address):  # paying side
        money.tx(money.one.functions.executeSwap(rt_a.address, rt_b.address, b1.address, 100), a1)
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, a.address):  # receiving side
        money.tx(money.one.functions.executeSwap(rt_b.address, rt_a.address, a1.address, 100), b1)
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, a.address):
        money.tx(money.two.functions.startSwap(rt_b.address, rt_a.address, a1.address, 100), b1)
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, a.address):
        money.tx(money.escrow.functions.startSwap(rt_a.address, rt_b.address, b1.address, 100), a1)
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, a.address):
        money.tx(
            money.one_from.functions.executeSwap(rt_a.address, rt_b.address, a1.address, b1.address, 100), a1
        )
    assert (money.bal(money.rd, a), money.bal(money.rd, money.bank_b)) == before
    # A proposal started while the reserve was the bank's does not settle once it is not.
    money.tx(money.rd.functions.setParticipantWallet(a.address, A), money.bcb)
    money.tx(money.escrow.functions.startSwap(rt_a.address, rt_b.address, b1.address, 100), a1)
    money.tx(money.rd.functions.setParticipantWallet(a.address, B), money.bcb)
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, a.address):
        money.tx(money.escrow.functions.executeSwap(0), b1)
    # BCB binds it back: the legitimate swap goes through.
    money.tx(money.rd.functions.setParticipantWallet(a.address, A), money.bcb)
    money.tx(money.escrow.functions.executeSwap(0), b1)
    assert money.bal(money.rt_b, b1) == CUSTOMER_RT + 100


# ------------------------------------------------------- finding 2: default wallet


def test_default_wallet_cannot_be_pointed_at_another_participants_wallet(money: Money) -> None:
    d, a, b = money.default, money.bank_a, money.bank_b
    with reverts("WalletNotOfParticipant", A, b.address, B):
        money.tx(d.functions.updateDefaultWallet(A, b.address), a)
    # The Treasury's wallet (bound to STN when registered as its default), neither.
    stn = money.acct("STN").address
    money.tx(d.functions.addDefaultAccount(STN_CNPJ8, stn), money.bcb)
    with reverts("WalletNotOfParticipant", B, stn, STN_CNPJ8):
        money.tx(d.functions.updateDefaultWallet(B, stn), b)
    # Nor an enabled wallet that belongs to no participant (no consent, no binding).
    stray = money.acct(OUTSIDER).address
    money.tx(money.rd.functions.enableAccount(stray), money.bcb)
    with reverts("WalletNotOfParticipant", A, stray, 0):
        money.tx(d.functions.updateDefaultWallet(A, stray), a)
    assert d.functions.defaultAccount(A).call() == a.address


def test_participant_moves_its_default_to_its_own_second_wallet(money: Money) -> None:
    d, a = money.default, money.bank_a
    w = _second_wallet(money, "BANK_A", SECOND_A)
    money.tx(d.functions.updateDefaultWallet(A, w), a)
    assert d.functions.defaultAccount(A).call() == w
    money.tx(d.functions.updateDefaultWallet(A, a.address), money.acct(SECOND_A))
    assert d.functions.defaultAccount(A).call() == a.address


# ---------------------------------------------------- findings 3, 4: KeyDictionary


def _add(money: Money, sender: str | int, key: str, wallet: str, cnpj8: int) -> None:
    money.tx(money.kd.functions.addAccount(_key(key), 123, 1, 2, 3, wallet, cnpj8), money.acct(sender))


def test_bank_cannot_register_another_banks_wallet_as_its_customer(money: Money) -> None:
    """Finding 3: BANK_B registering BANK_A's wallet as its customer (then 1012 pays B's reserve)."""
    a = money.bank_a.address
    with reverts("WalletIsParticipant", a, A):
        _add(money, "BANK_B", "squat-a", a, B)
    assert money.kd.functions.getKey(a).call() == bytes(32)


def test_bank_cannot_register_the_treasurys_wallet(money: Money) -> None:
    """Finding 4: squatting the Treasury's wallet (every 1002 offering would revert)."""
    stn = money.acct("STN").address
    money.tx(money.default.functions.addDefaultAccount(STN_CNPJ8, stn), money.bcb)  # as the deployment does
    with reverts("WalletIsParticipant", stn, STN_CNPJ8):
        _add(money, "BANK_B", "squat-stn", stn, B)
    bcb = money.bcb.address
    money.tx(money.default.functions.addDefaultAccount(BCB_CNPJ8, bcb), money.bcb)
    with reverts("WalletIsParticipant", bcb, BCB_CNPJ8):
        _add(money, "BANK_B", "squat-bcb", bcb, B)


def test_bank_cannot_register_the_escrow_contract(money: Money) -> None:
    """SwapTwoStepsReserve, enabled on Real Digital by BCB to hold escrow, is bound to BCB's CNPJ8 by the
    deployment: no bank can register it as its customer (a customer's payments would then reach it)."""
    escrow = money.escrow.address
    assert money.view(money.rd.functions.participantOf(escrow)) == BCB_CNPJ8
    for bank, cnpj8 in (("BANK_A", A), ("BANK_B", B)):
        with reverts("WalletIsParticipant", escrow, BCB_CNPJ8):
            _add(money, bank, f"squat-escrow-{bank}", escrow, cnpj8)
    assert money.kd.functions.getKey(escrow).call() == bytes(32)


def test_bank_registers_only_its_own_customers(money: Money) -> None:
    kd = money.kd
    b1 = money.acct("CUSTOMER_B1").address
    # For another institution's CNPJ8: refused.
    with reverts("NotOwnCustomer", A, B):
        _add(money, "BANK_B", "b1", b1, A)
    # A wallet BCB enabled but bound to no participant is no participant: it registers nothing.
    stray = money.acct(OUTSIDER)
    money.tx(money.rd.functions.enableAccount(stray.address), money.bcb)
    with reverts("NotParticipant", stray.address):
        _add(money, OUTSIDER, "b1", b1, B)
    # Legitimate: BANK_B registers its own customer; then cannot repoint it at a participant's wallet.
    _add(money, "BANK_B", "b1", b1, B)
    assert kd.functions.getWallet(_key("b1")).call() == b1
    with reverts("WalletIsParticipant", money.bank_a.address, A):
        money.tx(kd.functions.updateData(_key("b1"), 1, B, 2, 3, 4, money.bank_a.address), money.bank_b)
    with reverts("NotOwnCustomer", A, B):
        money.tx(kd.functions.updateData(_key("b1"), 1, A, 2, 3, 4, b1), money.bank_b)
    # Portability: BANK_A requests the key for its own customer only, and never for a participant wallet.
    a1 = money.acct("CUSTOMER_A1").address
    with reverts("NotOwnCustomer", B, A):
        money.tx(kd.functions.requestKey(_key("b1"), 1, B, 2, 3, 4, a1), money.bank_a)
    with reverts("WalletIsParticipant", money.bank_b.address, B):
        money.tx(kd.functions.requestKey(_key("b1"), 1, A, 2, 3, 4, money.bank_b.address), money.bank_a)
    money.tx(kd.functions.requestKey(_key("b1"), 1, A, 2, 3, 4, a1), money.bank_a)
    money.tx(kd.functions.authorizeKey(0, _key("b1")), money.bank_b)
    assert kd.functions.getWallet(_key("b1")).call() == a1
    # A bank's second wallet (bound to it) registers customers too.
    _second_wallet(money, "BANK_B", SECOND_B)
    _add(money, SECOND_B, "b2", money.acct("CUSTOMER_B2").address, B)


def test_participant_cannot_take_another_banks_customer_for_its_own_wallet(money: Money) -> None:
    """The reverse of squatting, found by the adversarial suite (tests/security): BANK_A enabling BANK_B's
    registered customer through RealDigitalEnableAccount would bind it to BANK_A as one of BANK_A's own
    wallets (TPFt would then let BANK_A disable it there). KeyDictionary customers are never bound."""
    b1 = money.acct("CUSTOMER_B1").address
    _add(money, "BANK_B", "b1-own", b1, B)
    key = _key("b1-own")
    assert money.view(money.rd.functions.keyDictionary()) == money.kd.address
    with reverts("WalletIsCustomer", b1, key):
        money.tx(money.enable.functions.enableAccount(b1), money.bank_a)
    with reverts("WalletIsCustomer", b1, key):  # nor BCB registering it as a participant's default wallet
        money.tx(money.default.functions.addDefaultAccount(33333333, b1), money.bcb)
    assert money.view(money.rd.functions.participantOf(b1)) == 0
    # Only BCB, as Real Digital's admin, binds whatever it decides to; the KeyDictionary setting is its own.
    with reverts("AccessControlUnauthorizedAccount", money.bank_a.address, bytes(32)):
        money.tx(money.rd.functions.setKeyDictionary(money.bank_a.address), money.bank_a)


# ------------------------------------------------------ finding 6: BCB's disable


def test_participant_cannot_reenable_a_wallet_bcb_disabled(money: Money) -> None:
    rd, e, a, b = money.rd, money.enable, money.bank_a, money.bank_b
    money.tx(rd.functions.disableAccount(a.address), money.bcb)
    # Another participant: the wallet is not its own.
    with reverts("WalletOfAnotherParticipant", a.address, A):
        money.tx(e.functions.enableAccount(a.address), b)
    # BANK_A's own second wallet (enabled earlier): BCB's disable is sticky.
    w = money.acct(SECOND_A)
    money.tx(rd.functions.enableAccount(a.address), money.bcb)
    money.tx(e.functions.enableAccount(w.address), a)
    money.tx(rd.functions.disableAccount(a.address), money.bcb)
    with reverts("AccountDisabledByAuthority", a.address):
        money.tx(e.functions.enableAccount(a.address), w)
    assert not rd.functions.verifyAccount(a.address).call()
    with reverts("AccountNotEnabled", a.address):
        money.tx(rd.functions.transfer(b.address, 1), a)
    # A wallet of nobody's that BCB disabled: enabling it would bind it, and is refused all the same.
    stray = money.acct(OUTSIDER).address
    money.tx(rd.functions.enableAccount(stray), money.bcb)
    money.tx(rd.functions.disableAccount(stray), money.bcb)
    with reverts("AccountDisabledByAuthority", stray):
        money.tx(e.functions.enableAccount(stray), b)
    assert rd.functions.participantOf(stray).call() == 0
    # Legitimate: BCB re-enables what it disabled, and the wallet moves its money again.
    money.tx(rd.functions.enableAccount(a.address), money.bcb)
    money.tx(rd.functions.transfer(b.address, 1), a)
    assert money.bal(rd, a) == BANK_RD - 1


def test_own_disable_is_not_sticky(money: Money) -> None:
    rd, e, a = money.rd, money.enable, money.bank_a
    w = money.acct(SECOND_A)
    money.tx(e.functions.enableAccount(w.address), a)
    money.tx(e.functions.disableAccount(), w)
    assert rd.functions.authorityHoldOf(w.address).call() == [False, 0]
    money.tx(e.functions.enableAccount(w.address), a)
    assert rd.functions.verifyAccount(w.address).call()


# -------------------------------------------- finding 9: escrow and a disabled payer


def test_escrow_does_not_settle_for_a_payer_bcb_disabled(money: Money) -> None:
    escrow, rt_a, rt_b = money.escrow, money.rt_a, money.rt_b
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    money.tx(escrow.functions.startSwap(rt_a.address, rt_b.address, b1.address, 300), a1)
    money.tx(rt_a.functions.disableAccount(a1.address), money.bcb)  # BCB is every Real Tokenizado's admin
    with reverts("SenderNotEnabled", rt_a.address, a1.address):
        money.tx(escrow.functions.executeSwap(0), b1)
    # The bank cannot lift BCB's disable of its customer either.
    with reverts("AccountDisabledByAuthority", a1.address):
        money.tx(rt_a.functions.enableAccount(a1.address), money.bank_a)
    # The paying reserve disabled on Real Digital: not settled either.
    money.tx(rt_a.functions.enableAccount(a1.address), money.bcb)
    money.tx(money.rd.functions.disableAccount(money.bank_a.address), money.bcb)
    with reverts("SenderNotEnabled", money.rd.address, money.bank_a.address):
        money.tx(escrow.functions.executeSwap(0), b1)
    # Legitimate: once BCB re-enables, the receiver accepts.
    money.tx(money.rd.functions.enableAccount(money.bank_a.address), money.bcb)
    money.tx(escrow.functions.executeSwap(0), b1)
    assert money.bal(rt_b, b1) == CUSTOMER_RT + 300


def test_swap_two_steps_never_releases_bcbs_freeze(money: Money) -> None:
    """SwapTwoSteps unfreezes at most what is above BCB's hold: cancelling works and the hold stays."""
    two, rt_a, rt_b = money.two, money.rt_a, money.rt_b
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    money.tx(two.functions.startSwap(rt_a.address, rt_b.address, b1.address, 100), a1)
    money.tx(rt_a.functions.increaseFrozenBalance(a1.address, 50), money.bcb)  # BCB's hold: 50
    money.tx(rt_a.functions.decreaseFrozenBalance(a1.address, 100), money.bank_a)  # the bank unfreezes 100
    assert money.frozen(rt_a, a1) == 50
    money.tx(two.functions.cancelSwap(0, "changed my mind"), a1)
    assert money.frozen(rt_a, a1) == 50
    assert rt_a.functions.authorityHoldOf(a1.address).call() == [False, 50]
    # With BCB's hold above what is free, the proposal cannot settle the held part.
    money.tx(two.functions.startSwap(rt_a.address, rt_b.address, b1.address, CUSTOMER_RT - 50), a1)
    money.tx(rt_a.functions.increaseFrozenBalance(a1.address, 10), money.bcb)
    with reverts("InsufficientUnfrozenBalance"):
        money.tx(two.functions.executeSwap(1), b1)
    assert money.frozen(rt_a, a1) == CUSTOMER_RT + 10  # the proposal's freeze is restored by the revert


# ------------------------------------------------------------ finding 11: STR mint


def test_str_mints_only_to_participant_wallets_within_bcbs_limit(money: Money) -> None:
    rd, str_, a = money.rd, money.str_, money.bank_a
    # A wallet enabled by BCB but bound to no participant cannot mint.
    stray = money.acct(OUTSIDER)
    money.tx(rd.functions.enableAccount(stray.address), money.bcb)
    with reverts("NotParticipant", stray.address):
        money.tx(str_.functions.requestToMint(1), stray)
    # A participant's R$ 10 trillion request is above its limit.
    limit = str_.functions.mintLimit(A).call()
    outstanding = str_.functions.outstanding(A).call()
    assert outstanding == BANK_RD
    ten_trillion = 10**13 * 100
    with reverts("MintLimitExceeded", A, limit, outstanding, ten_trillion):
        money.tx(str_.functions.requestToMint(ten_trillion), a)
    # A wallet the participant enables counts against the same participant's limit.
    w = money.acct(SECOND_A)
    money.tx(money.enable.functions.enableAccount(w.address), a)
    with reverts("MintLimitExceeded", A, limit, outstanding, limit - outstanding + 1):
        money.tx(str_.functions.requestToMint(limit - outstanding + 1), w)
    money.tx(str_.functions.requestToMint(limit - outstanding), w)
    assert str_.functions.outstanding(A).call() == limit
    # Only Real Digital's admin sets limits.
    with reverts("NotAuthority", a.address):
        money.tx(str_.functions.setMintLimit(A, 2 * limit), a)
    # Burning frees room; BCB raising the limit too.
    money.tx(str_.functions.requestToBurn(500), w)
    money.tx(str_.functions.requestToMint(500), a)
    money.tx(str_.functions.setMintLimit(A, limit + 1_000), money.bcb)
    money.tx(str_.functions.requestToMint(1_000), a)
    assert str_.functions.outstanding(A).call() == limit + 1_000


# ------------------------------------------------------------------ SwapOneStepFrom


def test_swap_one_step_from_pays_only_with_the_payers_consent(money: Money) -> None:
    """A participant calling SwapOneStepFrom with another bank's customer as payer, without that customer's
    allowance, moves nothing; nor with unapproved tokens, the same token, or a receiver not enabled."""
    f, rt_a, rt_b = money.one_from, money.rt_a, money.rt_b
    a1, b1, b = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1"), money.bank_b
    with reverts("InsufficientAllowance"):
        money.tx(f.functions.executeSwap(rt_a.address, rt_b.address, a1.address, b1.address, 100), b)
    with reverts("RealDigitalSenderAndReceiveIsSame"):
        money.tx(f.functions.executeSwap(rt_a.address, rt_a.address, a1.address, b1.address, 100), a1)
    stranger = money.acct(OUTSIDER).address  # not enabled on BANK_B's Real Tokenizado
    with reverts("ReceiveAccountNotAllowed"):
        money.tx(f.functions.executeSwap(rt_a.address, rt_b.address, a1.address, stranger, 100), a1)
    money.tx(f.functions.setDigitalCurrencyApproval(rt_b.address, False), money.bcb)
    with reverts("DigitalCurrencyNotAllowed"):
        money.tx(f.functions.executeSwap(rt_a.address, rt_b.address, a1.address, b1.address, 100), a1)
    with reverts("ZeroAmount"):
        money.tx(f.functions.executeSwap(rt_a.address, rt_b.address, a1.address, b1.address, 0), a1)
    assert money.bal(rt_a, a1) == CUSTOMER_RT


# ------------------------------------------- the registry's and tokens' privileged additions


def test_participants_cannot_call_the_registry_or_burn_functions(money: Money) -> None:
    """The functions this model adds to the tokens are for BCB (admin) or the platform contracts that hold
    REGISTRAR_ROLE / BURNER_ROLE: a participant calling them directly, with its own or another bank's
    wallet and CNPJ8, is refused and nothing changes."""
    bank_a, b = money.bank_a, money.bank_b.address
    registrar = _key("REGISTRAR_ROLE")
    with reverts("AccessControlUnauthorizedAccount", bank_a.address, registrar):
        money.tx(money.rd.functions.registerParticipantWallet(b, A, True), bank_a)
    with reverts("AccessControlUnauthorizedAccount", bank_a.address, registrar):
        money.tx(money.rd.functions.disableOwnWallet(b), bank_a)
    with reverts("AccessControlUnauthorizedAccount", bank_a.address, bytes(32)):
        money.tx(money.rd.functions.setParticipantWallet(b, A), bank_a)
    assert money.view(money.rd.functions.participantOf(b)) == B
    assert money.view(money.rd.functions.verifyAccount(b))
    # BANK_B's customer approved BANK_A's wallet on BANK_B's token: the spender still cannot burn with it.
    b1 = money.acct("CUSTOMER_B1")
    money.tx(money.rt_b.functions.approve(bank_a.address, 100), b1)
    with reverts("AccessControlUnauthorizedAccount", bank_a.address, _key("BURNER_ROLE")):
        money.tx(money.rt_b.functions.burnFromSpender(b1.address, bank_a.address, 100), bank_a)
    assert money.view(money.rt_b.functions.allowance(b1.address, bank_a.address)) == 100
