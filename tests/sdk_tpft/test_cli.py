"""``drex tpft`` against a real anvil node started here, with the platform deployed on it.

Commands run in-process through :func:`drex.cli.main.run` (the console script's entry point, with its
one-line error handling), one as a real ``drex`` process to check that no traceback escapes. The chain is
snapshotted around every test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from dates import chain_today, future_maturity
from drex.chain import AnvilChain, connect_anvil
from drex.chain.accounts import dev_account
from drex.chain.anvil import AnvilNode, start_anvil
from drex.cli.main import run
from drex.deploy import deploy_platform
from drex.sdk import Platform
from drex.sdk.tpft import TPFtPlatform
from drex.sdk.tpft_values import brasilia_date, maturity_timestamp

pytestmark = pytest.mark.anvil

DREX = str(Path(sys.executable).with_name("drex"))


@dataclass
class Node:
    node: AnvilNode
    chain: AnvilChain
    manifest: Path
    maturity: str = ""

    @property
    def opts(self) -> list[str]:
        return ["--network", self.node.url, "--manifest", str(self.manifest)]


@dataclass
class Result:
    code: int
    out: str
    err: str


def _run(capsys: pytest.CaptureFixture[str], n: Node, *args: str) -> Result:
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        run([*args, *n.opts])
    captured = capsys.readouterr()
    code = info.value.code if isinstance(info.value.code, int) else 1
    return Result(code, captured.out, captured.err)


def ok(capsys: pytest.CaptureFixture[str], n: Node, *args: str) -> str:
    r = _run(capsys, n, *args)
    assert r.code == 0, r.err or r.out
    return r.out


def fails(capsys: pytest.CaptureFixture[str], n: Node, *args: str) -> str:
    r = _run(capsys, n, *args)
    assert r.code == 1, (r.code, r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drex: error: "), r.err
    assert "Traceback" not in r.err + r.out
    return lines[0]


def label(role: str) -> str:
    """How people see a dev role's address: ``BANK_A (0x3C44…93BC)``."""
    address = dev_account(role).address
    return f"{role} ({address[:6]}…{address[-4:]})"


def trade_a_to_b(quantity: str, price: str, part: str, *more: str) -> list[str]:
    """``drex tpft trade`` of series 1 from BANK_A to BANK_B, signed by BANK_A."""
    args = ["--seller", "BANK_A", "--buyer", "BANK_B", "--part", part, *more, "--as", "BANK_A"]
    return ["tpft", "trade", "1", quantity, price, *args]


def op_of(out: str) -> str:
    """The operation id printed by a command (``...: operation <id> <status>``)."""
    return out.split("operation ", 1)[1].split()[0]


@pytest.fixture(scope="module")
def _node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        path = tmp_path_factory.mktemp("tpft-cli") / "deployment.json"
        deploy_platform(chain, path)
        today = brasilia_date(chain.timestamp())
        n = Node(node, chain, path, dt.date(today.year + 1, 1, 1).isoformat())
        # The Treasury's series and the banks' money, through the SDK (the CLI is tested on top of it).
        platform = Platform.from_manifest(chain, path)
        stn = TPFtPlatform(platform.as_signer(chain.account("STN")))
        from drex.sdk.tpft_values import Series

        stn.tpft.create(Series.parse(f"LTN:100000:{n.maturity}"))
        stn.tpft.mint(stn.address, 1, "1000")
        for bank in ("BANK_A", "BANK_B"):
            tp = TPFtPlatform(platform.as_signer(chain.account(bank)))
            tp.platform.real_digital.request_mint("100000")
            tp.approve_dvp("100000")
        yield n
    finally:
        node.kill()


@pytest.fixture()
def node(_node: Node) -> Iterator[Node]:
    snap = _node.chain.snapshot()
    yield _node
    _node.chain.revert(snap)


def test_series_placement_and_balances(capsys: pytest.CaptureFixture[str], node: Node) -> None:
    maturity = future_maturity("NTN-B", years=4, today=chain_today(node.chain)).isoformat()
    ltn_maturity = future_maturity("LTN", years=4, today=chain_today(node.chain)).isoformat()
    out = ok(capsys, node, "tpft", "create", "NTN-B", "760199", maturity, "--as", "STN")
    assert f"created NTN-B:760199:{maturity}: TPFt id 2" in out
    today = brasilia_date(node.chain.timestamp())
    err = fails(capsys, node, "tpft", "create", "LTN", "100000", "2020-01-01", "--as", "STN")
    assert err == f"drex: error: maturity 2020-01-01 is in the past (chain date {today})"
    assert "not the Selic code of LTN (100000)" in fails(
        capsys, node, "tpft", "create", "LTN", "760199", ltn_maturity, "--as", "STN"
    )
    assert "not a Treasury title" in fails(
        capsys, node, "tpft", "create", "LTX", "100000", ltn_maturity, "--as", "STN"
    )
    ok(capsys, node, "tpft", "mint", f"NTN-B:760199:{maturity}", "10.5", "--as", "STN")
    ok(capsys, node, "tpft", "place", "1", "25.25", "BANK_A", "--as", "STN")
    series = ok(capsys, node, "tpft", "series")
    assert f"LTN:100000:{node.maturity}" in series and "supply 10,50" in series
    bal = ok(capsys, node, "tpft", "balance", "BANK_A")
    assert "enabled    yes" in bal and f"LTN:100000:{node.maturity}" in bal and "25,25" in bal
    one = ok(capsys, node, "tpft", "balance", "STN", "--series", f"NTN-B:760199:{maturity}")
    assert "10,50 (frozen 0,00)" in one
    assert "no bonds" in ok(capsys, node, "tpft", "balance", "CUSTOMER_A1")
    # Not (yet) BANK_A's customer here (no KeyDictionary record): BANK_A may not enable it; BCB may.
    assert "TPFtWalletNotOfParticipant" in fails(
        capsys, node, "tpft", "enable", "CUSTOMER_A1", "--as", "BANK_A"
    )
    ok(capsys, node, "tpft", "enable", "CUSTOMER_A1", "--as", "BCB")
    assert "enabled    yes" in ok(capsys, node, "tpft", "balance", "CUSTOMER_A1")
    out = ok(capsys, node, "tpft", "approve-dvp", "--as", "CUSTOMER_A1")
    assert "1 transaction(s)" in out and "SwapOneStepFrom" not in out
    # A bank's reserve wallet gives SwapOneStepFrom as much as TPFtDvP (the fixture gave 100000 of each).
    out = ok(capsys, node, "tpft", "approve-dvp", "--money", "5", "--as", "BANK_A")
    assert "2 transaction(s)" in out and "TPFtDvP may take R$ 100.005,00 of Real Digital" in out, out
    assert "SwapOneStepFrom may take R$ 100.005,00 of Real Digital (reserve wallet)" in out, out
    assert "OnlyMinterContract" in fails(capsys, node, "tpft", "mint", "1", "1", "--as", "BANK_A")
    assert "more than 2 decimal places" in fails(
        capsys, node, "tpft", "place", "1", "0.001", "BANK_A", "--as", "STN"
    )
    assert "bond quantity '1e3' is not valid: write digits with an optional decimal point" in fails(
        capsys, node, "tpft", "place", "1", "1e3", "BANK_A", "--as", "STN"
    )
    assert "bond quantity '1_000' is not valid" in fails(
        capsys, node, "tpft", "mint", "1", "1_000", "--as", "STN"
    )
    assert "operation id '1_0' is not valid: write digits only" in fails(capsys, node, "tpft", "show", "1_0")
    assert "ACRONYM:CODE" in fails(capsys, node, "tpft", "balance", "BANK_A", "--series", "LTN-1")
    assert "no TPFt series with id 7" in fails(capsys, node, "tpft", "mint", "7", "1", "--as", "STN")
    assert "--as ROLE" in fails(capsys, node, "tpft", "mint", "1", "1")


def test_trade_pending_match_and_cancel(capsys: pytest.CaptureFixture[str], node: Node) -> None:
    ok(capsys, node, "tpft", "place", "1", "100", "BANK_A", "--as", "STN")
    out = ok(capsys, node, *trade_a_to_b("10", "950.5", "sender"))
    op = op_of(out)
    assert "registered, awaiting the counterpart, R$ 9.505,00" in out and f"drex tpft match {op}" in out
    assert (
        "unit price '950,5' is not valid: write digits with an optional decimal point, e.g. 850.12345678"
        in (fails(capsys, node, *trade_a_to_b("10", "950,5", "sender")))
    )
    pending = ok(capsys, node, "tpft", "pending", "--as", "BANK_B")
    assert op in pending and "awaiting the receiver part" in pending
    assert "no pending operations" in ok(capsys, node, "tpft", "pending", "--as", "BANK_A")
    assert op in ok(capsys, node, "tpft", "pending", "--all")
    shown = ok(capsys, node, "tpft", "show", op)
    assert "registered, awaiting the counterpart" in shown and ": pending (" in shown
    assert "awaits" in fails(capsys, node, "tpft", "match", op, "--as", "BANK_A")
    out = ok(capsys, node, "tpft", "match", op, "--as", "BANK_B")
    assert "settled, R$ 9.505,00" in out
    assert "10,00" in ok(capsys, node, "tpft", "balance", "BANK_B", "--series", "1")
    assert "not pending" in fails(capsys, node, "tpft", "match", op, "--as", "BANK_B")
    # a command the contract refuses, then a cancellation only its initiator may send
    err = fails(capsys, node, *trade_a_to_b("1", "950.5", "receiver"))
    assert "reverted with UnauthorizedCaller(" in err
    op = op_of(ok(capsys, node, *trade_a_to_b("1", "950.5", "seller", "--by-wallet")))
    assert "OnlyInitiatorCanCancel" in fails(capsys, node, "tpft", "cancel", op, "--as", "BANK_B")
    assert "cancelled" in ok(capsys, node, "tpft", "cancel", op, "--reason", "typo", "--as", "BANK_A")
    assert ": cancelled (" in ok(capsys, node, "tpft", "show", op)
    nxt = ok(capsys, node, "tpft", "next-id", "--as", "BANK_A").strip()
    assert nxt.startswith("11111111") and int(nxt) > int(op)
    assert ok(capsys, node, "tpft", "next-id", "--range", "42").strip().startswith("42000001")
    assert "must be sender (seller) or receiver" in fails(
        capsys,
        node,
        "tpft",
        "trade",
        "1",
        "1",
        "1",
        "--seller",
        "BANK_A",
        "--buyer",
        "BANK_B",
        "--part",
        "x",
        "--as",
        "BANK_A",
    )


def test_offering_repo_and_return(capsys: pytest.CaptureFixture[str], node: Node) -> None:
    op = op_of(
        ok(
            capsys,
            node,
            "tpft",
            "offering",
            "1",
            "5",
            "950",
            "--buyer",
            "BANK_A",
            "--part",
            "receiver",
            "--as",
            "BANK_A",
        )
    )
    assert op in ok(capsys, node, "tpft", "pending", "--as", "BCB")
    assert "settled" in ok(capsys, node, "tpft", "match", op, "--as", "BCB")
    assert "5,00" in ok(capsys, node, "tpft", "balance", "BANK_A", "--series", "1")
    today = brasilia_date(node.chain.timestamp())
    back = today + dt.timedelta(days=1)
    out = ok(
        capsys,
        node,
        "tpft",
        "repo",
        "1",
        "5",
        "950",
        "--seller",
        "BANK_A",
        "--buyer",
        "BANK_B",
        "--part",
        "sender",
        "--return-price",
        "950.5",
        "--return-date",
        back.isoformat(),
        "--as",
        "BANK_A",
    )
    repo = op_of(out)
    assert "settled" in ok(capsys, node, "tpft", "match", repo, "--as", "BANK_B")
    assert "choose one" in fails(
        capsys,
        node,
        "tpft",
        "repo",
        "1",
        "5",
        "950",
        "--seller",
        "BANK_A",
        "--buyer",
        "BANK_B",
        "--part",
        "sender",
        "--intraday",
        "--open",
        "--as",
        "BANK_A",
    )
    assert "NotReturnDate" in fails(capsys, node, "tpft", "return", repo, "--as", "BANK_B")
    node.chain.increase_time(maturity_timestamp(back) + 12 * 3600 - node.chain.timestamp())
    ret = op_of(ok(capsys, node, "tpft", "return", repo, "--as", "BANK_B"))
    out = ok(capsys, node, "tpft", "match", ret, "--as", "BANK_A")
    assert "settled, R$ 4.752,50" in out
    assert "5,00" in ok(capsys, node, "tpft", "balance", "BANK_A", "--series", "1")


def test_repayment_and_reserve(capsys: pytest.CaptureFixture[str], node: Node) -> None:
    ok(capsys, node, "tpft", "place", "1", "2", "BANK_B", "--as", "STN")
    node.chain.increase_time(
        maturity_timestamp(dt.date.fromisoformat(node.maturity)) - node.chain.timestamp()
    )
    ok(capsys, node, "rd", "mint-request", "1000000", "--as", "STN")  # the Treasury funds its repayments
    assert "participant" in ok(capsys, node, "tpft", "repay", "STN", "1", "1000", "--as", "BCB")
    ok(capsys, node, "rd", "disable", "--as", "BANK_B")
    repaid = ok(capsys, node, "tpft", "repay", "BANK_B", "1", "1000", "--as", "BCB")
    assert (
        "R$ 2.000,00 via repayment-reserve" in repaid and "reason: participant wallet not enabled" in repaid
    )
    assert "R$ 2.000,00" in ok(capsys, node, "tpft", "reserve-balance", "BANK_B", "1")
    assert "AccessControlUnauthorizedAccount" in fails(
        capsys, node, "tpft", "withdraw", "1", "--from", "BANK_B", "--to", "BANK_A", "--as", "BANK_A"
    )
    assert "--from and --to go together" in fails(
        capsys, node, "tpft", "withdraw", "1", "--from", "BANK_B", "--as", "BCB"
    )
    out = ok(capsys, node, "tpft", "withdraw", "1", "--from", "BANK_B", "--to", "BANK_A", "--as", "BCB")
    assert f"withdrew R$ 2.000,00 of {label('BANK_B')} to {label('BANK_A')}" in out
    assert "R$ 0,00" in ok(capsys, node, "tpft", "reserve-balance", "BANK_B", "1")
    assert "NothingToWithdraw" in fails(capsys, node, "tpft", "withdraw", "1", "--as", "BANK_B")
    assert "AlreadyRepaid" in fails(capsys, node, "tpft", "repay", "BANK_B", "1", "1000", "--as", "BCB")
    repayment_id = repaid.split("(operation ", 1)[1].split(")")[0]
    assert "TPFtOperation1012, a repayment" in ok(capsys, node, "tpft", "show", repayment_id)


def test_errors_are_one_line_in_a_real_process(node: Node) -> None:
    env = {**os.environ, "DREX_KEYSTORE_PASSWORD": ""}
    proc = subprocess.run(
        [DREX, "tpft", "create", "LTN", "100000", node.maturity, "--as", "STN", *node.opts],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines == ["drex: error: reverted with TPFtAlreadyExists(1)"], proc.stderr
    assert Decimal("1000") == TPFtPlatform(
        Platform.from_manifest(node.chain, node.manifest)
    ).tpft.total_supply(1)


def test_history_in_three_formats(capsys: pytest.CaptureFixture[str], node: Node) -> None:
    start = str(node.chain.w3.eth.block_number + 1)
    ok(capsys, node, "rd", "transfer", "BANK_B", "1234.5", "--as", "BANK_A")
    ok(capsys, node, "tpft", "place", "1", "25.25", "BANK_A", "--as", "STN")
    ok(capsys, node, "rd", "transfer", "BANK_A", "0.01", "--as", "BANK_B")
    series = f"LTN:100000:{node.maturity}"
    rows = json.loads(ok(capsys, node, "history", "BANK_A", "--from-block", start, "--format", "json"))
    assert [(r["kind"], r["direction"], r["counterparty_name"], r["units"], r["asset"]) for r in rows] == [
        ("transfer", "out", "BANK_B", 123450, "BRL"),
        ("bond placement", "in", "STN", 2525, series),
        ("transfer", "in", "BANK_B", 1, "BRL"),
    ]
    assert [r["unit"] for r in rows] == ["centavos", "quantity hundredths", "centavos"]
    assert all(isinstance(r["timestamp"], int) and r["block"] >= int(start) for r in rows)
    assert rows[0]["counterparty"] == dev_account("BANK_B").address and len(rows[0]["tx_hash"]) == 66
    assert [r["block"] for r in rows] == sorted(r["block"] for r in rows)
    table = ok(capsys, node, "history", "bank_a", "--from-block", start).splitlines()
    assert table[0].startswith("movements of BANK_A (0x") and table[1].split()[:3] == [
        "time",
        "(Brasília)",
        "block",
    ]
    assert "R$ 1.234,50" in table[2] and "BANK_B (0x" in table[2] and "-03:00" in table[2]
    assert (
        "25,25" in table[3] and series in table[3] and "bond placement" in table[3] and "STN (0x" in table[3]
    )
    assert "R$ 0,01" in table[4] and len(table) == 5
    out = ok(capsys, node, "history", dev_account("BANK_A").address, "--from-block", start, "--format", "csv")
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [(r["kind"], r["units"], r["counterparty_name"]) for r in parsed] == [
        ("transfer", "123450", "BANK_B"),
        ("bond placement", "2525", "STN"),
        ("transfer", "1", "BANK_B"),
    ]
    last = str(rows[0]["block"])
    one = json.loads(
        ok(capsys, node, "history", "BANK_A", "--from-block", start, "--to-block", last, "-f", "json")
    )
    assert one == rows[:1]
    assert "no movements of CUSTOMER_B1" in ok(capsys, node, "history", "CUSTOMER_B1", "--from-block", start)
    assert "block '1_0' is not valid" in fails(capsys, node, "history", "BANK_A", "--from-block", "1_0")
