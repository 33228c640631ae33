"""Fixtures of ``drex audit verify``'s tests: the whole platform deployed once on an anvil node.

``deployed`` starts an anvil node (a free port, its own state) and deploys the real platform with
:func:`drex.deploy.deploy_platform` once for the package, writing its manifest; ``platform`` hands it to a
test inside a snapshot of the chain, reverted after the test, so a test may swap code or deploy contracts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from drex.chain import connect_anvil
from drex.chain.anvil import AnvilNode, start_anvil
from drex.chain.core import Chain
from drex.deploy import Manifest, deploy_platform


@dataclass
class Deployed:
    node: AnvilNode
    chain: Chain
    manifest: Manifest
    path: Path

    def manifest_with(self, tmp: Path, name: str, **entry: str) -> Path:
        """A copy of the manifest with ``name``'s entry changed (``address``, ``tx``...), as a file."""
        doc: dict[str, Any] = json.loads(self.path.read_text())
        doc["contracts"][name].update(entry)
        out = tmp / f"manifest-{name}.json"
        out.write_text(json.dumps(doc, indent=2))
        return out


@pytest.fixture(scope="package")
def deployed(built: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployed]:
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        path = tmp_path_factory.mktemp("deployment") / "deployment.json"
        manifest = deploy_platform(chain, path)
        yield Deployed(node, chain, manifest, path)
    finally:
        node.kill()


@pytest.fixture()
def platform(deployed: Deployed) -> Iterator[Deployed]:
    snap = deployed.chain.snapshot()
    yield deployed
    deployed.chain.revert(snap)
