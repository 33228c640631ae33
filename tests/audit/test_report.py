"""``drex audit report``: one self-contained HTML file, identical on a re-run, read in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from drex.paths import checkout_root

from .conftest import ScenarioChain, drex

#: Where the browser test leaves its screenshot, for a person to look at.
SCREENSHOT = Path("/tmp/drex-audit-report.png")
CHROMIUM = Path("/usr/bin/chromium")
READER = Path(__file__).with_name("read_report.mjs")

#: The shape of ``drex audit verify --json`` (only what the report reads).
VERIFY = {
    "ok": False,
    "contracts": [
        {"name": "RealDigital", "status": "MATCH", "match": "exact", "reasons": []},
        {"name": "STR", "status": "MISMATCH", "match": None, "reasons": ["runtime: a different build"]},
    ],
}


def _read_in_browser(report: Path) -> dict[str, object]:
    node = shutil.which("node")
    assert node, "node is needed to drive Chromium (playwright-core)"
    assert CHROMIUM.exists(), "Debian's chromium is needed (scripts/bootstrap-system.sh installs it)"
    root = checkout_root()
    assert root is not None
    proc = subprocess.run(
        [node, str(READER), str(report), str(SCREENSHOT)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,  # node_modules/playwright-core
    )
    assert proc.returncode == 0, proc.stderr
    seen: dict[str, object] = json.loads(proc.stdout)
    return seen


def test_report_is_reproducible_self_contained_and_reads_well(
    scenario: ScenarioChain, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    verify = tmp_path / "verify.json"
    verify.write_text(json.dumps(VERIFY))
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    for out in (first, second):  # each run indexes the chain afresh into its own temporary index
        ran = drex(capsys, scenario, "report", "--out", str(out), "--verify-json", str(verify))
        assert ran.code == 0, ran.err
    html = first.read_text()
    assert first.read_bytes() == second.read_bytes()
    assert not re.search(r"https?:|\bsrc=|\bhref=|@import|url\(", html)  # nothing to fetch, from anywhere
    assert "<td>STR</td><td>MISMATCH</td><td></td><td>runtime: a different build</td>" in html
    assert "see verification" in html  # the summary says the code does not all match

    head = scenario.chain.w3.eth.get_block("latest")
    seen = _read_in_browser(first)
    assert seen["errors"] == []
    assert seen["requests"] == [first.as_uri()]
    assert seen["title"] == f"DREX audit — chain {scenario.chain.chain_id}, block {head['number']}"
    assert seen["chainId"] == str(scenario.chain.chain_id)
    assert seen["blockHash"] == head["hash"].to_0x_hex()
    supply = {row[0]: row for row in seen["supply"]}  # type: ignore[attr-defined]
    assert supply["Real Digital"][1:6] == ["R$ 2.015.000,00", "R$ 0,00", *["R$ 2.015.000,00"] * 3]
    assert supply["BRL@11111111"][-1] == "holds" and supply["BRL@11111111"][4].startswith("R$ ")
    highlights = {row[0].split(" ")[0]: row[1] for row in seen["highlights"]}  # type: ignore[attr-defined]
    assert "mint RealDigital MINTER_ROLE" in highlights["BCB"]
    assert "move RealTokenizado@11111111 MOVER_ROLE" in highlights["BANK_A"]
    assert "freeze RealDigital FREEZER_ROLE" in highlights["SwapTwoSteps"]
    charts = seen["charts"]
    assert len(charts) == 6  # type: ignore[arg-type]
    for chart in charts:  # type: ignore[attr-defined]
        assert chart["width"] > 100 and chart["height"] > 100 and chart["shapes"] > 2, chart
    assert SCREENSHOT.stat().st_size > 50_000


def test_report_of_a_broken_chain_says_so(
    scenario: ScenarioChain, restore: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from drex.sdk import Platform

    chain = scenario.chain
    bcb = Platform.from_manifest(chain, scenario.manifest, chain.account("BCB"))
    rd = bcb.contract("RealDigital")
    bcb.send(rd.functions.increaseFrozenBalance(scenario.manifest.accounts["CUSTOMER_B2"], 1))
    out = tmp_path / "broken.html"
    ran = drex(capsys, scenario, "report", "--out", str(out))
    assert ran.code == 1
    html = out.read_text()
    assert '<table id="supply-breaks">' in html and "frozen ≤ balance" in html
    assert "not verified in this report" in html


def test_given_accounts_are_inputs_of_the_report(scenario: ScenarioChain) -> None:
    """``--account`` changes what roles finds, so it changes the report's inputs digest."""
    from drex.audit.report import inputs_of

    from .conftest import open_scenario_audit

    with open_scenario_audit(scenario) as audit:
        plain = inputs_of(audit, "policy", None, None).sha256
        audit.given_accounts = {"BCB": scenario.manifest.accounts["STN"]}
        given = inputs_of(audit, "policy", None, None)
    assert given.accounts == {"BCB": scenario.manifest.accounts["STN"]} and given.sha256 != plain
