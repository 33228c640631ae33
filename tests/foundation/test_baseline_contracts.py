"""contracts/baseline/: gas-comparison contracts for `drex bench`, marked benchmark-only, never deployed."""

from __future__ import annotations

import re
from pathlib import Path

from eth_utils import to_checksum_address

from drex.build import load_artifact
from drex.chain import Chain
from drex.deploy import Deployer
from drex.deploy.plan import Deploy, full_plan

BASELINE = Path(__file__).resolve().parents[2] / "contracts" / "baseline"
NAMES = sorted(
    name for p in BASELINE.glob("*.sol") for name in re.findall(r"^contract (\w+)", p.read_text(), re.M)
)


def test_every_baseline_contract_says_benchmark_only() -> None:
    files = sorted(BASELINE.glob("*.sol"))
    assert files and NAMES
    for p in files:
        text = p.read_text()
        assert "BENCHMARK ONLY, NEVER DEPLOY" in text, p
        assert "@custom:security Benchmark only, never deploy" in text, p
    for name in NAMES:
        assert name.startswith("Baseline"), name


def test_no_plan_step_deploys_a_baseline_contract() -> None:
    deploys = [s for s in full_plan() if isinstance(s, Deploy)]
    assert deploys
    for step in deploys:
        assert step.artifact not in NAMES and not step.artifact.startswith("Baseline"), step
        assert not step.name.startswith("Baseline"), step


def test_a_real_deployment_holds_no_baseline_contract(chain: Chain, tmp_path: Path) -> None:
    """Deploy the whole platform on the embedded chain: no manifest entry or step is a Baseline artifact,
    and no deployed code is a Baseline contract's runtime code without immutables (metadata hash aside)."""
    manifest = Deployer(chain, tmp_path / "deployment.json").run().manifest
    assert manifest.contracts
    baseline_code = {bytes.fromhex(load_artifact(n)["deployedBytecode"][2:])[:-53] for n in NAMES}
    for name, entry in manifest.contracts.items():
        assert entry["artifact"] not in NAMES and not name.startswith("Baseline"), (name, entry)
        code = bytes(chain.w3.eth.get_code(to_checksum_address(entry["address"])))
        assert code and code[:-53] not in baseline_code, name
    assert not any(step.split(":", 1)[-1].startswith("Baseline") for step in manifest.steps)
