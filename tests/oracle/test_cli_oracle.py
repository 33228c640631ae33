"""``drex oracle run`` and ``drex oracle status`` as an operator meets them, on anvil (clock on Friday
3 January 2025): bad input is one line and a non-zero exit before anything is read or signed; three
reporter processes publish a round; a torn journal line is reported and the reporter goes on; SIGTERM lets
the current step finish and exits 0; the status shows every series as a table and as JSON."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drex.chain import Chain
from drex.chain.accounts import dev_account
from drex.chain.anvil import AnvilNode
from drex.deploy import Manifest
from drex.reference import SERIES
from oracle.reporting import (
    DREX,
    FRI,
    ORACLES,
    THU,
    Reporters,
    clean_env,
    deploy_oracles,
    drex,
    selic_rows,
    value,
    wait_until,
    write_csv,
)


@pytest.fixture(scope="module")
def deployment(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> tuple[Manifest, Path]:
    path = tmp_path_factory.mktemp("deploy") / "deployment.json"
    return deploy_oracles(chain, path), path


@pytest.fixture()
def rs(chain: Chain, deployment: tuple[Manifest, Path], tmp_path: Path) -> Iterator[Reporters]:
    r = Reporters(chain, deployment[0], tmp_path)
    yield r
    r.close()


def run_args(node: AnvilNode, manifest: Path, role: str, csv: Path, journal: Path, *more: str) -> list[str]:
    return [
        "oracle", "run", "--network", node.url, "--manifest", str(manifest), "--as", role,
        "--series", "SELIC", "--source", f"csv:{csv}", "--journal", str(journal), *more,
    ]  # fmt: skip


def sequential(node: AnvilNode, manifest: Path, role: str, csv: Path, journal: Path, *more: str) -> list[str]:
    """``run_args`` for reporters run one after the other: no waiting for the others (``--settle 0``)."""
    return run_args(node, manifest, role, csv, journal, "--settle", "0", *more)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--series", "SELIC,NOPE", "--source", "sgs"], "unknown reference-data series 'NOPE'; known: SELIC"),
        (["--series", "SELIC", "--source", "ftp"], "unknown source 'ftp': expected sgs, ptax or csv:FILE"),
        (["--series", "SELIC", "--source", "csv:"], "the csv source needs a file: csv:PATH"),
        (["--series", "SELIC", "--source", "ptax", "--sgs-url", "http://127.0.0.1:9"], "--sgs-url goes with"),
        (["--series", "", "--source", "sgs"], "--series needs at least one series name"),
        (["--series", "SELIC", "--source", "sgs", "--gap-wait", "-1"], "--gap-wait not negative"),
        (["--series", "SELIC", "--source", "sgs", "--gap-wait", "nan"], "all finite numbers of seconds"),
        (["--series", "SELIC", "--source", "sgs", "--interval", "inf"], "all finite numbers of seconds"),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(args: list[str], message: str, tmp_path: Path) -> None:
    r = drex("oracle", "run", *args, "--journal", str(tmp_path / "j.jsonl"), "--as", "ORACLE_1")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("drex: error: ") and message in r.stderr, (
        r.stderr
    )
    assert not (tmp_path / "j.jsonl").exists()


def test_a_missing_journal_or_share_folder_is_one_line(tmp_path: Path) -> None:
    csv = write_csv(tmp_path / "s.csv", selic_rows())
    base = ["oracle", "run", "--series", "SELIC", "--source", f"csv:{csv}", "--as", "ORACLE_1"]
    r = drex(*base, "--journal", str(tmp_path / "missing" / "j.jsonl"))
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert f"journal folder {tmp_path / 'missing'} does not exist" in r.stderr
    r = drex(*base, "--journal", str(tmp_path / "j.jsonl"), "--share", str(tmp_path / "nowhere"))
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "share folder" in r.stderr


def test_three_reporter_processes_publish_a_round(
    node: AnvilNode, deployment: tuple[Manifest, Path], rs: Reporters, tmp_path: Path
) -> None:
    _, manifest = deployment
    csv = write_csv(tmp_path / "s.csv", selic_rows())
    started = time.perf_counter()
    outputs = [
        drex(*sequential(node, manifest, role, csv, tmp_path / f"{role}.jsonl", "--once", "--max-back", "1"))
        for role in ORACLES[:3]
    ]
    print(f"3 reporter processes (drex oracle run --once), one round: {time.perf_counter() - started:.2f} s")
    assert [o.returncode for o in outputs] == [0, 0, 0], [o.stderr for o in outputs]
    assert outputs[0].stdout.splitlines() == [
        "SELIC 2025-01-03  signed: signed 0.045513 % a.d. (journaled)",
        "SELIC 2025-01-03  shared: vote 0.045513 % a.d. reported on chain",
        "SELIC 2025-01-03  waiting: the round is not complete yet: later dates wait for it",
    ]
    assert "SELIC 2025-01-03  published: 0.045513 % a.d. published (3 signers)" in outputs[2].stdout
    fri = rs.platform().reference_data.round_at("SELIC", FRI)
    assert fri is not None and fri.value == value("0.045513")
    # --json: one document per step
    doc = json.loads(
        drex(*sequential(node, manifest, "ORACLE_4", csv, tmp_path / "o4.jsonl", "--once", "--json")).stdout
    )
    assert doc["failed"] == {} and doc["events"] == []  # nothing left to report for the fourth


@pytest.mark.parametrize("share", ["chain", "folder"])
def test_four_reporter_processes_started_together_publish_a_backlog_in_one_step(
    share: str, node: AnvilNode, deployment: tuple[Manifest, Path], rs: Reporters, tmp_path: Path
) -> None:
    _, manifest = deployment
    csv = write_csv(tmp_path / "s.csv", selic_rows(fri="0.045600"))
    drop = tmp_path / "drop"
    drop.mkdir()
    where = "chain" if share == "chain" else str(drop)
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                DREX,
                *run_args(
                    node,
                    manifest,
                    role,
                    csv,
                    tmp_path / f"{role}.jsonl",
                    "--once",
                    "--max-back",
                    "2",
                    "--settle",
                    "60",
                    "--share",
                    where,
                    "--json",
                ),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(),
        )  # fmt: skip
        for role in ORACLES
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    seconds = time.perf_counter() - started
    print(f"4 reporter processes together, 2 rounds through the {share}: {seconds:.2f} s")
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    steps = [json.loads(out) for out, _ in outputs]
    assert all(step["failed"] == {} for step in steps)
    events = [e for step in steps for e in step["events"]]
    assert not [e for e in events if e["kind"] in ("waiting", "failed", "conflict")], events
    published = sorted(e["referenceDate"] for e in events if e["kind"] == "published")
    assert published == ["2025-01-02", "2025-01-03"]  # each round published once, in order
    data = rs.platform().reference_data
    thu, fri = data.round_at("SELIC", THU), data.round_at("SELIC", FRI)
    assert (
        thu is not None
        and fri is not None
        and (thu.value, fri.value) == (value("0.045513"), value("0.045600"))
    )
    assert fri.published_at >= thu.published_at


def test_a_torn_journal_line_is_reported_and_the_reporter_goes_on(
    node: AnvilNode, deployment: tuple[Manifest, Path], tmp_path: Path
) -> None:
    _, manifest = deployment
    csv = write_csv(tmp_path / "s.csv", selic_rows())
    journal = tmp_path / "j.jsonl"
    first = drex(*sequential(node, manifest, "ORACLE_1", csv, journal, "--once", "--max-back", "2"))
    assert first.returncode == 0, first.stderr
    whole = journal.read_bytes()
    journal.write_bytes(whole + whole[:50])  # a second write cut short by a crash
    again = drex(*sequential(node, manifest, "ORACLE_1", csv, journal, "--once", "--max-back", "2"))
    assert again.returncode == 0, again.stderr
    torn = [line for line in again.stderr.splitlines() if "torn last line 2" in line]
    assert len(torn) == 1 and f"kept in {journal}.torn" in torn[0]
    assert journal.read_bytes() == whole and "already-shared" in again.stdout


def test_a_refused_value_is_an_alarm_and_exit_1_with_once(
    node: AnvilNode, deployment: tuple[Manifest, Path], tmp_path: Path
) -> None:
    _, manifest = deployment
    csv = write_csv(tmp_path / "s.csv", selic_rows(fri="1.045513"))
    r = drex(*sequential(node, manifest, "ORACLE_1", csv, tmp_path / "j.jsonl", "--once", "--max-back", "1"))
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.splitlines() == [
        "SELIC 2025-01-03  refused: not signed: SELIC: 1.045513 % a.d. is outside 0 .. 1 % a.d."
    ]
    assert (tmp_path / "j.jsonl").read_text() == ""


def test_sigterm_finishes_the_step_and_exits_0(
    node: AnvilNode, deployment: tuple[Manifest, Path], tmp_path: Path
) -> None:
    _, manifest = deployment
    csv = write_csv(tmp_path / "s.csv", selic_rows())
    args = run_args(
        node, manifest, "ORACLE_1", csv, tmp_path / "j.jsonl", "--interval", "600", "--max-back", "2"
    )
    proc = subprocess.Popen(
        [DREX, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env()
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        first = wait_until(proc.stdout.readline, 120, "the first step's output")
        assert first.startswith("SELIC 2025-01-02  signed")
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        out, err = first + proc.stdout.read(), proc.stderr.read()  # readline may have buffered more lines
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert err == "" and out.splitlines() == [
        "SELIC 2025-01-02  signed: signed 0.045513 % a.d. (journaled)",
        "SELIC 2025-01-02  shared: vote 0.045513 % a.d. reported on chain",
        "SELIC 2025-01-02  waiting: the round is not complete yet: later dates wait for it",
    ]


def test_status_as_a_table_and_as_json(
    node: AnvilNode, deployment: tuple[Manifest, Path], rs: Reporters, tmp_path: Path
) -> None:
    _, manifest = deployment
    source = rs.csv("selic", selic_rows())
    for role in ORACLES[:3]:
        rs.make(role, source).step()  # Thursday published; Friday has one vote
    r = drex("oracle", "status", "--network", node.url, "--manifest", str(manifest))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("ReferenceData 0x") and "today 2025-01-03 (Brasília)" in lines[0]
    assert lines[1] == "reporters 4 (tolerating 1 faulty), quorum 3, amendments 4, configuration version 1"
    assert [line.strip().split(" ")[0] for line in lines[2:6]] == list(ORACLES)
    table = {line.split()[0]: line for line in lines[7:]}
    assert set(table) == {"series", *SERIES}
    selic = table["SELIC"].split()
    assert selic == ["SELIC", "2025-01-02", "0.045513", "%", "a.d.", "1", "business", "day", "3",
                     "2025-01-03", "1", "of", "3"]  # fmt: skip
    assert table["IPCA"].split()[:4] == ["IPCA", "none", "-", "-"]
    doc = json.loads(
        drex("oracle", "status", "--network", node.url, "--manifest", str(manifest), "--json").stdout
    )
    assert doc["today"] == "2025-01-03" and doc["reporters"]["quorum"] == 3
    assert doc["reporters"]["addresses"] == [dev_account(role).address for role in ORACLES]
    by_name = {s["series"]: s for s in doc["series"]}
    assert set(by_name) == set(SERIES)
    latest = by_name["SELIC"]["latest"]
    assert (
        latest["referenceDate"] == THU.isoformat()
        and latest["value"] == "0.045513"
        and latest["units"] == 45513
    )
    assert (
        latest["signers"] == 3
        and by_name["SELIC"]["age"] == 1
        and by_name["SELIC"]["nextDate"] == "2025-01-03"
    )
    pending = by_name["SELIC"]["pendingVotes"]
    assert [(v["reporter"], v["value"]) for v in pending] == [(dev_account("ORACLE_3").address, "0.045513")]
    assert by_name["IPCA"]["latest"] is None and by_name["IPCA"]["cadence"] == "monthly"
