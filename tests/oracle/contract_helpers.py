"""A standalone ReferenceData on anvil for the contract tests: no AddressDiscovery, no platform.

:func:`start_node` starts anvil with its genesis block at a chosen moment (so "today" on chain is a known
date, always in the past: the tests never depend on the wall clock); :class:`Rig` deploys ReferenceData with
BCB as admin, configures SELIC (daily), IPCA (monthly), PTAX_SELL and VNA_NTNB (5 lead days) from the
catalogue, the ANBIMA weekday holidays of 2024..2026 and four reporters (dev accounts 10..13, f = 1:
quorum 3, amendment quorum 4), and signs and relays votes the way reporters do
(:mod:`drex.reference.signing`, ``eth_account``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from eth_account.signers.local import LocalAccount
from eth_typing import ChecksumAddress
from eth_utils import to_checksum_address
from web3.contract import Contract
from web3.logs import DISCARD
from web3.types import TxReceipt

from drex.chain import Chain
from drex.chain.accounts import dev_account
from drex.chain.anvil import AnvilNode, start_anvil
from drex.deploy.steps.oracles import weekday_holidays
from drex.reference import day_number, series_id, sign_observation
from drex.sdk import Platform
from drex.sdk.reference import ReferenceData

BRASILIA = dt.timezone(dt.timedelta(hours=-3))
#: The reporters (dev accounts 10..13) and someone who is not one.
REPORTERS: tuple[LocalAccount, ...] = tuple(dev_account(i) for i in (10, 11, 12, 13))
OUTSIDER: LocalAccount = dev_account(14)
#: Payload hashes: what reporters read (two different source answers).
SOURCE_A = hashlib.sha256(b'[{"data": "04/03/2025", "valor": "0.050788"}]').digest()
SOURCE_B = hashlib.sha256(b'[{"data": "04/03/2025", "valor": "0.050789"}]').digest()
SELIC, IPCA, PTAX = series_id("SELIC"), series_id("IPCA"), series_id("PTAX_SELL")
VNA_NTNB = series_id("VNA_NTNB")
#: Wednesday after Carnival 2025 (Monday 3 and Tuesday 4 March are ANBIMA holidays).
ASH_WEDNESDAY = dt.date(2025, 3, 5)


def moment(day: dt.date, hour: int = 12) -> int:
    """Unix time of ``hour``:00 in Brasília on ``day``."""
    return int(dt.datetime(day.year, day.month, day.day, hour, tzinfo=BRASILIA).timestamp())


def start_node(day: dt.date = ASH_WEDNESDAY, hour: int = 12) -> AnvilNode:
    """Anvil whose genesis block is at ``hour``:00 Brasília on ``day``."""
    return start_anvil(extra_args=["--timestamp", str(moment(day, hour))])


class _OnlyReferenceData:
    """A directory that knows one contract: the rig's ReferenceData."""

    def __init__(self, address: str):
        self.address = to_checksum_address(address)

    def lookup(self, name: str) -> ChecksumAddress:
        from drex.sdk.errors import UnknownContract

        if name != "ReferenceData":
            raise UnknownContract(f"{name} is not deployed in this test")
        return self.address


class Rig:
    """ReferenceData deployed and configured on ``chain``; helpers to sign and relay votes."""

    def __init__(self, chain: Chain, *, reporters: bool = True):
        self.chain = chain
        self.bcb = chain.account("BCB")
        self.contract: Contract = chain.deploy("ReferenceData", self.bcb.address, sender=self.bcb)
        self.platform = Platform(chain, _OnlyReferenceData(self.contract.address), self.bcb)
        self.rd: ReferenceData = self.platform.reference_data
        for name in ("SELIC", "IPCA", "PTAX_SELL", "VNA_NTNB"):
            self.rd.configure_series(name)
        self.rd.set_holidays(weekday_holidays(2024, 2026))
        if reporters:
            self.rd.configure_reporters([a.address for a in REPORTERS], 1, 4)

    @property
    def fn(self) -> Any:
        return self.contract.functions

    def today(self) -> int:
        return int(self.chain.call(self.fn.today()))

    def version(self) -> int:
        return int(self.chain.call(self.fn.configVersion()))

    def vote(
        self,
        account: LocalAccount,
        series: bytes,
        day: int,
        value: int,
        source: bytes = SOURCE_A,
        *,
        observed_at: int | None = None,
        version: int | None = None,
        chain_id: int | None = None,
        contract: str | None = None,
    ) -> tuple[int, bytes]:
        """``account``'s vote ``(observedAt, signature)`` on (series, day, value, source); by default for this
        chain, this contract and the current configuration version, observed at the latest block's time."""
        observed = self.chain.timestamp() if observed_at is None else observed_at
        signature = sign_observation(
            account,
            chain_id=self.chain.chain_id if chain_id is None else chain_id,
            contract=self.contract.address if contract is None else contract,
            series_id=series,
            reference_date=day,
            value=value,
            source_hash=source,
            observed_at=observed,
            config_version=self.version() if version is None else version,
        )
        return (observed, signature)

    def votes(
        self, accounts: Sequence[LocalAccount], series: bytes, day: int, value: int, source: bytes = SOURCE_A
    ) -> list[tuple[int, bytes]]:
        return [self.vote(a, series, day, value, source) for a in accounts]

    def publish(
        self,
        series: bytes,
        day: int,
        value: int,
        votes: Sequence[tuple[int, bytes]],
        source: bytes = SOURCE_A,
        *,
        sender: LocalAccount | None = None,
    ) -> TxReceipt:
        """Relay ``votes`` with ``publish`` (sent by ``sender``, by default an outsider: anyone may relay)."""
        fn = self.fn.publish(series, day, value, source, list(votes))
        return self.chain.transact(fn, sender=sender or OUTSIDER)

    def report(
        self,
        account: LocalAccount,
        series: bytes,
        day: int,
        value: int,
        source: bytes = SOURCE_A,
        *,
        sender: LocalAccount | None = None,
    ) -> TxReceipt:
        """Sign ``account``'s vote and relay it with ``report`` (sent by ``sender``, by default the
        reporter)."""
        vote = self.vote(account, series, day, value, source)
        return self.chain.transact(self.fn.report(series, day, value, source, vote), sender=sender or account)

    def latest(self, series: bytes) -> tuple[Any, ...]:
        return tuple(self.chain.call(self.fn.latest(series)))

    def events(self, receipt: TxReceipt, name: str) -> list[dict[str, Any]]:
        """The decoded ``name`` events of ``receipt``."""
        event = getattr(self.contract.events, name)()
        return [dict(e["args"]) for e in event.process_receipt(receipt, errors=DISCARD)]


def day_of(day: dt.date) -> int:
    return day_number(day)
