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


def test_events_the_index_could_not_decode_are_audited(scenario: ScenarioChain, tmp_path: Path) -> None:
    """An index whose follower did not know TPFt stored its logs raw: the audit decodes them itself, so
    TPFt's role grants and supply are seen (not reported as granted without an event, nor as unminted); the
    index's own derived tables, which lack TPFt, are reported as disagreeing with the events."""
    from dataclasses import replace

    from drex.audit.policy import load
    from drex.audit.roles import audit_roles
    from drex.audit.supply import audit_supply
    from drex.index import Indexer, IndexStore
    from drex.sdk import Platform

    partial = replace(
        scenario.manifest, contracts={n: c for n, c in scenario.manifest.contracts.items() if n != "TPFt"}
    )
    url = f"sqlite:///{tmp_path / 'index.db'}"
    store = IndexStore(url)
    Indexer(Platform.from_manifest(scenario.chain, partial), store).sync()
    tpft = scenario.manifest.contracts["TPFt"]["address"]
    raw = [e for e in store.events(0, 100_000) if e.address.lower() == tpft.lower()]
    assert raw and all(e.contract is None and e.event is None for e in raw)  # the index could not decode
    store.close()
    with open_audit(scenario.chain, manifest=scenario.manifest, db_url=url) as audit:
        roles = audit_roles(audit, load())
        supply = audit_supply(audit)
    assert roles.clean, [(h.contract, h.role, h.status) for h in roles.differences + roles.disagreements]
    assert any(h.contract == "TPFt" and h.by_events for h in roles.held)
    # the events tell the whole story; only the index's own derived tables (built without TPFt) are short
    assert {b.invariant for b in supply.breaks} <= {
        "index's derived supply = events",
        "index's derived balances = events",
    }, supply.breaks
    bonds = [t for t in supply.tokens if t.is_bond]
    assert bonds and all(t.minted > 0 and t.minted - t.burned == t.total_supply for t in bonds)
