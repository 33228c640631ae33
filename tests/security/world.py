"""The adversarial world: the whole platform deployed with the real plan, and a realistic funded setup.

Actors (dev accounts of the anvil mnemonic):

=============  =====  ==========================================================================
actor          index  what it is
=============  =====  ==========================================================================
BCB            0      central bank: Real Digital authority, TPFt admin, 1012 repayments
STN            1      Treasury: issues and places bonds
BANK_A/BANK_B  2, 3   honest banks (participants with a Real Tokenizado each)
CUSTOMER_A1    4      honest customer of bank A
CUSTOMER_A2    5      HOSTILE customer of bank A (onboarded legitimately by A)
CUSTOMER_B1/B2 6, 7   honest customers of bank B
BANK_M         8      HOSTILE bank: a participant onboarded by BCB, with its own Real Tokenizado
CUSTOMER_M1    9      HOSTILE customer of bank M
MAL_P          10     HOSTILE participant (Real Digital wallet, CNPJ8, TPFt), no Real Tokenizado
BANK_A2        11     bank A's second wallet (enabled by bank A through RealDigitalEnableAccount)
BANK_M2        12     HOSTILE: bank M's second wallet (enabled by bank M the same way)
=============  =====  ==========================================================================

Setup, as the deployment plan and the pilot scenario do it for a new participant:

- BCB enables each new participant (M, P) on Real Digital and registers it as its CNPJ8's default account
  (``addDefaultAccount``, which binds the wallet to the CNPJ8 in Real Digital), sets its STR mint limit
  (``STR.setMintLimit``) and enables it for TPFt; the participant authorizes TPFtDvP on TPFt.
- BCB deploys M's Real Tokenizado (BCB admin, M authority and reserve), registers it in AddressDiscovery,
  points it at Real Digital (``setRealDigital``), grants the swaps (SwapOneStepFrom included), TPFtDvP,
  1012 and the repayment reserve their roles and approves it in every swap and ApprovedDigitalCurrency,
  as the plan does for banks A and B; M enables its own wallet and the escrow contract on it.
- Banks A and M each enable a second wallet of theirs through ``RealDigitalEnableAccount.enableAccount``
  (which binds it to their CNPJ8).
- Participants are funded with Real Digital by BCB (and each STR-mints a little within its limit), approve
  TPFtDvP and (the banks) every swap including SwapOneStepFrom on Real Digital.
- Every customer is enabled on its bank's Real Tokenizado, registered in KeyDictionary by its bank, enabled
  for TPFt by its bank, funded with Real Tokenizado, and approves TPFtDvP and the swaps on it.
- The Treasury creates two LTN series (one maturing in 20 days, one in a year) and places both with every
  participant and customer.

On the contracts before the issue-9 fixes (no ``participantOf`` in Real Digital's ABI: :attr:`World.fixed`
is False) the same world is set up the old way: no mint limits, no ``setRealDigital``, no SwapOneStepFrom;
the second wallets are enabled the same way (the old ``enableAccount`` accepted any wallet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from web3.contract import Contract

from drex.chain import Chain
from drex.chain.accounts import DEV_CNPJ8, DEV_REPORTERS, DEV_ROLES
from drex.deploy import Manifest, deploy_platform

BCB_CNPJ8 = int(DEV_CNPJ8["BCB"])
STN_CNPJ8 = int(DEV_CNPJ8["STN"])
#: Participants' CNPJ8: the deployment's dev participants (drex.chain.accounts) and the hostile ones.
CNPJ8: dict[str, int] = {
    **{role: int(cnpj8) for role, cnpj8 in DEV_CNPJ8.items()},
    "BANK_M": 33333333,
    "MAL_P": 44444444,
}
#: Actor -> dev account index: the deployment's dev roles (its reference-data reporters apart: they hold
#: nothing and their indices are the suite's own actors'), then the suite's own actors.
INDEX: dict[str, int] = {
    **{role: index for role, index in DEV_ROLES.items() if role not in DEV_REPORTERS},
    "BANK_M": 8,
    "CUSTOMER_M1": 9,
    "MAL_P": 10,
    "BANK_A2": 11,
    "BANK_M2": 12,
}
ACTORS: tuple[str, ...] = tuple(INDEX)
HOSTILE: tuple[str, ...] = ("BANK_M", "CUSTOMER_M1", "MAL_P", "CUSTOMER_A2", "BANK_M2")
BANKS: tuple[str, ...] = ("BANK_A", "BANK_B", "BANK_M")
PARTICIPANTS: tuple[str, ...] = ("BCB", "STN", "BANK_A", "BANK_B", "BANK_M", "MAL_P")
#: Second wallets: wallet -> the participant that enabled (owns) it.
SECOND_WALLETS: dict[str, str] = {"BANK_A2": "BANK_A", "BANK_M2": "BANK_M"}
#: Customer -> (bank, tax id).
CUSTOMERS: dict[str, tuple[str, int]] = {
    "CUSTOMER_A1": ("BANK_A", 11122233344),
    "CUSTOMER_A2": ("BANK_A", 22233344455),
    "CUSTOMER_B1": ("BANK_B", 33344455566),
    "CUSTOMER_B2": ("BANK_B", 44455566677),
    "CUSTOMER_M1": ("BANK_M", 55566677788),
}
#: Every actor -> the participant it belongs to (itself, its bank, or the participant owning the wallet).
OWNER: dict[str, str] = (
    {p: p for p in PARTICIPANTS} | SECOND_WALLETS | {c: b for c, (b, _) in CUSTOMERS.items()}
)
#: Bank -> token key.
TOKEN_OF_BANK: dict[str, str] = {"BANK_A": "rt_a", "BANK_B": "rt_b", "BANK_M": "rt_m"}

PARTICIPANT_RD = 1_000_000_000  # R$ 10.000.000,00
MINT_LIMIT = 100_000_000  # R$ 1.000.000,00 of STR issuance for M and P
CUSTOMER_RT = 10_000_000  # R$ 100.000,00
STN_BONDS = 100_000_000  # 1,000,000.00 of each series
PARTICIPANT_BONDS = 1_000_000  # 10,000.00
CUSTOMER_BONDS = 10_000  # 100.00
BIG = 2**255
DAY = 86_400


def key_of(tax_id: int) -> bytes:
    """KeyDictionary key of a customer: keccak256 of its identifier."""
    return keccak(text=str(tax_id))


@dataclass
class World:
    """The deployed, funded platform."""

    chain: Chain
    manifest: Manifest
    c: dict[str, Contract]
    tokens: dict[str, Contract]  # "rd", "rt_a", "rt_b", "rt_m"
    series: dict[str, tuple[str, str, int]]  # "short" (matures in 20 days), "long" (a year)
    series_id: dict[str, int]
    accounts: dict[str, LocalAccount] = field(default_factory=dict)
    #: The contracts carry the issue-9 fixes (Real Digital has ``participantOf``).
    fixed: bool = True
    #: What the state machine reads once from the funded snapshot (initial balances, STR limits).
    cache: dict[str, Any] = field(default_factory=dict)

    def addr(self, actor: str) -> str:
        return str(self.accounts[actor].address)

    def tx(self, fn: Any, actor: str) -> Any:
        return self.chain.transact(fn, sender=self.accounts[actor])

    def swap_names(self) -> list[str]:
        return [
            s
            for s in ("SwapOneStep", "SwapTwoSteps", "SwapTwoStepsReserve", "SwapOneStepFrom")
            if s in self.c
        ]


def build_world(chain: Chain) -> World:
    """Deploy the platform with the real plan, onboard the hostile bank and participant, fund everyone."""
    manifest = deploy_platform(chain)
    c = {name: chain.at(e["artifact"], e["address"]) for name, e in manifest.contracts.items()}
    accounts = {a: chain.account(i) for a, i in INDEX.items()}
    now = chain.timestamp()
    rd = c["RealDigital"]
    fixed = any(item.get("name") == "participantOf" for item in rd.abi)
    w = World(
        chain,
        manifest,
        c,
        {"rd": rd, "rt_a": c["RealTokenizado@11111111"], "rt_b": c["RealTokenizado@22222222"]},
        {"short": ("LTN", "100000", now + 20 * DAY), "long": ("LTN", "100000", now + 365 * DAY)},
        {},
        accounts,
        fixed,
    )
    tpft, dvp = c["TPFt"], c["TPFtDvP"]
    swaps = [c[s] for s in w.swap_names()]
    two_steps, escrow = c["SwapTwoSteps"], c["SwapTwoStepsReserve"]

    # New participants M and P, onboarded by BCB as the plan onboards banks A and B.
    for p in ("BANK_M", "MAL_P"):
        w.tx(rd.functions.enableAccount(w.addr(p)), "BCB")
        w.tx(c["RealDigitalDefaultAccount"].functions.addDefaultAccount(CNPJ8[p], w.addr(p)), "BCB")
        if fixed:
            w.tx(c["STR"].functions.setMintLimit(CNPJ8[p], MINT_LIMIT), "BCB")
        w.tx(tpft.functions.enableAddress(w.addr(p)), "BCB")
        w.tx(tpft.functions.setApprovalForAll(dvp.address, True), p)

    # The hostile bank M: a Real Tokenizado of its own, wired exactly as the deployment wires A's and B's.
    m = w.addr("BANK_M")
    rt_m = chain.deploy(
        "RealTokenizado",
        "RealTokenizado@33333333",
        "BRL@33333333",
        m,
        w.addr("BCB"),
        "Banco M S.A.",
        CNPJ8["BANK_M"],
        m,
        sender=accounts["BCB"],
    )
    w.tokens["rt_m"] = rt_m
    c["RealTokenizado@33333333"] = rt_m
    w.tx(
        c["AddressDiscovery"].functions.updateAddress(keccak(text="RealTokenizado@33333333"), rt_m.address),
        "BCB",
    )
    if fixed:
        w.tx(rt_m.functions.setRealDigital(rd.address), "BCB")
    grants = [(s, r) for s in swaps for r in ("MINTER_ROLE", "BURNER_ROLE")]
    grants += [(two_steps, "FREEZER_ROLE"), (dvp, "BURNER_ROLE"), (dvp, "MINTER_ROLE")]
    grants += [(c["TPFtOperation1012"], "MINTER_ROLE"), (c["TPFtRepaymentReserve"], "MINTER_ROLE")]
    for grantee, role in grants:
        w.tx(rt_m.functions.grantRole(keccak(text=role), grantee.address), "BCB")
    w.tx(rt_m.functions.enableAccount(m), "BANK_M")
    w.tx(rt_m.functions.enableAccount(escrow.address), "BANK_M")
    for registry in (*swaps, c["ApprovedDigitalCurrency"]):
        w.tx(registry.functions.setDigitalCurrencyApproval(rt_m.address, True), "BCB")

    # Second wallets, enabled (and bound) by their own participant.
    for wallet, owner in SECOND_WALLETS.items():
        w.tx(c["RealDigitalEnableAccount"].functions.enableAccount(w.addr(wallet)), owner)

    # Participants: Real Digital, standing allowances to TPFtDvP and (banks) the swaps.
    for p in ("BANK_A", "BANK_B", "BANK_M", "MAL_P", "STN", "BCB", *SECOND_WALLETS):
        w.tx(rd.functions.mint(w.addr(p), PARTICIPANT_RD), "BCB")
        w.tx(rd.functions.approve(dvp.address, BIG), p)
    if fixed:
        for p in ("BANK_M", "MAL_P"):
            w.tx(c["STR"].functions.requestToMint(MINT_LIMIT // 10), p)
    for bank in BANKS:
        for s in swaps:
            w.tx(rd.functions.approve(s.address, BIG), bank)

    # Bonds.
    for key, data in w.series.items():
        w.tx(tpft.functions.createTPFt(data), "STN")
        w.tx(tpft.functions.mint(w.addr("STN"), data, STN_BONDS), "STN")
        w.series_id[key] = int(tpft.functions.getTPFtId(data).call())

    # Customers: onboarded by their bank.
    for cust, (bank, tax_id) in CUSTOMERS.items():
        token = w.tokens[TOKEN_OF_BANK[bank]]
        who = w.addr(cust)
        w.tx(token.functions.enableAccount(who), bank)
        w.tx(
            c["KeyDictionary"].functions.addAccount(
                key_of(tax_id), tax_id, CNPJ8[bank] % 1000, 1000 + tax_id % 1000, 1, who, CNPJ8[bank]
            ),
            bank,
        )
        w.tx(tpft.functions.enableAddress(who), bank)
        w.tx(token.functions.mint(who, CUSTOMER_RT), bank)
        w.tx(tpft.functions.setApprovalForAll(dvp.address, True), cust)
        for spender in (dvp, *swaps):
            w.tx(token.functions.approve(spender.address, BIG), cust)

    for data in w.series.values():
        for holder in ("BANK_A", "BANK_B", "BANK_M", "MAL_P", *CUSTOMERS):
            amount = CUSTOMER_BONDS if holder in CUSTOMERS else PARTICIPANT_BONDS
            w.tx(tpft.functions.directPlacement(w.addr("STN"), w.addr(holder), data, amount), "STN")
    return w
