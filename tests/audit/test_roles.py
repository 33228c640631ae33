"""``drex audit roles`` on the scenario's chain: as the policy expects, then with crafted differences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from eth_utils.crypto import keccak

from drex.audit.policy import load
from drex.audit.roles import audit_roles

from .conftest import ScenarioChain, drex, open_scenario_audit, rpc, storage_slot


def test_scenario_roles_match_the_policy(scenario: ScenarioChain) -> None:
    with open_scenario_audit(scenario) as audit:
        result = audit_roles(audit, load())
    assert result.clean, [(h.contract, h.role, h.account, h.status) for h in result.differences]
    accounts = scenario.manifest.accounts
    contracts = {n: c["address"] for n, c in scenario.manifest.contracts.items()}
    held = {(h.contract, h.role, h.account) for h in result.held}
    assert ("RealDigital", "MINTER_ROLE", contracts["STR"]) in held
    assert ("TPFt", "MINTER_ROLE", accounts["STN"]) in held
    assert all(h.by_events for h in result.held)  # every role held was granted by an event
    powers = result.powers_by_account()
    assert powers[accounts["BCB"]]["mint"] == ["RealDigital MINTER_ROLE"]
    assert "AddressDiscovery ACCESS_ROLE" in powers[accounts["BCB"]]["re-map"]
    assert powers[accounts["BANK_A"]]["move"] == ["RealTokenizado@11111111 MOVER_ROLE"]
    assert powers[contracts["SwapTwoSteps"]]["freeze"] == [
        "RealDigital FREEZER_ROLE",
        "RealTokenizado@11111111 FREEZER_ROLE",
        "RealTokenizado@22222222 FREEZER_ROLE",
    ]
    assert set(powers[contracts["RealDigitalEnableAccount"]]) == {"re-map"}
    assert any(line.startswith("KeyDictionary:") for line in result.other_powers)


def test_cli_roles_json_is_clean(scenario: ScenarioChain, capsys: pytest.CaptureFixture[str]) -> None:
    ran = drex(capsys, scenario, "--json", "roles")
    assert ran.code == 0, ran.err
    doc = ran.json()
    assert doc["clean"] and doc["differences"] == [] and doc["disagreements"] == []
    assert {
        "name": "BCB",
        "power": "pause",
        "contract": "RealDigital",
        "role": "PAUSER_ROLE",
    }.items() <= next(
        p for p in doc["powers"] if p["contract"] == "RealDigital" and p["role"] == "PAUSER_ROLE"
    ).items()


def test_extra_grant_is_reported_and_fails(
    scenario: ScenarioChain, restore: object, capsys: pytest.CaptureFixture[str]
) -> None:
    chain = scenario.chain
    from drex.sdk import Platform

    bcb = Platform.from_manifest(chain, scenario.manifest, chain.account("BCB"))
    customer = scenario.manifest.accounts["CUSTOMER_A1"]
    rd = bcb.contract("RealDigital")
    bcb.send(rd.functions.grantRole(keccak(text="MINTER_ROLE"), customer))

    ran = drex(capsys, scenario, "roles")
    assert ran.code == 1
    assert "roles: 1 difference(s) from the policy, 0 event/state disagreement(s)" in ran.out
    assert "unexpected: RealDigital MINTER_ROLE CUSTOMER_A1" in ran.out
    # and the new minter is highlighted
    assert re.search(r"\n  CUSTOMER_A1 \(0x\S+\)\n    mint: RealDigital MINTER_ROLE\n", ran.out), ran.out


def test_role_changed_without_an_event_is_a_disagreement(scenario: ScenarioChain, restore: object) -> None:
    """STR's MINTER_ROLE on Real Digital erased from storage: the events say granted, hasRole says no."""
    chain = scenario.chain
    str_address = scenario.manifest.contracts["STR"]["address"]
    slot = storage_slot("RealDigital", "_roles", keccak(text="MINTER_ROLE"), bytes.fromhex(str_address[2:]))
    rd = scenario.manifest.contracts["RealDigital"]["address"]
    rpc(chain, "anvil_setStorageAt", rd, hex(slot), "0x" + "00" * 32)
    rpc(chain, "evm_mine")

    with open_scenario_audit(scenario) as audit:
        result = audit_roles(audit, load())
    (disagreement,) = result.disagreements
    assert (disagreement.contract, disagreement.role, disagreement.account) == (
        "RealDigital",
        "MINTER_ROLE",
        str_address,
    )
    assert disagreement.by_events and not disagreement.on_chain and disagreement.status == "missing"
    assert not result.clean


def test_existing_index_and_address_discovery(
    scenario: ScenarioChain, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--db`` reads an index kept by someone else; ``--discovery`` finds the platform without a manifest
    (then the policy's account roles cannot be named: those holdings are unverified, not differences)."""
    from drex.index import Indexer, IndexStore
    from drex.sdk import Platform

    url = f"sqlite:///{tmp_path / 'index.db'}"
    store = IndexStore(url)
    Indexer(Platform.from_manifest(scenario.chain, scenario.manifest), store).sync()
    store.close()
    discovery = scenario.manifest.contracts["AddressDiscovery"]["address"]

    ran = drex(capsys, scenario, "roles", "--db", url, "--discovery", discovery)
    assert ran.code == 0, ran.out + ran.err
    assert "policy names not in this deployment: BANK_A, BANK_B, BCB, STN" in ran.out
    assert re.search(r"\n\d+ role\(s\) held by accounts the policy names by role: not checked", ran.out)
    assert "unexpected" not in ran.out and ran.out.rstrip().endswith("roles: as the policy expects")

    ran = drex(capsys, scenario, "--json", "supply", "--db", url)
    assert ran.code == 0 and ran.json()["block"] == scenario.chain.w3.eth.block_number
