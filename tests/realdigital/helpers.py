"""Helpers for the money-layer tests: the deployed and funded world, transactions and revert checks.

:func:`deploy_money_layer` runs the real deployment steps (registry + realdigital) on a chain and then
funds a small world the way the scenario does through the SDK: the banks mint Real Digital through STR,
enable and fund customers with Real Tokenizado, and approve the swap contracts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account.signers.local import LocalAccount
from web3.contract import Contract
from web3.types import TxReceipt

from drex.chain import Chain
from drex.deploy import Deployer, Manifest
from drex.deploy.plan import full_plan
from drex.testing import reverts as reverts  # re-exported for the tests

#: Real Digital each bank mints through STR at setup (R$ 10.000,00).
BANK_RD = 1_000_000
#: Real Tokenizado each customer holds at setup (R$ 1.000,00).
CUSTOMER_RT = 100_000
#: Allowance the banks and customers give the swap contracts.
BIG = 10**30


@dataclass
class Money:
    """The deployed money layer on ``chain`` and the dev accounts that use it."""

    chain: Chain
    manifest: Manifest
    rd: Contract
    str_: Contract
    default: Contract
    enable: Contract
    kd: Contract
    adc: Contract
    one: Contract
    two: Contract
    escrow: Contract
    one_from: Contract
    rt_a: Contract
    rt_b: Contract

    def tx(self, fn: Any, sender: LocalAccount, gas: int | None = None) -> TxReceipt:
        """Send ``fn`` signed by ``sender``; with ``gas`` given, skip the (slow) gas estimation."""
        return self.chain.transact(fn, sender=sender, gas=gas)

    def acct(self, role: str | int) -> LocalAccount:
        return self.chain.account(role)

    @property
    def bcb(self) -> LocalAccount:
        return self.acct("BCB")

    @property
    def bank_a(self) -> LocalAccount:
        return self.acct("BANK_A")

    @property
    def bank_b(self) -> LocalAccount:
        return self.acct("BANK_B")

    def role(self, contract: Contract, name: str) -> bytes:
        return bytes(contract.functions[name]().call())

    def bal(self, token: Contract, who: str | LocalAccount) -> int:
        return int(token.functions.balanceOf(_addr(who)).call())

    def frozen(self, token: Contract, who: str | LocalAccount) -> int:
        return int(token.functions.frozenBalanceOf(_addr(who)).call())

    def supply(self, token: Contract) -> int:
        return int(token.functions.totalSupply().call())

    def view(self, fn: Any) -> Any:
        """A read-only call with reverts decoded into ContractRevert."""
        return self.chain.call(fn)


def _addr(who: str | LocalAccount) -> str:
    return who if isinstance(who, str) else who.address


def deploy_money_layer(chain: Chain) -> Money:
    """Run the registry and realdigital deployment steps, bind every contract, fund the dev world."""
    manifest = Deployer(chain, None, plan=full_plan(("registry", "realdigital"))).run().manifest

    def at(name: str) -> Contract:
        return chain.at(manifest.contracts[name]["artifact"], manifest.address(name))

    m = Money(
        chain=chain,
        manifest=manifest,
        rd=at("RealDigital"),
        str_=at("STR"),
        default=at("RealDigitalDefaultAccount"),
        enable=at("RealDigitalEnableAccount"),
        kd=at("KeyDictionary"),
        adc=at("ApprovedDigitalCurrency"),
        one=at("SwapOneStep"),
        two=at("SwapTwoSteps"),
        escrow=at("SwapTwoStepsReserve"),
        one_from=at("SwapOneStepFrom"),
        rt_a=at("RealTokenizado@11111111"),
        rt_b=at("RealTokenizado@22222222"),
    )
    swaps = (m.one, m.two, m.escrow, m.one_from)
    for bank, token, customers in (
        (m.bank_a, m.rt_a, ("CUSTOMER_A1", "CUSTOMER_A2")),
        (m.bank_b, m.rt_b, ("CUSTOMER_B1", "CUSTOMER_B2")),
    ):
        m.tx(m.str_.functions.requestToMint(BANK_RD), bank)
        for swap in swaps:
            m.tx(m.rd.functions.approve(swap.address, BIG), bank)
        for role in customers:
            customer = m.acct(role)
            m.tx(token.functions.enableAccount(customer.address), bank)
            m.tx(token.functions.mint(customer.address, CUSTOMER_RT), bank)
            for swap in swaps:
                m.tx(token.functions.approve(swap.address, BIG), customer)
    return m
