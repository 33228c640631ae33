"""Fixtures of the audit tests: the main job's scenario on its own anvil node, without the privacy phase.

``scenario`` deploys the platform (:func:`drex.deploy.deploy_platform`, manifest written to a file) and runs
the scenario's ``realdigital`` and ``tpft`` phases (:mod:`drex.scenario`) once per session: the same chain
the demo builds, minus the shielded pools' phase, whose proofs take most of the demo's two minutes and add
no role and no token the audits below look at differently (a pool is one more holder of Real Digital and
TPFt). Tests that change the chain (an extra role grant, a balance written into storage) snapshot it first
and revert it after.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest

from drex.chain import Chain
from drex.deploy import Manifest, deploy_platform

if TYPE_CHECKING:
    from drex.audit.source import Audit

#: The scenario's phases these tests run (``drex.scenario.PHASES`` minus ``privacy``).
PHASES = ("realdigital", "oracles", "tpft")


@dataclass
class ScenarioChain:
    chain: Chain
    manifest: Manifest
    manifest_path: Path
    url: str


@pytest.fixture(scope="session")
def scenario(built: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScenarioChain]:
    from drex.chain.anvil import start_anvil
    from drex.chain.connect import connect_anvil
    from drex.scenario import Session

    node = start_anvil()
    chain = connect_anvil(node, owns_node=True)
    path = tmp_path_factory.mktemp("scenario") / "deployment.json"
    manifest = deploy_platform(chain, path)
    session = Session(chain, manifest)
    for name in PHASES:
        module = importlib.import_module(f"drex.scenario.{name}")
        session.begin(module.TITLE)
        module.run(session)
    try:
        yield ScenarioChain(chain, manifest, path, node.url)
    finally:
        chain.close()


@pytest.fixture()
def restore(scenario: ScenarioChain) -> Iterator[Chain]:
    """The scenario's chain, reverted to its state before the test at the end of it."""
    snap = scenario.chain.snapshot()
    yield scenario.chain
    scenario.chain.revert(snap)


@dataclass
class Ran:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def drex(capsys: pytest.CaptureFixture[str], scenario: ScenarioChain, *args: str) -> Ran:
    """Run ``drex audit ARGS`` in this process on the scenario's node and manifest: exit code, output."""
    from drex.cli.main import run

    capsys.readouterr()
    try:
        run(["audit", "--network", scenario.url, "--manifest", str(scenario.manifest_path), *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return Ran(code, out, err)


def open_scenario_audit(scenario: ScenarioChain) -> Audit:
    """An audit of the scenario's chain at its current head, over a fresh temporary index."""
    from drex.audit.source import open_audit

    return open_audit(scenario.chain, manifest=scenario.manifest, manifest_path=scenario.manifest_path)


def storage_slot(artifact: str, variable: str, *keys: bytes) -> int:
    """The storage slot of ``variable[keys[0]][keys[1]]...`` (mappings) from the artifact's layout."""
    from eth_utils.crypto import keccak

    from drex.build.artifacts import load_artifact

    layout = load_artifact(artifact)["storageLayout"]["storage"]
    slot = int(next(s["slot"] for s in layout if s["label"] == variable))
    for key in keys:
        slot = int.from_bytes(keccak(key.rjust(32, b"\0") + slot.to_bytes(32, "big")), "big")
    return slot


def rpc(chain: Chain, method: str, *params: Any) -> Any:
    """A raw JSON-RPC call (anvil's ``anvil_setStorageAt``, ``evm_mine``...)."""
    return chain.w3.provider.make_request(cast(Any, method), list(params))
