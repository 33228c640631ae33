"""Helpers for the TPFt tests: the deployed and funded world, commands, balances and revert checks.

:func:`build_world` runs the real deployment plan (registry, money layer, TPFt) on a chain and funds a
small world: the Treasury creates a bond series (LTN, maturing in a year) and mints it to itself; BCB
mints Real Digital to the Treasury, BCB and the two banks, which approve TPFtDvP (the banks, reserves of
their Real Tokenizado, approve SwapOneStepFrom too); one customer of each
bank (and a second of bank A) is enabled on its bank's Real Tokenizado, registered in KeyDictionary,
enabled for TPFt, funded with Real Tokenizado and approves TPFtDvP on both tokens. Banks and customers
receive bonds by direct placement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from web3.contract import Contract
from web3.logs import DISCARD
from web3.types import TxReceipt

from drex.chain import Chain
from drex.deploy import Manifest, deploy_platform
from drex.testing import reverts as reverts  # re-exported for the tests

SENDER = 0  # CallerPart.TPFtSender
RECEIVER = 1  # CallerPart.TPFtReceiver
BCB_CNPJ8 = 38166
STN_CNPJ8 = 394460
CNPJ8 = {"BANK_A": 11111111, "BANK_B": 22222222, "BCB": BCB_CNPJ8, "STN": STN_CNPJ8}

#: Real Digital minted to each bank, to BCB and to STN (R$ 100.000.000,00).
BANK_RD = 10_000_000_000
#: Real Tokenizado minted to each customer (R$ 1.000.000,00).
CUSTOMER_RT = 100_000_000
#: Bonds the Treasury mints of the series (1,000,000.00).
STN_BONDS = 100_000_000
#: Bonds placed with each bank (10,000.00) and each customer (100.00).
BANK_BONDS = 1_000_000
CUSTOMER_BONDS = 10_000
#: A unit price of R$ 1.000,12345678 (8 decimals).
PRICE = 100_012_345_678
BIG = 2**255
YEAR = 365 * 86_400

#: Customers: role -> (bank, KeyDictionary tax id).
CUSTOMERS: dict[str, tuple[str, int]] = {
    "CUSTOMER_A1": ("BANK_A", 11122233344),
    "CUSTOMER_A2": ("BANK_A", 22233344455),
    "CUSTOMER_B1": ("BANK_B", 33344455566),
}


def fv(amount: int, price: int) -> int:
    """The settlement rule: quantity (2 decimals) × unit price (8 decimals) → reais, truncated."""
    return amount * price // 10**8


@dataclass
class World:
    """The deployed platform on ``chain``, its contracts and the dev accounts that use them."""

    chain: Chain
    manifest: Manifest
    c: dict[str, Contract]
    series: tuple[str, str, int]
    series_id: int
    ids: list[int] = field(default_factory=lambda: [0])

    def __getattr__(self, name: str) -> Contract:
        try:
            return self.c[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def tpft(self) -> Contract:
        return self.c["TPFt"]

    @property
    def rd(self) -> Contract:
        return self.c["RealDigital"]

    @property
    def rt_a(self) -> Contract:
        return self.c["RealTokenizado@11111111"]

    @property
    def rt_b(self) -> Contract:
        return self.c["RealTokenizado@22222222"]

    @property
    def op1002(self) -> Contract:
        return self.c["TPFtOperation1002"]

    @property
    def op1052(self) -> Contract:
        return self.c["TPFtOperation1052"]

    @property
    def op1054(self) -> Contract:
        return self.c["TPFtOperation1054"]

    @property
    def op1056(self) -> Contract:
        return self.c["TPFtOperation1056"]

    @property
    def op1012(self) -> Contract:
        return self.c["TPFtOperation1012"]

    @property
    def reserve(self) -> Contract:
        return self.c["TPFtRepaymentReserve"]

    @property
    def dvp(self) -> Contract:
        return self.c["TPFtDvP"]

    def a(self, role: str | int) -> LocalAccount:
        return self.chain.account(role)

    def addr(self, role: str | int) -> str:
        return str(self.chain.account(role).address)

    def tx(self, fn: Any, sender: str | LocalAccount) -> TxReceipt:
        acct = self.a(sender) if isinstance(sender, str) else sender
        return self.chain.transact(fn, sender=acct)

    def view(self, fn: Any) -> Any:
        return self.chain.call(fn)

    def new_id(self) -> int:
        """A fresh operation id (operation number + date style)."""
        self.ids[0] += 1
        return 20_250_000_000 + self.ids[0] * 100 + len(self.ids)

    def bonds(self, who: str, tpft_id: int | None = None) -> int:
        return int(self.tpft.functions.balanceOf(self._who(who), tpft_id or self.series_id).call())

    def money(self, token: Contract, who: str) -> int:
        return int(token.functions.balanceOf(self._who(who)).call())

    def _who(self, who: str) -> str:
        return who if who.startswith("0x") else self.addr(who)

    def token_of(self, role: str) -> Contract:
        bank = CUSTOMERS[role][0] if role in CUSTOMERS else role
        return self.rt_a if bank == "BANK_A" else self.rt_b

    def role_id(self, name: str) -> bytes:
        return keccak(text=name)

    def events(self, contract: Contract, event: str, receipt: TxReceipt) -> list[Any]:
        return list(contract.events[event]().process_receipt(receipt, errors=DISCARD))

    def snapshot_balances(self, tpft_id: int | None = None) -> dict[str, int]:
        """Every balance the TPFt operations can touch, by "token:holder"."""
        holders = ["BCB", "STN", "BANK_A", "BANK_B", *CUSTOMERS]
        out: dict[str, int] = {}
        for h in holders:
            out[f"tpft:{h}"] = self.bonds(h, tpft_id)
            out[f"rd:{h}"] = self.money(self.rd, h)
            out[f"rt_a:{h}"] = self.money(self.rt_a, h)
            out[f"rt_b:{h}"] = self.money(self.rt_b, h)
        out["rd:reserve"] = self.money(self.rd, self.reserve.address)
        return out


def create_series(w: World, acronym: str, code: str, maturity: int, mint: int = STN_BONDS) -> int:
    """The Treasury creates a series and mints ``mint`` bonds to itself; returns the id."""
    data = (acronym, code, maturity)
    w.tx(w.tpft.functions.createTPFt(data), "STN")
    if mint:
        w.tx(w.tpft.functions.mint(w.addr("STN"), data, mint), "STN")
    return int(w.tpft.functions.getTPFtId(data).call())


def place(w: World, to: str, amount: int, data: tuple[str, str, int] | None = None) -> None:
    """Direct placement of bonds from the Treasury."""
    w.tx(w.tpft.functions.directPlacement(w.addr("STN"), w._who(to), data or w.series, amount), "STN")


def build_world(chain: Chain) -> World:
    """Deploy the platform with the real plan and fund the test world (see the module docstring)."""
    manifest = deploy_platform(chain)
    contracts = {
        name: chain.at(entry["artifact"], entry["address"]) for name, entry in manifest.contracts.items()
    }
    maturity = chain.timestamp() + YEAR
    w = World(chain, manifest, contracts, ("LTN", "100000", maturity), 0)
    w.series_id = create_series(w, *w.series)
    dvp = w.dvp.address
    for role in ("BANK_A", "BANK_B", "BCB", "STN"):
        w.tx(w.rd.functions.mint(w.addr(role), BANK_RD), "BCB")
        w.tx(w.rd.functions.approve(dvp, BIG), role)
    # The banks' wallets are their Real Tokenizado's reserves: SwapOneStepFrom moves their Real Digital when
    # their customers trade with the other bank's customers.
    for bank in ("BANK_A", "BANK_B"):
        w.tx(w.rd.functions.approve(w.SwapOneStepFrom.address, BIG), bank)
    for role, (bank, tax_id) in CUSTOMERS.items():
        customer = w.addr(role)
        token = w.token_of(role)
        w.tx(token.functions.enableAccount(customer), bank)
        w.tx(
            w.KeyDictionary.functions.addAccount(
                keccak(text=str(tax_id)),
                tax_id,
                CNPJ8[bank] % 1000,
                1000 + tax_id % 1000,
                1,
                customer,
                CNPJ8[bank],
            ),
            bank,
        )
        w.tx(w.tpft.functions.enableAddress(customer), bank)
        w.tx(token.functions.mint(customer, CUSTOMER_RT), bank)
        w.tx(w.tpft.functions.setApprovalForAll(dvp, True), role)
        for t in (w.rt_a, w.rt_b):
            w.tx(t.functions.approve(dvp, BIG), role)
        place(w, role, CUSTOMER_BONDS)
    for bank in ("BANK_A", "BANK_B"):
        place(w, bank, BANK_BONDS)
    return w
