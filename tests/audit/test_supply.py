"""``drex audit supply`` on the scenario chain: the invariants hold; crafted breaks found at their block."""

from __future__ import annotations

import pytest

from drex.audit.supply import audit_supply
from drex.sdk.values import to_address

from .conftest import ScenarioChain, drex, open_scenario_audit, rpc, storage_slot


def test_scenario_supply_holds(scenario: ScenarioChain) -> None:
    with open_scenario_audit(scenario) as audit:
        result = audit_supply(audit)
        platform = audit.platform
    assert result.clean, result.breaks
    tokens = {t.token: t for t in result.tokens}
    assert set(tokens) >= {"RealDigital", "RealTokenizado@11111111", "RealTokenizado@22222222", "TPFt#1"}
    for t in result.tokens:
        assert t.net == t.total_supply == t.balances_sum, t.token
    rd = tokens["RealDigital"]
    assert rd.total_supply == platform.contract("RealDigital").functions.totalSupply().call()
    for cnpj8 in ("11111111", "22222222"):
        rt = tokens[f"RealTokenizado@{cnpj8}"]
        assert rt.minted > 0 and rt.burned > 0  # issuance, swaps and DvP legs burn and mint
        assert (
            rt.backed
            and rt.reserve == scenario.manifest.accounts["BANK_A" if cnpj8 == "11111111" else "BANK_B"]
        )
        assert rt.series and rt.series[-1][2] == rt.total_supply
    # the bond the scenario repaid: all minted, all burned
    assert tokens["TPFt#1"].minted == tokens["TPFt#1"].burned > 0


def test_cli_supply_shows_reais_and_quantities(
    scenario: ScenarioChain, capsys: pytest.CaptureFixture[str]
) -> None:
    ran = drex(capsys, scenario, "supply")
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    rd = next(line for line in lines if line.startswith("Real Digital "))
    assert rd.count("R$ 2.015.000,00") == 3  # minted, totalSupply, Σbalances (STR issuance of the scenario)
    assert any(line.startswith("LTN:") and "1.000,00" in line for line in lines)  # a bond quantity, not R$
    assert "(backed)" in ran.out and lines[-1] == "supply: every invariant holds"


def test_balance_written_in_storage_is_found_at_its_block(
    scenario: ScenarioChain, restore: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """CUSTOMER_A1's Real Tokenizado balance raised by R$ 1.000,00 straight in storage (no event)."""
    chain = scenario.chain
    w3 = chain.w3
    token = scenario.manifest.contracts["RealTokenizado@11111111"]["address"]
    customer = scenario.manifest.accounts["CUSTOMER_A1"]
    for _ in range(3):
        rpc(chain, "evm_mine")
    slot = storage_slot("RealTokenizado", "_balances", bytes.fromhex(customer[2:]))
    before = int.from_bytes(w3.eth.get_storage_at(to_address(token), slot), "big")
    # anvil writes into the state of its latest block: from that block on, balanceOf disagrees with the events
    written = w3.eth.block_number
    rpc(chain, "anvil_setStorageAt", token, hex(slot), "0x" + (before + 100_000).to_bytes(32, "big").hex())
    for _ in range(3):
        rpc(chain, "evm_mine")

    ran = drex(capsys, scenario, "supply")
    assert ran.code == 1
    broken = [line for line in ran.out.splitlines() if line.startswith("BROKEN RealTokenizado@11111111")]
    assert (
        f"BROKEN RealTokenizado@11111111: balanceOf = events, first block {written}: {customer}" in broken[0]
    )
    assert any("totalSupply = Σbalances" in line for line in broken)
    assert not any(line.startswith("BROKEN RealDigital") for line in ran.out.splitlines())


def test_freeze_above_the_balance_is_found_at_its_block(scenario: ScenarioChain, restore: object) -> None:
    """BANK_A (FREEZER_ROLE on its token) freezes more than CUSTOMER_A2 holds: the walk names that block."""
    from drex.sdk import Platform

    chain = scenario.chain
    bank = Platform.from_manifest(chain, scenario.manifest, chain.account("BANK_A"))
    token = bank.contract("RealTokenizado@11111111")
    customer = scenario.manifest.accounts["CUSTOMER_A2"]
    balance = token.functions.balanceOf(customer).call()
    tx = bank.send(token.functions.increaseFrozenBalance(customer, balance + 1))

    with open_scenario_audit(scenario) as audit:
        result = audit_supply(audit)
    (brk,) = result.breaks
    assert (brk.token, brk.invariant, brk.block, brk.exact) == (
        "RealTokenizado@11111111",
        "frozen ≤ balance",
        tx.block_number,
        True,
    )
    assert f"{customer} has {balance + 1} frozen of {balance}" == brk.detail


def test_one_line_summary_for_the_demo(scenario: ScenarioChain) -> None:
    from drex.audit.summary import audit_deployment

    summary = audit_deployment(scenario.chain, scenario.manifest)
    assert summary.clean
    assert summary.line() == (
        f"audit at block {scenario.chain.w3.eth.block_number}: roles as the policy expects "
        f"({summary.holdings} grants); supply invariants hold (5 tokens)"
    )


def test_a_break_soon_after_a_late_deployment_is_located(built: None) -> None:
    """A platform deployed after block 2000 and a balance written soon after: the bisection starts at the
    token's first event, so it never reads balanceOf before the token existed, and finds the block."""
    from drex.audit.source import open_audit
    from drex.audit.supply import audit_supply
    from drex.chain.anvil import start_anvil
    from drex.chain.connect import connect_anvil
    from drex.deploy import deploy_platform
    from drex.sdk import Platform

    chain = connect_anvil(start_anvil(), owns_node=True)
    try:
        rpc(chain, "anvil_mine", hex(2000))
        manifest = deploy_platform(chain, None)
        bcb = Platform.from_manifest(chain, manifest, chain.account("BCB"))
        rd = bcb.contract("RealDigital")
        bank = chain.account("BANK_A").address
        bcb.send(rd.functions.enableAccount(bank))
        bcb.send(rd.functions.mint(bank, 100))
        written = chain.w3.eth.block_number
        slot = storage_slot("RealDigital", "_balances", bytes.fromhex(bank[2:]))
        rpc(chain, "anvil_setStorageAt", rd.address, hex(slot), "0x" + (101).to_bytes(32, "big").hex())
        rpc(chain, "evm_mine")
        with open_audit(chain, manifest=manifest) as audit:
            result = audit_supply(audit)
        brk = next(b for b in result.breaks if b.invariant == "balanceOf = events")
        assert (brk.token, brk.block, brk.exact) == ("RealDigital", written, True), brk
    finally:
        chain.close()
