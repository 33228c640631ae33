"""Fixtures of the compliance tests: a deployed platform on the embedded chain whose BANK_A customers
(dev accounts 4, 5, 8, 10-19) hold Real Tokenizado, the real indexer, and the compliance database.

The database tests run on SQLite and on a throwaway PostgreSQL through the shared ``db_url`` fixture
(tests/conftest.py), as the index's tests do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from drex.chain import Chain, connect
from drex.compliance.cases import CaseDesk
from drex.compliance.officers import Roster, approval_text, request_text, sign_text
from drex.compliance.service import ComplianceService
from drex.compliance.store import ActionRow, ComplianceStore
from drex.deploy import Manifest, deploy_platform
from drex.index import Indexer, IndexStore
from drex.sdk import Platform

HERE = Path(__file__).parent
#: Dev accounts used as BANK_A's customers in the crafted sequences.
CUSTOMERS = (4, 5, 8, *range(10, 20))
FUNDS = Decimal("1000.00")


#: The compliance officers' own keys (they only sign messages: no funds needed) and their roster.
OFFICER_KEYS: dict[str, LocalAccount] = {
    name: Account.from_key(keccak(text=f"drex test officer {name}")) for name in ("ana", "bruno", "carla")
}
ROSTER = Roster({name: key.address for name, key in OFFICER_KEYS.items()})


def desk_of(store: ComplianceStore) -> CaseDesk:
    """The case desk with the test roster."""
    return CaseDesk(store, ROSTER)


def request(
    cases: CaseDesk, case_id: int, kind: str, token: str, account: str, cents: int, officer: str
) -> ActionRow:
    """``officer`` requests, signing with their own key."""
    text = request_text(case_id, kind, token, account, cents)
    signature = sign_text(text, OFFICER_KEYS[officer.casefold()])
    return cases.request(case_id, kind, token, account, cents, officer, signature=signature)


def approve(cases: CaseDesk, action_id: int, officer: str, platform: Platform) -> ActionRow:
    """``officer`` approves, signing with their own key; ``platform`` sends the transaction."""
    a = cases.actions_by_id(action_id)
    text = approval_text(a.id, a.case_id, a.kind, a.token, a.account, a.amount)
    signature = sign_text(text, OFFICER_KEYS[officer.casefold()])
    return cases.approve(action_id, officer, platform, signature=signature)


@dataclass
class World:
    chain: Chain
    manifest: Manifest
    platform: Platform
    cnpj8: str  # BANK_A's

    @property
    def token_name(self) -> str:
        return f"RealTokenizado@{self.cnpj8}"

    def addr(self, who: str | int) -> str:
        return str(self.chain.account(who).address)

    def as_(self, who: str | int) -> Platform:
        return self.platform.as_signer(self.chain.account(who))

    def pay(self, src: int, dst: int, reais: str) -> None:
        """Customer ``src`` pays ``dst`` on BANK_A's Real Tokenizado."""
        self.as_(src).real_tokenizado(self.cnpj8).transfer(self.addr(dst), Decimal(reais))


@pytest.fixture(scope="module")
def world(built: None) -> Iterator[World]:
    chain = connect("embedded")
    manifest = deploy_platform(chain)
    platform = Platform.from_manifest(chain, manifest)
    cnpj8 = manifest.participants["BANK_A"]
    bank = platform.as_signer(chain.account("BANK_A"))
    bank.real_digital.request_mint(Decimal("50000.00"))
    token = bank.real_tokenizado(cnpj8)
    for n in CUSTOMERS:
        customer = str(chain.account(n).address)
        if not token.is_enabled(customer):
            token.enable_account(customer)
        token.mint(customer, FUNDS)
    yield World(chain, manifest, platform, cnpj8)
    chain.close()


@pytest.fixture()
def fresh_world(world: World) -> Iterator[World]:
    """The world, reverted to its funded state after the test."""
    snap = world.chain.snapshot()
    yield world
    world.chain.revert(snap)


@dataclass
class Desk:
    """The index and the compliance service sharing one database."""

    index: IndexStore
    indexer: Indexer
    service: ComplianceService

    def catch_up(self) -> None:
        self.indexer.sync()
        self.service.run()


def _desk(world: World, url: str) -> Iterator[Desk]:
    index = IndexStore(url)
    store = ComplianceStore(engine=index.engine)
    yield Desk(index, Indexer(world.platform, index), ComplianceService(store, index))
    index.close()


@pytest.fixture()
def desk(fresh_world: World, db_url: str) -> Iterator[Desk]:
    """The index and the service on SQLite and on PostgreSQL (``db_url`` is parametrized)."""
    yield from _desk(fresh_world, db_url)


@pytest.fixture()
def sqlite_desk(fresh_world: World, tmp_path: Path) -> Iterator[Desk]:
    """The index and the service on SQLite only: for tests of the chain side (freezes, modes, prices),
    where the database adds nothing and each PostgreSQL run would index the whole deployment again."""
    yield from _desk(fresh_world, f"sqlite:///{tmp_path / 'index.sqlite'}")
