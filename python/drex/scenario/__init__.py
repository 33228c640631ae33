"""The end-to-end pilot scenario run by ``drex demo``: deploy the platform, then each domain's phase.

Each domain contributes a phase module ``drex.scenario.<domain>`` with ``TITLE`` and ``run(session)``;
phases run in :data:`PHASES` order on one chain, each using the SDK (never raw web3) as an institution
would. A phase records what it did on the :class:`Session`: every operation with its outcome (settled,
refused as expected with the decoded error, registered awaiting the counterpart, cancelled), notes, tables
and the invariants it checked (a phase raises :class:`~drex.errors.DrexError` when one fails).
:mod:`drex.scenario.report` then reads the final balances from the chain, after every phase, and renders
the settlement report: a one-screen summary, then the details phase by phase (or the summary as JSON).

On ``--network local`` the scenario runs on its own fresh anvil node on a free port, stopped at the end:
the node of ``drex node start`` (its chain and its clock, which the scenario moves forward by months to
reach a bond's maturity) is never touched.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from drex.chain import Chain, connect
from drex.chain.accounts import DEV_REPORTERS
from drex.chain.reverts import ContractRevert
from drex.deploy import Manifest, deploy_platform

if TYPE_CHECKING:
    from drex.scenario.report import Report
    from drex.sdk.tpft_values import Series

PHASES = ("realdigital", "tpft", "privacy")

Echo = Callable[[str], None]
Outcome = Literal["settled", "refused", "registered", "cancelled"]


@dataclass
class Entry:
    """One line of a phase: an operation with its outcome, or a note (``outcome`` None)."""

    text: str
    outcome: Outcome | None = None
    kind: str | None = None
    reason: str = ""
    ref: str | None = None
    count: int = 1
    """How many operations the line stands for (e.g. 22 contracts deployed)."""


@dataclass
class Table:
    """A table of already formatted cells shown in a phase's details."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)


@dataclass
class Check:
    """An invariant a phase checked on chain."""

    name: str
    holds: bool
    detail: str


@dataclass
class Phase:
    number: int
    title: str
    started_at: int
    entries: list[Entry] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Session:
    """What a phase gets: the chain, the deployment manifest, a progress printer, and what it records."""

    chain: Chain
    manifest: Manifest
    progress: Echo = field(default=lambda _: None)
    phases: list[Phase] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    #: Wallets the final balances show, role -> address (the manifest's roles but the reference-data
    #: reporters, which hold nothing, plus phases' own wallets).
    wallets: dict[str, str] = field(default_factory=dict)
    #: Bond series the phases issued (``drex.sdk.tpft_values.Series``), columns of the final balances.
    series: list[Series] = field(default_factory=list)

    def __post_init__(self) -> None:
        _add_wallets(self, self.manifest)

    @property
    def phase(self) -> Phase:
        if not self.phases:
            self.begin("Scenario")
        return self.phases[-1]

    def begin(self, title: str) -> Phase:
        """Open the next numbered phase."""
        phase = Phase(len(self.phases) + 1, title, self.chain.timestamp())
        self.phases.append(phase)
        self.progress(f"{phase.number}. {title}")
        return phase

    def step(self, text: str) -> None:
        """A note: something looked up or found, no transaction of its own."""
        self.phase.entries.append(Entry(text))

    def op(
        self, kind: str, outcome: Outcome, text: str, *, ref: object = None, reason: str = "", count: int = 1
    ) -> None:
        """An operation of ``kind`` and its outcome; ``ref`` ties a registration to its settlement."""
        self.phase.entries.append(
            Entry(text, outcome, kind, reason, None if ref is None else str(ref), count)
        )

    def refused(self, kind: str, text: str, exc: ContractRevert, *, ref: object = None) -> None:
        """A command the contracts refused, as the scenario expected, with the error in business terms."""
        from drex.scenario.report import explain

        self.op(kind, "refused", text, ref=ref, reason=explain(exc))

    def check(self, name: str, holds: bool, detail: str) -> None:
        self.checks.append(Check(name, holds, detail))

    def table(
        self, title: str, headers: list[str], rows: list[list[str]], notes: list[str] | None = None
    ) -> None:
        self.phase.tables.append(Table(title, headers, rows, notes or []))


def _add_wallets(session: Session, manifest: Manifest) -> None:
    """The manifest's accounts whose balances the report shows (not the reporters: they hold nothing)."""
    for role, address in manifest.accounts.items():
        if role not in DEV_REPORTERS:
            session.wallets.setdefault(role, address)


def _deployment(session: Session, out: Path | None) -> Manifest:
    steps: list[str] = []
    session.begin("Deployment")
    manifest = deploy_platform(session.chain, out, progress=steps.append)
    session.manifest = manifest
    _add_wallets(session, manifest)
    from drex.scenario.report import record_deployment

    record_deployment(session, steps)
    return manifest


def run_on(chain: Chain, out: Path | None = None, progress: Echo | None = None, note: str = "") -> Report:
    """Deploy and run every phase on ``chain`` (left open); the report's balances are read at the end."""
    from drex.scenario.report import build_report

    started = time.monotonic()
    session = Session(chain, Manifest(chain.chain_id, chain.name), progress or (lambda _: None))
    _deployment(session, out)
    for name in PHASES:
        try:
            module = importlib.import_module(f"drex.scenario.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"drex.scenario.{name}":
                continue
            raise
        session.begin(module.TITLE)
        module.run(session)
    from drex.scenario.audit import audit_scenario

    progress_ = progress or (lambda _: None)
    progress_("closing audit: index, verify, roles, supply, compliance")
    audit = audit_scenario(session)
    return build_report(session, time.monotonic() - started, note, audit)


def run_scenario(network: str, out: Path | None = None, progress: Echo | None = None) -> Report:
    """Run the scenario on ``network``; ``local`` means a fresh anvil node of its own (see the module)."""
    if network == "local":
        from drex.chain.anvil import start_anvil
        from drex.chain.connect import connect_anvil

        node = start_anvil()
        chain: Chain = connect_anvil(node, owns_node=True)
        note = (
            "its own fresh anvil node, stopped at the end: the node of `drex node start`, its chain and "
            "its clock were not touched"
        )
    else:
        chain = connect(network)
        note = ""
    try:
        report = run_on(chain, out, progress, note)
        if chain.kind == "local" and network != "local":
            report.notes.append(f"the scenario moved the clock of {chain.name} forward (time travel)")
        return report
    finally:
        chain.close()
