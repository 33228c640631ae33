"""``drex bench`` end to end, tiny: it runs on its own chains, prints its results and writes the outputs.

The benchmark is a command, not a test; this only checks the command's plumbing with a few hundred
transfers (results.json's schema, results.md's tables, the PNG, every transfer verified exactly once).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.anvil

DREX = str(Path(sys.executable).with_name("drex"))
RUN_KEYS = {"n", "tps", "ceiling_tps", "share", "p50_ms", "p95_ms", "p99_ms", "peak_rss_mb"}


def test_drex_bench_writes_json_markdown_and_chart(tmp_path: Path) -> None:
    args = [
        "--n",
        "300",
        "--wallets",
        "12",
        "--embedded-n",
        "24",
        "--rounds",
        "1",
        "--privacy-proofs",
        "2",
        "--privacy-per-institution",
        "1",
        "--out",
        str(tmp_path),
        "--json",
    ]
    out = subprocess.run([DREX, "bench", *args], capture_output=True, text=True, timeout=480)
    assert out.returncode == 0, out.stderr
    results = json.loads((tmp_path / "results.json").read_text())
    gas = results["gas"]
    assert {"RealDigital.transfer", "RealDigital.transferFrom", "STR.requestToMint (mint request)"} <= set(
        gas
    )
    assert {"SwapOneStep.executeSwap", "SwapTwoSteps.startSwap", "SwapTwoSteps.executeSwap"} <= set(gas)
    assert any(op.startswith("TPFtOperation1052 settlement") for op in gas), results.get("gas_notes")
    for row in gas.values():
        assert set(row) == {"gas", "baseline", "baseline_gas", "ratio"}
        assert row["gas"] > 21_000 and row["baseline_gas"] > 21_000
        assert row["ratio"] == pytest.approx(row["gas"] / row["baseline_gas"], abs=1e-3)
    for run in ("throughput", "embedded"):
        assert set(results[run]) >= RUN_KEYS, run
        assert results[run]["verified"] is True
        assert results[run]["tps"] > 0 and results[run]["ceiling_tps"] > 0
    assert results["targets"]["exactly_once"]["met"] is True
    index = results["index"]  # the event index followed round 1's SDK run, then indexed the whole chain
    assert index["events"] >= 300 and index["events_per_s"] > 0 and index["transaction_bodies"] is True
    assert 0 <= index["lag_s"] < 60 and index["last_block"] > 0
    assert results["targets"]["index_lag_s"]["value"] == index["lag_s"]
    privacy = results["privacy"]
    assert privacy["constraints"] <= 45_000 and privacy["proof_p50_s"] > 0
    assert 0 < privacy["gas"]["transfer"] <= 1_000_000 and 0 < privacy["gas"]["dvp_settle"] <= 2_500_000
    assert privacy["throughput"]["transfers"] == 2 and privacy["throughput"]["tps"] > 0
    markdown = (tmp_path / "results.md").read_text()
    assert "gas of one private transfer" in markdown
    assert "| RealDigital.transfer |" in markdown and "share of the ceiling" in markdown
    assert json.loads(out.stdout) == results  # --json: the results document on stdout, phases on stderr
    assert "written: " in out.stderr
    assert (tmp_path / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_drex_bench_help_is_fast_and_lists_the_options() -> None:
    out = subprocess.run([DREX, "bench", "--help"], capture_output=True, text=True, timeout=60, check=True)
    for option in ("--n", "--embedded-n", "--rounds", "--block-time", "--quick", "--py-spy"):
        assert option in out.stdout
