"""The end-to-end pilot scenario run by ``drex demo``: deploy the platform, then each domain's phase.

Each domain contributes a phase module ``drex.scenario.<domain>`` with ``run(session)``; phases run in
:data:`PHASES` order on one chain, each using the SDK (never raw web3) as an institution would, and
add what they did to the session's summary, which is printed at the end.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from drex.chain import Chain, connect
from drex.deploy import Manifest, deploy_platform

PHASES = ("realdigital", "tpft")

Echo = Callable[[str], None]


@dataclass
class Session:
    """What a phase gets: the chain, the deployment manifest, a printer and the summary to add to."""

    chain: Chain
    manifest: Manifest
    echo: Echo
    summary: list[str] = field(default_factory=list)

    def step(self, text: str) -> None:
        """Print one executed operation as it happens."""
        self.echo(f"  - {text}")

    def report(self, line: str = "") -> None:
        """Add a line to the summary printed at the end."""
        self.summary.append(line)


def run_scenario(network: str, out: Path | None, echo: Echo) -> Session:
    started = time.monotonic()
    chain = connect(network)
    try:
        echo(f"== deploying the platform on {chain.name} (chain id {chain.chain_id})")
        manifest = deploy_platform(chain, out, progress=lambda m: echo(f"  {m}"))
        session = Session(chain, manifest, echo)
        session.report(
            f"Deployed {len(manifest.contracts)} contracts on {chain.name} (chain id {chain.chain_id}):"
        )
        for name, entry in manifest.contracts.items():
            session.report(f"  {name:<28} {entry['address']}")
        for phase in PHASES:
            try:
                module = importlib.import_module(f"drex.scenario.{phase}")
            except ModuleNotFoundError as exc:
                if exc.name == f"drex.scenario.{phase}":
                    continue
                raise
            echo(f"== scenario: {phase}")
            module.run(session)
        echo("")
        echo("== summary")
        for line in session.summary:
            echo(line)
        echo(f"done in {time.monotonic() - started:.1f}s, {chain.w3.eth.block_number} blocks")
        return session
    finally:
        chain.close()
