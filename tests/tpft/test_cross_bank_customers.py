"""A 1052 trade between customers of two banks, approved exactly as the pilot's clients approve it.

TPFtDvP pays a customer of one bank from a customer of another through SwapOneStepFrom: it spends the
paying customer's Real Tokenizado allowance to TPFtDvP (burned), moves Real Digital from the paying bank's
reserve to the paid bank's reserve under the paying reserve's allowance to SwapOneStepFrom, and mints the
paid customer's Real Tokenizado. Here two new customers are onboarded by their banks and every approval is
sent through a contract holding only the pilot's signatures, at the addresses a pilot client finds in
AddressDiscovery (keccak256 of the name): the buyer-side bank's ``approve(SwapOneStepFrom, value)`` on Real
Digital, each customer's ``approve(TPFtDvP, value)`` on its Real Tokenizado and ``setApprovalForAll(TPFtDvP,
true)`` on TPFt. Without the reserve's approval the settlement reverts, decoded, and nothing moves.
"""

from __future__ import annotations

from typing import Any

from eth_account.signers.local import LocalAccount
from eth_typing import ChecksumAddress
from eth_utils import keccak
from web3.contract import Contract

from .helpers import CNPJ8, PRICE, RECEIVER, SENDER, World, fv, place, reverts

#: Dev accounts of the two new customers: the seller, of BANK_A, and the buyer, of BANK_B.
SELLER, BUYER = 13, 14
TAX_ID = {SELLER: 55566677788, BUYER: 66677788899}
AMOUNT = 2_500  # 25.00 bonds
FUNDING = 100_000_000  # R$ 1.000.000,00 of Real Tokenizado for the buyer

ERC20_PILOT = [
    {
        "type": "function",
        "name": "approve",
        "stateMutability": "nonpayable",
        "inputs": [{"name": "spender", "type": "address"}, {"name": "amount", "type": "uint256"}],
        "outputs": [{"name": "", "type": "bool"}],
    }
]
TPFT_PILOT = [
    {
        "type": "function",
        "name": "setApprovalForAll",
        "stateMutability": "nonpayable",
        "inputs": [{"name": "operator", "type": "address"}, {"name": "approved", "type": "bool"}],
        "outputs": [],
    }
]
DISCOVERY_PILOT = [
    {
        "type": "function",
        "name": "addressDiscovery",
        "stateMutability": "view",
        "inputs": [{"name": "smartContract", "type": "bytes32"}],
        "outputs": [{"name": "", "type": "address"}],
    }
]
_TPFT_DATA = {
    "name": "tpftData",
    "type": "tuple",
    "components": [
        {"name": "acronym", "type": "string"},
        {"name": "code", "type": "string"},
        {"name": "maturityDate", "type": "uint256"},
    ],
}
OP1052_PILOT = [
    {
        "type": "function",
        "name": "trade",
        "stateMutability": "nonpayable",
        "inputs": [
            {"name": "operationId", "type": "uint256"},
            {"name": "sender", "type": "address"},
            {"name": "senderToken", "type": "address"},
            {"name": "receiver", "type": "address"},
            {"name": "receiverToken", "type": "address"},
            {"name": "callerPart", "type": "uint8"},
            _TPFT_DATA,
            {"name": "tpftAmount", "type": "uint256"},
            {"name": "unitPrice", "type": "uint256"},
        ],
        "outputs": [],
    }
]


def tokens(w: World) -> dict[str, Contract]:
    return {"rd": w.rd, "rt_a": w.rt_a, "rt_b": w.rt_b}


def pilot(w: World, name: str, abi: list[dict[str, Any]]) -> Contract:
    """The contract registered as ``name``, found in AddressDiscovery as a pilot client finds it, bound to
    the pilot's signatures only."""
    discovery = w.chain.w3.eth.contract(address=w.AddressDiscovery.address, abi=DISCOVERY_PILOT)
    address: ChecksumAddress = discovery.functions.addressDiscovery(keccak(text=name)).call()
    assert int(address, 16) != 0, f"{name} is not registered in AddressDiscovery"
    return w.chain.w3.eth.contract(address=address, abi=abi)


def onboard(w: World, index: int, bank: str, rt: int) -> LocalAccount:
    """The bank opens a customer: enabled on its Real Tokenizado, registered in KeyDictionary, enabled for
    TPFt (the pilot's ``enableAddress(cnpj8, wallet)``), funded with ``rt`` of Real Tokenizado."""
    customer, tax_id, token = w.a(index), TAX_ID[index], w.token_of(bank)
    w.tx(token.functions.enableAccount(customer.address), bank)
    kd = w.KeyDictionary.functions.addAccount(
        keccak(text=str(tax_id)), tax_id, CNPJ8[bank] % 1000, 1000 + index, 1, customer.address, CNPJ8[bank]
    )
    w.tx(kd, bank)
    w.tx(w.tpft.functions.enableAddress(CNPJ8[bank], customer.address), bank)
    if rt:
        w.tx(token.functions.mint(customer.address, rt), bank)
    return customer


def trade(w: World, op: int, part: int, seller: str, buyer: str) -> Any:
    op1052 = pilot(w, "TPFtOperation1052", OP1052_PILOT)
    return op1052.functions.trade(
        op, seller, w.rt_a.address, buyer, w.rt_b.address, part, w.series, AMOUNT, PRICE
    )


def test_customer_of_bank_a_sells_to_customer_of_bank_b_through_swap_one_step_from(w: World) -> None:
    seller, buyer = onboard(w, SELLER, "BANK_A", 0), onboard(w, BUYER, "BANK_B", FUNDING)
    place(w, seller.address, AMOUNT)
    value = fv(AMOUNT, PRICE)
    dvp = pilot(w, "TPFtDvP", []).address
    swap = pilot(w, "SwapOneStepFrom", []).address
    # The pilot's habilitações: each customer lets TPFtDvP deliver its bonds and take its Real Tokenizado.
    for customer, bank in ((seller, "BANK_A"), (buyer, "BANK_B")):
        w.tx(pilot(w, "TPFt", TPFT_PILOT).functions.setApprovalForAll(dvp, True), customer)
        rt = pilot(w, f"RealTokenizado@{CNPJ8[bank]:08d}", ERC20_PILOT)
        w.tx(rt.functions.approve(dvp, value), customer)
    # The buyer-side bank's reserve (its own wallet) has not approved SwapOneStepFrom (the world's did: undo).
    bank_b = w.addr("BANK_B")
    assert w.rt_b.functions.reserve().call() == bank_b
    rd = pilot(w, "RealDigital", ERC20_PILOT)
    w.tx(rd.functions.approve(swap, 0), "BANK_B")

    def balances() -> dict[str, int]:
        now = w.snapshot_balances()
        now.update(
            {
                "tpft:seller": w.bonds(seller.address),
                "tpft:buyer": w.bonds(buyer.address),
                "rt_a:seller": w.money(w.rt_a, seller.address),
                "rt_b:buyer": w.money(w.rt_b, buyer.address),
                **{f"supply:{n}": int(w.view(t.functions.totalSupply())) for n, t in tokens(w).items()},
            }
        )
        return now

    before = balances()
    op = w.new_id()
    w.tx(trade(w, op, SENDER, seller.address, buyer.address), seller)
    with reverts("ERC20InsufficientAllowance", swap, 0, value):
        w.tx(trade(w, op, RECEIVER, seller.address, buyer.address), buyer)
    assert balances() == before

    # The buyer-side bank approves SwapOneStepFrom on Real Digital, as the pilot's clients do.
    w.tx(rd.functions.approve(swap, value), "BANK_B")
    r = w.tx(trade(w, op, RECEIVER, seller.address, buyer.address), buyer)
    after = balances()
    changed = {k: after[k] - before[k] for k in after if after[k] != before[k]}
    assert changed == {
        "tpft:seller": -AMOUNT,
        "tpft:buyer": AMOUNT,
        "rt_a:seller": value,
        "rt_b:buyer": -value,
        "rd:BANK_B": -value,
        "rd:BANK_A": value,
        "supply:rt_a": value,
        "supply:rt_b": -value,
    }
    # Every allowance was consumed exactly: the buyer's to TPFtDvP and the reserve's to SwapOneStepFrom.
    assert w.view(w.rt_b.functions.allowance(buyer.address, dvp)) == 0
    assert w.view(w.rd.functions.allowance(bank_b, swap)) == 0
    assert w.view(w.rt_a.functions.allowance(seller.address, dvp)) == value  # the seller paid nothing
    swapped = w.events(w.SwapOneStepFrom, "SwapExecuted", r)
    assert [(e.args.sender, e.args.receiver, e.args.amount) for e in swapped] == [
        (buyer.address, seller.address, value)
    ]
    assert [e.args.operationId for e in w.events(w.dvp, "DvPSettled", r)] == [op]
    assert r["gasUsed"] < 600_000, r["gasUsed"]
