"""Issue 9, pilot compatibility of the money layer: the contracts called exactly as a client written only
against the pilot's ABIs and docs calls them (raw web3 with the pilot's function signatures, no helper of
ours, no extra approval or setup step the pilot does not ask for).

- ``STR.requestToBurn(amount)`` burns from the caller with no prior ``approve``;
- ``KeyDictionary.getKey`` / ``getWallet`` / ``getCustomerData`` return zero values for an unknown wallet
  or key, which the pilot's clients compare against to print "customer not found";
- ``SwapOneStepFrom`` is registered in AddressDiscovery under keccak256("SwapOneStepFrom") and a
  participant's ``approve(SwapOneStepFrom, amount)`` on Real Digital works (1052 client trades);
- ``RealDigitalDefaultAccount.addDefaultAccount(cnpj8, wallet)`` works whether or not the wallet is enabled.
"""

from __future__ import annotations

from typing import Any

from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address
from web3.contract import Contract
from web3.logs import DISCARD
from web3.types import TxReceipt

from .helpers import BANK_RD, BIG, CUSTOMER_RT, Money

ZERO_ADDRESS = "0x" + "00" * 20
ZERO_KEY = bytes(32)


def _fn(name: str, inputs: list[str], outputs: list[Any] | None = None, view: bool = False) -> dict[str, Any]:
    def param(t: Any) -> dict[str, Any]:
        if isinstance(t, list):  # a tuple
            return {"name": "", "type": "tuple", "components": [param(c) for c in t]}
        return {"name": "", "type": t}

    return {
        "type": "function",
        "name": name,
        "inputs": [param(t) for t in inputs],
        "outputs": [param(t) for t in outputs or []],
        "stateMutability": "view" if view else "nonpayable",
    }


#: The pilot's signatures, as its TypeScript examples use them (nothing from our build artifacts).
PILOT_ABI: dict[str, list[dict[str, Any]]] = {
    "AddressDiscovery": [_fn("addressDiscovery", ["bytes32"], ["address"], view=True)],
    "STR": [_fn("requestToMint", ["uint256"]), _fn("requestToBurn", ["uint256"])],
    "RealDigital": [
        _fn("approve", ["address", "uint256"], ["bool"]),
        _fn("allowance", ["address", "address"], ["uint256"], view=True),
        _fn("balanceOf", ["address"], ["uint256"], view=True),
        _fn("totalSupply", [], ["uint256"], view=True),
        _fn("verifyAccount", ["address"], ["bool"], view=True),
    ],
    "KeyDictionary": [
        _fn("getKey", ["address"], ["bytes32"], view=True),
        _fn("getWallet", ["bytes32"], ["address"], view=True),
        _fn(
            "getCustomerData",
            ["bytes32"],
            [["uint256", "uint256", "uint256", "uint256", "uint256", "address", "bool", "address"]],
            view=True,
        ),
    ],
    "RealDigitalDefaultAccount": [
        _fn("addDefaultAccount", ["uint256", "address"]),
        _fn("defaultAccount", ["uint256"], ["address"], view=True),
    ],
    "SwapOneStepFrom": [_fn("executeSwap", ["address", "address", "address", "address", "uint256"])],
}


def _pilot(money: Money, name: str, address: str | None = None) -> Contract:
    """A web3 contract object bound to the pilot's ABI, found through AddressDiscovery like a pilot client."""
    w3 = money.chain.w3
    if address is None:
        discovery = w3.eth.contract(
            address=to_checksum_address(money.manifest.address("AddressDiscovery")),
            abi=PILOT_ABI["AddressDiscovery"],
        )
        address = discovery.functions.addressDiscovery(keccak(text=name)).call()
    return w3.eth.contract(address=to_checksum_address(address), abi=PILOT_ABI[name])


def _send(money: Money, fn: Any, sender: LocalAccount) -> TxReceipt:
    """Build, sign and send a raw transaction for ``fn`` from ``sender``, as an ethers client does."""
    w3 = money.chain.w3
    tx = fn.build_transaction(
        {
            "from": sender.address,
            "nonce": w3.eth.get_transaction_count(sender.address),
            "gas": 500_000,
            "gasPrice": w3.eth.gas_price,
            "chainId": w3.eth.chain_id,
        }
    )
    tx_hash = w3.eth.send_raw_transaction(sender.sign_transaction(tx).raw_transaction)
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash)
    assert receipt["status"] == 1, f"{fn.fn_name} failed"
    return receipt


def test_request_to_burn_needs_no_approve(money: Money) -> None:
    rd, str_ = _pilot(money, "RealDigital"), _pilot(money, "STR")
    a = money.bank_a
    assert rd.functions.allowance(a.address, str_.address).call() == 0
    supply = rd.functions.totalSupply().call()
    _send(money, str_.functions.requestToBurn(2_500), a)
    assert rd.functions.balanceOf(a.address).call() == BANK_RD - 2_500
    assert rd.functions.totalSupply().call() == supply - 2_500
    _send(money, str_.functions.requestToMint(2_500), a)
    assert rd.functions.balanceOf(a.address).call() == BANK_RD


def test_key_dictionary_returns_zero_values_for_unknown_wallet_and_key(money: Money) -> None:
    kd = _pilot(money, "KeyDictionary")
    unknown_wallet = money.acct("CUSTOMER_B2").address
    unknown_key = keccak(text="nobody@example")
    assert kd.functions.getKey(unknown_wallet).call() == ZERO_KEY
    assert kd.functions.getWallet(unknown_key).call() == ZERO_ADDRESS
    data = kd.functions.getCustomerData(unknown_key).call()
    assert tuple(data) == (0, 0, 0, 0, 0, ZERO_ADDRESS, False, ZERO_ADDRESS)
    # A registered customer reads back as usual.
    b1 = money.acct("CUSTOMER_B1").address
    money.tx(money.kd.functions.addAccount(keccak(text="b1"), 1, 2, 3, 4, b1, 22222222), money.bank_b)
    assert kd.functions.getKey(b1).call() == keccak(text="b1")
    assert kd.functions.getWallet(keccak(text="b1")).call() == b1
    assert tuple(kd.functions.getCustomerData(keccak(text="b1")).call())[5:7] == (b1, True)


def test_swap_one_step_from_is_discoverable_and_approvable(money: Money) -> None:
    one_from = _pilot(money, "SwapOneStepFrom")
    assert int(one_from.address, 16) != 0
    assert one_from.address == money.one_from.address
    rd = _pilot(money, "RealDigital")
    b = money.bank_b
    _send(money, rd.functions.approve(one_from.address, 123_456), b)
    assert rd.functions.allowance(b.address, one_from.address).call() == 123_456


def test_swap_one_step_from_settles_a_cross_bank_customer_payment(money: Money) -> None:
    """A settlement party (here a dev wallet standing for TPFtDvP) the paying customer approved on its Real
    Tokenizado pays another bank's customer: burn at A, reserve A -> reserve B, mint at B."""
    one_from = _pilot(money, "SwapOneStepFrom")
    a1, b1 = money.acct("CUSTOMER_A1"), money.acct("CUSTOMER_B1")
    settler = money.acct(13)
    money.tx(money.rt_a.functions.approve(settler.address, 400), a1)
    before = (money.bal(money.rd, money.bank_a), money.bal(money.rd, money.bank_b))
    receipt = _send(
        money,
        one_from.functions.executeSwap(money.rt_a.address, money.rt_b.address, a1.address, b1.address, 400),
        settler,
    )
    ev = money.one_from.events.SwapExecuted().process_receipt(receipt, errors=DISCARD)[0]["args"]
    assert (ev["senderNumber"], ev["receiverNumber"], ev["sender"], ev["receiver"], ev["amount"]) == (
        11111111,
        22222222,
        a1.address,
        b1.address,
        400,
    )
    assert money.bal(money.rt_a, a1) == CUSTOMER_RT - 400
    assert money.bal(money.rt_b, b1) == CUSTOMER_RT + 400
    assert (money.bal(money.rd, money.bank_a), money.bal(money.rd, money.bank_b)) == (
        before[0] - 400,
        before[1] + 400,
    )
    assert money.rt_a.functions.allowance(a1.address, settler.address).call() == 0
    # The payer itself may send it, with its allowance to SwapOneStepFrom (given in the fixture).
    assert money.rt_a.functions.allowance(a1.address, one_from.address).call() == BIG
    _send(
        money,
        one_from.functions.executeSwap(money.rt_a.address, money.rt_b.address, a1.address, b1.address, 1),
        a1,
    )
    assert money.bal(money.rt_b, b1) == CUSTOMER_RT + 401


def test_add_default_account_on_a_wallet_not_enabled(money: Money) -> None:
    d = _pilot(money, "RealDigitalDefaultAccount")
    rd = _pilot(money, "RealDigital")
    w = money.acct(14).address
    assert not rd.functions.verifyAccount(w).call()
    _send(money, d.functions.addDefaultAccount(33333333, w), money.bcb)
    assert d.functions.defaultAccount(33333333).call() == w
    # And on one that is enabled.
    v = money.acct(15).address
    money.tx(money.rd.functions.enableAccount(v), money.bcb)
    _send(money, d.functions.addDefaultAccount(44444444, v), money.bcb)
    assert d.functions.defaultAccount(44444444).call() == v
