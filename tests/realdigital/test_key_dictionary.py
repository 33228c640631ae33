"""KeyDictionary: registering customers under hashed keys, lookups, updates, key portability between
institutions, and every rejection (non-participant, unknown key, duplicate, not the owner...)."""

from __future__ import annotations

from eth_utils import keccak
from web3.logs import DISCARD

from .helpers import Money, reverts

ZERO = "0x" + "00" * 20
KEY = keccak(text="cpf:123.456.789-09")


def _add(money: Money, key: bytes = KEY, wallet_role: str = "CUSTOMER_A1") -> None:
    wallet = money.acct(wallet_role).address
    money.tx(money.kd.functions.addAccount(key, 12345678909, 1, 4321, 1, wallet, 11111111), money.bank_a)


def test_add_account_and_lookups(money: Money) -> None:
    kd, a1 = money.kd, money.acct("CUSTOMER_A1")
    receipt = money.tx(
        kd.functions.addAccount(KEY, 12345678909, 1, 4321, 7, a1.address, 11111111), money.bank_a
    )
    ev = kd.events.CustomerDataUpdated().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["key"], ev["owner"], ev["wallet"]) == (KEY, money.bank_a.address, a1.address)
    assert kd.functions.getWallet(KEY).call() == a1.address
    assert kd.functions.getKey(a1.address).call() == KEY
    data = kd.functions.getCustomerData(KEY).call()
    assert tuple(data) == (12345678909, 11111111, 1, 4321, 7, a1.address, True, money.bank_a.address)


def test_add_account_rejections(money: Money) -> None:
    kd = money.kd
    customer = money.acct("CUSTOMER_A2")
    with reverts("NotParticipant", customer.address):
        money.tx(kd.functions.addAccount(KEY, 1, 1, 1, 1, customer.address, 11111111), customer)
    with reverts("InvalidKey"):
        money.tx(kd.functions.addAccount(b"\0" * 32, 1, 1, 1, 1, customer.address, 11111111), money.bank_a)
    with reverts("InvalidWallet"):
        money.tx(kd.functions.addAccount(KEY, 1, 1, 1, 1, ZERO, 11111111), money.bank_a)
    _add(money)
    with reverts("KeyAlreadyRegistered", KEY):
        money.tx(kd.functions.addAccount(KEY, 1, 1, 1, 1, customer.address, 22222222), money.bank_b)
    other = keccak(text="email:a1@example.com")
    with reverts("WalletAlreadyRegistered", money.acct("CUSTOMER_A1").address, KEY):
        _add(money, other, "CUSTOMER_A1")


def test_unknown_key_and_wallet(money: Money) -> None:
    """The reads return zero values, as the pilot's; state changes that need the key still revert."""
    kd = money.kd
    unknown = keccak(text="nobody")
    assert kd.functions.getWallet(unknown).call() == ZERO
    assert tuple(kd.functions.getCustomerData(unknown).call()) == (0, 0, 0, 0, 0, ZERO, False, ZERO)
    assert kd.functions.getKey(money.acct("CUSTOMER_B2").address).call() == b"\0" * 32
    b2 = money.acct("CUSTOMER_B2").address
    with reverts("KeyNotFound", unknown):
        money.tx(kd.functions.updateData(unknown, 1, 11111111, 1, 1, 1, b2), money.bank_a)
    with reverts("KeyNotFound", unknown):
        money.tx(kd.functions.requestKey(unknown, 1, 22222222, 1, 1, 1, b2), money.bank_b)


def test_update_data(money: Money) -> None:
    kd = money.kd
    _add(money)
    a1, a2 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_A2")
    money.tx(kd.functions.updateData(KEY, 999, 11111111, 1, 55, 2, a2.address), money.bank_a)
    assert tuple(kd.functions.getCustomerData(KEY).call()) == (
        999,
        11111111,
        1,
        55,
        2,
        a2.address,
        True,
        money.bank_a.address,
    )
    assert kd.functions.getKey(a2.address).call() == KEY
    assert kd.functions.getKey(a1.address).call() == b"\0" * 32
    with reverts("NotKeyOwner", KEY, money.bank_b.address):
        money.tx(kd.functions.updateData(KEY, 1, 22222222, 1, 1, 1, a1.address), money.bank_b)
    with reverts("NotParticipant", a2.address):
        money.tx(kd.functions.updateData(KEY, 1, 1, 1, 1, 1, a1.address), a2)


def test_key_portability(money: Money) -> None:
    kd, a, b = money.kd, money.bank_a, money.bank_b
    _add(money)
    b1 = money.acct("CUSTOMER_B1")
    receipt = money.tx(kd.functions.requestKey(KEY, 12345678909, 22222222, 2, 77, 3, b1.address), b)
    ev = kd.events.KeyRequested().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["owner"], ev["proposalId"], ev["key"]) == (a.address, 0, KEY)
    # Until authorized, the key stays with bank A.
    assert kd.functions.getWallet(KEY).call() == money.acct("CUSTOMER_A1").address
    proposal = kd.functions.getKeyProposal(0).call()
    assert (proposal[0], proposal[1], proposal[2]) == (KEY, b.address, False)
    # Only the current owner authorizes.
    with reverts("NotKeyOwner", KEY, b.address):
        money.tx(kd.functions.authorizeKey(0, KEY), b)
    money.tx(kd.functions.authorizeKey(0, KEY), a)
    data = tuple(kd.functions.getCustomerData(KEY).call())
    assert data == (12345678909, 22222222, 2, 77, 3, b1.address, True, b.address)
    assert kd.functions.getKey(b1.address).call() == KEY
    assert kd.functions.getKey(money.acct("CUSTOMER_A1").address).call() == b"\0" * 32
    # Bank B now owns the data.
    money.tx(kd.functions.updateData(KEY, 1, 22222222, 2, 78, 3, b1.address), b)
    with reverts("NotKeyOwner", KEY, a.address):
        money.tx(kd.functions.updateData(KEY, 1, 11111111, 1, 1, 1, b1.address), a)


def test_key_portability_rejections(money: Money) -> None:
    kd, a, b = money.kd, money.bank_a, money.bank_b
    _add(money)
    b1 = money.acct("CUSTOMER_B1")
    with reverts("KeyAlreadyOwned", KEY):
        money.tx(kd.functions.requestKey(KEY, 1, 11111111, 1, 1, 1, money.acct("CUSTOMER_A2").address), a)
    with reverts("InvalidWallet"):
        money.tx(kd.functions.requestKey(KEY, 1, 22222222, 2, 1, 1, ZERO), b)
    with reverts("NotParticipant", b1.address):
        money.tx(kd.functions.requestKey(KEY, 1, 22222222, 2, 1, 1, b1.address), b1)
    with reverts("ProposalNotFound", 0):
        money.tx(kd.functions.authorizeKey(0, KEY), a)
    with reverts("ProposalNotFound", 0):
        money.view(kd.functions.getKeyProposal(0))
    money.tx(kd.functions.requestKey(KEY, 1, 22222222, 2, 1, 1, b1.address), b)
    with reverts("ProposalKeyMismatch", 0, keccak(text="other")):
        money.tx(kd.functions.authorizeKey(0, keccak(text="other")), a)
    money.tx(kd.functions.authorizeKey(0, KEY), a)
    with reverts("ProposalAlreadyAuthorized", 0):
        money.tx(kd.functions.authorizeKey(0, KEY), b)
