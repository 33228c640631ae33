"""Fixtures of the TPFt SDK tests: one embedded chain for the package with the real platform deployed and a
small world funded through the SDK itself, created once.

``chain`` overrides the root module-scoped fixture with a package-scoped one, so the deployment runs once
for every module here; ``world`` (package scoped, so built before the root autouse ``clean_chain`` takes its
first snapshot) funds the banks through STR, onboards three customers (Real Tokenizado, KeyDictionary, TPFt,
TPFtDvP approvals), creates an LTN maturing in a year and places it with everyone. ``clean_chain`` reverts
the chain after every test, so each test starts from that state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from drex.chain import Chain, connect
from drex.deploy import Manifest, deploy_platform
from drex.sdk import Platform
from drex.sdk.tpft import TPFtPlatform
from drex.sdk.tpft_values import Series

BANK_RD = Decimal("1000000.00")
CUSTOMER_RT = Decimal("10000.00")
STN_BONDS = Decimal("10000.00")
BANK_BONDS = Decimal("1000.00")
CUSTOMER_BONDS = Decimal("100.00")
PRICE = Decimal("950.12345678")

#: Customers: role -> (bank role, key identifier, CPF).
CUSTOMERS: dict[str, tuple[str, str, int]] = {
    "CUSTOMER_A1": ("BANK_A", "a1@banco-a.example", 11122233344),
    "CUSTOMER_A2": ("BANK_A", "a2@banco-a.example", 22233344455),
    "CUSTOMER_B1": ("BANK_B", "b1@banco-b.example", 33344455566),
}


@dataclass
class World:
    """The deployed, funded platform, a bond series, and a TPFt session per dev role."""

    chain: Chain
    manifest: Manifest
    platform: Platform
    series: Series
    start: int = 0
    """First block after the setup (event scans start here to stay fast on the embedded chain)."""
    sessions: dict[str, TPFtPlatform] = field(default_factory=dict)

    def tp(self, role: str | int) -> TPFtPlatform:
        """The TPFt session signing as a dev role (or a dev account index)."""
        key = str(role)
        if key not in self.sessions:
            self.sessions[key] = TPFtPlatform(self.platform.as_signer(self.chain.account(role)))
        return self.sessions[key]

    def addr(self, role: str | int) -> str:
        return str(self.chain.account(role).address)

    def cnpj8(self, role: str) -> str:
        return self.manifest.participants[role]

    def token(self, bank: str) -> str:
        return self.platform.real_tokenizado(self.cnpj8(bank)).address

    def rd(self, role: str) -> Decimal:
        return self.platform.real_digital.balance_of(self.addr(role))

    def rt(self, bank: str, role: str) -> Decimal:
        return self.platform.real_tokenizado(self.cnpj8(bank)).balance_of(self.addr(role))

    def bonds(self, role: str | int, series: Series | None = None) -> Decimal:
        return self.tp("BCB").tpft.balance_of(self.addr(role), series or self.series)


def build_world(chain: Chain) -> World:
    manifest = deploy_platform(chain)
    platform = Platform.from_manifest(chain, manifest)
    today = dt.datetime.fromtimestamp(chain.timestamp(), dt.UTC).date()
    w = World(chain, manifest, platform, Series.of("LTN", "100000", dt.date(today.year + 1, 7, 1)))
    stn = w.tp("STN")
    stn.tpft.create(w.series)
    stn.tpft.mint(stn.address, w.series, STN_BONDS)
    for bank in ("BANK_A", "BANK_B"):
        b = w.tp(bank)
        b.platform.real_digital.request_mint(BANK_RD)
        b.approve_dvp(BANK_RD)
        stn.tpft.direct_placement(stn.address, b.address, w.series, BANK_BONDS)
    for role, (bank, key, cpf) in CUSTOMERS.items():
        b, customer = w.tp(bank), w.addr(role)
        token = b.platform.real_tokenizado(w.cnpj8(bank))
        token.enable_account(customer)
        b.platform.key_dictionary.add_account(
            key,
            tax_id=cpf,
            cnpj8=w.cnpj8(bank),
            bank_number=1,
            account=cpf % 10000,
            branch=1,
            wallet=customer,
        )
        token.mint(customer, CUSTOMER_RT)
        b.tpft.enable(customer)
        w.tp(role).approve_dvp(CUSTOMER_RT, token=w.cnpj8(bank))
        stn.tpft.direct_placement(stn.address, customer, w.series, CUSTOMER_BONDS)
    w.start = platform.block_number() + 1
    return w


@pytest.fixture(scope="package")
def chain() -> Iterator[Chain]:
    c = connect("embedded")
    yield c
    c.close()


@pytest.fixture(scope="package")
def world(chain: Chain) -> World:
    return build_world(chain)


@pytest.fixture()
def w(world: World) -> World:
    """The world, for one test (the root ``clean_chain`` reverts the chain after it)."""
    world.sessions.clear()  # the chain is reverted: drop clients whose caches (ids, nonces) could be stale
    return world
