"""``drex compliance`` as a user runs it: one-line errors and a non-zero exit on bad input, --json with raw
integers. (The full session on a local node, freeze and export included, is docs/compliance.md's
walkthrough, run by tests/docs.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from compliance.conftest import HERE

DREX = str(Path(sys.executable).with_name("drex"))


def drex(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREX_") or k == "DREX_ROOT"}
    return subprocess.run(
        [DREX, "compliance", *args, "--db", db], capture_output=True, text=True, env=env, timeout=300
    )


def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    bad = tmp_path / "bad.yaml"
    bad.write_text((HERE / "rules" / "single.yaml").read_text().replace("500.00", "5.001"))
    cases = [
        (
            ["rules", "load", str(bad)],
            "bad.yaml: parameters.threshold_reais: 5.001 reais (at most 2 decimals)",
        ),
        (["rules", "mode", "t-single", "ACTIVE"], "no rule t-single is loaded"),
        (
            ["run", "--prices", "prices.csv", "--prices-from-chain"],
            "pass either --prices FILE or --prices-from-chain, not both",
        ),
        (
            ["case", "decide", "7", "--decision", "maybe", "--reason", "x", "--officer", "ana"],
            "decision must be one of",
        ),
        (
            [
                "freeze",
                "request",
                "1",
                "--token",
                "Dollar",
                "--account",
                "0x" + "11" * 20,
                "--amount",
                "10",
                "--officer",
                "a",
                "--officer-key",
                "18",
                "--institution",
                str(HERE / "data" / "institution.yaml"),
            ],
            "token 'Dollar' must be RealDigital or RealTokenizado@<CNPJ8>",
        ),
        (
            [
                "freeze",
                "request",
                "1",
                "--token",
                "RealDigital",
                "--account",
                "0x" + "11" * 20,
                "--amount",
                "1,5",
                "--officer",
                "a",
                "--officer-key",
                "18",
                "--institution",
                str(HERE / "data" / "institution.yaml"),
            ],
            "is not valid: write digits with an optional decimal point",
        ),
        (
            [
                "export",
                "--from",
                "2026-13-01",
                "--to",
                "2026-01-02",
                "--institution",
                "i.yaml",
                "--customers",
                "c.csv",
                "--out",
                "x.xml",
            ],
            "--from '2026-13-01' is not a date: write YYYY-MM-DD",
        ),
    ]
    for args, message in cases:
        done = drex(*args, db=db)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert done.stderr.count("\n") == 1 and message in done.stderr, (args, done.stderr)


def test_rules_and_test_mode_with_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    loaded = json.loads(drex("rules", "load", str(HERE / "rules"), "--json", db=db).stdout)
    assert {r["id"] for r in loaded["rules"]} >= {"t-single", "t-screening"} and {
        r["state"] for r in loaded["rules"]
    } == {"new"}
    again = json.loads(drex("rules", "load", str(HERE / "rules" / "single.yaml"), "--json", db=db).stdout)
    assert again["rules"] == [{"id": "t-single", "version": 1, "state": "unchanged"}]
    listed = json.loads(drex("rules", "list", "--json", db=db).stdout)["rules"]
    assert all(r["mode"] == "TEST" and r["backtest"] is None and len(r["sha256"]) == 64 for r in listed)
    done = drex("lists", "load", str(HERE / "data" / "internal-list.csv"), "--format", "csv", "--json", db=db)
    assert json.loads(done.stdout) == {"list": "internal-list", "entries": 2, "freeze": False, "frozen": []}
    assert json.loads(drex("alerts", "--json", db=db).stdout) == {"alerts": []}


def test_a_freeze_list_loaded_without_token_says_nothing_was_frozen(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    done = drex("lists", "load", str(HERE / "data" / "un-consolidated-sample.xml"), "--format", "un", db=db)
    assert done.returncode == 0, done.stderr
    assert "fast path: NOTHING was frozen" in done.stdout and "armed" not in done.stdout
