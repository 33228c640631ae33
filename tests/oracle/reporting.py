"""What the reporter tests share: an anvil chain whose clock starts on Friday 3 January 2025 at noon in
Brasília (the days B's recorded SGS answers are for), the registry and the oracles deployed on it, and
reporters built the way ``drex oracle run`` builds them, each with its own journal.

The dates are in the past on purpose: the recorded answers are for those days, and the chain's clock is
set to them with anvil's ``--timestamp`` (it then runs on with the wall clock).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from drex.chain import Chain
from drex.chain.accounts import dev_account
from drex.chain.anvil import AnvilNode, start_anvil
from drex.deploy import Manifest
from drex.deploy.pipeline import Deployer
from drex.deploy.plan import full_plan
from drex.oracle.backoff import Backoff
from drex.oracle.journal import Journal
from drex.oracle.reporter import Reporter
from drex.oracle.share import ChainShare, FolderShare
from drex.oracle.sources import CsvSource, Source
from drex.sdk import Platform

#: Friday 3 January 2025, 12:00 in Brasília (15:00 UTC).
T0 = int(dt.datetime(2025, 1, 3, 15, 0, tzinfo=dt.UTC).timestamp())
THU, FRI = dt.date(2025, 1, 2), dt.date(2025, 1, 3)
#: The dev reporters (accounts 10..13), as the oracles deploy step configures them.
ORACLES = ("ORACLE_1", "ORACLE_2", "ORACLE_3", "ORACLE_4")

DREX = str(Path(sys.executable).with_name("drex"))


def start_node() -> AnvilNode:
    """An anvil node whose clock starts at :data:`T0`."""
    return start_anvil(extra_args=["--timestamp", str(T0)])


def deploy_oracles(chain: Chain, manifest: Path) -> Manifest:
    """The registry and the oracles domain only (ReferenceData, its series, holidays and reporters)."""
    return Deployer(chain, manifest, plan=full_plan(("registry", "oracles"))).run().manifest


def write_csv(path: Path, rows: Sequence[tuple[str, dt.date, str]]) -> Path:
    """An operator's CSV source file."""
    lines = ["series,reference_date,value"] + [f"{s},{d.isoformat()},{v}" for s, d, v in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


@dataclass
class Reporters:
    """Builds reporters on one deployment; records every backoff wait instead of sleeping."""

    chain: Chain
    manifest: Manifest
    tmp: Path
    waits: list[float] = field(default_factory=list)
    journals: list[Journal] = field(default_factory=list)

    def platform(self, role: str | None = None) -> Platform:
        signer = dev_account(role) if role else None
        return Platform.from_manifest(self.chain, self.manifest, signer)

    def make(
        self,
        role: str,
        source: Source,
        series: Sequence[str] = ("SELIC",),
        share: str | Path = "chain",
        *,
        max_back: int = 2,
        attempts: int = 3,
        log: Callable[[str], None] | None = None,
    ) -> Reporter:
        account = dev_account(role)
        platform = self.platform(role)
        journal = Journal(self.tmp / f"{role}.jsonl", account.address)
        self.journals.append(journal)
        data = platform.reference_data
        sharing = ChainShare(data) if share == "chain" else FolderShare(share, data)
        backoff = Backoff(attempts=attempts, sleep=self.waits.append)
        return Reporter(
            platform, account, source, series, journal, sharing, max_back=max_back, backoff=backoff, log=log
        )

    def csv(self, name: str, rows: Sequence[tuple[str, dt.date, str]]) -> CsvSource:
        return CsvSource(write_csv(self.tmp / f"{name}.csv", rows))

    def close(self) -> None:
        for j in self.journals:
            j.close()


def selic_rows(thu: str = "0.045513", fri: str = "0.045513") -> list[tuple[str, dt.date, str]]:
    return [("SELIC", THU, thu), ("SELIC", FRI, fri)]


def drex(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the ``drex`` command of this checkout (DREX_* settings of the caller left out)."""
    return subprocess.run(
        [DREX, *args], capture_output=True, text=True, env=clean_env(env), timeout=timeout, check=False
    )


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DREX_") or k == "DREX_ROOT"}
    return {**base, **(extra or {})}


def wait_until(condition: Callable[[], Any], timeout: float = 60.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def value(text: str) -> Decimal:
    return Decimal(text)
