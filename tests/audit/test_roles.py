"""``drex audit roles`` on the scenario's chain: as the policy expects, then with crafted differences."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from eth_utils.crypto import keccak

from drex.audit.policy import load
from drex.audit.roles import audit_roles
from drex.chain import Chain
from drex.chain.accounts import dev_account
from drex.sdk import Platform

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
    # disableAccount (ACCESS_ROLE) blocks every movement of a wallet; TPFt's minter burns its own bonds
    assert "RealDigital ACCESS_ROLE" in powers[accounts["BCB"]]["freeze"]
    assert "TPFt MINTER_ROLE" in powers[accounts["STN"]]["burn"]
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
    bcb = dev_account("BCB").address
    assert re.search(rf"\n  BCB +{bcb}  \(dev mnemonic\)\n", ran.out), ran.out
    assert "unexpected" not in ran.out and ran.out.rstrip().endswith("roles: as the policy expects")

    ran = drex(capsys, scenario, "--json", "supply", "--db", url)
    assert ran.code == 0 and ran.json()["block"] == scenario.chain.w3.eth.block_number


def _rpc_chain(scenario: ScenarioChain) -> Chain:
    """The scenario's node seen as a non-dev network (a JSON-RPC node that is not anvil, e.g. Besu)."""
    from web3 import Web3

    return Chain(Web3(Web3.HTTPProvider(scenario.url)), "rpc", scenario.url)


def test_off_dev_network_role_holders_need_given_accounts(scenario: ScenarioChain, restore: object) -> None:
    """Off a dev network the manifest's accounts are not trusted: an attacker's MINTER_ROLE cannot hide
    among the policy's role-named holders; it fails until the auditor gives every role's address."""
    from drex.audit.source import open_audit

    attacker = dev_account(9).address
    bcb = Platform.from_manifest(scenario.chain, scenario.manifest, scenario.chain.account("BCB"))
    bcb.send(bcb.contract("RealDigital").functions.grantRole(keccak(text="MINTER_ROLE"), attacker))
    chain = _rpc_chain(scenario)
    with open_audit(chain, manifest=scenario.manifest) as audit:
        result = audit_roles(audit, load())
    assert not result.clean
    assert result.unresolved == ["BANK_A", "BANK_B", "BCB", "STN"]
    assert ("RealDigital", "MINTER_ROLE", attacker, "unverified") in {
        (h.contract, h.role, h.account, h.status) for h in result.differences
    }
    given = {r: dev_account(r).address for r in ("BCB", "STN", "BANK_A", "BANK_B")}
    with open_audit(chain, manifest=scenario.manifest, accounts=given) as audit:
        result = audit_roles(audit, load())
    assert [(h.contract, h.role, h.account, h.status) for h in result.differences] == [
        ("RealDigital", "MINTER_ROLE", attacker, "unexpected")
    ]
    assert audit.resolved_accounts().sources["BCB"] == "--account"


def test_manifest_accounts_are_checked_not_trusted(
    scenario: ScenarioChain, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manifest naming another address as BCB is a finding on a dev network, not a new BCB."""
    doc = json.loads(scenario.manifest_path.read_text())
    doc["accounts"]["BCB"] = dev_account(9).address
    lying = tmp_path / "deployment.json"
    lying.write_text(json.dumps(doc))
    ran = drex(capsys, replace(scenario, manifest_path=lying), "roles")
    assert ran.code == 1, ran.out
    assert f"manifest account: the manifest says BCB is {dev_account(9).address}" in ran.out
    assert "unexpected" not in ran.out  # the roles are judged against the real BCB

    ran = drex(capsys, scenario, "roles", "--account", "BCB=0x1234")
    assert ran.code != 0 and "--account takes ROLE=ADDRESS" in ran.out + ran.err
