"""``drex demo --network local`` runs on a fresh anvil node of its own: the node of ``drex node start``
keeps its chain and its clock (the scenario moves a clock forward by four months to reach a maturity)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner
from web3 import Web3

from drex.chain import anvil as anvil_mod
from drex.chain.anvil import free_port, managed_node, start_managed
from drex.chain.connect import connect_anvil
from drex.cli.main import app


@pytest.fixture()
def shared_node(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: None) -> Iterator[str]:
    """A managed node (``drex node start``'s) whose files live in this test's folder, on a free port."""
    monkeypatch.setattr(anvil_mod, "state_dir", lambda: tmp_path)
    node, _ = start_managed(free_port())
    yield node.url
    running = managed_node()
    if running is not None:
        running.kill()


def test_demo_on_local_leaves_the_shared_node_as_it_found_it(shared_node: str) -> None:
    chain = connect_anvil(managed_node())
    chain.set_time(chain.timestamp() + 3600)  # some history of its own
    before = (chain.w3.eth.block_number, chain.timestamp(), chain.w3.eth.get_block("latest")["hash"])

    result = CliRunner().invoke(app, ["demo", "--network", "local", "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    own = report["network"]
    assert own.startswith("local (http://127.0.0.1:") and shared_node not in own
    assert "its own fresh anvil node" in report["note"] and "were not touched" in report["note"]
    assert report["allHold"] is True
    assert report["timestamp"] - report["startTimestamp"] > 100 * 86_400  # that node's clock went to maturity
    # the shared node: same block, same time, same head
    after = (chain.w3.eth.block_number, chain.timestamp(), chain.w3.eth.get_block("latest")["hash"])
    assert after == before
    # and the demo's own node is gone
    url = own.removeprefix("local (").removesuffix(")")
    assert not Web3(Web3.HTTPProvider(url, request_kwargs={"timeout": 2})).is_connected()
