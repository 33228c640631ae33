"""The drex command: fast help, and one clear line with a non-zero exit for every bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from eth_account import Account

from drex.chain.anvil import AnvilNode

DREX = str(Path(sys.executable).with_name("drex"))


def drex(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {**os.environ, **(env or {})}
    return subprocess.run([DREX, *args], capture_output=True, text=True, env=full_env, timeout=300)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("drex: error: ")
    assert "Traceback" not in result.stderr + result.stdout
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_help_is_fast() -> None:
    """`drex --help` costs well under a second of CPU (CPU, not wall time: CI runs tests in parallel)."""
    import resource

    drex("--help")  # warm the file cache
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = drex("--help")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert result.returncode == 0
    for command in ("build", "deploy", "demo", "node", "status", "rd", "chain"):
        assert command in result.stdout
    assert cpu < 0.6, f"drex --help used {cpu:.2f}s of CPU"


def test_drex_package_imports_without_web3_or_ape() -> None:
    code = "import sys, drex, drex.cli.main; print('web3' in sys.modules, 'ape' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_unknown_network() -> None:
    assert_one_line_error(drex("deploy", "--network", "mainnet-please"), "unknown network", "mainnet-please")


def test_unreachable_rpc() -> None:
    assert_one_line_error(drex("deploy", "--network", "http://127.0.0.1:9"), "cannot reach", "127.0.0.1:9")


def test_wrong_chain_id_for_manifest(tmp_path: Path, anvil_node: AnvilNode) -> None:
    manifest = tmp_path / "deployment.json"
    manifest.write_text(json.dumps({"chainId": 1, "block": 0, "contracts": {}, "steps": {}}))
    assert_one_line_error(
        drex("status", "--network", anvil_node.url, "--manifest", str(manifest)), "wrong chain", "381660001"
    )
    assert_one_line_error(
        drex("deploy", "--network", anvil_node.url, "--out", str(manifest)),
        "refusing to overwrite",
        "chain id 1",
        "--force",
    )


def test_missing_manifest(tmp_path: Path) -> None:
    assert_one_line_error(drex("status", "--manifest", str(tmp_path / "nope.json")), "manifest not found")


def test_missing_keystore(tmp_path: Path, anvil_node: AnvilNode) -> None:
    roles = tmp_path / "roles.json"
    roles.write_text(json.dumps({"BCB": {"keystore": "no-such-keystore.json"}}))
    assert_one_line_error(
        drex("deploy", "--network", anvil_node.url, "--roles", str(roles), "--out", str(tmp_path / "m.json")),
        "keystore not found",
    )


def test_wrong_keystore_password(tmp_path: Path, anvil_node: AnvilNode) -> None:
    keystore = tmp_path / "bcb.json"
    keystore.write_text(json.dumps(Account.encrypt(Account.create().key, "right password", iterations=2)))
    roles = tmp_path / "roles.json"
    roles.write_text(json.dumps({"BCB": {"keystore": "bcb.json"}}))
    result = drex(
        "deploy",
        "--network",
        anvil_node.url,
        "--roles",
        str(roles),
        "--out",
        str(tmp_path / "m.json"),
        env={"DREX_KEYSTORE_PASSWORD": "wrong password"},
    )
    assert_one_line_error(result, "wrong password", "bcb.json")
    assert not (tmp_path / "m.json").exists()  # nothing half-written


def test_plaintext_key_in_roles_is_refused(tmp_path: Path, anvil_node: AnvilNode) -> None:
    roles = tmp_path / "roles.json"
    roles.write_text(json.dumps({"BCB": {"private_key": "0x" + "11" * 32}}))
    assert_one_line_error(drex("deploy", "--network", anvil_node.url, "--roles", str(roles)), "plaintext key")


@pytest.mark.parametrize("args", [["node", "frobnicate"], ["deploy", "--bogus"]])
def test_usage_errors_exit_non_zero(args: list[str]) -> None:
    result = drex(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_build_reports_cache_hit() -> None:
    drex("build")
    result = drex("build")
    assert result.returncode == 0
    assert "cache hit, nothing compiled" in result.stdout
