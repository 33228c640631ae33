"""Fixtures of the SDK tests: one deployed and funded platform on the embedded chain for the package.

``world`` deploys the real platform with :func:`drex.deploy.deploy_platform` once per test session and
funds it through the SDK itself (the banks request Real Digital through STR, enable their customers on
their Real Tokenizado, issue R$ 1.000,00 to each and approve the swap contracts on their reserves).
Every test that uses it starts from that state: the chain is snapshotted before the test and reverted
after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest

from drex.chain import Chain, connect
from drex.deploy import Manifest, deploy_platform
from drex.sdk import Platform

BANK_RD = Decimal("10000.00")
CUSTOMER_RT = Decimal("1000.00")
RESERVE_ALLOWANCE = Decimal("5000.00")
#: A dev account no role and no deployment step uses: a bank's "second wallet" in the tests.
SPARE = 9
CUSTOMERS = {"BANK_A": ("CUSTOMER_A1", "CUSTOMER_A2"), "BANK_B": ("CUSTOMER_B1", "CUSTOMER_B2")}


@dataclass
class World:
    """The deployed, funded platform and an SDK session per dev role."""

    chain: Chain
    manifest: Manifest
    platform: Platform  # no signer
    a: str  # CNPJ8 of BANK_A
    b: str  # CNPJ8 of BANK_B

    def as_(self, role: str | int) -> Platform:
        """The platform session signing as a dev role (or a dev account index, e.g. :data:`SPARE`)."""
        return self.platform.as_signer(self.chain.account(role))

    def addr(self, role: str | int) -> str:
        return str(self.chain.account(role).address)


@pytest.fixture(scope="session")
def _world() -> Iterator[World]:
    chain = connect("embedded")
    manifest = deploy_platform(chain)
    platform = Platform.from_manifest(chain, manifest)
    world = World(chain, manifest, platform, manifest.participants["BANK_A"], manifest.participants["BANK_B"])
    for bank_role, customers in CUSTOMERS.items():
        bank = world.as_(bank_role)
        cnpj8 = manifest.participants[bank_role]
        bank.real_digital.request_mint(BANK_RD)
        token = bank.real_tokenizado(cnpj8)
        for customer in customers:
            token.enable_account(world.addr(customer))
            token.mint(world.addr(customer), CUSTOMER_RT)
        for swap in (bank.swap_one_step, bank.swap_two_steps, bank.swap_two_steps_reserve):
            swap.approve_reserve(RESERVE_ALLOWANCE)
    yield world
    chain.close()


@pytest.fixture()
def world(_world: World) -> Iterator[World]:
    snap = _world.chain.snapshot()
    yield _world
    _world.chain.revert(snap)
