"""The Slither gate (scripts/slither.sh) fails on a new high/medium finding and passes once it is triaged.

The real gate runs Slither from .venv-slither on a temporary contracts folder holding one deliberately
vulnerable contract (a few seconds: one small file); the baseline logic is then checked on those real
results from the main venv.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
GATE = ROOT / "scripts" / "slither.sh"

VULNERABLE = """// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

contract Vault {
    function sweep(IERC20 token, address from, address to, uint256 amount) external {
        require(token.transferFrom(from, to, amount));
    }

    function pay(address payable to) external {
        to.transfer(address(this).balance);
    }
}
"""

BENCH_ONLY = """// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

contract BaselineDrain {
    function pay(address payable to) external {
        to.transfer(address(this).balance);
    }
}
"""


def _gate_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("slither_gate", ROOT / "scripts" / "slither_gate.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["slither_gate"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def gate() -> ModuleType:
    return _gate_module()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(GATE), *args], capture_output=True, text=True, timeout=300, cwd=ROOT)


@pytest.fixture(scope="module")
def vulnerable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / ".venv-slither" / "bin" / "python").exists():
        pytest.skip(".venv-slither missing: run scripts/bootstrap-slither.sh (make test does)")
    d = tmp_path_factory.mktemp("contracts")
    (d / "vault").mkdir()
    (d / "vault" / "Vault.sol").write_text(VULNERABLE)
    (d / "baseline").mkdir()  # excluded from the scope, as contracts/baseline is
    (d / "baseline" / "BaselineDrain.sol").write_text(BENCH_ONLY)
    return d


def test_gate_fails_on_new_finding_then_passes_once_triaged(vulnerable: Path, gate: ModuleType) -> None:
    baseline = vulnerable.parent / "baseline.json"
    raw = vulnerable.parent / "raw.json"

    failed = _run("--contracts", str(vulnerable), "--baseline", str(baseline), "--results", str(raw))
    assert failed.returncode == 1, failed.stdout + failed.stderr
    new = [ln for ln in failed.stdout.splitlines() if ln.startswith("NEW ")]
    assert any("arbitrary-send-eth Vault.pay" in ln for ln in new), failed.stdout
    assert any("arbitrary-send-erc20 Vault.sweep" in ln for ln in new), failed.stdout
    assert "BaselineDrain" not in failed.stdout  # contracts under baseline/ are out of scope
    assert "FAILED" in failed.stdout

    updated = _run("--contracts", str(vulnerable), "--baseline", str(baseline), "--update-baseline")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "identical earlier run" in updated.stdout  # same inputs: the first run's results, not a rerun
    assert "added (TODO: triage): High arbitrary-send-eth Vault.pay" in updated.stdout
    entries = json.loads(baseline.read_text())["findings"]
    assert {e["detector"] for e in entries} >= {"arbitrary-send-eth", "arbitrary-send-erc20"}
    assert all(e["justification"].startswith("TODO") for e in entries)

    # From here on the baseline logic on the real results (main venv, no second Slither run).
    findings = [gate.normalize(r) for r in json.loads(raw.read_text())]
    flagged = {(f["contract"], f["function"]) for f in gate.gated(findings)}
    assert flagged >= {("Vault", "pay"), ("Vault", "sweep")}
    new_, gone, untriaged = gate.compare(findings, entries)
    assert new_ == [] and gone == []
    assert len(untriaged) == len(entries)  # TODO entries still fail the gate

    for e in entries:
        e["justification"] = "accepted for the test"
    assert gate.compare(findings, entries) == ([], [], [])

    # Dropping one triaged entry makes that finding new again; a baseline entry not found is reported.
    new_, gone, _ = gate.compare(findings, entries[1:])
    assert [f["fingerprint"] for f in new_] == [entries[0]["fingerprint"]]
    fixed = [f for f in findings if f["fingerprint"] != entries[0]["fingerprint"]]
    new_, gone, _ = gate.compare(fixed, entries)
    assert new_ == [] and gone == [entries[0]]


def test_the_cache_key_covers_every_source_and_the_tool_versions(gate: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "A.sol").write_text("contract A {}\n")
    versions = {"slither-analyzer": "0.11.6", "crytic-compile": "0.4.2"}

    def key() -> str:
        return str(gate.cache_key(gate.standard_json_input(tmp_path), versions))

    first = key()
    assert key() == first
    (tmp_path / "a" / "A.sol").write_text("contract A {} // a comment is a different input\n")
    changed = key()
    assert changed != first
    (tmp_path / "a" / "B.sol").write_text("contract B {}\n")
    assert key() != changed
    versions["slither-analyzer"] = "0.11.7"
    assert key() not in {first, changed}


def test_fingerprint_ignores_line_numbers_not_code(gate: ModuleType) -> None:
    a = gate.fingerprint("x", "C.f() (c/C.sol#10-12) does y: a = b (c/C.sol#11)")
    assert a == gate.fingerprint("x", "C.f() (c/C.sol#20-22) does y:\n\ta = b (c/C.sol#21)")
    assert a != gate.fingerprint("x", "C.f() (c/C.sol#10-12) does y: a = c (c/C.sol#11)")


def test_committed_baseline_is_triaged(gate: ModuleType) -> None:
    entries = gate.load_baseline(gate.DEFAULT_BASELINE)
    assert entries, "security/slither-baseline.json is empty"
    for e in entries:
        assert e["impact"] in ("High", "Medium")
        assert e["detector"] and e["contract"] and e["fingerprint"]
        assert e["justification"] and not e["justification"].startswith("TODO"), e
