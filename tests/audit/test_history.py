"""``drex audit history`` reads the index and gives the SDK's movements; forced moves and freezes flagged."""

from __future__ import annotations

import csv
import io

import pytest

from drex.audit.history import audit_history
from drex.sdk.history import history

from .conftest import ScenarioChain, drex, open_scenario_audit


def test_index_history_equals_the_sdks(scenario: ScenarioChain) -> None:
    with open_scenario_audit(scenario) as audit:
        for role in ("CUSTOMER_A1", "BANK_B"):
            address = scenario.manifest.accounts[role]
            from_index = audit_history(audit, address)
            assert from_index == history(audit.platform, address, 0, audit.block), role
            assert len(from_index) > 5


def test_forced_move_and_freeze_are_flagged(
    scenario: ScenarioChain, restore: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from drex.sdk import Platform

    chain = scenario.chain
    bank = Platform.from_manifest(chain, scenario.manifest, chain.account("BANK_A"))
    token = bank.contract("RealTokenizado@11111111")
    a1, a2 = scenario.manifest.accounts["CUSTOMER_A1"], scenario.manifest.accounts["CUSTOMER_A2"]
    moved = bank.send(token.functions.move(a1, a2, 12_345))  # MOVER_ROLE: R$ 123,45 without A1's signature
    frozen = bank.send(token.functions.increaseFrozenBalance(a1, 10_000))

    ran = drex(capsys, scenario, "history", "CUSTOMER_A1")
    assert ran.code == 0, ran.err
    rows = [line for line in ran.out.splitlines() if line.startswith("!")]
    assert len(rows) == 2
    assert (
        f" {moved.block_number}  forced move" in rows[0]
        and "CUSTOMER_A2" in rows[0]
        and "R$ 123,45" in rows[0]
    )
    assert f" {frozen.block_number}  freeze" in rows[1] and "R$ 100,00" in rows[1]

    ran = drex(capsys, scenario, "history", a1, "--format", "csv")
    records = list(csv.DictReader(io.StringIO(ran.out)))
    flagged = [(r["kind"], r["units"], r["counterparty_name"]) for r in records if r["highlight"] == "True"]
    assert flagged == [("forced move", "12345", "CUSTOMER_A2"), ("freeze", "10000", "BANK_A")]
