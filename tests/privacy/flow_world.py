"""The world the end-to-end privacy tests share: the platform deployed on anvil (proof verification on the
embedded py-evm chain would take seconds per pairing), BANK_A, BANK_B and the Treasury (STN, the third
institution) funded with Real Digital, a TPFt series placed with them, everyone registered in both pools,
and BCB's regulator key set."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from drex.chain import Chain
from drex.privacy.prover import Prover
from drex.privacy.regulator import RegulatorKey
from drex.sdk import Platform
from drex.sdk.private.pool import ShieldedPool
from drex.sdk.private.store import WalletStore
from drex.sdk.private.wallet import PrivateWallet
from drex.sdk.tpft import TPFtPlatform
from sdk_tpft.conftest import build_world

BANKS = ("BANK_A", "BANK_B", "STN")


@dataclass
class PrivacyWorld:
    chain: Chain
    platform: Platform
    series_id: int
    regulator: RegulatorKey
    prover: Prover
    folder: Path
    wallets: dict[str, PrivateWallet] = field(default_factory=dict)

    def wallet(self, role: str) -> PrivateWallet:
        """The role's private wallet (its own database file, shared prover)."""
        if role not in self.wallets:
            platform = self.platform.as_signer(self.chain.account(role))
            store = WalletStore.at(self.folder / f"{role}.sqlite")
            self.wallets[role] = PrivateWallet.open(
                platform, self.chain.account(role), store=store, prover=self.prover
            )
        return self.wallets[role]

    def pool(self, kind: str, role: str = "BCB") -> ShieldedPool:
        return ShieldedPool(self.platform.as_signer(self.chain.account(role)), kind)

    def addr(self, role: str) -> str:
        return str(self.chain.account(role).address)

    def rd(self, role: str) -> Decimal:
        return self.platform.real_digital.balance_of(self.addr(role))


def build_privacy_world(chain: Chain) -> PrivacyWorld:
    w = build_world(chain)  # platform, BANK_A/BANK_B with Real Digital, an LTN placed with the banks
    stn = w.tp("STN")
    stn.platform.real_digital.request_mint(Decimal("100000.00"))
    series_id = TPFtPlatform(w.platform).tpft.id_of(w.series)
    regulator = RegulatorKey.generate()
    world = PrivacyWorld(chain, w.platform, series_id, regulator, Prover(), Path(tempfile.mkdtemp()))
    pub = regulator.public
    for kind in ("rd", "tpft"):
        world.pool(kind).set_regulator_key(pub.x, pub.y)
        for bank in BANKS:
            world.wallet(bank).register(kind)
    return world
