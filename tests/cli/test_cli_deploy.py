"""``drex deploy`` and ``drex status`` as a person meets them, on an anvil node each test starts.

The deployment refuses to overwrite another chain's or another deployment's manifest unless ``--force``;
a missing output folder is an error before any transaction; Ctrl-C says how far it got and that running
the same command resumes (exit 130); ``--json`` documents carry raw integers; people output has no raw
centavos, Unix times or ``BRL`` suffix.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dates import future_maturity
from drex.chain import connect
from drex.chain.accounts import dev_account
from drex.chain.anvil import AnvilNode, start_anvil
from drex.deploy import read_manifest
from drex.sdk.tpft_values import maturity_timestamp

#: A series that matures years from now, whatever day the suite runs.
MATURITY = future_maturity("LTN", years=3).isoformat()
SERIES = f"LTN:100000:{MATURITY}"

DREX = str(Path(sys.executable).with_name("drex"))


def drex(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("DREX_") or k in ("DREX_ROOT",)}
    return subprocess.run(
        [DREX, *args], capture_output=True, text=True, cwd=cwd, env={**full, **(env or {})}, timeout=600
    )


@pytest.fixture()
def node(built: None) -> Iterator[AnvilNode]:
    n = start_anvil()
    try:
        yield n
    finally:
        n.kill()


def nonces(url: str) -> dict[str, int]:
    w3 = connect(url).w3
    return {role: w3.eth.get_transaction_count(dev_account(role).address) for role in ("BCB", "STN")}


def test_missing_output_folder_fails_before_any_transaction(node: AnvilNode, tmp_path: Path) -> None:
    before = nonces(node.url)
    r = drex("deploy", "--network", node.url, "--out", str(tmp_path / "missing" / "deployment.json"))
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert "folder" in r.stderr and "does not exist" in r.stderr
    assert nonces(node.url) == before


def test_refuses_another_chains_manifest_unless_forced(node: AnvilNode, tmp_path: Path) -> None:
    out = tmp_path / "deployment.json"
    registry = {"address": "0x" + "ab" * 20, "tx": "0x1", "artifact": "AddressDiscovery"}
    steps = {"deploy:AddressDiscovery": "0x1"}
    other = {"chainId": 381660001, "network": "embedded", "block": 3, "steps": steps,
             "contracts": {"AddressDiscovery": registry}}  # fmt: skip
    out.write_text(json.dumps(other))
    before = nonces(node.url)
    r = drex("deploy", "--network", node.url, "--out", str(out))
    assert r.returncode == 1 and r.stderr.startswith("drex: error: refusing to overwrite")
    assert "AddressDiscovery" in r.stderr and "deployed on embedded" in r.stderr and "--force" in r.stderr
    assert json.loads(out.read_text()) == other and nonces(node.url) == before
    out.write_text(json.dumps({**other, "chainId": 1}))
    r = drex("deploy", "--network", node.url, "--out", str(out))
    assert r.returncode == 1 and "chain id 1" in r.stderr and nonces(node.url) == before

    r = drex("deploy", "--network", node.url, "--out", str(out), "--force", "--json")
    assert r.returncode == 0, r.stderr
    assert (
        "replacing" in r.stderr and json.loads((tmp_path / "deployment.json.bak").read_text())["chainId"] == 1
    )
    doc = json.loads(r.stdout)
    assert doc["chainId"] == 381660001 and doc["sent"] > 100 and doc["skipped"] == 0
    assert read_manifest(out).contracts["RealDigital"]["address"] == doc["contracts"]["RealDigital"]
    # the same deployment again: nothing to do, no --force needed
    again = drex("deploy", "--network", node.url, "--out", str(out))
    assert again.returncode == 0 and "nothing to do" in again.stdout


def test_ctrl_c_says_how_far_and_that_running_again_resumes(node: AnvilNode, tmp_path: Path) -> None:
    out = tmp_path / "deployment.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREX_") or k == "DREX_ROOT"}
    proc = subprocess.Popen(
        [DREX, "deploy", "--network", node.url, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if len(json.loads(out.read_text())["steps"]) >= 3:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, (stdout, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    expected = (
        r"drex: interrupted after (\d+) of (\d+) deployment steps; run the same command again to resume "
        r"\(no step is skipped or sent twice\)"
    )
    match = re.fullmatch(expected, lines[0])
    assert match, lines[0]
    assert 3 <= int(match[1]) < int(match[2])
    resumed = drex("deploy", "--network", node.url, "--out", str(out), "--json")
    assert resumed.returncode == 0, resumed.stderr
    doc = json.loads(resumed.stdout)
    assert doc["skipped"] >= int(match[1]) and doc["sent"] + doc["skipped"] == int(match[2])


def test_status_and_balances_in_people_units_and_json(node: AnvilNode, tmp_path: Path) -> None:
    (tmp_path / "drex.toml").write_text(f'[defaults]\nnetwork = "{node.url}"\n')
    verbose = drex("deploy", "--verbose", cwd=tmp_path)
    assert verbose.returncode == 0, verbose.stderr
    assert "connecting to" in verbose.stderr and re.search(
        r"\d+/\d+ deploy:RealDigital: tx 0x", verbose.stderr
    )
    people = drex("status", cwd=tmp_path)
    assert people.returncode == 0 and people.stderr == ""
    block_line = next(line for line in people.stdout.splitlines() if line.startswith("block"))
    assert re.fullmatch(r"block     \d+ at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-03:00", block_line), block_line
    doc = json.loads(drex("status", "--json", cwd=tmp_path).stdout)
    assert isinstance(doc["timestamp"], int) and all(c["code"] for c in doc["contracts"].values())

    assert drex("rd", "mint-request", "8501.23", "--as", "BANK_A", cwd=tmp_path).returncode == 0
    out = drex("rd", "balance", "BANK_A", cwd=tmp_path).stdout
    assert "R$ 8.501,23" in out and "850123" not in out and "BRL" not in out
    raw = json.loads(drex("rd", "balance", "BANK_A", "--json", cwd=tmp_path).stdout)
    assert raw == {"account": dev_account("BANK_A").address, "balance": 850123, "frozen": 0,
                   "available": 850123, "enabled": True}  # fmt: skip
    # the shape of the README: --bank before the command
    assert (
        drex("rt", "--bank", "11111111", "enable", "CUSTOMER_A1", "--as", "BANK_A", cwd=tmp_path).returncode
        == 0
    )
    minted = drex(
        "rt", "--bank", "11111111", "mint", "CUSTOMER_A1", "250", "--as", "BANK_A", "--json", cwd=tmp_path
    )
    assert minted.returncode == 0, minted.stderr
    assert json.loads(minted.stdout)["amount"] == 25000 and json.loads(minted.stdout)["tx"].startswith("0x")

    for args in (["tpft", "create", "LTN", "100000", MATURITY, "--as", "STN"],
                 ["tpft", "mint", SERIES, "1000", "--as", "STN"],
                 ["tpft", "approve-dvp", "--money", "100000", "--as", "BANK_A"],
                 ["rd", "mint-request", "10000", "--as", "BANK_A"]):  # fmt: skip
        assert drex(*args, cwd=tmp_path).returncode == 0
    offering = drex("tpft", "offering", SERIES, "10", "850.123", "--buyer", "BANK_A",
                    "--part", "sender", "--as", "BCB", cwd=tmp_path).stdout  # fmt: skip
    assert "R$ 850,12300000" in offering and "R$ 8.501,23" in offering and "LAN" not in offering
    pending = drex("tpft", "pending", "--as", "BANK_A", cwd=tmp_path).stdout
    assert f"10,00 {SERIES} at R$ 850,12300000 = R$ 8.501,23" in pending and "BRL" not in pending
    doc = json.loads(drex("tpft", "pending", "--as", "BANK_A", "--json", cwd=tmp_path).stdout)["pending"][0]
    assert (doc["quantity"], doc["unitPrice"], doc["financialValue"], doc["status"]) == (
        1000,
        85012300000,
        850123,
        "LAN",
    )
    series = json.loads(drex("tpft", "series", "--json", cwd=tmp_path).stdout)["series"][0]
    assert series["maturity"] == maturity_timestamp(dt.date.fromisoformat(MATURITY))
    assert series["supply"] == 100000
    # reverts in business units: money, bond quantities, roles
    short = drex("rd", "transfer", "BANK_B", "99999", "--as", "BANK_A", cwd=tmp_path).stderr
    assert "balance=R$ " in short and "needed=R$ 99.999,00" in short and "9999900" not in short
    bonds = drex("tpft", "burn", SERIES, "5000", "--as", "STN", cwd=tmp_path).stderr
    assert "needed=5.000,00" in bonds and "500000" not in bonds, bonds
    denied = drex("rt", "--bank", "BANK_A", "mint", "CUSTOMER_A1", "1", "--as", "BANK_B", cwd=tmp_path)
    assert (
        "AccessControlUnauthorizedAccount(account=BANK_B (0x90F7…b906), neededRole=MINTER_ROLE)"
        in denied.stderr
    )
