"""Issue 9, TPFt side: each attack performed exactly as a hostile participant would (signed by its own
wallet), now failing with a specific custom error, and the legitimate use next to it still working.

The deployment binds every dev participant's wallet to its CNPJ8 (``addDefaultAccount``); the extra wallets a
test needs are bound the legitimate way, by the participant's enabled wallet calling
``RealDigitalEnableAccount.enableAccount``. Where an attack's first step is a money-layer call
(``RealTokenizado.updateReserve``, ``RealDigitalDefaultAccount.updateDefaultWallet``), the test asserts the
money layer's exact refusal, then attacks the TPFt side's own check directly (BCB, Real Digital's admin,
moves a wallet's binding with ``setParticipantWallet`` after the mapping pointed at it), so both layers of
defence are tested.
"""

from __future__ import annotations

from typing import Any

from eth_utils import keccak

from .helpers import BIG, CNPJ8, CUSTOMER_BONDS, PRICE, RECEIVER, SENDER, World, fv, reverts

AMOUNT = 100  # 1.00 bond


def own_wallet(w: World, role: str, index: int) -> str:
    """Another wallet of participant ``role`` (dev account ``index``): its enabled wallet enables it through
    RealDigitalEnableAccount, which binds it to ``role``'s CNPJ8 in Real Digital."""
    wallet = w.addr(index)
    w.tx(w.RealDigitalEnableAccount.functions.enableAccount(wallet), role)
    assert w.view(w.rd.functions.participantOf(wallet)) == CNPJ8[role]
    return wallet


def client_trade(w: World, op: int, part: int, seller: str, buyer: str, amount: int = AMOUNT) -> Any:
    def token(role: str) -> str:
        return w.token_of(role).address if role.startswith("CUSTOMER") else "0x" + "00" * 20

    return w.op1052.functions.trade(
        op, w.addr(seller), token(seller), w.addr(buyer), token(buyer), part, w.series, amount, PRICE
    )


def cnpj8_trade(
    w: World, op: int, part: int, seller: int, buyer: int, amount: int = AMOUNT, price: int = PRICE
) -> Any:
    return w.op1052.functions.trade(op, seller, buyer, part, w.series, amount, price)


# --------------------------------------------------------------------------------------------- finding 1
def _reserve_then_rebound(w: World, index: int) -> str:
    """BANK_A names another of its own wallets as its Real Tokenizado's reserve (funded, with the standing
    approvals a reserve gives TPFtDvP and SwapOneStepFrom); then BCB moves that wallet's binding to BANK_B
    (``setParticipantWallet``). Real Tokenizado still names it; it is no longer BANK_A's."""
    reserve = own_wallet(w, "BANK_A", index)
    w.tx(w.rt_a.functions.updateReserve(reserve), "BANK_A")
    w.tx(w.rd.functions.mint(reserve, 10_000_000), "BCB")
    for spender in (w.dvp.address, w.SwapOneStepFrom.address):
        w.tx(w.rd.functions.approve(spender, BIG), w.a(index))
    w.tx(w.rd.functions.setParticipantWallet(reserve, CNPJ8["BANK_B"]), "BCB")
    assert w.view(w.rt_a.functions.reserve()) == reserve
    return reserve


def test_reserve_redirect_pays_nothing_from_another_participant(w: World) -> None:
    """BANK_A points its Real Tokenizado reserve at BANK_B's wallet (which approved TPFtDvP) and sells a bond
    to its own customer: the Real Digital leg came from BANK_B. The money layer refuses the redirect, and
    TPFtDvP refuses a reserve that is no longer the token's participant's: ReserveNotOwnedByParticipant."""
    rt_a, bank_b = w.rt_a, w.addr("BANK_B")
    # Legitimate: with its own reserve, the sale to its customer settles.
    op = w.new_id()
    w.tx(client_trade(w, op, SENDER, "BANK_A", "CUSTOMER_A1"), "BANK_A")
    w.tx(client_trade(w, op, RECEIVER, "BANK_A", "CUSTOMER_A1"), "CUSTOMER_A1")
    assert w.bonds("CUSTOMER_A1") == CUSTOMER_BONDS + AMOUNT

    # Layer 1, Real Tokenizado: the reserve must be a wallet of the token's participant.
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, bank_b):
        w.tx(rt_a.functions.updateReserve(bank_b), "BANK_A")
    assert w.view(rt_a.functions.reserve()) == w.addr("BANK_A")

    # Layer 2, TPFtDvP: the reserve named while it was BANK_A's is BANK_B's now; no leg is paid from it.
    reserve = _reserve_then_rebound(w, 9)
    before = w.snapshot_balances()
    reserve_rd = w.money(w.rd, reserve)
    op = w.new_id()
    w.tx(client_trade(w, op, SENDER, "BANK_A", "CUSTOMER_A1"), "BANK_A")
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, reserve):
        w.tx(client_trade(w, op, RECEIVER, "BANK_A", "CUSTOMER_A1"), "CUSTOMER_A1")
    # Customer to customer across banks: neither the paying nor the paid reserve may be foreign.
    for seller, buyer in (("CUSTOMER_B1", "CUSTOMER_A1"), ("CUSTOMER_A1", "CUSTOMER_B1")):
        op = w.new_id()
        w.tx(client_trade(w, op, SENDER, seller, buyer), seller)
        with reverts("ReserveNotOwnedByParticipant", rt_a.address, reserve):
            w.tx(client_trade(w, op, RECEIVER, seller, buyer), buyer)
    # Nor straight through SwapOneStepFrom, under the customer's own allowance to it.
    w.tx(w.rt_a.functions.approve(w.SwapOneStepFrom.address, AMOUNT), "CUSTOMER_A1")
    swap = w.SwapOneStepFrom.functions.executeSwap(
        rt_a.address, w.rt_b.address, w.addr("CUSTOMER_A1"), w.addr("CUSTOMER_B1"), AMOUNT
    )
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, reserve):
        w.tx(swap, "CUSTOMER_A1")
    assert w.snapshot_balances() == before
    assert w.money(w.rd, reserve) == reserve_rd


def test_repayment_never_pays_a_foreign_reserve(w: World) -> None:
    """At maturity (1012) a customer's repayment goes to its bank's reserve only when the bank owns it;
    otherwise TPFtRepaymentReserve holds it, and withdrawing through the foreign reserve is refused."""
    rt_a, bank_b = w.rt_a, w.addr("BANK_B")
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, bank_b):
        w.tx(rt_a.functions.updateReserve(bank_b), "BANK_A")
    reserve = _reserve_then_rebound(w, 9)
    w.chain.increase_time(w.series[2] - w.chain.timestamp() + 1)
    reserve_rd = w.money(w.rd, reserve)
    r = w.tx(w.op1012.functions.repayment(w.addr("CUSTOMER_A1"), w.new_id(), w.series, 100_000_000), "BCB")
    ev = w.events(w.op1012, "OperationRepaymentForContract", r)
    assert ev and ev[0].args.reason == "institution reserve wallet not owned by the institution"
    assert w.money(w.rd, reserve) == reserve_rd
    with reverts("ReserveNotOwnedByParticipant", rt_a.address, reserve):
        w.tx(w.reserve.functions.withdraw(w.series_id), "CUSTOMER_A1")
    # Legitimate: BANK_A names its own reserve again; the customer withdraws in Real Tokenizado.
    w.tx(rt_a.functions.updateReserve(w.addr("BANK_A")), "BANK_A")
    before = w.money(rt_a, "CUSTOMER_A1")
    w.tx(w.reserve.functions.withdraw(w.series_id), "CUSTOMER_A1")
    assert w.money(rt_a, "CUSTOMER_A1") == before + fv(CUSTOMER_BONDS, 100_000_000)


# --------------------------------------------------------------------------------------------- finding 2
def _second_wallet(w: World, role: str, index: int) -> str:
    """Another wallet of ``role``: enabled (so bound) on Real Digital by ``role``, enabled on TPFt by it."""
    wallet = own_wallet(w, role, index)
    w.tx(w.tpft.functions.enableAddress(wallet), role)
    return wallet


def test_default_wallet_change_between_commands_mismatches(w: World) -> None:
    """1052 by CNPJ8: BANK_A commands a sale, then moves its default wallet to another of its own wallets;
    BANK_B's matching command no longer matches (the resolved wallets are part of the terms)."""
    custody = _second_wallet(w, "BANK_A", 9)
    a, b = CNPJ8["BANK_A"], CNPJ8["BANK_B"]
    op = w.new_id()
    w.tx(cnpj8_trade(w, op, SENDER, a, b), "BANK_A")
    w.tx(w.RealDigitalDefaultAccount.functions.updateDefaultWallet(a, custody), "BANK_A")
    with reverts("OperationMismatch", op):
        w.tx(cnpj8_trade(w, op, RECEIVER, a, b), "BANK_B")
    # Legitimate: commanded again (new id) with the new default wallet, it settles from that wallet.
    w.tx(w.tpft.functions.setApprovalForAll(w.dvp.address, True), w.a(9))
    w.tx(w.tpft.functions.directPlacement(w.addr("STN"), custody, w.series, AMOUNT), "STN")
    op = w.new_id()
    w.tx(cnpj8_trade(w, op, SENDER, a, b), w.a(9))
    w.tx(cnpj8_trade(w, op, RECEIVER, a, b), "BANK_B")
    assert w.bonds(custody) == 0


def test_colluding_cnpj8s_cannot_sell_another_participants_bonds(w: World) -> None:
    """The attack of the issue: BANK_B sells by CNPJ8 to an accomplice (CNPJ8 33333333) at R$ 0.01, then
    repoints its default wallet at BANK_A's wallet before the accomplice's command."""
    accomplice, x = w.addr(10), 33333333
    w.tx(w.rd.functions.enableAccount(accomplice), "BCB")
    w.tx(w.RealDigitalDefaultAccount.functions.addDefaultAccount(x, accomplice), "BCB")
    w.tx(w.tpft.functions.enableAddress(accomplice), "BCB")
    w.tx(w.rd.functions.mint(accomplice, 100), "BCB")
    w.tx(w.rd.functions.approve(w.dvp.address, 100), w.a(10))
    before = w.snapshot_balances()
    op = w.new_id()
    w.tx(cnpj8_trade(w, op, SENDER, CNPJ8["BANK_B"], x, price=1_000_000), "BANK_B")
    a, b = w.addr("BANK_A"), CNPJ8["BANK_B"]
    update = w.RealDigitalDefaultAccount.functions.updateDefaultWallet(b, a)
    # Layer 1, RealDigitalDefaultAccount: the new default wallet must be one of BANK_B's own.
    with reverts("WalletNotOfParticipant", b, a, CNPJ8["BANK_A"]):
        w.tx(update, "BANK_B")
    # Layer 2, TPFt terms: BCB (Real Digital's admin) moves BANK_A's wallet to BANK_B, so the repointing goes
    # through; the wallets resolved at the first command are part of its terms, so the accomplice's command
    # no longer matches and nothing moves.
    w.tx(w.rd.functions.setParticipantWallet(a, b), "BCB")
    w.tx(update, "BANK_B")
    assert w.view(w.RealDigitalDefaultAccount.functions.defaultAccount(b)) == a
    with reverts("OperationMismatch", op):
        w.tx(cnpj8_trade(w, op, RECEIVER, CNPJ8["BANK_B"], x, price=1_000_000), w.a(10))
    assert w.snapshot_balances() == before


def test_repo_by_cnpj8_default_wallet_change_mismatches(w: World) -> None:
    custody = _second_wallet(w, "BANK_A", 9)
    a, b = CNPJ8["BANK_A"], CNPJ8["BANK_B"]
    op = w.new_id()
    repo = w.op1054.functions.tradeRepoIntraday
    w.tx(repo(op, a, b, SENDER, w.series, AMOUNT, PRICE), "BANK_A")
    w.tx(w.RealDigitalDefaultAccount.functions.updateDefaultWallet(a, custody), "BANK_A")
    with reverts("OperationMismatch", op):
        w.tx(repo(op, a, b, RECEIVER, w.series, AMOUNT, PRICE), "BANK_B")


# --------------------------------------------------------------------------------------------- finding 5
def test_participant_cannot_take_over_or_disable_another_participants_wallets(w: World) -> None:
    a, a1 = w.addr("BANK_A"), w.addr("CUSTOMER_A1")
    ca, cb = CNPJ8["BANK_A"], CNPJ8["BANK_B"]
    # The attack of the issue: BANK_B re-enables BANK_A (to become its enabler), then disables it.
    with reverts("TPFtWalletNotOfParticipant", a, ca, cb):
        w.tx(w.tpft.functions.enableAddress(a), "BANK_B")
    with reverts("TPFtWalletNotOfParticipant", a, ca, cb):
        w.tx(w.tpft.functions.disableAddress(a), "BANK_B")
    # ... nor another bank's customer, nor an unbound wallet.
    with reverts("TPFtWalletNotOfParticipant", a1, ca, cb):
        w.tx(w.tpft.functions.disableAddress(a1), "BANK_B")
    with reverts("TPFtWalletNotOfParticipant", w.addr(12), 0, cb):
        w.tx(w.tpft.functions.enableAddress(w.addr(12)), "BANK_B")
    with reverts("TPFtWalletNotOfParticipant", a1, ca, cb):
        w.tx(w.tpft.functions.enableAddress(cb, a1), "BANK_B")
    assert w.view(w.tpft.functions.isEnabledAddress(a))
    assert w.view(w.tpft.functions.isEnabledAddress(a1))
    # A customer is no participant: it enables nothing.
    with reverts("TPFtEnablerNotAllowed", a1):
        w.tx(w.tpft.functions.enableAddress(w.addr("CUSTOMER_B1")), "CUSTOMER_A1")


def test_bank_enables_and_disables_its_own_customer(w: World) -> None:
    """Legitimate: BANK_A registers a new customer, enables it for TPFt, disables and re-enables it; enabling
    an enabled wallet changes nothing (the enabler is never overwritten)."""
    customer, tax_id = w.addr(11), 44455566677
    w.tx(w.rt_a.functions.enableAccount(customer), "BANK_A")
    kd = w.KeyDictionary.functions.addAccount(
        keccak(text=str(tax_id)), tax_id, 111, 1677, 1, customer, CNPJ8["BANK_A"]
    )
    w.tx(kd, "BANK_A")
    r = w.tx(w.tpft.functions.enableAddress(customer), "BANK_A")
    assert w.events(w.tpft, "TPFtAddressEnabled", r)[0].args.enabler == w.addr("BANK_A")
    r = w.tx(w.tpft.functions.enableAddress(customer), "BANK_A")
    assert w.events(w.tpft, "TPFtAddressEnabled", r) == []
    w.tx(w.tpft.functions.disableAddress(customer), "BANK_A")
    assert not w.view(w.tpft.functions.isEnabledAddress(customer))
    w.tx(w.tpft.functions.enableAddress(CNPJ8["BANK_A"], customer), "BANK_A")
    assert w.view(w.tpft.functions.isEnabledAddress(customer))


def test_bcb_disable_is_sticky(w: World) -> None:
    """Any participant could re-enable a wallet BCB disabled; now only BCB can."""
    a1 = w.addr("CUSTOMER_A1")
    w.tx(w.tpft.functions.disableAddress(a1), "BCB")
    assert w.view(w.tpft.functions.isDisabledByAuthority(a1))
    with reverts("TPFtAccountDisabledByAuthority", a1):
        w.tx(w.tpft.functions.enableAddress(a1), "BANK_A")
    with reverts("TPFtAccountDisabledByAuthority", a1):
        w.tx(w.tpft.functions.enableAddress(CNPJ8["BANK_A"], a1), "BANK_A")
    with reverts("TPFtWalletNotOfParticipant", a1, CNPJ8["BANK_A"], CNPJ8["BANK_B"]):
        w.tx(w.tpft.functions.enableAddress(a1), "BANK_B")
    # BCB re-enables what it disabled; the bank's own disable afterwards is not sticky.
    w.tx(w.tpft.functions.enableAddress(a1), "BCB")
    assert not w.view(w.tpft.functions.isDisabledByAuthority(a1))
    w.tx(w.tpft.functions.disableAddress(a1), "BANK_A")
    w.tx(w.tpft.functions.enableAddress(a1), "BANK_A")
    assert w.view(w.tpft.functions.isEnabledAddress(a1))


def test_enable_address_cnpj8_overload_as_the_pilot_client_calls_it(w: World) -> None:
    """``TPFt.enableAddress(uint256 cnpj8, address wallet)`` through a raw web3 contract holding only the
    pilot's signature, signed by the participant's wallet."""
    abi = [
        {
            "type": "function",
            "name": "enableAddress",
            "stateMutability": "nonpayable",
            "inputs": [{"name": "cnpj8", "type": "uint256"}, {"name": "wallet", "type": "address"}],
            "outputs": [],
        }
    ]
    pilot = w.chain.w3.eth.contract(address=w.tpft.address, abi=abi)
    assert pilot.functions.enableAddress(0, w.addr(1)).selector == "0x" + keccak(
        text="enableAddress(uint256,address)"
    )[:4].hex().removeprefix("0x")
    customer = w.addr("CUSTOMER_A2")
    w.tx(w.tpft.functions.disableAddress(customer), "BANK_A")
    bank_a = w.a("BANK_A")
    tx = pilot.functions.enableAddress(CNPJ8["BANK_A"], customer).build_transaction(
        {
            "from": bank_a.address,
            "nonce": w.chain.w3.eth.get_transaction_count(bank_a.address),
            "gas": 300_000,
            "gasPrice": w.chain.w3.eth.gas_price,
            "chainId": w.chain.w3.eth.chain_id,
        }
    )
    receipt = w.chain.w3.eth.wait_for_transaction_receipt(
        # eth-account types the transaction it signs as a plain dict, web3 builds a TxParams TypedDict
        w.chain.w3.eth.send_raw_transaction(bank_a.sign_transaction(tx).raw_transaction)  # type: ignore[arg-type]
    )
    assert receipt["status"] == 1
    assert w.view(w.tpft.functions.isEnabledAddress(customer))
    w.chain.forget_nonce(bank_a.address)


# --------------------------------------------------------------------------------------------- finding 7
def test_third_party_cannot_make_an_agreed_operation_id_unusable(w: World) -> None:
    """BANK_A and BANK_B agree on id X. CUSTOMER_B1 (a third party) sends a throw-away command with X and
    cancels it, and CUSTOMER_A2 leaves one pending: the agreed operation still settles."""
    op = w.new_id()
    throwaway = client_trade(w, op, SENDER, "CUSTOMER_B1", "CUSTOMER_A1")
    w.tx(throwaway, "CUSTOMER_B1")
    w.tx(w.op1052.functions.cancel(op, "squat"), "CUSTOMER_B1")
    w.tx(client_trade(w, op, SENDER, "CUSTOMER_A2", "CUSTOMER_B1"), "CUSTOMER_A2")
    assert w.view(w.c["TPFtOperationId"].functions.usedBy(op, CNPJ8["BANK_A"])) == "0x" + "00" * 20
    w.tx(
        w.op1052.functions.trade(op, w.addr("BANK_A"), w.addr("BANK_B"), SENDER, w.series, AMOUNT, PRICE),
        "BANK_A",
    )
    # Nor can a third party cancel the agreed command: its cancel reaches only its own command.
    with reverts("OperationAlreadyCancelled", op):
        w.tx(w.op1052.functions.cancel(op, "again"), "CUSTOMER_B1")
    with reverts("OnlyInitiatorCanCancel", op, w.addr("CUSTOMER_A1")):
        w.tx(w.op1052.functions.cancel(op, "not mine"), "CUSTOMER_A1")
    before = w.bonds("BANK_B")
    w.tx(
        w.op1052.functions.trade(op, w.addr("BANK_A"), w.addr("BANK_B"), RECEIVER, w.series, AMOUNT, PRICE),
        "BANK_B",
    )
    assert w.bonds("BANK_B") == before + AMOUNT
    assert w.view(w.c["TPFtOperationId"].functions.usedBy(op, CNPJ8["BANK_A"])) == w.op1052.address
    # The id is now taken for BANK_A and BANK_B: the pending command of their customers can no longer settle.
    with reverts("OperationIdAlreadyUsed", op, CNPJ8["BANK_A"], w.op1052.address):
        w.tx(client_trade(w, op, RECEIVER, "CUSTOMER_A2", "CUSTOMER_B1"), "CUSTOMER_B1")


# --------------------------------------------------------------------------------------------- finding 8
def test_disabled_holder_cannot_move_bonds(w: World) -> None:
    a, b = w.addr("BANK_A"), w.addr("BANK_B")
    w.tx(w.tpft.functions.disableAddress(a), "BCB")
    with reverts("TPFtAccountNotEnabled", a):
        w.tx(w.tpft.functions.safeTransferFrom(a, b, w.series_id, AMOUNT, b""), "BANK_A")
    w.tx(w.tpft.functions.enableAddress(a), "BCB")
    before = w.bonds("BANK_B")
    w.tx(w.tpft.functions.safeTransferFrom(a, b, w.series_id, AMOUNT, b""), "BANK_A")
    assert w.bonds("BANK_B") == before + AMOUNT


# -------------------------------------------------------------------------------------------- finding 10
def test_direct_placement_needs_the_holders_consent(w: World) -> None:
    a, stn = w.addr("BANK_A"), w.addr("STN")
    with reverts("TPFtDirectPlacementNotAuthorized", a, stn):
        w.tx(w.tpft.functions.directPlacement(a, stn, w.series, AMOUNT), "STN")
    # Legitimate: the Treasury places its own bonds; or a holder's that approved it.
    before = w.bonds("BANK_B")
    w.tx(w.tpft.functions.directPlacement(stn, w.addr("BANK_B"), w.series, AMOUNT), "STN")
    assert w.bonds("BANK_B") == before + AMOUNT
    w.tx(w.tpft.functions.setApprovalForAll(stn, True), "BANK_A")
    w.tx(w.tpft.functions.directPlacement(a, stn, w.series, AMOUNT), "STN")


# ------------------------------------------------------------------------------ disabled means disabled
def test_repo_return_rechecks_both_parties(w: World) -> None:
    """A repo whose seller (who pays the return) or buyer (who delivers the bonds back) was disabled does not
    return until re-enabled."""
    a, b = w.addr("BANK_A"), w.addr("BANK_B")
    op, ret = w.new_id(), w.new_id()
    repo = w.op1054.functions.tradeRepoIntraday
    w.tx(repo(op, a, b, SENDER, w.series, AMOUNT, PRICE), "BANK_A")
    w.tx(repo(op, a, b, RECEIVER, w.series, AMOUNT, PRICE), "BANK_B")
    w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_B")
    w.tx(w.rd.functions.disableAccount(a), "BCB")
    with reverts("AccountNotEnabledForRealDigital", a):
        w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_A")
    w.tx(w.rd.functions.enableAccount(a), "BCB")
    w.tx(w.tpft.functions.disableAddress(b), "BCB")
    with reverts("AccountNotEnabledForTPFt", b):
        w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_A")
    w.tx(w.tpft.functions.enableAddress(b), "BCB")
    w.tx(w.op1056.functions.tradeReverseRepo(op, ret), "BANK_A")
    assert w.view(w.op1054.functions.getRepo(op))[-1] == 2  # Returned


# ------------------------------------------------------------------ finding 7: ids unique per participant
ZERO = "0x" + "00" * 20


def _own_wallet_with_bonds(w: World, role: str, index: int, bonds: int) -> str:
    """Another wallet of ``role``, enabled as ``role`` itself would (RealDigitalEnableAccount.enableAccount
    binds it to ``role``; TPFt.enableAddress by ``role``), approving TPFtDvP and holding ``bonds`` it got
    from ``role``'s main wallet."""
    wallet, acct = w.addr(index), w.a(index)
    w.tx(w.RealDigitalEnableAccount.functions.enableAccount(wallet), role)
    assert int(w.view(w.rd.functions.participantOf(wallet))) == CNPJ8[role]
    w.tx(w.tpft.functions.enableAddress(wallet), role)
    w.tx(w.tpft.functions.setApprovalForAll(w.dvp.address, True), acct)
    w.tx(w.tpft.functions.safeTransferFrom(w.addr(role), wallet, w.series_id, bonds, b""), role)
    return wallet


def _offering(w: World, op: int, part: int, buyer: str = "BANK_A") -> Any:
    """Public offering (1002) of 1.00 bond from the Treasury to ``buyer`` (BCB sends the Treasury's part)."""
    return w.op1002.functions.auctionPlacement(op, CNPJ8["STN"], CNPJ8[buyer], part, w.series, AMOUNT, PRICE)


def test_settling_first_a_self_trade_does_not_spend_an_agreed_id(w: World) -> None:
    """BANK_A and the Treasury agree on id X for a public offering. BANK_B (hostile) learns or guesses X and
    settles first a 1052 trade between two of its own wallets with X (costing it nothing). The agreed
    operation still settles: X is used only for BANK_B's participant. BANK_A cannot reuse X afterwards, with
    anyone, nor can BANK_B or BANK_A's customers; a command pending with BANK_A before X settled is refused
    at its settlement."""
    used_by = w.c["TPFtOperationId"].functions.usedBy
    x = w.new_id()
    second = _own_wallet_with_bonds(w, "BANK_B", 13, AMOUNT)
    bank_a, bank_b = w.addr("BANK_A"), w.addr("BANK_B")
    # A command BANK_A sends with X to BANK_B before X is used elsewhere (it stays pending).
    w.tx(cnpj8_trade(w, x, SENDER, CNPJ8["BANK_A"], CNPJ8["BANK_B"]), "BANK_A")
    # The attack: BANK_B settles a self-trade with X (its second wallet sells to its main wallet).
    w.tx(w.op1052.functions.trade(x, second, bank_b, SENDER, w.series, AMOUNT, PRICE), w.a(13))
    r = w.tx(w.op1052.functions.trade(x, second, bank_b, RECEIVER, w.series, AMOUNT, PRICE), "BANK_B")
    (ev,) = w.events(w.c["TPFtOperationId"], "OperationIdRegistered", r)
    assert (ev.args.scopeSender, ev.args.scopeReceiver) == (CNPJ8["BANK_B"], CNPJ8["BANK_B"])
    assert w.view(used_by(x, CNPJ8["BANK_B"])) == w.op1052.address
    assert w.view(used_by(x, CNPJ8["BANK_A"])) == w.view(used_by(x, CNPJ8["STN"])) == ZERO
    # The agreed offering still settles.
    before = w.bonds("BANK_A")
    w.tx(_offering(w, x, SENDER), "BCB")
    r = w.tx(_offering(w, x, RECEIVER), "BANK_A")
    assert w.bonds("BANK_A") == before + AMOUNT
    (ev,) = w.events(w.c["TPFtOperationId"], "OperationIdRegistered", r)
    assert (ev.args.scopeSender, ev.args.scopeReceiver) == (CNPJ8["STN"], CNPJ8["BANK_A"])
    assert w.view(used_by(x, CNPJ8["BANK_A"])) == w.view(used_by(x, CNPJ8["STN"])) == w.op1002.address
    # BANK_A cannot reuse X: a new command naming BANK_A (or its customer) is refused at once...
    with reverts("OperationIdAlreadyUsed", x, CNPJ8["BANK_A"], w.op1002.address):
        w.tx(client_trade(w, x, SENDER, "BANK_A", "CUSTOMER_A1"), "BANK_A")
    with reverts("OperationIdAlreadyUsed", x, CNPJ8["BANK_A"], w.op1002.address):
        w.tx(client_trade(w, x, SENDER, "CUSTOMER_A1", "CUSTOMER_A2"), "CUSTOMER_A1")
    with reverts("OperationIdAlreadyUsed", x, CNPJ8["BANK_A"], w.op1002.address):
        w.tx(w.op1052.functions.trade(x, bank_a, second, RECEIVER, w.series, AMOUNT, PRICE), w.a(13))
    with reverts("OperationIdAlreadyUsed", x, CNPJ8["BANK_A"], w.op1002.address):
        w.tx(
            w.op1054.functions.tradeRepoIntraday(
                x, CNPJ8["BANK_A"], CNPJ8["BANK_B"], SENDER, w.series, AMOUNT, PRICE
            ),
            "BANK_A",
        )
    # ...and the command BANK_A left pending before cannot settle any more.
    with reverts("OperationIdAlreadyUsed", x, CNPJ8["BANK_A"], w.op1002.address):
        w.tx(cnpj8_trade(w, x, RECEIVER, CNPJ8["BANK_A"], CNPJ8["BANK_B"]), "BANK_B")
    # BANK_B cannot reuse X either (its own scope), nor its customer.
    with reverts("OperationIdAlreadyUsed", x, CNPJ8["BANK_B"], w.op1052.address):
        w.tx(client_trade(w, x, SENDER, "BANK_B", "CUSTOMER_B1"), "BANK_B")
    # The Treasury cannot either: another offering with X, to BANK_B, is refused for the Treasury.
    with reverts("OperationIdAlreadyUsed", x, CNPJ8["STN"], w.op1002.address):
        w.tx(_offering(w, x, SENDER, "BANK_B"), "BCB")


def test_wallet_of_no_participant_has_its_own_id_scope(w: World) -> None:
    """A wallet that belongs to no participant is scoped by itself (a flag above any CNPJ8 | its address):
    its use of an id neither blocks nor is blocked by a participant's."""
    ids = w.c["TPFtOperationId"]
    stray = w.addr(14)
    scope = int(w.view(ids.functions.walletScope(stray)))
    assert (
        scope
        == (1 << 160) | int(stray, 16)
        == int(w.view(ids.functions.WALLET_SCOPE_FLAG())) | int(stray, 16)
    )
    # 1012 for a holder of no participant (a wallet BCB placed bonds with before its binding was undone).
    data = ("LTN", "500000", w.chain.timestamp() + 10 * 86_400)
    w.tx(w.tpft.functions.createTPFt(data), "STN")
    w.tx(w.tpft.functions.mint(w.addr("STN"), data, 1_000), "STN")
    w.tx(w.RealDigitalEnableAccount.functions.enableAccount(stray), "BANK_A")
    w.tx(w.tpft.functions.enableAddress(stray), "BANK_A")
    w.tx(w.tpft.functions.directPlacement(w.addr("STN"), stray, data, 100), "STN")
    w.tx(w.rd.functions.setParticipantWallet(stray, 0), "BCB")  # BCB unbinds it: it belongs to no one
    assert int(w.view(w.rd.functions.participantOf(stray))) == 0
    w.chain.increase_time(data[2] - w.chain.timestamp())
    x = w.new_id()
    w.tx(w.op1012.functions.repayment(stray, x, data, 100_000_000), "BCB")
    assert w.view(ids.functions.usedBy(x, scope)) == w.op1012.address
    assert w.view(ids.functions.usedBy(x, CNPJ8["STN"])) == w.op1012.address
    assert w.view(ids.functions.usedBy(x, CNPJ8["BANK_A"])) == ZERO


def test_repayment_id_is_refused_for_a_participant_that_used_it(w: World) -> None:
    """1012 registers its id for the holder's participant and the Treasury: an id BANK_A used in a trade
    with its own customer is refused for BANK_A's (and its customers') repayment, but not for BANK_B's."""
    ids = w.c["TPFtOperationId"]
    x = w.new_id()
    w.tx(client_trade(w, x, SENDER, "BANK_A", "CUSTOMER_A1"), "BANK_A")
    w.tx(client_trade(w, x, RECEIVER, "BANK_A", "CUSTOMER_A1"), "CUSTOMER_A1")
    assert w.view(ids.functions.usedBy(x, CNPJ8["BANK_A"])) == w.op1052.address
    data = ("LTN", "600000", w.chain.timestamp() + 10 * 86_400)
    w.tx(w.tpft.functions.createTPFt(data), "STN")
    w.tx(w.tpft.functions.mint(w.addr("STN"), data, 1_000), "STN")
    for holder in ("BANK_A", "CUSTOMER_A2", "BANK_B", "CUSTOMER_B1"):
        w.tx(w.tpft.functions.directPlacement(w.addr("STN"), w.addr(holder), data, 100), "STN")
    w.chain.increase_time(data[2] - w.chain.timestamp())
    for holder in ("BANK_A", "CUSTOMER_A2"):
        with reverts("OperationIdAlreadyUsed", x, CNPJ8["BANK_A"], w.op1052.address):
            w.tx(w.op1012.functions.repayment(w.addr(holder), x, data, 100_000_000), "BCB")
    r = w.tx(w.op1012.functions.repayment(w.addr("BANK_B"), x, data, 100_000_000), "BCB")
    (ev,) = w.events(ids, "OperationIdRegistered", r)
    assert (ev.args.scopeSender, ev.args.scopeReceiver) == (CNPJ8["BANK_B"], CNPJ8["STN"])
    # Now BANK_B and the Treasury have used x too: no other repayment (any holder) may use it.
    with reverts("OperationIdAlreadyUsed", x, CNPJ8["BANK_B"], w.op1012.address):
        w.tx(w.op1012.functions.repayment(w.addr("CUSTOMER_B1"), x, data, 100_000_000), "BCB")


def test_repo_ids_are_unique_per_wallet_in_1054(w: World) -> None:
    """Repos are kept per operation id and party (the pilot's 1056 names the original operation only; the
    repo returned is the caller's): a repo id names at most one repo per wallet. A second repo with the id
    between other wallets settles beside the first without touching its record; a wallet that already has a
    repo with the id is refused (RepoIdAlreadyUsed), even once BCB moved its binding to a participant that
    never used the id (so TPFtOperationId alone would let it through)."""
    x = w.new_id()
    get_of = w.op1054.functions.getRepoOf

    def repo(seller: str, buyer: str, part: int) -> Any:
        return w.op1054.functions.tradeRepoIntraday(
            x, w.addr(seller), ZERO, w.addr(buyer), w.token_of(buyer).address, part, w.series, AMOUNT, PRICE
        )

    w.tx(repo("BANK_A", "CUSTOMER_A1", SENDER), "BANK_A")
    w.tx(repo("BANK_A", "CUSTOMER_A1", RECEIVER), "CUSTOMER_A1")
    assert w.view(w.op1054.functions.repoCount(x)) == 1
    w.tx(repo("BANK_B", "CUSTOMER_B1", SENDER), "BANK_B")
    w.tx(repo("BANK_B", "CUSTOMER_B1", RECEIVER), "CUSTOMER_B1")
    assert w.view(w.op1054.functions.repoCount(x)) == 2
    for party, seller, buyer in (
        ("BANK_A", "BANK_A", "CUSTOMER_A1"),
        ("CUSTOMER_A1", "BANK_A", "CUSTOMER_A1"),
        ("BANK_B", "BANK_B", "CUSTOMER_B1"),
        ("CUSTOMER_B1", "BANK_B", "CUSTOMER_B1"),
    ):
        r = w.view(get_of(x, w.addr(party)))
        assert (r[2], r[4], r[-1]) == (w.addr(seller), w.addr(buyer), 1)  # Active
    assert w.view(get_of(x, w.addr("CUSTOMER_A2")))[-1] == 0  # None
    assert w.view(w.op1054.functions.getRepo(x))[2] == w.addr("BANK_A")  # the id's first repo

    # A wallet with a repo with y, moved by BCB to a participant that never used y: refused by 1054.
    wallet = _own_wallet_with_bonds(w, "BANK_A", 12, AMOUNT)
    y = w.new_id()
    intraday = w.op1054.functions.tradeRepoIntraday
    w.tx(intraday(y, wallet, w.addr("BANK_A"), SENDER, w.series, AMOUNT, PRICE), w.a(12))
    w.tx(intraday(y, wallet, w.addr("BANK_A"), RECEIVER, w.series, AMOUNT, PRICE), "BANK_A")
    w.tx(w.rd.functions.setParticipantWallet(wallet, CNPJ8["BANK_B"]), "BCB")
    assert w.view(w.c["TPFtOperationId"].functions.usedBy(y, CNPJ8["BANK_B"])) == ZERO
    with reverts("RepoIdAlreadyUsed", y, wallet):
        w.tx(intraday(y, wallet, w.addr("BANK_B"), SENDER, w.series, AMOUNT, PRICE), w.a(12))
    with reverts("RepoIdAlreadyUsed", y, wallet):
        w.tx(intraday(y, w.addr("BANK_B"), wallet, SENDER, w.series, AMOUNT, PRICE), "BANK_B")


def test_settling_first_a_self_repo_does_not_block_an_agreed_repo_id(w: World) -> None:
    """Finding 7, repos: BANK_A and the Treasury agree on repo id X (BANK_A sells, repurchasing in two days).
    BANK_B (hostile) settles first an intraday repo with X between two of its own wallets (its second
    wallet, enabled through RealDigitalEnableAccount.enableAccount by its main one, sells to the main one).
    The agreed repo still settles, and its return (1056) settles, each party's command finding its own repo
    from X; BANK_B's repo with X is untouched by it and returns on its own."""
    x = w.new_id()
    opid = w.c["TPFtOperationId"].functions
    bank_a, bank_b, stn = w.addr("BANK_A"), w.addr("BANK_B"), w.addr("STN")
    second = _own_wallet_with_bonds(w, "BANK_B", 13, AMOUNT)
    w.tx(w.rd.functions.approve(w.dvp.address, BIG), w.a(13))  # it pays the return of its repo
    w.tx(w.tpft.functions.setApprovalForAll(w.dvp.address, True), "STN")  # the Treasury delivers at return

    # The attack: BANK_B's self-repo with X settles first.
    intraday = w.op1054.functions.tradeRepoIntraday
    w.tx(intraday(x, second, bank_b, SENDER, w.series, AMOUNT, PRICE), w.a(13))
    w.tx(intraday(x, second, bank_b, RECEIVER, w.series, AMOUNT, PRICE), "BANK_B")
    assert w.view(w.op1054.functions.getRepo(x))[2] == second
    assert w.view(opid.usedBy(x, CNPJ8["BANK_B"])) == w.op1054.address

    # The agreed repo with X still settles (BANK_A's and the Treasury's command, by CNPJ8).
    now = w.chain.timestamp()
    return_at = ((now - 3 * 3600) // 86_400 + 2) * 86_400 + 15 * 3600  # noon in Brasília, in two days
    return_price = PRICE + 1_000_000

    def agreed(part: int) -> Any:
        return w.op1054.functions.tradeRepo(
            x, CNPJ8["BANK_A"], CNPJ8["STN"], part, w.series, AMOUNT, PRICE, return_price, return_at
        )

    bonds_a, bonds_stn = w.bonds("BANK_A"), w.bonds("STN")
    w.tx(agreed(SENDER), "BANK_A")
    r = w.tx(agreed(RECEIVER), "STN")
    (ev,) = w.events(w.op1054, "RepoOperationTradeForwardCNPJ8Event", r)
    assert ev.args.status == "LIQ"
    assert (w.bonds("BANK_A"), w.bonds("STN")) == (bonds_a - AMOUNT, bonds_stn + AMOUNT)
    assert w.view(w.op1054.functions.repoCount(x)) == 2
    for party in (bank_a, stn):
        rec = w.view(w.op1054.functions.getRepoOf(x, party))
        assert (rec[2], rec[4], rec[-1]) == (bank_a, stn, 1)  # Active
    for party in (second, bank_b):
        rec = w.view(w.op1054.functions.getRepoOf(x, party))
        assert (rec[2], rec[4], rec[-1]) == (second, bank_b, 1)

    # BANK_B returns its own repo today; the agreed one is not touched.
    y_b = w.new_id()
    w.tx(w.op1056.functions.tradeReverseRepo(x, y_b), "BANK_B")
    r = w.tx(w.op1056.functions.tradeReverseRepo(x, y_b), w.a(13))
    (ev,) = w.events(w.op1054, "RepoReturned", r)
    assert (ev.args.operationId, ev.args.returnOperationId, ev.args.sender, ev.args.receiver) == (
        x,
        y_b,
        second,
        bank_b,
    )
    assert w.view(w.op1054.functions.getRepoOf(x, bank_b))[-1] == 2  # Returned
    assert w.view(w.op1054.functions.getRepoOf(x, bank_a))[-1] == 1  # still Active
    # A wallet that is no party to either repo is told so.
    with reverts("NotARepoParty", x, w.addr("CUSTOMER_A1")):
        w.tx(w.op1056.functions.tradeReverseRepo(x, w.new_id()), "CUSTOMER_A1")

    # On its return date the agreed repo returns, each party's command finding it from X.
    w.chain.increase_time(return_at - w.chain.timestamp())
    y = w.new_id()
    r = w.tx(w.op1056.functions.tradeReverseRepo(x, y), "STN")  # the buyer delivers the bonds back
    assert w.events(w.op1056, "ReverseRepoOperationTradeReturnCNPJ8Event", r)[0].args.status == "LAN"
    r = w.tx(w.op1056.functions.tradeReverseRepo(x, y), "BANK_A")  # the seller repurchases
    (ev,) = w.events(w.op1056, "ReverseRepoOperationTradeReturnCNPJ8Event", r)
    assert ev.args.status == "LIQ" and ev.args.returnFinancialValue == fv(AMOUNT, return_price)
    assert (w.bonds("BANK_A"), w.bonds("STN")) == (bonds_a, bonds_stn)
    for party in (bank_a, stn):
        assert w.view(w.op1054.functions.getRepoOf(x, party))[-1] == 2  # Returned
