"""``open_audit`` over an existing index (``--db``): refused when the index is not of the node's chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from web3.types import Wei

from drex.audit.errors import AuditError
from drex.audit.source import open_audit

from .conftest import ScenarioChain, rpc


def _index(scenario: ScenarioChain, url: str) -> None:
    from drex.index import Indexer, IndexStore
    from drex.sdk import Platform

    store = IndexStore(url)
    Indexer(Platform.from_manifest(scenario.chain, scenario.manifest), store).sync()
    store.close()


def test_an_index_of_another_chain_with_the_same_id_is_refused(
    scenario: ScenarioChain, tmp_path: Path
) -> None:
    """A fresh anvil has the scenario's chain id but another genesis block: its index is not this chain's."""
    from drex.chain.anvil import start_anvil
    from drex.chain.connect import connect_anvil

    url = f"sqlite:///{tmp_path / 'index.db'}"
    _index(scenario, url)
    other = connect_anvil(start_anvil(), owns_node=True)
    try:
        assert other.chain_id == scenario.chain.chain_id
        with pytest.raises(AuditError, match=r"not of this node's chain: the index's genesis block is 0x"):
            open_audit(other, manifest=scenario.manifest, db_url=url)
    finally:
        other.close()


def test_an_index_whose_cursor_block_the_node_lacks_is_refused(
    scenario: ScenarioChain, restore: object, tmp_path: Path
) -> None:
    """The index followed a branch the node no longer has (its block at the cursor's height differs)."""
    chain = scenario.chain
    url = f"sqlite:///{tmp_path / 'index.db'}"
    snap = chain.snapshot()
    bcb, stn = chain.account("BCB"), chain.account("STN")
    chain.w3.eth.wait_for_transaction_receipt(
        chain.w3.eth.send_transaction({"from": bcb.address, "to": stn.address, "value": Wei(1)})
    )
    _index(scenario, url)
    chain.revert(snap)
    rpc(chain, "evm_mine")  # the same height, another block
    with pytest.raises(
        AuditError, match=r"the index's cursor is block \d+ 0x\w+, the node's block \d+ is 0x"
    ):
        open_audit(chain, manifest=scenario.manifest, db_url=url)
    with open_audit(chain, manifest=scenario.manifest) as audit:  # a fresh index is of this chain
        assert audit.block == chain.w3.eth.block_number
